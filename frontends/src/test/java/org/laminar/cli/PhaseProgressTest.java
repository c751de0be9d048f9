package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Phase progress on a hand-driven clock: what is printed when, in plain-line mode. */
class PhaseProgressTest {
  private final StringWriter err = new StringWriter();
  private long now;
  private final PhaseProgress progress = PhaseProgress.manual(new PrintWriter(err), () -> now);

  private void advance(double seconds) {
    now += (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    progress.tick();
  }

  @Test
  void quickPhasesPrintNothing() {
    progress.start("reading");
    advance(1.9);
    progress.start("tiling");
    advance(0.5);
    progress.close();
    assertEquals("", err.toString());
  }

  @Test
  void aLongPhaseIsReportedAfterTwoSecondsThenEveryFiveAndWhenItEnds() {
    progress.start("scheduling and checking: list");
    advance(1);
    advance(1);
    advance(4);
    advance(1);
    progress.start("next");
    assertEquals(String.join(System.lineSeparator(), "laminar: scheduling and checking: list, 2 s",
        "laminar: scheduling and checking: list, 7 s", "laminar: scheduling and checking: list, done in 7.0 s", ""),
        err.toString());
  }

  @Test
  void costingReportsThePairsDone() {
    progress.start("costing (12 tiles, 11 edges)");
    progress.costed(3, 8);
    advance(2.5);
    progress.costed(8, 8);
    progress.close();
    assertEquals(String.join(System.lineSeparator(),
        "laminar: costing (12 tiles, 11 edges): 3/8 (tile shape, core) pairs, 3 s",
        "laminar: costing (12 tiles, 11 edges): 8/8 (tile shape, core) pairs, done in 2.5 s", ""), err.toString());
  }
}
