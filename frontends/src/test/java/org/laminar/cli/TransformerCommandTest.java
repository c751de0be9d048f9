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

  @Test
  void aSwigluBlockHasThreeFfnProductsAndSchedulesValidly(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("swiglu.yaml");
    Files.writeString(file, """
        format: laminar/1
        name: gated
        transformer: {sequence: 16, hidden: 32, heads: 2, ffn: 64, bits: 8, ffn_activation: swiglu}
        """);
    Outcome o = Cli.run("inspect", "--workload", file.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode w = JSON.readTree(o.out()).get("workload");
    // Two more layers than GELU's 17 (ffn3 and the gate's product; silu takes gelu's place).
    assertEquals(19, w.get("layers").size());
    // 4·16·32·32 + 2·16·16·32 + 3·16·32·64 = 65,536 + 16,384 + 98,304.
    assertEquals(180224, w.get("compute_macs").asLong());
    Outcome run = Cli.run("schedule", "--workload", file.toString(), "--hardware", "hetero-quad", "--scheduler",
        "list", "--json");
    assertEquals(0, run.code(), run.err());
    assertTrue(JSON.readTree(run.out()).get("valid").asBoolean(), run.out());

    Files.writeString(file, """
        format: laminar/1
        name: gated
        transformer: {sequence: 16, hidden: 32, heads: 2, ffn: 64, bits: 8, ffn_activation: relu}
        """);
    Outcome bad = Cli.run("inspect", "--workload", file.toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals(1, bad.err().lines().count(), bad.err());
    assertTrue(bad.err().contains("swiglu.yaml") && bad.err().contains("ffn_activation: 'relu'"), bad.err());
  }

  /** A decode step: one token against a 127-position KV cache, hidden 256, 4 heads (see TransformerBlockTest). */
  @Test
  void aDecodeStepSchedulesValidlyOnHeteroQuad(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("decode.yaml");
    Files.writeString(file, """
        format: laminar/1
        name: decode
        transformer: {sequence: 1, hidden: 256, heads: 4, ffn: 1024, bits: 8, cache: 127}
        """);
    Outcome o = Cli.run("inspect", "--workload", file.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode w = JSON.readTree(o.out()).get("workload");
    assertEquals(22, w.get("layers").size());
    assertEquals(262144 + 65536 + 524288, w.get("compute_macs").asLong());
    Outcome run = Cli.run("schedule", "--workload", file.toString(), "--hardware", "hetero-quad", "--scheduler",
        "list", "--json");
    assertEquals(0, run.code(), run.err());
    JsonNode r = JSON.readTree(run.out());
    assertTrue(r.get("valid").asBoolean(), run.out());
    assertTrue(r.at("/bound/latency_cycles").asLong() <= r.at("/metrics/latency_cycles").asLong());
  }
}
