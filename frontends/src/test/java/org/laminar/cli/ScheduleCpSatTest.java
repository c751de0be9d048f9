package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.laminar.cli.Cli.Outcome;

/** {@code laminar schedule --scheduler cpsat} and its options. */
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
