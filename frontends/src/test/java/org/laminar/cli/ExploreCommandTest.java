package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laminar.cli.Cli.Outcome;

class ExploreCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode points(Outcome o) throws IOException {
    assertEquals(0, o.code(), o.err());
    return JSON.readTree(o.out());
  }

  /** The ids of the points no other point dominates on (latency, energy), by a dominance written here. */
  private static Set<Integer> front(List<long[]> figures) {
    Set<Integer> front = new TreeSet<>();
    for (int i = 0; i < figures.size(); i++) {
      boolean dominated = false;
      for (long[] other : figures) {
        long[] me = figures.get(i);
        dominated |= other[0] <= me[0] && other[1] <= me[1] && (other[0] < me[0] || other[1] < me[1]);
      }
      if (!dominated) {
        front.add(i + 1);
      }
    }
    return front;
  }

  /**
   * A sweep of 16 greedy points: each point's figures are those {@code laminar schedule} prints for
   * it alone, and the front explore marks is the front of those figures (energies compared in
   * whole fJ, as the JSON prints them to the last digit).
   */
  @Test
  void eachPointIsWhatScheduleFindsAndTheFrontIsTheirs() throws IOException {
    JsonNode sweep = points(Cli.run("explore", "--hardware", "single-core,quad-core", "--tiling", "oy=1,4",
        "--fuse", "none,all", "--scheduler", "list,heft", "--jobs", "2", "--json"));
    assertEquals(16, sweep.size());
    List<long[]> figures = new ArrayList<>();
    Set<Integer> marked = new TreeSet<>();
    for (JsonNode p : sweep) {
      JsonNode alone = points(Cli.run("schedule", "--hardware", p.get("hardware").asText(), "--tiling",
          p.get("tiling").asText(), "--fuse", p.get("fuse").asText(), "--scheduler", p.get("scheduler").asText(),
          "--json"));
      JsonNode metrics = alone.get("metrics");
      assertEquals(metrics.get("latency_cycles").asLong(), p.get("latency_cycles").asLong(), p.toString());
      assertEquals(metrics.get("energy_pJ").asDouble(), p.get("energy_pJ").asDouble(), 0, p.toString());
      assertEquals(alone.get("bound").get("latency_cycles").asLong(), p.get("latency_bound_cycles").asLong());
      assertEquals("heuristic", p.get("status").asText());
      figures.add(new long[] {metrics.get("latency_cycles").asLong(),
          Math.round(metrics.get("energy_pJ").asDouble() * 1000)});
      if (p.get("front").asBoolean()) {
        marked.add(p.get("id").asInt());
      }
    }
    assertEquals(front(figures), marked);
  }

  /**
   * On seeded small sweeps of greedy and CP-SAT points, run two at a time (so that which searches
   * are pruned depends on timing), pruning leaves the front as solving every point does, and it
   * does prune: the single-core searches cannot beat the quad-core schedules' latency.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void pruningNeverDropsAPointOfTheFront(long seed) throws IOException {
    Random random = new Random(seed);
    String tiling = List.of("oy=1", "oy=2", "oy=1,2").get(random.nextInt(3));
    String greedy = List.of("heft", "lbl,heft", "list,heft").get(random.nextInt(3));
    String hardware = List.of("single-core,quad-core", "quad-core,single-core").get(random.nextInt(2));
    String[] args = {"explore", "--hardware", hardware, "--tiling", tiling, "--tiling", "oy=2",
        "--fuse", "all", "--scheduler", greedy + ",cpsat", "--front", "latency", "--jobs", "2",
        "--time-limit", "600", "--seed", String.valueOf(seed), "--json"};
    JsonNode pruned = points(Cli.run(args));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--no-prune");
    JsonNode solved = points(Cli.run(all.toArray(String[]::new)));
    int prunedPoints = 0;
    Set<Integer> frontPruned = new TreeSet<>();
    Set<Integer> frontSolved = new TreeSet<>();
    for (int i = 0; i < solved.size(); i++) {
      assertTrue(!solved.get(i).get("status").asText().equals("pruned"));
      if (pruned.get(i).get("status").asText().equals("pruned")) {
        prunedPoints++;
        assertEquals("cpsat", pruned.get(i).get("scheduler").asText());
        // A pruned point's bound is no better than the best latency found: its solved schedule is slower.
        assertTrue(solved.get(i).get("latency_cycles").asLong() > minLatency(solved), solved.get(i).toString());
      }
      if (pruned.get(i).get("front").asBoolean()) {
        frontPruned.add(i + 1);
      }
      if (solved.get(i).get("front").asBoolean()) {
        frontSolved.add(i + 1);
      }
    }
    assertEquals(frontSolved, frontPruned);
    assertTrue(prunedPoints > 0, "nothing pruned");
  }

  private static long minLatency(JsonNode points) {
    long min = Long.MAX_VALUE;
    for (JsonNode p : points) {
      if (p.get("valid").asBoolean()) {
        min = Math.min(min, p.get("latency_cycles").asLong());
      }
    }
    return min;
  }

  @Test
  void aSweepFileGivesTheListsAndWritesTheTablesFiles(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("sweep.yaml"), String.join("\n", "hardware: [single-core, quad-core]",
        "tilings: [\"oy=2\"]", "fuse: [all]", "schedulers: [lbl, heft]", ""));
    Outcome o = Cli.run("explore", "--sweep", file.toString(), "--out", dir.resolve("out").toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("4 points on "), o.out());
    List<String> csv = Files.readAllLines(dir.resolve("out/points.csv"));
    assertEquals(5, csv.size());
    assertTrue(csv.get(0).startsWith("id,workload,hardware,tiling,stream,fuse,scheduler,objective,status,valid,"), csv.get(0));
    JsonNode json = JSON.readTree(dir.resolve("out/points.json").toFile());
    assertEquals(4, json.size());
    long onFront = 0;
    for (JsonNode p : json) {
      onFront += p.get("front").asBoolean() ? 1 : 0;
    }
    assertEquals(onFront + 1, Files.readAllLines(dir.resolve("out/front.csv")).size());
    String svg = Files.readString(dir.resolve("out/pareto.svg"));
    // One outlined square per front point, one in the legend; a tooltip per point.
    assertEquals(onFront + 1, svg.split("stroke=\"#000000\"", -1).length - 1, svg);
    assertEquals(4, svg.split(" cycles, ", -1).length - 1, svg);
  }

  @ParameterizedTest
  @ValueSource(strings = {"schedulers: [fast]", "tilings: []", "tiling: [\"oy=2\"]", "hardware: [nowhere]",
      "workloads: [chain5", "objectives: [speed]"})
  void aBadSweepFileIsOneMessageAndExitCodeTwo(String content, @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), content + "\n");
    Outcome o = Cli.run("explore", "--sweep", file.toString());
    assertEquals(2, o.code(), o.out() + o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().startsWith("laminar: error: "), o.err());
    assertEquals("", o.out());
  }

  private static final List<String> PARETO_PROBLEM = List.of("--workload", "chain3", "--hardware", "hetero-quad",
      "--tiling", "oy=1", "--fuse", "all");

  private static JsonNode schedule(String objective) throws IOException {
    List<String> args = new ArrayList<>(List.of("schedule", "--scheduler", "cpsat", "--objective", objective,
        "--json"));
    args.addAll(PARETO_PROBLEM);
    return points(Cli.run(args.toArray(String[]::new)));
  }

  /**
   * The exact front of chain3 on hetero-quad (solved in about a second, so that the limit is far):
   * every point proven, none dominated by another or by a greedy schedule, its ends the figures
   * {@code schedule} finds for latency (then energy) and for energy alone; the files hold its rows and
   * the chart draws them as their own series.
   */
  @Test
  void theExactFrontIsProvenNonDominatedAndEndsWhereScheduleFindsTheOptima(@TempDir Path dir) throws IOException {
    List<String> args = new ArrayList<>(List.of("explore", "--scheduler", "lbl,list,heft", "--pareto",
        "latency,energy", "--time-limit", "300", "--json", "--out", dir.toString()));
    args.addAll(PARETO_PROBLEM);
    JsonNode rows = points(Cli.run(args.toArray(String[]::new)));
    List<JsonNode> exact = new ArrayList<>();
    List<JsonNode> greedy = new ArrayList<>();
    rows.forEach(r -> (r.get("objective").asText().equals("pareto") ? exact : greedy).add(r));
    assertEquals(3, greedy.size());
    assertTrue(exact.size() >= 2, rows.toString());
    List<long[]> figures = new ArrayList<>();
    for (JsonNode r : rows) {
      figures.add(new long[] {r.get("latency_cycles").asLong(), Math.round(r.get("energy_pJ").asDouble() * 1000)});
    }
    Set<Integer> front = front(figures);
    for (JsonNode r : exact) {
      assertEquals("optimal", r.get("status").asText(), r.toString());
      assertTrue(front.contains(r.get("id").asInt()), "dominated: " + r);
      assertTrue(r.get("front").asBoolean(), r.toString());
    }
    JsonNode fastest = schedule("latency,energy").get("metrics");
    JsonNode first = exact.get(0);
    assertEquals(fastest.get("latency_cycles").asLong(), first.get("latency_cycles").asLong());
    assertEquals(fastest.get("energy_pJ").asDouble(), first.get("energy_pJ").asDouble(), 1e-3);
    JsonNode cheapest = schedule("energy");
    assertEquals("OPTIMAL", cheapest.get("status").asText());
    assertEquals(cheapest.get("metrics").get("energy_pJ").asDouble(),
        exact.get(exact.size() - 1).get("energy_pJ").asDouble(), 1e-3);
    assertEquals(front.size() + 1, Files.readAllLines(dir.resolve("front.csv")).size());
    String svg = Files.readString(dir.resolve("pareto.svg"));
    assertTrue(svg.contains("exact front (cpsat)"), svg);
  }

  @ParameterizedTest
  @ValueSource(strings = {"latency,memory", "energy"})
  void aParetoOtherThanLatencyEnergyIsExitCodeTwo(String axes) {
    List<String> args = new ArrayList<>(List.of("explore", "--scheduler", "heft", "--pareto", axes));
    args.addAll(PARETO_PROBLEM);
    Outcome o = Cli.run(args.toArray(String[]::new));
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(o.err().startsWith("laminar: error: "), o.err());
  }

  @Test
  void aParetoOverTwoProblemsIsOneMessageAndExitCodeTwo() {
    Outcome o = Cli.run("explore", "--hardware", "single-core,hetero-quad", "--scheduler", "heft", "--pareto",
        "latency,energy");
    assertEquals(2, o.code(), o.out() + o.err());
    assertEquals("laminar: error: --pareto needs one problem (one workload, accelerator, tiling, overlap mode, "
        + "stream policy and fusion), the sweep has 2", o.err().strip());
  }

  private static final List<String> RESUMED_SWEEP = List.of("--tiling", "oy=1,4", "--fuse", "none,all", "--scheduler",
      "list,heft", "--jobs", "2");

  private static Outcome explore(List<String> first, String... more) {
    List<String> args = new ArrayList<>(List.of("explore"));
    args.addAll(first);
    args.addAll(RESUMED_SWEEP);
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /**
   * A sweep stopped after its single-core points (run as a sweep of those alone), resumed as the
   * whole sweep: the rows are those of the whole sweep run at once (all but the wall times), and the
   * single-core rows are the stopped run's, not evaluated again (their wall times are its own).
   */
  @Test
  void aResumedSweepsRowsAreTheUninterruptedSweepsAndKeepTheFinishedPoints(@TempDir Path dir) throws IOException {
    JsonNode whole = points(explore(List.of("--hardware", "single-core,quad-core", "--json")));
    Path stopped = dir.resolve("stopped");
    assertEquals(0, explore(List.of("--hardware", "single-core", "--out", stopped.toString())).code());
    JsonNode first = JSON.readTree(stopped.resolve("points.json").toFile());
    assertEquals(8, first.size());
    JsonNode resumed = points(explore(List.of("--hardware", "single-core,quad-core", "--json", "--resume",
        stopped.toString())));
    assertEquals(whole.size(), resumed.size());
    for (int i = 0; i < whole.size(); i++) {
      ObjectNode a = (ObjectNode) whole.get(i)
          .deepCopy();
      ObjectNode b = (ObjectNode) resumed.get(i)
          .deepCopy();
      a.remove("wall_time_s");
      b.remove("wall_time_s");
      assertEquals(a, b);
    }
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).get("wall_time_s").asDouble(), resumed.get(i).get("wall_time_s").asDouble(), 0,
          resumed.get(i).toString());
    }
    assertEquals(resumed, JSON.readTree(stopped.resolve("points.json").toFile()));
  }

  @Test
  void resumingFromADirectoryWithoutPointsIsExitCodeTwo(@TempDir Path dir) {
    Outcome o = explore(List.of("--resume", dir.toString()));
    assertEquals(2, o.code(), o.out() + o.err());
    assertEquals("laminar: error: --resume " + dir + ": no points.json there", o.err().strip());
  }
}
