package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.cli.Cli.Outcome;

/** {@code explore --vary}: each variant is its own accelerator, and one not defined for its base is bad input. */
class ExploreVariantsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachVariantIsAnAcceleratorRowWithTheFiguresScheduleGivesIt(@TempDir Path dir) throws IOException {
    Outcome o = Cli.run("explore", "--workload", "chain3", "--hardware", "quad-core", "--vary", "sram=0.01x,1x",
        "--tiling", "oy=2", "--fuse", "all", "--scheduler", "heft", "--jobs", "1", "--out", dir.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode points = JSON.readTree(dir.resolve("points.json").toFile());
    List<String> hardware = new ArrayList<>();
    points.forEach(p -> hardware.add(p.get("hardware").asText()));
    assertEquals(List.of("quad-core[sram=0.01x]", "quad-core[sram=1x]"), hardware);
    assertTrue(o.out().contains("best on quad-core[sram=0.01x]: "), o.out());
    assertTrue(o.out().contains("best on quad-core[sram=1x]: "), o.out());
    // The variant's row is what `schedule` finds on the variant by name.
    Outcome one = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core[sram=0.01x]", "--tiling", "oy=2",
        "--fuse", "all", "--scheduler", "heft", "--json");
    assertEquals(0, one.code(), one.err());
    JsonNode metrics = JSON.readTree(one.out()).get("metrics");
    assertEquals(metrics.get("latency_cycles").asLong(), points.get(0).get("latency_cycles").asLong());
    assertEquals(metrics.get("energy_pJ").asDouble(), points.get(0).get("energy_pJ").asDouble(), 1e-6);
    // 1x is the base itself.
    Outcome base = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--tiling", "oy=2",
        "--fuse", "all", "--scheduler", "heft", "--json");
    assertEquals(JSON.readTree(base.out()).get("metrics").get("latency_cycles").asLong(),
        points.get(1).get("latency_cycles").asLong());
    // A hundredth of the 16,777,216-bit SRAM is 167,772 bits: the variant's schedule keeps within it, and
    // heft, whose choices weigh the room left, schedules otherwise than on the base.
    assertTrue(points.get(0).get("peak_memory_bits").asLong() <= 167_772, points.toString());
    assertTrue(points.get(0).get("latency_cycles").asLong() != points.get(1).get("latency_cycles").asLong(),
        points.toString());
    List<String> csv = Files.readAllLines(dir.resolve("points.csv"));
    assertTrue(csv.get(1).contains(",quad-core[sram=0.01x],"), csv.get(1));
  }

  @Test
  void moreCoresOfAHeterogeneousAcceleratorIsOneMessageAndExitCodeTwo() {
    Outcome o = Cli.run("explore", "--workload", "chain3", "--hardware", "quad-core,hetero-quad", "--vary",
        "cores=2,8", "--scheduler", "heft");
    assertEquals(2, o.code(), o.out() + o.err());
    assertEquals("laminar: error: hetero-quad[cores=2]: cores=N copies identical cores, but core 1 (ox_k) differs "
        + "from core 0 (tpu_like): the accelerator is heterogeneous", o.err().strip());
    assertEquals("", o.out());
  }

  @Test
  void aSweepFilesVaryListGivesTheVariants(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("sweep.yaml"), String.join("\n", "workloads: [chain3]",
        "hardware: [quad-core]", "tilings: [\"oy=2\"]", "fuse: [all]", "schedulers: [heft]",
        "vary: [\"cores=2\", \"link=2x,dram=0.5x\"]", ""));
    Outcome o = Cli.run("explore", "--sweep", file.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    List<String> hardware = new ArrayList<>();
    JSON.readTree(o.out()).forEach(p -> hardware.add(p.get("hardware").asText()));
    assertEquals(List.of("quad-core[cores=2]", "quad-core[link=2x,dram=0.5x]"), hardware);
    Outcome bad = Cli.run("explore", "--sweep", Files.writeString(dir.resolve("bad.yaml"), "vary: [\"sram=big\"]\n")
        .toString());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().startsWith("laminar: error: " + dir.resolve("bad.yaml") + ": vary: "), bad.err());
  }
}
