package org.laminar.lns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.laminar.ir.Condition;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Precedence;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Task;
import org.laminar.ir.Usage;

/**
 * The IR problem of one step of the search: the full problem, where every task outside a
 * neighbourhood keeps the incumbent's choices and its order on each unary resource.
 *
 * <ul>
 *   <li>a free mode choice outside the neighbourhood is fixed to the incumbent's mode (the other
 *       modes are forbidden); with the neighbourhood closed as {@link
 *       org.laminar.exact.TileModel#tasksOf} closes it, the modes and presence of every task
 *       outside it follow;
 *   <li>on each unary resource, the present tasks outside the neighbourhood run in the incumbent's
 *       order: a precedence from each to the next. Their start times stay free, so whatever the
 *       neighbourhood gains moves everything after it forward;
 *   <li>precedences that can no longer apply (an endpoint fixed absent, or a condition over fixed
 *       modes that is false) are dropped: they constrain nothing, and the order precedences above
 *       may close a cycle with them in the IR's condition-blind acyclicity check.
 * </ul>
 *
 * Every solution of the restricted problem is a solution of the full one, and the incumbent is a
 * solution of the restricted one (a complete hint).
 */
final class Restriction {
  private Restriction() {
  }

  /**
   * The restriction of {@code problem} around {@code incumbent} with the tasks {@code free} left
   * free.
   *
   * @throws IllegalArgumentException if the precedences close a cycle (the caller skips the step)
   */
  static IrProblem of(IrProblem problem, IrSolution incumbent, Set<Integer> free) {
    List<Condition> forbidden = new ArrayList<>(problem.forbidden());
    for (int t = 0; t < problem.size(); t++) {
      Task task = problem.tasks().get(t);
      if (free.contains(t) || task.hasTriggers() || task.modes().size() == 1) {
        continue;
      }
      List<ModeRef> others = new ArrayList<>();
      for (int m = 0; m < task.modes().size(); m++) {
        if (m != incumbent.modes().get(t)) {
          others.add(new ModeRef(t, m));
        }
      }
      forbidden.add(Condition.anyMode(others));
    }
    List<Precedence> precedences = new ArrayList<>();
    for (Precedence p : problem.precedences()) {
      boolean absent = fixedAbsent(p.before(), incumbent, free) || fixedAbsent(p.after(), incumbent, free);
      boolean fixedFalse = p.when().refs().stream().noneMatch(r -> free.contains(r.task()))
          && !p.when().holds(incumbent.modes());
      if (!absent && !fixedFalse) {
        precedences.add(p);
      }
    }
    precedences.addAll(resourceOrder(problem, incumbent, free));
    return new IrProblem(problem.name(), problem.resources(), problem.tasks(), precedences, problem.buffers(),
        forbidden, problem.windows());
  }

  private static boolean fixedAbsent(int task, IrSolution incumbent, Set<Integer> free) {
    return !free.contains(task) && !incumbent.isPresent(task);
  }

  /**
   * Per unary resource, a precedence between consecutive present fixed tasks of positive duration
   * that use it for their whole run. A task that uses it for a prefix only (a tile's weight stream
   * on the DRAM port) is left out: an end-to-start precedence would hold the resource for its whole
   * run, which the incumbent need not satisfy.
   */
  private static List<Precedence> resourceOrder(IrProblem problem, IrSolution incumbent, Set<Integer> free) {
    List<List<Integer>> byResource = new ArrayList<>();
    problem.resources().forEach(r -> byResource.add(new ArrayList<>()));
    for (int t = 0; t < problem.size(); t++) {
      if (free.contains(t) || !incumbent.isPresent(t) || incumbent.end(problem, t) == incumbent.starts().get(t)) {
        continue;
      }
      for (Usage u : problem.tasks().get(t).modes().get(incumbent.modes().get(t)).usages()) {
        if (problem.resources().get(u.resource()).kind() == ResourceKind.UNARY && u.isWhole()) {
          byResource.get(u.resource()).add(t);
        }
      }
    }
    List<Precedence> order = new ArrayList<>();
    for (List<Integer> tasks : byResource) {
      tasks.sort(Comparator.<Integer>comparingLong(t -> incumbent.starts().get(t)).thenComparingInt(t -> t));
      for (int i = 1; i < tasks.size(); i++) {
        order.add(Precedence.of(tasks.get(i - 1), tasks.get(i)));
      }
    }
    return order;
  }
}
