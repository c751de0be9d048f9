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

/** {@code --training} on {@code inspect} and {@code schedule}. */
class TrainingCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String... args) throws IOException {
    Outcome o = Cli.run(args);
    assertEquals(0, o.code(), o.err());
    return JSON.readTree(o.out());
  }

  @Test
  void inspectShowsATrainingStepWithThreeTimesTheComputeMacs() throws IOException {
    JsonNode forward = json("inspect", "--workload", "chain3", "--json").at("/workload");
    JsonNode step = json("inspect", "--workload", "chain3", "--training", "--json").at("/workload");
    // chain3's three convolutions are stride 1 with 'same' padding: each gradient layer has exactly
    // the forward MACs (3,670,016 = 16·8·32·32·9 + 16·16·32·32·9 + 8·16·32·32).
    assertEquals(3670016, forward.get("compute_macs").asLong());
    assertEquals(3 * 3670016, step.get("compute_macs").asLong());
    // Per convolution: dI, dW, update; plus one loss gradient.
    assertEquals(3 + 3 * 3 + 1, step.get("layers").size());
  }

  @Test
  void aTrainingStepSchedulesValidlyAndTakesLongerThanInference() throws IOException {
    JsonNode forward = json("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "list",
        "--json");
    JsonNode step = json("schedule", "--workload", "chain3", "--hardware", "quad-core", "--training",
        "--scheduler", "list", "--json");
    assertTrue(step.get("valid").asBoolean(), step.toString());
    assertEquals(0, step.get("violations").size());
    long latency = step.at("/metrics/latency_cycles").asLong();
    assertTrue(latency > forward.at("/metrics/latency_cycles").asLong(), "three times the work takes longer");
    assertTrue(step.at("/bound/latency_cycles").asLong() <= latency);
    assertTrue(step.at("/metrics/peak_memory_bits/0").asLong() > 0);
  }

  @Test
  void aBatchAboveOneExitsTwoNamingTheLayer(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("batch2.yaml");
    Files.writeString(file, """
        format: laminar/1
        name: batch2
        layers:
          - {id: 0, name: fc, type: GEMM, op: Gemm, dims: {B: 2, K: 4, C: 4}, stride: [1, 1],
             dilation: [1, 1], padding: [0, 0, 0, 0], precision: {W: 8, I: 8, O: 16, O_final: 8}, sources: {}}
        """);
    assertEquals(0, Cli.run("inspect", "--workload", file.toString()).code());
    Outcome o = Cli.run("inspect", "--workload", file.toString(), "--training");
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("layer 'fc' has batch 2"), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
  }
}
