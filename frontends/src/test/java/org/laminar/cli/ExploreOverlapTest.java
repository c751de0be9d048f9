package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** {@code explore --overlap}: DeFiNES' overlap modes as a sweep axis, each mode its own point. */
class ExploreOverlapTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PROBLEM = List.of("--workload", "chain3", "--hardware", "quad-core", "--tiling",
      "oy=2", "--fuse", "all", "--scheduler", "heft");

  private static Outcome run(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(PROBLEM);
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** The checker's metrics of {@code schedule} on the problem with {@code --overlap mode}. */
  private static JsonNode scheduled(String mode) throws IOException {
    Outcome o = run("schedule", "--overlap", mode, "--json");
    assertEquals(0, o.code(), o.err());
    return JSON.readTree(o.out()).get("metrics");
  }

  @Test
  void eachModeIsAPointWithTheFiguresScheduleGivesIt(@TempDir Path dir) throws IOException {
    Outcome o = run("explore", "--overlap", "cache,recompute", "--jobs", "1", "--out", dir.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode points = JSON.readTree(dir.resolve("points.json").toFile());
    assertEquals(2, points.size(), points.toString());
    // A cached row leaves the mode out (as rows of sweeps without the axis); the other names it.
    assertFalse(points.get(0).has("overlap"), points.get(0).toString());
    assertEquals("recompute", points.get(1).get("overlap").asText());
    List<String> modes = List.of("cache", "recompute");
    for (int i = 0; i < 2; i++) {
      JsonNode metrics = scheduled(modes.get(i));
      JsonNode row = points.get(i);
      assertEquals(metrics.get("latency_cycles").asLong(), row.get("latency_cycles").asLong(), row.toString());
      assertEquals(metrics.get("energy_pJ").asDouble(), row.get("energy_pJ").asDouble(), 1e-6, row.toString());
      long fullest = 0;
      for (JsonNode bits : metrics.get("peak_memory_bits")) {
        fullest = Math.max(fullest, bits.asLong());
      }
      assertEquals(fullest, row.get("peak_memory_bits").asLong(), row.toString());
    }
    // Recomputing the halos costs MACs, and MACs cost energy: the two points are not one problem.
    assertTrue(points.get(1).get("energy_pJ").asDouble() > points.get(0).get("energy_pJ").asDouble(),
        points.toString());
    assertTrue(run("schedule", "--overlap", "recompute").out().contains("MACs with recomputation"));
    // The table and the CSV show the mode after the tiling.
    assertTrue(o.out().lines().anyMatch(l -> l.matches("2 +chain3 +quad-core +oy=2 +recompute +all +heft .*")),
        o.out());
    List<String> csv = Files.readAllLines(dir.resolve("points.csv"));
    assertTrue(csv.get(0).startsWith("id,workload,hardware,tiling,overlap,stream,fuse,"), csv.get(0));
    assertTrue(csv.get(1).startsWith("1,chain3,quad-core,oy=2,cache,when-needed,all,"), csv.get(1));
  }

  @Test
  void withoutTheOptionRowsAndCsvHaveNoOverlap(@TempDir Path dir) throws IOException {
    Outcome o = run("explore", "--jobs", "1", "--out", dir.toString());
    assertEquals(0, o.code(), o.err());
    assertFalse(JSON.readTree(dir.resolve("points.json").toFile()).get(0).has("overlap"));
    assertTrue(Files.readAllLines(dir.resolve("points.csv")).get(0).startsWith("id,workload,hardware,tiling,stream,fuse,"));
    assertFalse(o.out().contains("overlap"), o.out());
  }

  @Test
  void resumeTellsThePointsApartByTheirMode(@TempDir Path dir) throws IOException {
    Path cached = Files.createDirectory(dir.resolve("cached"));
    assertEquals(0, run("explore", "--jobs", "1", "--out", cached.toString()).code());
    JsonNode first = JSON.readTree(cached.resolve("points.json").toFile()).get(0);
    Outcome o = run("explore", "--overlap", "cache,recompute", "--jobs", "1", "--json", "--resume",
        cached.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode resumed = JSON.readTree(o.out());
    assertEquals(2, resumed.size(), resumed.toString());
    // The cached point is the stored row (its wall time kept); the recompute point is evaluated anew.
    assertEquals(first.get("wall_time_s").asDouble(), resumed.get(0).get("wall_time_s").asDouble(), 0);
    assertEquals("recompute", resumed.get(1).get("overlap").asText());
    assertEquals(scheduled("recompute").get("energy_pJ").asDouble(), resumed.get(1).get("energy_pJ").asDouble(), 1e-6);

    // A stored recompute row does not stand for the cached point.
    Path recomputed = Files.createDirectory(dir.resolve("recomputed"));
    assertEquals(0, run("explore", "--overlap", "recompute", "--jobs", "1", "--out", recomputed.toString()).code());
    JsonNode back = JSON.readTree(run("explore", "--jobs", "1", "--json", "--resume", recomputed.toString()).out());
    assertEquals(1, back.size(), back.toString());
    assertFalse(back.get(0).has("overlap"), back.toString());
    assertEquals(scheduled("cache").get("energy_pJ").asDouble(), back.get(0).get("energy_pJ").asDouble(), 1e-6);
    assertNotEquals(scheduled("recompute").get("energy_pJ").asDouble(), back.get(0).get("energy_pJ").asDouble());
  }

  @Test
  void aSweepFilesOverlapListGivesTheModes(@TempDir Path dir) throws IOException {
    // A JSON sweep file: the key is read by either format.
    Path file = Files.writeString(dir.resolve("sweep.json"), "{\"workloads\": [\"chain3\"], \"hardware\": "
        + "[\"quad-core\"], \"tilings\": [\"oy=2\"], \"fuse\": [\"all\"], \"schedulers\": [\"heft\"], "
        + "\"overlap\": [\"recompute\", \"cache\"]}");
    Outcome o = Cli.run("explore", "--sweep", file.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode points = JSON.readTree(o.out());
    assertEquals(2, points.size(), points.toString());
    assertEquals("recompute", points.get(0).get("overlap").asText());
    assertFalse(points.get(1).has("overlap"), points.toString());
    Outcome bad = Cli.run("explore", "--sweep", Files.writeString(dir.resolve("bad.yaml"), "overlap: [sideways]\n")
        .toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals("laminar: error: " + dir.resolve("bad.yaml") + ": overlap: must be cache, recompute or h-cache, got "
        + "'sideways'", bad.err().strip());
  }

  @Test
  void aBadModeIsOneMessageAndExitCodeTwo() {
    Outcome o = run("explore", "--overlap", "cache,sideways");
    assertEquals(2, o.code(), o.out() + o.err());
    assertEquals("laminar: error: overlap: must be cache, recompute or h-cache, got 'sideways'", o.err().strip());
    assertEquals("", o.out());
  }
}
