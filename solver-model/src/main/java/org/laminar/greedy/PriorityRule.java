package org.laminar.greedy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.laminar.ir.IrProblem;
import org.laminar.ir.Precedence;

/**
 * The one hook in which serial schedule-generation variants differ: a priority per task, the
 * lowest scheduled first among eligible tasks (ties by index). The classic RCPSP rules (Kolisch,
 * "Serial and parallel resource-constrained project scheduling methods revisited", EJOR 1996).
 */
public enum PriorityRule {
  /** Latest finish time from a backward pass without resources. */
  LATEST_FINISH {
    @Override
    double[] priorities(IrProblem problem, long[] durations) {
      long[] latestStart = latestStarts(problem, durations);
      return IntStream.range(0, durations.length).mapToDouble(t -> latestStart[t] + durations[t]).toArray();
    }
  },
  /** Latest start time from a backward pass without resources. */
  LATEST_START {
    @Override
    double[] priorities(IrProblem problem, long[] durations) {
      return Arrays.stream(latestStarts(problem, durations)).asDoubleStream().toArray();
    }
  },
  /** Most total successors (transitively) first. */
  MOST_SUCCESSORS {
    @Override
    double[] priorities(IrProblem problem, long[] durations) {
      List<List<Integer>> successors = successors(problem);
      double[] p = new double[durations.length];
      for (int t = 0; t < p.length; t++) {
        p[t] = -reachable(successors, t);
      }
      return p;
    }
  },
  /** Greatest rank positional weight: own duration plus the immediate successors' durations. */
  RANK_POSITIONAL_WEIGHT {
    @Override
    double[] priorities(IrProblem problem, long[] durations) {
      double[] p = new double[durations.length];
      for (int t = 0; t < p.length; t++) {
        p[t] = -durations[t];
      }
      for (Precedence q : problem.precedences()) {
        p[q.before()] -= durations[q.after()];
      }
      return p;
    }
  };

  /**
   * Priorities per task (lower first).
   *
   * @param durations duration of each task in its chosen mode, 0 when absent (cycles)
   */
  abstract double[] priorities(IrProblem problem, long[] durations);

  private static long[] latestStarts(IrProblem problem, long[] durations) {
    long horizon = 0;
    for (long d : durations) {
      horizon += d;
    }
    horizon += problem.precedences().stream().mapToLong(Precedence::minLag).sum();
    long[] latestStart = new long[durations.length];
    List<Integer> order = problem.topologicalOrder();
    List<List<Precedence>> out = new ArrayList<>();
    for (int t = 0; t < durations.length; t++) {
      out.add(new ArrayList<>());
    }
    problem.precedences().forEach(q -> out.get(q.before()).add(q));
    for (int i = order.size() - 1; i >= 0; i--) {
      int t = order.get(i);
      long latestFinish = horizon;
      for (Precedence q : out.get(t)) {
        latestFinish = Math.min(latestFinish, latestStart[q.after()] - q.minLag());
      }
      latestStart[t] = latestFinish - durations[t];
    }
    return latestStart;
  }

  private static List<List<Integer>> successors(IrProblem problem) {
    List<List<Integer>> successors = new ArrayList<>();
    for (int t = 0; t < problem.size(); t++) {
      successors.add(new ArrayList<>());
    }
    problem.precedences().forEach(q -> successors.get(q.before()).add(q.after()));
    return successors;
  }

  private static int reachable(List<List<Integer>> successors, int from) {
    boolean[] seen = new boolean[successors.size()];
    List<Integer> stack = new ArrayList<>(successors.get(from));
    int count = 0;
    while (!stack.isEmpty()) {
      int t = stack.remove(stack.size() - 1);
      if (!seen[t]) {
        seen[t] = true;
        count++;
        stack.addAll(successors.get(t));
      }
    }
    return count;
  }
}
