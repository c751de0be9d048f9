package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.cli.Cli.Outcome;

/** Transformer blocks given by their sizes ({@code transformer:} in Laminar's format). */
class TransformerCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theBundledBlockSchedulesValidlyOnHeteroQuad() throws IOException {
    Outcome o = Cli.run("schedule", "--workload", "transformer128", "--hardware", "hetero-quad", "--scheduler",
        "list", "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode r = JSON.readTree(o.out());
    assertTrue(r.get("valid").asBoolean(), o.out());
    assertEquals(0, r.get("violations").size());
    assertTrue(r.at("/bound/latency_cycles").asLong() <= r.at("/metrics/latency_cycles").asLong());
  }

  @Test
  void aBlockFileIsExpandedIntoItsLayers(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("block.yaml");
    Files.writeString(file, """
        format: laminar/1
        name: small
        transformer: {sequence: 16, hidden: 32, heads: 2, ffn: 64, bits: 8}
        """);
    Outcome o = Cli.run("inspect", "--workload", file.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode w = JSON.readTree(o.out()).get("workload");
    assertEquals(17, w.get("layers").size());
    // 4·16·32·32 + 2·16·16·32 + 2·16·32·64 = 65,536 + 16,384 + 65,536.
    assertEquals(147456, w.get("compute_macs").asLong());
  }

  @Test
  void badSizesExitTwoNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("odd.yaml");
    Files.writeString(file, """
        format: laminar/1
        name: odd
        transformer: {sequence: 16, hidden: 30, heads: 4, ffn: 64, bits: 8}
        """);
    Outcome o = Cli.run("inspect", "--workload", file.toString());
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("odd.yaml") && o.err().contains("heads (4) must divide hidden (30)"), o.err());
    Files.writeString(file, """
        format: laminar/1
        name: odd
        transformer: {sequence: 16, hidden: 32, heads: 4, bits: 8}
        """);
    Outcome missing = Cli.run("inspect", "--workload", file.toString());
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("ffn"), missing.err());
  }
}
