package org.laminar.bound;

import java.util.ArrayList;
import java.util.List;
import org.laminar.ir.IrProblem;
import org.laminar.ir.Precedence;
import org.laminar.ir.Resource;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Task;

/**
 * Cheap lower bounds on the makespan of an {@link IrProblem} (cycles), valid for every schedule.
 * Optional tasks may be absent, so they contribute nothing; conditional precedences are ignored.
 */
public final class IrBounds {
  private IrBounds() {}

  /** The best of the bounds below. */
  public static long makespan(IrProblem problem) {
    return Math.max(Math.max(criticalPath(problem), resourceWork(problem)), resourceWindows(problem));
  }

  /**
   * The longest chain of unconditional precedences between mandatory tasks, each in its shortest
   * mode, lags included.
   */
  public static long criticalPath(IrProblem problem) {
    long[] finish = new long[problem.size()];
    List<List<Precedence>> incoming = new ArrayList<>();
    for (int t = 0; t < problem.size(); t++) {
      incoming.add(new ArrayList<>());
    }
    for (Precedence p : problem.precedences()) {
      if (p.when().isTrue() && isMandatory(problem, p.before()) && isMandatory(problem, p.after())) {
        incoming.get(p.after()).add(p);
      }
    }
    long longest = 0;
    for (int t : problem.topologicalOrder()) {
      if (!isMandatory(problem, t)) {
        continue;
      }
      long start = 0;
      for (Precedence p : incoming.get(t)) {
        start = Math.max(start, finish[p.before()] + p.minLag());
      }
      finish[t] = start + problem.tasks().get(t).minDuration();
      longest = Math.max(longest, finish[t]);
    }
    return longest;
  }

  /**
   * For each unary or renewable resource: the work that mandatory tasks must put on it whatever
   * their mode (cycles used × amount, least over modes, 0 if some mode avoids it) divided by its
   * capacity, rounded up; the largest such value.
   */
  public static long resourceWork(IrProblem problem) {
    long best = 0;
    for (int r = 0; r < problem.resources().size(); r++) {
      Resource resource = problem.resources().get(r);
      if (resource.kind() == ResourceKind.STORAGE || resource.capacity() == 0) {
        continue;
      }
      long work = 0;
      for (Task task : problem.tasks()) {
        if (!task.isOptional()) {
          int index = r;
          work += task.modes().stream().mapToLong(m -> m.workOn(index)).min().orElse(0);
        }
      }
      best = Math.max(best, (work + resource.capacity() - 1) / resource.capacity());
    }
    return best;
  }

  /**
   * For each unary or renewable resource: the {@link Windows window bound} of the mandatory
   * tasks' least work on it (cycles used × amount, least over modes) with their heads and tails along
   * the unconditional precedences between mandatory tasks (each task in its shortest mode, lags
   * included), the capacity as the number of machines: a task's work lies inside {@code [head,
   * makespan − tail]}, and the resource does at most its capacity of work per cycle. It is at least
   * {@link #resourceWork}'s value when every head is 0; the largest such value.
   */
  public static long resourceWindows(IrProblem problem) {
    int n = problem.size();
    List<List<Precedence>> incoming = new ArrayList<>();
    List<List<Precedence>> outgoing = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      incoming.add(new ArrayList<>());
      outgoing.add(new ArrayList<>());
    }
    for (Precedence p : problem.precedences()) {
      if (p.when().isTrue() && isMandatory(problem, p.before()) && isMandatory(problem, p.after())) {
        incoming.get(p.after()).add(p);
        outgoing.get(p.before()).add(p);
      }
    }
    List<Integer> order = problem.topologicalOrder();
    long[] head = new long[n];
    for (int t : order) {
      for (Precedence p : incoming.get(t)) {
        head[t] = Math.max(head[t], head[p.before()] + problem.tasks().get(p.before()).minDuration() + p.minLag());
      }
    }
    long[] tail = new long[n];
    for (int i = order.size() - 1; i >= 0; i--) {
      int t = order.get(i);
      for (Precedence p : outgoing.get(t)) {
        tail[t] = Math.max(tail[t], p.minLag() + problem.tasks().get(p.after()).minDuration() + tail[p.after()]);
      }
    }
    long best = 0;
    for (int r = 0; r < problem.resources().size(); r++) {
      Resource resource = problem.resources().get(r);
      if (resource.kind() == ResourceKind.STORAGE || resource.capacity() == 0) {
        continue;
      }
      List<Windows.Job> jobs = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        Task task = problem.tasks().get(t);
        if (!task.isOptional()) {
          int index = r;
          long work = task.modes().stream().mapToLong(m -> m.workOn(index)).min().orElse(0);
          jobs.add(new Windows.Job(head[t], work, tail[t]));
        }
      }
      best = Math.max(best, Windows.bound(jobs, resource.capacity()));
    }
    return best;
  }

  private static boolean isMandatory(IrProblem problem, int task) {
    return !problem.tasks().get(task).isOptional();
  }
}
