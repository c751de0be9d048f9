package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.bound.Windows.Job;

class WindowsTest {

  @Test
  void oneMachineIsJacksonsPreemptiveSchedule() {
    // Preemptive Jackson: job 0 runs [0, 1); job 1 (tail 5) preempts it, [1, 3), ends with its tail
    // at 8; job 2 runs [3, 5) (tail 1: 6); job 0 resumes [5, 7). The set {job 1} from its release
    // gives 1 + 2 + 5 = 8.
    List<Job> jobs = List.of(new Job(0, 3, 0), new Job(1, 2, 5), new Job(2, 2, 1));
    assertEquals(8, Windows.bound(jobs, 1));
  }

  @Test
  void manyMachinesShareTheWorkOfAWindow() {
    // Four jobs of 3 and one of 1 with tail 10 on two machines: all 13 cycles from 0 need
    // ⌈13 / 2⌉ = 7; the short job alone needs 1 + 10 = 11.
    List<Job> jobs = List.of(new Job(0, 3, 0), new Job(0, 3, 0), new Job(0, 3, 0), new Job(0, 3, 0),
        new Job(0, 1, 10));
    assertEquals(11, Windows.bound(jobs, 2));
    // On one machine: 13 cycles from 0, the last leaving no tail: 13; or 1 + 10 = 11.
    assertEquals(13, Windows.bound(jobs, 1));
  }

  @Test
  void releasesAndTailsBothCount() {
    // Two jobs released at 5 with tails 4: 5 + 6 + 4 on one machine, 5 + 3 + 4 on two.
    List<Job> jobs = List.of(new Job(5, 3, 4), new Job(5, 3, 4), new Job(0, 1, 0));
    assertEquals(15, Windows.bound(jobs, 1));
    assertEquals(12, Windows.bound(jobs, 2));
    assertEquals(0, Windows.bound(List.of(), 3));
  }
}
