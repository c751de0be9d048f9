package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.explore.PointResult;
import org.laminar.explore.Resume;

/**
 * Ctrl-C in the middle of {@code laminar explore --out DIR} (a child JVM sent SIGINT), then
 * {@code --resume DIR}: the stopped sweep keeps each point it finished, as a complete row, and the
 * resumed sweep has the points of the same sweep run without a stop.
 *
 * <p>When the signal lands is fixed by the sweep, not by a clock: with one job the greedy points
 * run first and the search follows, on a problem CP-SAT does not prove in minutes (chain5 split
 * into 40 tiles, fused, on hetero-quad: a 68 % gap after 35 s on one worker), so once
 * {@code points.json} holds every greedy point the sweep is still searching.
 */
class ExploreInterruptTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One problem, three greedy schedulers and a search: points 1 to 3 greedy, 4 the search. */
  private static final List<String> SWEEP = List.of("explore", "--workload", "chain5", "--hardware", "hetero-quad",
      "--tiling", "oy=8", "--fuse", "all", "--scheduler", "lbl,list,heft,cpsat", "--no-prune", "--jobs", "1",
      "--workers", "1");
  private static final int POINTS = 4;
  private static final List<Integer> GREEDY = List.of(1, 2, 3);
  private static final int SEARCH = 4;

  private static String[] sweep(String... more) {
    List<String> args = new ArrayList<>(SWEEP);
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Waits until {@code points.json} holds {@code count} rows (180 s guard against a hang, not a timing). */
  private static void awaitRows(ChildJvm child, Path dir, int count) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < end) {
      // The file is replaced by an atomic move: it is absent or whole, never half written.
      if (Files.exists(dir.resolve("points.json"))) {
        if (Resume.read(dir).size() >= count) {
          return;
        }
      }
      assertTrue(child.alive(), "the sweep ended before it was interrupted:\n" + child.errText());
      Thread.sleep(20);
    }
    throw new AssertionError("points.json never held " + count + " points:\n" + child.errText());
  }

  private static Map<Integer, PointResult> byId(List<PointResult> rows) {
    return rows.stream().collect(Collectors.toMap(PointResult::id, Function.identity(), (a, b) -> {
      throw new AssertionError("two rows for point " + a.id());
    }, TreeMap::new));
  }

  private static List<PointResult> points(Cli.Outcome o) throws Exception {
    assertEquals(0, o.code(), o.err());
    return List.of(JSON.readValue(o.out(), PointResult[].class));
  }

  /**
   * A point's problem and objective: what makes it the same point in two sweeps. (The scheduler is a
   * greedy point's own; a search that found nothing in its time reports its warm start's.)
   */
  private static List<Object> inputs(PointResult r) {
    return List.of(r.id(), r.workload(), r.hardware(), r.tiling(), r.fuse(), r.objective());
  }

  /** A greedy point's scheduler and checked result: the same in every run of the same point. */
  private static List<Object> checked(PointResult r) {
    return List.of(r.scheduler(), r.status(), r.valid(), r.latencyCycles(), r.energyPj(), r.edp(),
        r.peakMemoryBits());
  }

  @Test
  void aSweepStoppedByCtrlCAndResumedHasTheUninterruptedSweepsPoints(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sweep");
    ChildJvm child = new ChildJvm(sweep("--time-limit", "600", "--out", out.toString()));
    awaitRows(child, out, GREEDY.size());
    child.interrupt();
    int code = child.exit();
    String err = child.errText();
    assertEquals(130, code, err);
    assertFalse(err.contains("Exception") || child.out().contains("Exception"), err);

    // What the stopped sweep kept: its finished greedy points, each a whole row with checked figures.
    Map<Integer, PointResult> kept = byId(Resume.read(out));
    assertEquals(GREEDY, List.copyOf(kept.keySet()), kept.toString());
    for (PointResult r : kept.values()) {
      assertEquals("heuristic", r.status(), r.toString());
      assertTrue(r.valid(), r.toString());
      assertNotNull(r.latencyCycles(), r.toString());
      assertNotNull(r.energyPj(), r.toString());
      assertNotNull(r.edp(), r.toString());
      assertNotNull(r.peakMemoryBits(), r.toString());
    }

    // Here the searches stop once their gap is below 99 % (at about their first schedule): --gap and
    // --time-limit are settings of the sweep, not part of a point. 60 s only guards against one that never stops.
    Map<Integer, PointResult> resumed = byId(points(Cli.run(sweep("--gap", "0.99", "--time-limit", "60", "--json",
        "--resume", out.toString()))));
    Map<Integer, PointResult> whole = byId(points(Cli.run(sweep("--gap", "0.99", "--time-limit", "60", "--json"))));
    assertEquals(POINTS, whole.size());
    assertEquals(whole.values().stream().map(ExploreInterruptTest::inputs).toList(),
        resumed.values().stream().map(ExploreInterruptTest::inputs).toList());
    for (int id : GREEDY) {
      assertEquals(checked(whole.get(id)), checked(resumed.get(id)), "point " + id);
      // Kept, not evaluated again: the stopped run's own wall time.
      assertEquals(kept.get(id).wallTimeS(), resumed.get(id).wallTimeS(), 0, "point " + id);
    }
    for (PointResult search : List.of(resumed.get(SEARCH), whole.get(SEARCH))) {
      assertTrue(search.scheduler().equals("cpsat") || search.status().equals("heuristic"), search.toString());
      assertTrue(search.valid(), search.toString());
    }
    // The resumed sweep's files hold all of it.
    assertEquals(resumed.values().stream().map(ExploreInterruptTest::inputs).toList(),
        Resume.read(out).stream().map(ExploreInterruptTest::inputs).toList());
  }
}
