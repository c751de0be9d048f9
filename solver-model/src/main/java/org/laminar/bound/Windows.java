package org.laminar.bound;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The window bound on the makespan of jobs with release times and tails on {@code m} identical
 * machines, or on a resource that does at most {@code m} units of work per cycle (cycles): for every set S of jobs, all of S runs inside {@code [min r(S), C − min
 * q(S)]}, so {@code C ≥ min r(S) + ⌈p(S) / m⌉ + min q(S)}. It suffices to try the sets {@code
 * {j : r_j ≥ a, q_j ≥ b}} over the releases a and tails b of the jobs. With {@code m = 1} this is
 * the value of Jackson's preemptive schedule, the optimum of the one-machine problem with
 * preemption (Carlier 1982); with {@code m > 1} it is the energetic bound of {@code P|r_j,q_j|Cmax}.
 * Time: O(distinct releases × jobs).
 */
final class Windows {
  private Windows() {}

  /**
   * A job: released at {@code release}, needs {@code cycles} on one machine, and leaves at least
   * {@code tail} cycles after it ends before the schedule can end.
   */
  record Job(long release, long cycles, long tail) {
    Job {
      checkArgument(release >= 0 && cycles >= 0 && tail >= 0, "job times must be >= 0, got r %s, p %s, q %s",
          release, cycles, tail);
    }
  }

  /** The window bound of {@code jobs} on {@code machines} identical machines (0 without jobs). */
  static long bound(List<Job> jobs, long machines) {
    checkArgument(machines >= 1, "machines must be >= 1, got %s", machines);
    List<Job> byTail = new ArrayList<>(jobs.stream().filter(j -> j.cycles() > 0).toList());
    byTail.sort(Comparator.comparingLong(Job::tail).reversed());
    TreeSet<Long> releases = new TreeSet<>();
    byTail.forEach(j -> releases.add(j.release()));
    long longestTail = byTail.isEmpty() ? 0 : byTail.get(0).tail();
    // Work released at or after each release, from the latest: no window from a can exceed
    // a + ⌈that work / m⌉ + the longest tail, so such releases are skipped.
    TreeMap<Long, Long> workFrom = new TreeMap<>();
    byTail.forEach(j -> workFrom.merge(j.release(), j.cycles(), Long::sum));
    long suffix = 0;
    for (Long a : workFrom.descendingKeySet()) {
      suffix += workFrom.get(a);
      workFrom.put(a, suffix);
    }
    long best = 0;
    for (long a : releases) {
      if (a + (workFrom.get(a) + machines - 1) / machines + longestTail <= best) {
        continue;
      }
      long work = 0;
      for (int i = 0; i < byTail.size(); i++) {
        Job j = byTail.get(i);
        if (j.release() >= a) {
          work += j.cycles();
        }
        boolean lastOfTail = i + 1 == byTail.size() || byTail.get(i + 1).tail() != j.tail();
        if (lastOfTail && work > 0) {
          best = Math.max(best, a + (work + machines - 1) / machines + j.tail());
        }
      }
    }
    return best;
  }
}
