package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.cli.Cli.Outcome;

/** {@code laminar schedule --scheduler cpsat|choco}, {@code --engines} and their options. */
class ScheduleCpSatTest {
  @Test
  void provesTheOptimumOfASmallNetworkAndReportsItsBound() {
    Outcome o = Cli.run("schedule", "--workload", "mbconv3", "--hardware", "quad-core", "--fuse",
        "all", "--scheduler", "cpsat", "--workers", "1", "--seed", "3", "--time-limit", "300");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("cpsat     optimal    yes"), o.out());
    assertTrue(o.out().contains("within its model (allocation per tile), gap 0.0%"), o.out());
    assertTrue(o.err().contains("cpsat: time "), o.err());
  }

  @Test
  void comparesBothEnginesBesideTheGreedySchedulers() {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--fuse", "all", "--compare",
        "--engines", "cpsat,choco", "--workers", "1", "--time-limit", "5");
    assertEquals(0, o.code(), o.err());
    for (String scheduler : new String[] {"lbl", "heft", "cpsat", "choco"}) {
      assertTrue(o.out().lines().anyMatch(l -> l.startsWith(scheduler + " ") && l.contains(" yes ")),
          scheduler + " missing or invalid:\n" + o.out());
    }
    assertTrue(o.out().contains("choco: latency "), o.out());
  }

  @Test
  void chocoRefusesEdpAsBadInput() {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "choco",
        "--objective", "edp");
    assertEquals(2, o.code());
    assertTrue(o.err().strip().startsWith("laminar: error: scheduler choco: choco does not minimise edp"), o.err());
  }

  @Test
  void theGapColumnIsTheGapOfTheObjectiveOptimised(@TempDir Path dir) throws Exception {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--objective", "energy",
        "--workers", "1", "--time-limit", "30", "--out", dir.toString());
    assertEquals(0, o.code(), o.err());
    List<String> lines = o.out().lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("scheduler ")).findFirst().orElseThrow();
    assertTrue(header.endsWith("gap energy"), header);
    JsonNode solver = new ObjectMapper().readTree(dir.resolve("cpsat/result.json").toFile()).get("solver");
    assertEquals("energy", solver.get("objective").asText());
    double value = solver.get("value").asDouble();
    double bound = solver.get("bound").asDouble();
    assertTrue(bound <= value + 1e-6, solver.toString());
    assertEquals((value - bound) / value, solver.get("gap").asDouble(), 1e-9);
    String cpsat = lines.stream().filter(l -> l.startsWith("cpsat ")).findFirst().orElseThrow();
    assertTrue(cpsat.endsWith(String.format(Locale.ROOT, "%.1f%%", 100 * (value - bound) / value)), cpsat);
    // The greedy rows have no energy bound: no gap, rather than their latency gap under an energy header.
    String lbl = lines.stream().filter(l -> l.startsWith("lbl ")).findFirst().orElseThrow();
    assertTrue(lbl.endsWith(" -"), lbl);
  }

  @Test
  void unknownObjectiveIsBadInput() {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler",
        "cpsat", "--objective", "speed");
    assertEquals(2, o.code());
    assertEquals("laminar: error: --objective: unknown objective 'speed'; expected latency, energy, edp, memory or "
        + "latency,energy", o.err().strip());
  }

  @Test
  void unknownAllocationIsBadInput() {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler",
        "cpsat", "--allocation", "core");
    assertEquals(2, o.code());
    assertEquals("laminar: error: --allocation: unknown allocation 'core'; expected layer or tile", o.err().strip());
  }
}
