package org.laminar.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.laminar.io.InputException;

/**
 * Reads YAML and JSON files into records with Jackson and turns every failure into one
 * {@link InputException} line: the file, the line and column, the field path and, for a
 * misspelt field, the closest known name.
 *
 * <p>The mappers fail on unknown properties and on nulls for primitives; missing fields are
 * caught by {@code @JsonProperty(required = true)} on the records (or, for Laminar's own format,
 * by {@link DeserializationFeature#FAIL_ON_MISSING_CREATOR_PROPERTIES}). Duplicate keys are
 * accepted with the last one winning, as PyYAML (and so ZigZag) does.
 */
public final class YamlFiles {
  private static final String MISSING = "Missing required creator property '";
  private static final ObjectMapper YAML = configure(YAMLMapper.builder().build());
  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

  private YamlFiles() {
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** The mapper for {@code file}: JSON for {@code .json}, YAML otherwise. */
  public static ObjectMapper mapperFor(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
  }

  /** The YAML mapper with Laminar's settings. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /** The JSON mapper with Laminar's settings. */
  public static ObjectMapper json() {
    return JSON;
  }

  /** Reads {@code file} as a tree (to look at its shape before binding it). */
  public static JsonNode tree(Path file) {
    try (InputStream in = open(file)) {
      JsonNode node = mapperFor(file).readTree(in);
      if (node == null || node.isMissingNode()) {
        throw InputException.in(file, "the file is empty");
      }
      return node;
    } catch (IOException e) {
      throw describe(file, e);
    }
  }

  /** Reads {@code file} into {@code type} with {@code mapper}. */
  public static <T> T read(Path file, ObjectMapper mapper, Class<T> type) {
    try (InputStream in = open(file)) {
      T value = mapper.readValue(in, type);
      if (value == null) {
        throw InputException.in(file, "the file is empty");
      }
      return value;
    } catch (IOException e) {
      throw describe(file, e);
    }
  }

  /** Binds an already parsed subtree of {@code file} (a value whose shape varies by generation). */
  public static <T> T convert(Path file, JsonNode node, Class<T> type, String where) {
    try {
      return YAML.treeToValue(node, type);
    } catch (IOException e) {
      throw InputException.in(file, where + ": " + problem(e), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw InputException.in(file, "no such file", e);
    }
  }

  /** One line for a Jackson failure: location, field path, problem. */
  static InputException describe(Path file, IOException e) {
    if (!(e instanceof JacksonException json)) {
      return InputException.in(file, "cannot read: " + e.getMessage(), e);
    }
    StringBuilder where = new StringBuilder();
    JsonLocation location = json.getLocation();
    if (location != null && location.getLineNr() > 0) {
      where.append("line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr())
          .append(": ");
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String path = path(mapping);
      if (mapping.getOriginalMessage() != null && mapping.getOriginalMessage().startsWith(MISSING)) {
        // Jackson's path ends at the missing field; the user wants the object that lacks it.
        path = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
      }
      if (!path.isEmpty()) {
        where.append("at ").append(path).append(": ");
      }
    }
    return InputException.in(file, where + problem(e), e);
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
      return closest(unknown.getPropertyName(), unknown.getKnownPropertyIds())
          .map(c -> message + " (did you mean '" + c + "'?)")
          .orElse(message + "; known fields: " + unknown.getKnownPropertyIds().stream().map(Object::toString)
              .sorted().collect(Collectors.joining(", ")));
    }
    if (e instanceof MismatchedInputException missing && missing.getOriginalMessage().startsWith(MISSING)) {
      String field = missing.getOriginalMessage().substring(MISSING.length()).replaceFirst("' .*", "");
      return "missing field '" + field + "'";
    }
    String message = e instanceof JacksonException json ? json.getOriginalMessage() : e.getMessage();
    // Jackson appends hints about its own configuration; a user needs only the first sentence.
    int hint = message.indexOf(" (through reference chain");
    message = hint >= 0 ? message.substring(0, hint) : message;
    int feature = message.indexOf("; enable `");
    message = feature >= 0 ? message.substring(0, feature) : message;
    return message.lines().findFirst().orElse(message).trim();
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
