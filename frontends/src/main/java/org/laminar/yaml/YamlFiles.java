package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.laminar.io.InputException;
import org.laminar.io.InputWarnings;

/**
 * Reads YAML and JSON files into records with Jackson and turns every failure into one
 * {@link InputException} line: the file, the line and column, the field path and, for a
 * misspelt field, the closest known name.
 *
 * <p>The mappers fail on unknown properties and on nulls for primitives; missing fields are
 * caught by {@code @JsonProperty(required = true)} on the records (or, for Laminar's own format,
 * by {@link DeserializationFeature#FAIL_ON_MISSING_CREATOR_PROPERTIES}). In Laminar's own format
 * a duplicate key is an error; ZigZag's and Stream's files keep PyYAML's rule, the last one wins,
 * with a warning, because their published files rely on it (ZigZag's {@code tpu_like.yaml} gives
 * {@code ports} twice). A fraction where an integer is expected is an error in every format ({@code K: 16.5} is not read as 16). Type errors name the expected kind of
 * value ("an integer", "a list"), never a Java type.
 */
public final class YamlFiles {
  /** How Jackson words a missing record field, with and without {@code FAIL_ON_MISSING_CREATOR_PROPERTIES}. */
  private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']*)'.*",
      Pattern.DOTALL);
  /** How Jackson words an integer too large for its field. */
  private static final Pattern OUT_OF_RANGE = Pattern.compile("Numeric value \\(([^)]*)\\) out of range");
  /** How Jackson words a key given twice. */
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']*)'");
  /**
   * The value a map field marked {@code @JacksonInject(ABSENT)} takes when the file leaves it out:
   * this very instance, told apart from a map given in the file (even an empty one) by identity.
   */
  static final String ABSENT = "laminar.absent";

  /** See {@link #ABSENT}. Declared before the mappers, which inject it. */
  static final Map<?, ?> ABSENT_MAP = Collections.unmodifiableMap(new HashMap<>());

  private static final ObjectMapper YAML = configure(YAMLMapper.builder().build());
  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
  private static final ObjectMapper LAMINAR_YAML = strict(YAMLMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build());
  private static final ObjectMapper LAMINAR_JSON = strict(JsonMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build());

  private YamlFiles() {
  }

  /** Something to read: a file or a bundled resource, and the label its error messages start with. */
  public interface Source {
    /** The file path or resource name messages start with. */
    String label();

    /** Whether the content is JSON (else YAML). */
    boolean json();

    /** Opens the content. */
    InputStream open() throws IOException;
  }

  /** {@code file} as a source; {@code .json} files are JSON. */
  public static Source file(Path file) {
    return new Source() {
      @Override
      public String label() {
        return file.toString();
      }

      @Override
      public boolean json() {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
      }

      @Override
      public InputStream open() throws IOException {
        try {
          return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
          throw new InputException(file + ": no such file", e);
        }
      }
    };
  }

  /** A YAML resource on the class path, labelled {@code label} in messages. */
  public static Source resource(String label, String resource) {
    return new Source() {
      @Override
      public String label() {
        return label;
      }

      @Override
      public boolean json() {
        return false;
      }

      @Override
      public InputStream open() throws IOException {
        InputStream in = YamlFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
          throw new InputException(label + ": resource " + resource + " is missing from the build");
        }
        return in;
      }
    };
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * The value a field of Laminar's format marked {@code @JacksonInject(NONE)} takes when the file
   * leaves it out: an empty list. Such fields were added to the format later, so older files stay
   * valid; a field given in the file wins.
   */
  static final String NONE = "laminar.none";

  /**
   * Laminar's own format: every field is required (but those marked {@code @JacksonInject(NONE)}),
   * none may be null, no key may be given twice.
   */
  private static ObjectMapper strict(ObjectMapper mapper) {
    return configure(mapper)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
        .setInjectableValues(new InjectableValues.Std().addValue(NONE, List.of()).addValue(ABSENT, ABSENT_MAP));
  }

  /** The mapper for {@code file}: JSON for {@code .json}, YAML otherwise. */
  public static ObjectMapper mapperFor(Path file) {
    return file(file).json() ? JSON : YAML;
  }

  /** The YAML mapper with Laminar's settings. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /** The strict mapper for Laminar's own format in {@code source}'s syntax. */
  static ObjectMapper laminar(Source source) {
    return source.json() ? LAMINAR_JSON : LAMINAR_YAML;
  }

  /** The strict mapper for Laminar's own format, for writing ({@code json} or YAML). */
  static ObjectMapper laminar(boolean json) {
    return json ? LAMINAR_JSON : LAMINAR_YAML;
  }

  /** Reads {@code source} as a tree (to look at its shape before binding it). */
  public static JsonNode tree(Source source) {
    try (InputStream in = source.open()) {
      JsonNode node = (source.json() ? JSON : YAML).readTree(in);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new InputException(source.label() + ": the file is empty");
      }
      return node;
    } catch (IOException e) {
      throw describe(source.label(), e);
    }
  }

  /**
   * {@code file} as a tree with its YAML aliases ({@code *name}) replaced by the nodes their
   * anchors ({@code &name}) mark, as PyYAML (ZigZag's and Stream's reader) resolves them; empty
   * when the file has no alias, so that binding it directly keeps the lines in messages. Jackson's
   * own YAML binding reads an alias as the text of its name.
   */
  static Optional<JsonNode> withAliasesResolved(Path file) {
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
      Map<String, JsonNode> anchors = new HashMap<>();
      boolean[] aliased = {false};
      parser.nextToken();
      JsonNode tree = resolved(parser, anchors, aliased);
      return aliased[0] ? Optional.of(tree) : Optional.empty();
    } catch (IOException e) {
      throw describe(file.toString(), e);
    }
  }

  private static JsonNode resolved(YAMLParser parser, Map<String, JsonNode> anchors, boolean[] aliased)
      throws IOException {
    if (parser.isCurrentAlias()) {
      aliased[0] = true;
      JsonNode target = anchors.get(parser.getText());
      if (target == null) {
        throw new InputException(parser.getText() + ": alias of no anchor before it, at line "
            + parser.currentLocation().getLineNr());
      }
      return target;
    }
    String anchor = parser.getObjectId();
    JsonNode node;
    if (parser.currentToken() == JsonToken.START_OBJECT) {
      var object = YAML.createObjectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        object.set(field, resolved(parser, anchors, aliased));
      }
      node = object;
    } else if (parser.currentToken() == JsonToken.START_ARRAY) {
      var array = YAML.createArrayNode();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        array.add(resolved(parser, anchors, aliased));
      }
      node = array;
    } else {
      node = YAML.readTree(parser);
    }
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  /** Reads {@code file} into {@code type} with {@code mapper}. */
  public static <T> T read(Path file, ObjectMapper mapper, Class<T> type) {
    return read(file(file), mapper, type);
  }

  /**
   * Reads {@code source} into {@code type} with {@code mapper}. With a lenient mapper (ZigZag's and
   * Stream's formats) a key given twice is warned about: the last one is used.
   */
  public static <T> T read(Source source, ObjectMapper mapper, Class<T> type) {
    try (InputStream in = source.open()) {
      T value = mapper.readValue(in, type);
      if (value == null) {
        throw new InputException(source.label() + ": the file is empty");
      }
      if (mapper == YAML || mapper == JSON) {
        warnDuplicateKeys(source);
      }
      return value;
    } catch (MismatchedInputException e) {
      throw missingField(e).flatMap(field -> misspelt(source, e, field))
          .map(typo -> new InputException(describe(source.label(), e).getMessage() + " (did you mean it instead of '"
              + typo + "'?)", e))
          .orElseGet(() -> describe(source.label(), e));
    } catch (IOException e) {
      throw describe(source.label(), e);
    }
  }

  /**
   * A warning for every key given twice in one mapping of {@code source} (read already, so it
   * parses): PyYAML, which ZigZag and Stream read their files with, keeps the last value, and so
   * does Laminar in their formats.
   */
  public static void warnDuplicateKeys(Source source) {
    try (InputStream in = source.open(); JsonParser parser = (source.json() ? JSON : YAML).createParser(in)) {
      Deque<Set<String>> keys = new ArrayDeque<>();
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.START_OBJECT) {
          keys.push(new HashSet<>());
        } else if (token == JsonToken.END_OBJECT) {
          keys.pop();
        } else if (token == JsonToken.FIELD_NAME && !keys.peek().add(parser.currentName())) {
          String at = parser.getParsingContext().getParent().pathAsPointer().toString();
          InputWarnings.warn(source.label() + ": line " + parser.currentLocation().getLineNr() + ": key '"
              + parser.currentName() + "' given twice" + (at.isEmpty() ? "" : " in " + at)
              + "; the last one is used, as in ZigZag and Stream");
        }
      }
    } catch (IOException e) {
      throw describe(source.label(), e);
    }
  }

  private static Optional<String> missingField(JsonMappingException e) {
    Matcher m = MISSING.matcher(String.valueOf(e.getOriginalMessage()));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * For a missing field: a key of the same object that is a near miss of its name. Jackson
   * reports the missing field before the unknown one, so the typo is found here.
   */
  private static Optional<String> misspelt(Source source, JsonMappingException e, String field) {
    JsonNode node = tree(source);
    List<JsonMappingException.Reference> path = e.getPath();
    for (JsonMappingException.Reference ref : path.subList(0, Math.max(0, path.size() - 1))) {
      node = ref.getFieldName() != null ? node.path(ref.getFieldName()) : node.path(ref.getIndex());
    }
    List<Object> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return closest(field, keys).filter(k -> !k.equals(field));
  }

  /** Binds an already parsed subtree of {@code file} (a value whose shape varies by generation). */
  public static <T> T convert(Path file, JsonNode node, Class<T> type, String where) {
    try {
      return YAML.treeToValue(node, type);
    } catch (IOException e) {
      throw InputException.in(file, where + ": " + problem(e), e);
    }
  }

  /** One line for a Jackson failure: location, field path, problem. */
  static InputException describe(String label, IOException e) {
    if (!(e instanceof JacksonException json)) {
      return new InputException(label + ": cannot read: " + e.getMessage(), e);
    }
    StringBuilder where = new StringBuilder();
    JsonLocation location = json.getLocation();
    if (location != null && location.getLineNr() > 0) {
      where.append("line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr())
          .append(": ");
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String path = path(mapping);
      if (missingField(mapping).isPresent()) {
        // Jackson's path ends at the missing field; the user wants the object that lacks it.
        path = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
      }
      if (!path.isEmpty()) {
        where.append("at ").append(path).append(": ");
      }
    }
    return new InputException(label + ": " + where + problem(e), e);
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String problem(IOException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String message = "unknown field '" + unknown.getPropertyName() + "'";
      // Fields a schema defines and the reader accepts without use are known too.
      List<Object> known = new ArrayList<>(unknown.getKnownPropertyIds());
      Class<?> target = unknown.getReferringClass();
      JsonIgnoreProperties ignored = target == null ? null : target.getAnnotation(JsonIgnoreProperties.class);
      if (ignored != null) {
        known.addAll(List.of(ignored.value()));
      }
      return closest(unknown.getPropertyName(), known)
          .map(c -> message + " (did you mean '" + c + "'?)")
          .orElse(message + "; known fields: " + known.stream().map(Object::toString)
              .sorted().distinct().collect(Collectors.joining(", ")));
    }
    if (e instanceof MismatchedInputException missing && missingField(missing).isPresent()) {
      return "missing field '" + missingField(missing).get() + "'";
    }
    Matcher range = OUT_OF_RANGE.matcher(String.valueOf(e instanceof JacksonException j ? j.getOriginalMessage()
        : e.getMessage()));
    if (range.find()) {
      boolean isLong = e instanceof InputCoercionException c && c.getTargetType() == Long.TYPE;
      return "the number " + range.group(1) + " is too large for an integer (at most "
          + (isLong ? Long.MAX_VALUE : Integer.MAX_VALUE) + ")";
    }
    Matcher duplicate = DUPLICATE.matcher(String.valueOf(e instanceof JacksonException j ? j.getOriginalMessage()
        : e.getMessage()));
    if (duplicate.find()) {
      return "duplicate key '" + duplicate.group(1) + "' (each key may appear once)";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String got = e instanceof InvalidFormatException invalid ? " " + describeValue(invalid.getValue()) : "";
      return "expected " + kind(mismatch.getTargetType()) + (got.isEmpty() ? "" : ", got" + got);
    }
    String message = e instanceof JacksonException json ? json.getOriginalMessage() : e.getMessage();
    // Jackson appends hints about its own configuration; a user needs only the first sentence.
    int hint = message.indexOf(" (through reference chain");
    message = hint >= 0 ? message.substring(0, hint) : message;
    int feature = message.indexOf("; enable `");
    message = feature >= 0 ? message.substring(0, feature) : message;
    // Jackson's own source locations ("[Source: REDACTED ...]"); the line and column are given.
    message = message.replaceAll(" \\(start marker at \\[Source: .*?\\]\\)", "");
    // A YAML syntax error names its context and its problem on unindented lines, each followed
    // by an indented excerpt; the location is already given.
    List<String> statements = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .toList();
    if (statements.size() >= 2) {
      return statements.get(statements.size() - 1).trim() + " (" + statements.get(0).trim() + ")";
    }
    return statements.isEmpty() ? message.trim() : statements.get(0).trim();
  }

  /** The kind of value a field of Java type {@code type} takes, in a user's words. */
  private static String kind(Class<?> type) {
    if (type == Integer.class || type == Integer.TYPE || type == Long.class || type == Long.TYPE
        || type == Short.class || type == Short.TYPE) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == Double.TYPE || type == Float.TYPE) {
      return "a number";
    }
    if (type == Boolean.class || type == Boolean.TYPE) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
          .collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "a map of fields";
  }

  private static String describeValue(Object value) {
    return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
  }

  /** The known name within edit distance 3 of {@code name}, if any. */
  static Optional<String> closest(String name, Collection<Object> known) {
    return known.stream().map(Object::toString)
        .filter(k -> distance(name, k) <= Math.max(1, Math.min(3, name.length() / 2)))
        .min(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k));
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
