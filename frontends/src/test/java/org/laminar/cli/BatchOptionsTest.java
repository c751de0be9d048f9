package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.cli.Cli.Outcome;

/** {@code laminar schedule --batch N [--steady-state]}: its options, its output and its bad inputs. */
class BatchOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(Outcome o) throws Exception {
    assertEquals(0, o.code(), o.err());
    return JSON.readTree(o.out());
  }

  @Test
  void aBatchOfOneIsThePlainSchedule() throws Exception {
    JsonNode plain = json(Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "list",
        "--json"));
    JsonNode one = json(Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "list",
        "--batch", "1", "--json"));

    assertTrue(plain.get("metrics").get("latency_cycles").asLong() > 0);
    assertEquals(plain.get("metrics").get("latency_cycles"), one.get("metrics").get("latency_cycles"));
    assertEquals(plain.get("metrics").get("energy_pJ"), one.get("metrics").get("energy_pJ"));
  }

  @Test
  void aBatchOfTwoIsOneCheckedScheduleOfTwiceTheTilesThatLoadsTheWeightsOnce() throws Exception {
    JsonNode one = json(Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "heft",
        "--json"));
    JsonNode two = json(Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "heft",
        "--batch", "2", "--json"));

    assertTrue(two.get("valid").asBoolean(), two.toString());
    // Twice the compute energy; DRAM energy less than twice: the weights are read once.
    assertEquals(2 * one.get("metrics").get("energy_breakdown_pJ").get("compute").asDouble(),
        two.get("metrics").get("energy_breakdown_pJ").get("compute").asDouble(), 1e-6);
    assertTrue(two.get("metrics").get("energy_breakdown_pJ").get("dram").asDouble()
        < 2 * one.get("metrics").get("energy_breakdown_pJ").get("dram").asDouble());
  }

  @Test
  void aRepeatedGreedyScheduleIsACheckedSteadyStateAboveTheBound(@TempDir Path dir) throws Exception {
    JsonNode row = json(Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--batch", "4",
        "--steady-state", "--scheduler", "heft", "--json", "--out", dir.toString()));

    assertEquals("heft repeated", row.get("scheduler").asText());
    assertTrue(row.get("valid").asBoolean());
    assertTrue(row.get("steady_state").asBoolean());
    // chain3's core work per inference over quad-core's four cores (BatchesTest).
    assertEquals(4886, row.get("interval_bound_cycles").asLong());
    long interval = row.get("interval_cycles").asLong();
    assertTrue(interval >= 4886, () -> "II " + interval);
    assertTrue(row.get("iteration_span_cycles").asLong() <= 3 * interval);
    // result.json holds the unrolled batch (4 x 12 tiles) and the same steady-state figures.
    JsonNode result = JSON.readTree(dir.resolve("result.json").toFile());
    assertEquals(4, result.get("inputs").get("batch").asInt());
    assertEquals(48, result.get("schedule").get("tiles").size());
    assertEquals(interval, result.get("solver").get("interval_cycles").asLong());
    assertEquals(row.get("batch_latency_cycles").asLong(), result.get("metrics").get("latency_cycles").asLong());
  }

  @Test
  void badBatchOptionsAreOneClearMessageAndExitCode2() {
    for (String[] args : new String[][] {
        {"schedule", "--workload", "chain3", "--batch", "0"},
        {"schedule", "--workload", "chain3", "--training", "--batch", "2"},
        {"schedule", "--workload", "chain3", "--steady-state"},
        {"schedule", "--workload", "chain3", "--batch", "1", "--steady-state"},
        {"schedule", "--workload", "chain3", "--batch", "4", "--steady-state", "--scheduler", "lns"},
        {"schedule", "--workload", "chain3", "--batch", "4", "--steady-state", "--objective", "energy"},
        {"schedule", "--workload", "chain3", "--batch", "4", "--steady-state", "--engine", "choco"}}) {
      Outcome o = Cli.run(args);
      assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
      assertEquals(1, o.err().lines().count(), o.err());
      assertTrue(o.err().startsWith("laminar: error: --"), o.err());
      assertFalse(o.err().contains("Exception"), o.err());
    }
  }
}
