package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.cli.Cli.Outcome;
import org.laminar.report.ResultFile;

class ScheduleCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Outcome run(String... args) {
    return Cli.run(args);
  }

  private static Outcome defaultRun;

  @BeforeAll
  static void runTheDefault() {
    defaultRun = run("schedule");
  }

  @Test
  void defaultRunComparesAllSchedulersInATable() {
    assertEquals(0, defaultRun.code(), defaultRun.err());
    List<String> lines = defaultRun.out().lines().toList();
    assertTrue(lines.get(0).startsWith("chain5 on hetero-quad: 5 layers, "), lines.get(0));
    assertTrue(lines.get(1).startsWith("lower bound "), lines.get(1));
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("scheduler ")).findFirst().orElseThrow());
    for (String column : List.of("status", "valid", "latency", "energy", "EDP", "peak mem", "bound", "gap")) {
      assertTrue(lines.get(header).contains(column), column);
    }
    for (int i = 0; i < 3; i++) {
      String[] cells = lines.get(header + 1 + i).trim().split("\\s+");
      assertEquals(List.of("lbl", "list", "heft").get(i), cells[0]);
      assertEquals("heuristic", cells[1]);
      assertEquals("yes", cells[2]);
      assertTrue(cells[8].endsWith("%"), cells[8]);
    }
  }

  /**
   * chain3 on hetero-quad ({@code --fuse all --tiling oy=4}, proven optimum 6,335, docs/EXACT.md):
   * the relaxation bound is printed, written to result.json, at most the optimum and heft's
   * checked latency, and the run's bound; a negative time is bad input.
   */
  @Test
  void relaxationBoundIsReportedAndBelowTheOptimum(@TempDir Path dir) throws IOException {
    Outcome r = run("schedule", "--workload", "chain3", "--hardware", "hetero-quad", "--fuse", "all", "--tiling",
        "oy=4", "--scheduler", "heft", "--relaxation-bound", "10", "--workers", "1", "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("lower bound ") && l.contains(", relaxation ")), r.out());
    JsonNode root = JSON.readTree(dir.resolve("result.json").toFile());
    long relaxation = root.get("bound").get("relaxation_cycles").asLong();
    assertTrue(relaxation <= 6335 && relaxation <= root.get("metrics").get("latency_cycles").asLong(), root.toString());
    assertTrue(relaxation <= root.get("bound").get("latency_cycles").asLong(), root.toString());
    Outcome bad = run("schedule", "--workload", "chain3", "--relaxation-bound", "-1");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--relaxation-bound must be a time limit of 0 s or more"), bad.err());
  }

  /** Recomputed overlaps: fewer edges, more MACs said in the header, a valid schedule; h-cache without ox tiles is recompute. */
  @Test
  void overlapModesChangeTheTileGraph() {
    String[] common = {"schedule", "--workload", "chain3", "--hardware", "single-core", "--tiling", "oy=4", "--fuse",
        "all", "--scheduler", "list", "--overlap"};
    Outcome cached = run(Stream.concat(Stream.of(common), Stream.of("cache")).toArray(String[]::new));
    Outcome recomputed = run(Stream.concat(Stream.of(common), Stream.of("recompute")).toArray(String[]::new));
    assertEquals(0, cached.code(), cached.err());
    assertEquals(0, recomputed.code(), recomputed.err());
    String cachedHeader = cached.out().lines().findFirst().orElseThrow();
    String header = recomputed.out().lines().findFirst().orElseThrow();
    assertTrue(!cachedHeader.contains("recomputation") && cachedHeader.contains(" 12 tiles, 14 edges;"), cachedHeader);
    // 12 tiles either way; between bands no edges, so each of the 8 consumer tiles reads its own band only.
    assertTrue(header.contains(" 12 tiles, 8 edges;") && header.contains("MACs with recomputation"), header);
    assertTrue(recomputed.out().lines().anyMatch(l -> l.startsWith("list ") && l.contains(" yes ")), recomputed.out());
    Outcome fullWidth = run(Stream.concat(Stream.of(common), Stream.of("h-cache")).toArray(String[]::new));
    assertEquals(0, fullWidth.code(), fullWidth.err());
    assertEquals(header.replace("--overlap recompute", "--overlap h-cache"),
        fullWidth.out().lines().findFirst().orElseThrow());
  }

  /**
   * chain3 (3×3 'same' convolutions conv0 8 → 16 and conv1 16 → 16, then a 1×1, on 32 × 32) in 2 × 2
   * tiles of 16 × 16: only conv0's tiles grow (conv1 feeds a 1×1 window), by one row under
   * h-cache and by one row and one column under recompute; conv0 costs 16·8·9 = 1,152 MACs per pixel.
   */
  @Test
  void columnTilesGiveEachModeItsHandCountedEdgesAndMacs() {
    String[] common = {"schedule", "--workload", "chain3", "--hardware", "single-core", "--tiling", "oy=2,ox=2",
        "--fuse", "all", "--scheduler", "list", "--overlap"};
    Map<String, String> headers = new LinkedHashMap<>();
    for (String mode : List.of("cache", "recompute", "h-cache")) {
      Outcome o = run(Stream.concat(Stream.of(common), Stream.of(mode)).toArray(String[]::new));
      assertEquals(0, o.code(), o.err());
      assertTrue(o.out().lines().anyMatch(l -> l.startsWith("list ") && l.contains(" yes ")), o.out());
      headers.put(mode, o.out().lines().findFirst().orElseThrow());
    }
    // cache: each conv1 tile reads all four conv0 tiles (16 edges), each conv2 tile its own conv1 tile (4).
    assertTrue(headers.get("cache").contains(" 12 tiles, 20 edges;") && !headers.get("cache").contains("MACs"),
        headers.get("cache"));
    // recompute: own tiles only; conv0 computes 17 × 17 per tile instead of 16 × 16.
    long base = 3_670_016;
    assertTrue(headers.get("recompute").contains(" 12 tiles, 8 edges;") && headers.get("recompute").contains(
        String.format("%,d MACs", base + (4L * 17 * 17 - 32 * 32) * 1152)), headers.get("recompute"));
    // h-cache: a conv1 tile reads its conv0 tile and the one beside it (8 edges); conv0 computes 17 × 16.
    assertTrue(headers.get("h-cache").contains(" 12 tiles, 12 edges;") && headers.get("h-cache").contains(
        String.format("%,d MACs", base + (4L * 17 * 16 - 32 * 32) * 1152)), headers.get("h-cache"));
  }

  /** The search's row is checker-valid and no slower than heft's, and its note names its start and bound. */
  @Test
  void lnsImprovesOnTheGreedyStartAndNamesItsBound() {
    Outcome o = run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "lns",
        "--time-limit", "5", "--workers", "1");
    assertEquals(0, o.code(), o.err());
    String[] row = o.out().lines().filter(l -> l.startsWith("lns ")).findFirst().orElseThrow().trim().split("\\s+");
    assertEquals("yes", row[2]);
    long latency = Long.parseLong(row[3].replace(",", ""));
    Outcome heft = run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "heft");
    String[] heftRow = heft.out().lines().filter(l -> l.startsWith("heft ")).findFirst().orElseThrow().trim()
        .split("\\s+");
    assertTrue(latency <= Long.parseLong(heftRow[3].replace(",", "")), o.out());
    assertTrue(o.out().contains(" analytical or assignment (the full model's bound is not computed)"), o.out());
    assertTrue(o.err().lines().filter(l -> !l.startsWith("laminar: ")).allMatch(l -> l.startsWith("lns: time ")),
        o.err());
  }

  @Test
  void jsonHasTheCheckersFiguresForOneScheduler() throws IOException {
    Outcome o = run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "list", "--json");

    assertEquals(0, o.code(), o.err());
    JsonNode r = JSON.readTree(o.out());
    assertTrue(r.isObject());
    assertEquals("list", r.get("scheduler").asText());
    assertEquals("HEURISTIC", r.get("status").asText());
    assertTrue(r.get("valid").asBoolean());
    assertEquals(0, r.get("violations").size());
    JsonNode m = r.get("metrics");
    long latency = m.get("latency_cycles").asLong();
    double energy = m.get("energy_pJ").asDouble();
    assertEquals(energy * latency, m.get("edp").asDouble(), 1e-6 * energy * latency);
    assertEquals(List.of("0", "1", "2", "3"), names(m.get("peak_memory_bits")));
    JsonNode parts = m.get("energy_breakdown_pJ");
    assertEquals(List.of("compute", "on_chip_memory", "interconnect", "dram"), names(parts));
    double sum = 0;
    for (JsonNode p : parts) {
      sum += p.asDouble();
    }
    assertEquals(energy, sum, 1e-9 * energy);
    long bound = r.get("bound").get("latency_cycles").asLong();
    assertTrue(bound > 0 && bound <= latency, bound + " vs " + latency);
    assertEquals((double) (latency - bound) / latency, r.get("gap").asDouble(), 1e-12);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void compareWritesAnArrayAndOneReportFolderPerScheduler(@TempDir Path dir) throws IOException {
    Outcome o = run("schedule", "--workload", "chain3", "--hardware", "single-core", "--fuse", "none", "--compare",
        "--json", "--out", dir.toString());

    assertEquals(0, o.code(), o.err());
    JsonNode runs = JSON.readTree(o.out());
    assertEquals(4, runs.size());
    for (JsonNode r : runs) {
      String name = r.get("scheduler").asText();
      for (String file : List.of("result.json", "trace.json", "gantt.svg", "memory.svg", "energy.svg")) {
        assertTrue(Files.isRegularFile(dir.resolve(name).resolve(file)), name + "/" + file);
      }
      ResultFile result = ResultFile.read(dir.resolve(name).resolve("result.json"));
      assertEquals(r.get("metrics").get("latency_cycles").asLong(), result.summary().metrics().latencyCycles());
      assertEquals("chain3", result.inputs().get("workload"));
    }
    assertTrue(Files.isRegularFile(dir.resolve("energy.svg")));
  }

  @Test
  void aStreamMappingTilesAndAllocatesTheLayers() throws IOException {
    Path testing = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "stream", "testing");
    Outcome o = run("schedule", "--workload", testing.resolve("workload/simple_example_workload.yaml").toString(),
        "--hardware", testing.resolve("hardware/simple_example_hw.yaml").toString(), "--mapping",
        testing.resolve("mapping/simple_example_mapping.yaml").toString(), "--scheduler", "heft", "--json");

    assertEquals(0, o.code(), o.err());
    JsonNode r = JSON.readTree(o.out());
    assertTrue(r.get("valid").asBoolean());
    assertTrue(r.get("gap").asDouble() >= 0 && r.get("gap").asDouble() < 1);
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(List.of("--scheduler", "magic"), "laminar: error: --scheduler must be one of lbl, list, heft, "
            + "cpsat, choco, lns, got 'magic'"),
        Arguments.of(List.of("--priority", "speed"), "laminar: error: --priority must be memory or latency, got "
            + "'speed'"),
        Arguments.of(List.of("--tiling", "oz=3"), "laminar: error: --tiling: tiling 'oz=3': unknown dimension 'oz' (use oy, "
            + "ox or k)"),
        Arguments.of(List.of("--tiling", "ox=99"), "laminar: error: --tiling ox=99: no layer has more than 32 (a "
            + "count is cut to each layer's size; 'all' gives one part per element)"),
        Arguments.of(List.of("--fuse", "some"), "laminar: error: --fuse: fusion 'some': expected all, none, auto or layer "
            + "ranges like 0-3,5-7, got 'some'"),
        Arguments.of(List.of("--workload", "no-such-net"), "laminar: error: no-such-net: no such file, and no "
            + "bundled workload of that name"),
        Arguments.of(List.of("--mapping", "m.yaml", "--tiling", "oy=2"), "laminar: error: give --tiling or a "
            + "--mapping (which tiles every layer), not both"),
        Arguments.of(List.of("--scheduler", "lns", "--objective", "energy"), "laminar: error: lns minimises the "
            + "latency only; use cpsat for --objective energy"),
        Arguments.of(List.of("--copy-phases", "both"), "laminar: error: --copy-phases: must be overlapped or serial, "
            + "got 'both'"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void badOptionsExitTwoWithOneLineNamingTheProblem(List<String> args, String message) {
    List<String> all = new ArrayList<>(List.of("schedule"));
    all.addAll(args);
    Outcome o = run(all.toArray(String[]::new));

    assertEquals(2, o.code());
    assertEquals("", o.out());
    List<String> lines = o.err().lines().toList();
    assertEquals(1, lines.size(), o.err());
    assertTrue(lines.get(0).startsWith(message), lines.get(0));
  }
}
