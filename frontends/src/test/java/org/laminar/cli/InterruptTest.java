package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on {@code laminar schedule}, in a child JVM sent SIGINT: before any schedule exists it
 * says so; after the exact search's first incumbent it prints the checked schedules it has. The
 * exit code is the JVM's for SIGINT, 130. (When the signal lands does not change what is asserted.)
 */
class InterruptTest {
  @Test
  void ctrlCAtOneSecondReportsWhatExistsOrThatNothingWasComputed() throws Exception {
    ChildJvm child = new ChildJvm("schedule", "--workload", "resnet18", "--hardware", "quad-core", "--scheduler", "cpsat",
        "--workers", "1", "--time-limit", "60");
    Thread.sleep(1000);
    child.interrupt();
    int code = child.exit();
    String out = child.out();
    String err = child.errText();

    assertEquals(130, code, err);
    assertFalse(err.contains("Exception") || out.contains("Exception"), err);
    if (err.isEmpty()) {
      // On a loaded machine the JVM may still be starting at 1 s: the signal ends it before the
      // command began, with nothing computed and nothing printed.
      assertEquals("", out);
    } else if (err.contains("nothing to report")) {
      assertEquals("laminar: interrupted before any schedule was computed; nothing to report", err);
      assertEquals("", out);
    } else {
      assertTrue(out.contains("cpsat ") && out.contains(" yes "), out);
    }
  }

  @Test
  void ctrlCAfterTheFirstIncumbentPrintsTheCheckedBestSchedule() throws Exception {
    // chain5 on hetero-quad takes CP-SAT on one worker far longer to prove than to find a schedule.
    ChildJvm child = new ChildJvm("schedule", "--scheduler", "cpsat", "--workers", "1", "--time-limit", "600");
    assertTrue(child.awaitErr("incumbent", 120), child.errText());
    child.interrupt();
    int code = child.exit();
    String out = child.out();
    String err = child.errText();

    assertEquals(130, code, err);
    assertTrue(err.contains("laminar: interrupted; reporting the schedules found so far"), err);
    String row = out.lines().filter(l -> l.startsWith("cpsat ")).findFirst().orElseThrow(() -> new AssertionError(out));
    assertTrue(row.matches("cpsat +(feasible|optimal) +yes .*"), row);
    assertFalse(err.contains("Exception"), err);
  }
}
