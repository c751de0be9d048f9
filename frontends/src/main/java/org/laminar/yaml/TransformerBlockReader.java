package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
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
      @JsonProperty(value = "bits", required = true) int bits) {
  }

  /** Whether {@code tree} is a transformer block description. */
  public static boolean recognises(JsonNode tree) {
    return tree.has("transformer");
  }

  /** The layers of the block in {@code source}. */
  public static Workload read(YamlFiles.Source source) {
    BlockFile file = YamlFiles.read(source, YamlFiles.laminar(source), BlockFile.class);
    if (!LaminarFormat.VERSION.equals(file.format())) {
      throw new InputException(source.label() + ": format '" + file.format() + "' is not supported; expected "
          + LaminarFormat.VERSION);
    }
    Sizes t = file.transformer();
    return Readers.domain(source.label(), () -> new TransformerBlock(file.name(), t.sequence(), t.hidden(),
        t.heads(), t.ffn(), t.bits()).workload());
  }
}
