package org.laminar.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Validates an {@link IrSolution} against every constraint of its {@link IrProblem}, replaying it
 * directly from the problem's definition (no solver code), and computes its makespan and energy.
 * Checked: modes and presence (mandatory tasks run, tasks with triggers run exactly in their
 * triggered mode), forbidden conditions, non-negative starts, time windows, precedences, the load
 * of every unary and renewable resource (a usage for its whole task or its prefix) and the
 * occupancy of every storage resource at every cycle.
 */
public final class IrChecker {
  private IrChecker() {}

  /** An occupation of a resource: {@code amount} units over {@code [start, end)}. */
  private record Occupation(String who, long start, long end, long amount) {}

  /** Checks {@code solution}; the result lists every violation found. */
  public static IrCheckResult check(IrProblem problem, IrSolution solution) {
    List<String> violations = new ArrayList<>();
    if (solution.modes().size() != problem.size()) {
      violations.add(String.format("%s: solution has %s tasks, the problem %s", problem.name(),
          solution.modes().size(), problem.size()));
      return new IrCheckResult(violations, 0, 0);
    }
    checkModes(problem, solution, violations);
    if (!violations.isEmpty()) {
      return new IrCheckResult(violations, 0, 0);
    }
    for (Condition c : problem.forbidden()) {
      if (c.holds(solution.modes())) {
        violations.add(String.format("%s: the modes satisfy a forbidden condition %s", problem.name(), c.anyOf()));
      }
    }
    checkWindows(problem, solution, violations);
    checkPrecedences(problem, solution, violations);
    checkResources(problem, solution, violations);
    checkBuffers(problem, solution, violations);
    return new IrCheckResult(violations, solution.makespan(problem), solution.energyPj(problem));
  }

  private static void checkModes(IrProblem problem, IrSolution solution, List<String> violations) {
    for (int t = 0; t < problem.size(); t++) {
      Task task = problem.tasks().get(t);
      int mode = solution.modes().get(t);
      if (mode < IrSolution.ABSENT || mode >= task.modes().size()) {
        violations.add(String.format("task %s: mode %s does not exist", task.name(), mode));
        continue;
      }
      if (!task.isOptional() && mode == IrSolution.ABSENT) {
        violations.add(String.format("task %s is mandatory but absent", task.name()));
      } else if (task.hasTriggers()) {
        checkTriggers(task, mode, solution, violations);
      }
      if (mode != IrSolution.ABSENT && solution.starts().get(t) < 0) {
        violations.add(String.format("task %s starts at negative cycle %s", task.name(), solution.starts().get(t)));
      }
    }
  }

  /** A task with triggers runs exactly in the one mode whose trigger holds, or is absent if optional. */
  private static void checkTriggers(Task task, int mode, IrSolution solution, List<String> violations) {
    List<Integer> triggered = new ArrayList<>();
    for (int m = 0; m < task.modes().size(); m++) {
      if (task.triggers().get(m).holds(solution.modes())) {
        triggered.add(m);
      }
    }
    int expected = triggered.isEmpty() ? IrSolution.ABSENT : triggered.get(0);
    if (triggered.size() > 1) {
      violations.add(String.format("task %s: the triggers of modes %s hold together", task.name(), triggered));
    } else if (!task.isOptional() && triggered.isEmpty()) {
      violations.add(String.format("task %s is mandatory but none of its triggers holds", task.name()));
    } else if (mode != expected) {
      violations.add(String.format("task %s runs in mode %s but its triggers select %s", task.name(),
          modeName(task, mode), modeName(task, expected)));
    }
  }

  private static String modeName(Task task, int mode) {
    return mode == IrSolution.ABSENT ? "absent" : task.modes().get(mode).name();
  }

  private static void checkWindows(IrProblem problem, IrSolution solution, List<String> violations) {
    for (TimeWindow w : problem.windows()) {
      if (solution.isPresent(w.task()) && (solution.starts().get(w.task()) < w.earliestStart()
          || solution.end(problem, w.task()) > w.latestEnd())) {
        violations.add(String.format("task %s runs [%s,%s), outside its window [%s,%s]", name(problem, w.task()),
            solution.starts().get(w.task()), solution.end(problem, w.task()), w.earliestStart(), w.latestEnd()));
      }
    }
  }

  private static void checkPrecedences(IrProblem problem, IrSolution solution, List<String> violations) {
    for (Precedence p : problem.precedences()) {
      if (!solution.isPresent(p.before()) || !solution.isPresent(p.after()) || !p.when().holds(solution.modes())) {
        continue;
      }
      long earliest = solution.end(problem, p.before()) + p.minLag();
      long start = solution.starts().get(p.after());
      if (start < earliest) {
        violations.add(String.format("precedence %s -> %s: %s starts at cycle %s, before cycle %s (end %s + lag %s)",
            name(problem, p.before()), name(problem, p.after()), name(problem, p.after()), start, earliest,
            solution.end(problem, p.before()), p.minLag()));
      }
    }
  }

  private static String name(IrProblem problem, int task) {
    return problem.tasks().get(task).name();
  }

  private static void checkResources(IrProblem problem, IrSolution solution, List<String> violations) {
    List<List<Occupation>> occupations = emptyLists(problem.resources().size());
    for (int t = 0; t < problem.size(); t++) {
      if (!solution.isPresent(t)) {
        continue;
      }
      Mode mode = problem.tasks().get(t).modes().get(solution.modes().get(t));
      long start = solution.starts().get(t);
      for (Usage u : mode.usages()) {
        occupations.get(u.resource()).add(new Occupation(name(problem, t), start,
            start + u.length(solution.end(problem, t) - start), u.amount()));
      }
    }
    checkProfiles(problem, occupations, violations);
  }

  private static void checkBuffers(IrProblem problem, IrSolution solution, List<String> violations) {
    List<List<Occupation>> occupations = emptyLists(problem.resources().size());
    for (int b = 0; b < problem.buffers().size(); b++) {
      if (solution.hasBuffer(problem, b)) {
        Buffer buffer = problem.buffers().get(b);
        occupations.get(buffer.resource()).add(new Occupation("buffer " + buffer.name(),
            solution.starts().get(buffer.from()), solution.bufferEnd(problem, b), buffer.bits()));
      }
    }
    checkProfiles(problem, occupations, violations);
  }

  private static List<List<Occupation>> emptyLists(int n) {
    List<List<Occupation>> lists = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }

  /**
   * The load only rises at a start, so checking at every start cycle covers every cycle. One sweep
   * over starts and ends per resource: schedules of thousands of tiles put thousands of tasks on
   * one core or DRAM port.
   */
  private static void checkProfiles(IrProblem problem, List<List<Occupation>> occupations, List<String> violations) {
    for (int r = 0; r < occupations.size(); r++) {
      Resource resource = problem.resources().get(r);
      List<Occupation> byStart = occupations.get(r).stream().filter(o -> o.end() > o.start())
          .sorted(Comparator.comparingLong(Occupation::start)).toList();
      List<Occupation> byEnd = byStart.stream().sorted(Comparator.comparingLong(Occupation::end)).toList();
      long load = 0;
      int ended = 0;
      for (int i = 0; i < byStart.size(); ) {
        long cycle = byStart.get(i).start();
        for (; i < byStart.size() && byStart.get(i).start() == cycle; i++) {
          load += byStart.get(i).amount();
        }
        for (; ended < byEnd.size() && byEnd.get(ended).end() <= cycle; ended++) {
          load -= byEnd.get(ended).amount();
        }
        if (load > resource.capacity()) {
          violations.add(String.format("resource %s: load %s exceeds capacity %s at cycle %s (%s)", resource.name(),
              load, resource.capacity(), cycle, byStart.stream().filter(a -> a.start() <= cycle && cycle < a.end())
                  .map(a -> a.who() + " [" + a.start() + "," + a.end() + ")").collect(Collectors.joining(", "))));
        }
      }
    }
  }
}
