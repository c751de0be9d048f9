package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code laminar schedule --scheduler cpsat} and its options. */
class ScheduleCpSatTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Laminar.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void provesTheOptimumOfASmallNetworkAndReportsItsBound() {
    int code = run("schedule", "--workload", "mbconv3", "--hardware", "quad-core", "--fuse", "all", "--scheduler",
        "cpsat", "--allocation", "tile", "--workers", "1", "--seed", "3", "--time-limit", "300");
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("cpsat     optimal    yes"), out.toString());
    assertTrue(out.toString().contains("within its model (allocation per tile), gap 0.0%"), out.toString());
    assertTrue(err.toString().contains("cpsat: time "), err.toString());
  }

  @Test
  void unknownObjectiveIsBadInput() {
    int code = run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "cpsat",
        "--objective", "speed");
    assertEquals(2, code);
    assertEquals("laminar: error: unknown objective 'speed'; expected latency, energy, edp, memory or latency,energy",
        err.toString().strip());
  }

  @Test
  void unknownAllocationIsBadInput() {
    int code = run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", "cpsat",
        "--allocation", "core");
    assertEquals(2, code);
    assertEquals("laminar: error: unknown allocation 'core'; expected layer or tile", err.toString().strip());
  }
}
