package org.laminar.greedy;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.Precedence;
import org.laminar.ir.Task;
import org.laminar.ir.Usage;

/**
 * The serial schedule-generation scheme: with the modes fixed, repeatedly take the eligible task
 * (all applicable predecessors placed) of lowest priority and start it at the earliest cycle that
 * respects its predecessors and the load of every unary and renewable resource it uses. For RCPSP
 * it yields an active schedule (Kolisch 1996). Tasks with triggers run in the mode their triggers
 * select. Buffers are not considered: on problems with storage the result may exceed a capacity,
 * which {@link IrChecker} reports.
 */
public final class SerialSgs {
  private SerialSgs() {}

  /** An occupation of a resource over {@code [start, end)}. */
  private record Occupation(long start, long end, long amount) {}

  /**
   * Schedules with {@code rule}, each task without triggers in its mode from
   * {@code mandatoryModes} (entries of tasks with triggers are ignored).
   */
  public static IrSolution schedule(IrProblem problem, PriorityRule rule, List<Integer> mandatoryModes) {
    checkArgument(mandatoryModes.size() == problem.size(), "%s: %s modes given for %s tasks", problem.name(),
        mandatoryModes.size(), problem.size());
    List<Integer> modes = resolveModes(problem, mandatoryModes);
    long[] durations = new long[problem.size()];
    for (int t = 0; t < durations.length; t++) {
      durations[t] = modes.get(t) == IrSolution.ABSENT ? 0 : problem.tasks().get(t).duration(modes.get(t), modes);
    }
    double[] priority = rule.priorities(problem, durations);
    List<List<Precedence>> incoming = new ArrayList<>();
    List<List<Precedence>> outgoing = new ArrayList<>();
    for (int t = 0; t < problem.size(); t++) {
      incoming.add(new ArrayList<>());
      outgoing.add(new ArrayList<>());
    }
    for (Precedence p : problem.precedences()) {
      if (modes.get(p.before()) != IrSolution.ABSENT && modes.get(p.after()) != IrSolution.ABSENT
          && p.when().holds(modes)) {
        incoming.get(p.after()).add(p);
        outgoing.get(p.before()).add(p);
      }
    }
    List<List<Occupation>> load = new ArrayList<>();
    problem.resources().forEach(r -> load.add(new ArrayList<>()));
    long[] starts = new long[problem.size()];
    int[] waitingFor = new int[problem.size()];
    TreeSet<Integer> eligible = new TreeSet<>(Comparator.<Integer>comparingDouble(t -> priority[t])
        .thenComparingInt(t -> t));
    for (int t = 0; t < problem.size(); t++) {
      waitingFor[t] = incoming.get(t).size();
      if (waitingFor[t] == 0) {
        eligible.add(t);
      }
    }
    while (!eligible.isEmpty()) {
      int t = eligible.pollFirst();
      if (modes.get(t) != IrSolution.ABSENT) {
        long earliest = 0;
        for (Precedence p : incoming.get(t)) {
          earliest = Math.max(earliest, starts[p.before()] + durations[p.before()] + p.minLag());
        }
        starts[t] = place(problem, mode(problem, t, modes), durations[t], earliest, load);
      }
      for (Precedence p : outgoing.get(t)) {
        if (--waitingFor[p.after()] == 0) {
          eligible.add(p.after());
        }
      }
    }
    List<Long> startList = Arrays.stream(starts).boxed().toList();
    return new IrSolution(modes, startList);
  }

  /**
   * The best schedule over all priority rules, each task in its shortest mode: the valid one (per
   * {@link IrChecker}) of least makespan, or empty when every rule breaks a storage capacity.
   */
  public static Optional<IrSolution> best(IrProblem problem) {
    List<Integer> shortest = problem.tasks().stream().map(SerialSgs::shortestMode).toList();
    IrSolution best = null;
    for (PriorityRule rule : PriorityRule.values()) {
      IrSolution s = schedule(problem, rule, shortest);
      if (IrChecker.check(problem, s).valid() && (best == null || s.makespan(problem) < best.makespan(problem))) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int shortestMode(Task task) {
    int best = 0;
    for (int m = 1; m < task.modes().size(); m++) {
      if (task.modes().get(m).duration() < task.modes().get(best).duration()) {
        best = m;
      }
    }
    return best;
  }

  private static Mode mode(IrProblem problem, int t, List<Integer> modes) {
    return problem.tasks().get(t).modes().get(modes.get(t));
  }

  /** Free modes as given; triggered modes resolved after the tasks their triggers refer to. */
  private static List<Integer> resolveModes(IrProblem problem, List<Integer> mandatoryModes) {
    Integer[] modes = new Integer[problem.size()];
    Arrays.fill(modes, IrSolution.ABSENT);
    for (int t : problem.triggerOrder()) {
      Task task = problem.tasks().get(t);
      if (!task.hasTriggers()) {
        int m = mandatoryModes.get(t);
        checkArgument(m >= 0 && m < task.modes().size(), "%s: task %s has no mode %s", problem.name(), task.name(),
            m);
        modes[t] = m;
        continue;
      }
      List<Integer> current = Arrays.asList(modes);
      for (int m = 0; m < task.modes().size(); m++) {
        if (task.triggers().get(m).holds(current)) {
          modes[t] = m;
          break;
        }
      }
    }
    return List.of(modes);
  }

  /**
   * The earliest start at or after {@code earliest} where the mode, lasting {@code duration}
   * cycles, fits every resource it uses, for as long as it uses it.
   */
  private static long place(IrProblem problem, Mode mode, long duration, long earliest,
      List<List<Occupation>> load) {
    if (duration == 0) {
      return earliest;
    }
    TreeSet<Long> candidates = new TreeSet<>(List.of(earliest));
    for (Usage u : mode.usages()) {
      load.get(u.resource()).stream().map(Occupation::end).filter(e -> e > earliest).forEach(candidates::add);
    }
    for (long start : candidates) {
      if (mode.usages().stream().allMatch(u -> fits(load.get(u.resource()), start, u.length(duration), u.amount(),
          problem.resources().get(u.resource()).capacity()))) {
        for (Usage u : mode.usages()) {
          load.get(u.resource()).add(new Occupation(start, start + u.length(duration), u.amount()));
        }
        return start;
      }
    }
    throw new IllegalStateException("no start fits after the last occupation: capacities were validated");
  }

  /** Whether {@code amount} more fits over {@code [start, start + duration)}. */
  private static boolean fits(List<Occupation> occupations, long start, long duration, long amount, long capacity) {
    long end = start + duration;
    List<Occupation> overlapping = occupations.stream().filter(o -> o.start() < end && start < o.end()).toList();
    // The load only rises where an occupation starts, so the window start and those starts suffice.
    List<Long> points = new ArrayList<>(List.of(start));
    overlapping.stream().map(Occupation::start).filter(s -> s > start).forEach(points::add);
    for (long p : points) {
      long used = overlapping.stream().filter(o -> o.start() <= p && p < o.end()).mapToLong(Occupation::amount).sum();
      if (used + amount > capacity) {
        return false;
      }
    }
    return true;
  }
}
