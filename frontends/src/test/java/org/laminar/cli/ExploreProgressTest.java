package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.laminar.explore.PointResult;

/** A sweep's progress line from fixed inputs, and when it is printed on a hand-driven clock. */
class ExploreProgressTest {

  @Test
  void theLineGivesTheRateTheTimeLeftAtThatRateAndTheBestSoFar() {
    // 12 of 72 points in 4 s: 3 points/s, 60 left: 20 s.
    assertEquals("laminar: explore: 12/72 points [#####                         ], 4 s, 3.00 points/s, ETA 20 s; "
        + "best latency 1,234,567 cc, energy 4.79e9 pJ, EDP 3.19e16",
        ExploreProgress.line(12, 72, 4, 60, 1_234_567, 4.79e9, 3.19e16, true));
    // The same with a 10 s limit: no point starts after it, 6 s left.
    assertEquals("laminar: explore: 12/72 points, 4 s, 3.00 points/s, ETA 6 s; best latency 1,234,567 cc, energy "
        + "4.79e9 pJ, EDP 3.19e16", ExploreProgress.line(12, 72, 4, 10, 1_234_567, 4.79e9, 3.19e16, false));
    assertEquals("laminar: explore: 0/8 points, 0 s, 0.00 points/s, ETA -",
        ExploreProgress.line(0, 8, 0, 60, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY, false));
    assertEquals("laminar: explore: 8/8 points [##############################], 10 s, 0.80 points/s, ETA 0 s; "
        + "best latency 950 cc, energy 3100 pJ, EDP 2.95e6",
        ExploreProgress.line(8, 8, 10, 60, 950, 3100, 2.945e6, true));
  }

  private long now;

  @Test
  void plainLinesComeAtMostEveryTwoSecondsAndForTheLastPointOfALongSweep() {
    StringWriter err = new StringWriter();
    ExploreProgress progress = new ExploreProgress(new PrintWriter(err), false, () -> now, 3, 60);
    advance(1);
    progress.accept(point(1, 100L));
    advance(1.5);
    progress.accept(point(2, null));
    advance(0.5);
    progress.accept(point(3, 80L));
    progress.close();
    assertEquals(String.join(System.lineSeparator(),
        "laminar: explore: 2/3 points, 3 s, 0.80 points/s, ETA 1 s; best latency 100 cc, energy 10 pJ, EDP 1000",
        "laminar: explore: 3/3 points, 3 s, 1.00 points/s, ETA 0 s; best latency 80 cc, energy 10 pJ, EDP 800", ""),
        err.toString());
  }

  private void advance(double seconds) {
    now += (long) (seconds * TimeUnit.SECONDS.toNanos(1));
  }

  /** Point {@code id}: a valid schedule of {@code latency} cycles and 10 pJ, or (null) an infeasible one. */
  private static PointResult point(int id, Long latency) {
    boolean valid = latency != null;
    return new PointResult(id, "chain3", "quad-core", "oy=2", "cache", "when-needed", "all", "heft", "-",
        valid ? "heuristic" : "infeasible", valid, latency, valid ? 10.0 : null, valid ? 10.0 * latency : null,
        valid ? 1L : null, null, null, null, null, null, null, 0.1, false, valid ? null : "does not fit");
  }

  @Test
  void onATerminalTheLineIsRedrawnForEveryPointAndEndedOnce() {
    StringWriter err = new StringWriter();
    ExploreProgress progress = new ExploreProgress(new PrintWriter(err), true, () -> now, 2, 60);
    advance(1);
    progress.accept(point(1, 100L));
    advance(1);
    progress.accept(point(2, 80L));
    progress.close();
    assertEquals("\rlaminar: explore: 1/2 points [###############               ], 1 s, 1.00 points/s, ETA 1 s; best "
        + "latency 100 cc, energy 10 pJ, EDP 1000   \rlaminar: explore: 2/2 points [##############################], "
        + "2 s, 1.00 points/s, ETA 0 s; best latency 80 cc, energy 10 pJ, EDP 800   " + System.lineSeparator(),
        err.toString());
  }
}
