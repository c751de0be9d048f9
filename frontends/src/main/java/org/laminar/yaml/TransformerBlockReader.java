package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.laminar.io.InputException;
import org.laminar.workload.TransformerBlock;
import org.laminar.workload.Workload;

/**
 * Reads a transformer block described by its sizes, in Laminar's format
 * ({@code format: laminar/1} with a {@code transformer} map instead of {@code layers}; see
 * docs/FORMATS.md), and expands it into layers ({@link TransformerBlock#workload()}).
 */
public final class TransformerBlockReader {

  private TransformerBlockReader() {
  }

  record BlockFile(
      @JsonProperty(value = "format", required = true) String format,
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "transformer", required = true) Sizes transformer) {
  }

  record Sizes(
      @JsonProperty(value = "sequence", required = true) int sequence,
      @JsonProperty(value = "hidden", required = true) int hidden,
      @JsonProperty(value = "heads", required = true) int heads,
      @JsonProperty(value = "ffn", required = true) int ffn,
      @JsonProperty(value = "bits", required = true) int bits,
      @JsonProperty(value = "ffn_activation") String ffnActivation,
      @JsonProperty(value = "cache") Integer cache) {
  }

  /** Whether {@code tree} is a transformer block description. */
  public static boolean recognises(JsonNode tree) {
    return tree.has("transformer");
  }

  /** The layers of the block in {@code source}. */
  public static Workload read(YamlFiles.Source source) {
    // ffn_activation and cache may be left out: the other fields are required by their annotations.
    ObjectMapper mapper = YamlFiles.laminar(source).copy()
        .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    BlockFile file = YamlFiles.read(source, mapper, BlockFile.class);
    if (!LaminarFormat.VERSION.equals(file.format())) {
      throw new InputException(source.label() + ": format '" + file.format() + "' is not supported; expected "
          + LaminarFormat.VERSION);
    }
    Sizes t = file.transformer();
    TransformerBlock.Ffn activation = activation(source, t.ffnActivation());
    return Readers.domain(source.label(), () -> new TransformerBlock(file.name(), t.sequence(), t.hidden(),
        t.heads(), t.ffn(), t.bits(), activation, t.cache() == null ? 0 : t.cache()).workload());
  }

  /** {@code gelu} (the default when absent) or {@code swiglu}. */
  private static TransformerBlock.Ffn activation(YamlFiles.Source source, String name) {
    if (name == null) {
      return TransformerBlock.Ffn.GELU;
    }
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "gelu" -> TransformerBlock.Ffn.GELU;
      case "swiglu" -> TransformerBlock.Ffn.SWIGLU;
      default -> throw new InputException(source.label() + ": transformer.ffn_activation: '" + name
          + "' is not supported; expected gelu or swiglu");
    };
  }
}
