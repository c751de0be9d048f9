package org.laminar.lns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.laminar.TopologicalOrder;
import org.laminar.ir.Buffer;
import org.laminar.ir.Hold;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.Precedence;
import org.laminar.ir.TimeWindow;
import org.laminar.ir.Usage;

/**
 * The order of a valid solution of an {@link IrProblem}, its modes kept, as a graph of
 * difference constraints {@code value(v) >= value(u) + w} (a task's value is its start, cycles):
 * every precedence that applies, and on every resource and every storage resource, each pair of
 * occupations that did not overlap stays in its order (the one that ended no later than the other
 * started still does). A task occupies a resource over {@code [start, end)}, or over {@code
 * [start, start + cycles)} for a prefix usage ({@link Usage#length}); a buffer from its producer's
 * start to its last hold's end.
 *
 * <p>Why that keeps every capacity: occupations that overlap pairwise share a cycle (intervals
 * on a line), and a set that overlaps pairwise in a schedule of this graph overlapped pairwise in
 * the solution it came from, where their load fitted. So every schedule satisfying the graph, with
 * the same modes, is valid when the original one is; the earliest one ({@link #earliestStarts}) is
 * the solution shifted left as far as the order allows, never later than it.
 *
 * <p>The pairs are not listed one by one: per resource the occupations are sorted by end, a chain
 * of auxiliary nodes carries the latest end so far, and each occupation starts after the chain's
 * node for those that ended by its start — linear in the occupations, not quadratic.
 */
final class OrderGraph {
  private final int tasks;
  private final long[] release;
  private final long[] ownDuration;
  private final int[][] out;
  private final long[][] weights;

  private OrderGraph(int tasks, long[] release, long[] ownDuration, int[][] out, long[][] weights) {
    this.tasks = tasks;
    this.release = release;
    this.ownDuration = ownDuration;
    this.out = out;
    this.weights = weights;
  }

  /**
   * An occupation over {@code [start, end)}: starts with {@code startTask}, ends with the latest
   * of {@code endTasks[i]}'s start plus {@code lengths[i]} (cycles; a task's duration, or a
   * prefix usage's length).
   */
  private record Occupation(int startTask, int[] endTasks, long[] lengths, long start, long end) {}

  /** The graph of {@code solution}, a valid solution of {@code problem}. */
  static OrderGraph of(IrProblem problem, IrSolution solution) {
    int n = problem.size();
    long[] duration = new long[n];
    for (int t = 0; t < n; t++) {
      duration[t] = solution.isPresent(t) ? solution.end(problem, t) - solution.starts().get(t) : 0;
    }
    Edges edges = new Edges(n);
    for (Precedence p : problem.precedences()) {
      if (solution.isPresent(p.before()) && solution.isPresent(p.after()) && p.when().holds(solution.modes())) {
        edges.add(p.before(), p.after(), duration[p.before()] + p.minLag());
      }
    }
    List<List<Occupation>> byResource = new ArrayList<>();
    problem.resources().forEach(r -> byResource.add(new ArrayList<>()));
    for (int t = 0; t < n; t++) {
      if (!solution.isPresent(t) || duration[t] == 0) {
        continue;
      }
      Mode mode = problem.tasks().get(t).modes().get(solution.modes().get(t));
      long start = solution.starts().get(t);
      for (Usage u : mode.usages()) {
        // A prefix usage holds its resource over [start, start + cycles) only. Taken as the whole
        // task, two streams that followed each other during the first tile's compute would look
        // overlapping, get no order, and the shift could then make them overlap for real.
        long length = u.length(duration[t]);
        byResource.get(u.resource()).add(new Occupation(t, new int[] {t}, new long[] {length}, start,
            start + length));
      }
    }
    for (int b = 0; b < problem.buffers().size(); b++) {
      Buffer buffer = problem.buffers().get(b);
      if (!solution.hasBuffer(problem, b)) {
        continue;
      }
      long start = solution.starts().get(buffer.from());
      long end = solution.bufferEnd(problem, b);
      if (end > start) {
        List<Integer> ends = new ArrayList<>(List.of(buffer.from()));
        for (Hold h : buffer.until()) {
          if (solution.isPresent(h.task()) && h.when().holds(solution.modes())) {
            ends.add(h.task());
          }
        }
        int[] endTasks = ends.stream().mapToInt(Integer::intValue).toArray();
        long[] lengths = Arrays.stream(endTasks).mapToLong(t -> duration[t]).toArray();
        byResource.get(buffer.resource()).add(new Occupation(buffer.from(), endTasks, lengths, start, end));
      }
    }
    for (List<Occupation> occupations : byResource) {
      edges.order(occupations);
    }
    long[] release = new long[edges.nodes];
    for (TimeWindow w : problem.windows()) {
      release[w.task()] = w.earliestStart();
    }
    long[] own = Arrays.copyOf(duration, edges.nodes);
    return edges.freeze(n, release, own);
  }

  /**
   * The earliest start of every task under the graph (absent tasks keep {@code solution}'s), or
   * empty when the graph has a cycle (only tasks of zero duration at one cycle can close one).
   */
  Optional<IrSolution> earliestStarts(IrSolution solution) {
    Optional<int[]> order = topologicalOrder();
    if (order.isEmpty()) {
      return Optional.empty();
    }
    long[] value = release.clone();
    for (int u : order.get()) {
      for (int i = 0; i < out[u].length; i++) {
        value[out[u][i]] = Math.max(value[out[u][i]], value[u] + weights[u][i]);
      }
    }
    List<Long> starts = new ArrayList<>(solution.starts());
    for (int t = 0; t < tasks; t++) {
      if (solution.isPresent(t)) {
        starts.set(t, value[t]);
      }
    }
    return Optional.of(new IrSolution(solution.modes(), starts));
  }

  /**
   * Per task, the longest path from its start to the end of the schedule along the graph: its
   * own duration, or what follows it in the kept order (cycles; 0 for absent tasks). An upper
   * bound on how long after a task's start a left-shifted schedule still runs. Empty when the
   * graph has a cycle.
   */
  Optional<long[]> tails() {
    Optional<int[]> order = topologicalOrder();
    if (order.isEmpty()) {
      return Optional.empty();
    }
    long[] tail = ownDuration.clone();
    int[] o = order.get();
    for (int k = o.length - 1; k >= 0; k--) {
      int u = o[k];
      for (int i = 0; i < out[u].length; i++) {
        tail[u] = Math.max(tail[u], weights[u][i] + tail[out[u][i]]);
      }
    }
    return Optional.of(Arrays.copyOf(tail, tasks));
  }

  private Optional<int[]> topologicalOrder() {
    int[] order = TopologicalOrder.firstReadyFirst(out);
    return order.length == out.length ? Optional.of(order) : Optional.empty();
  }

  /** Edges collected per node, then frozen into arrays. */
  private static final class Edges {
    private final List<List<long[]>> lists = new ArrayList<>();
    private int nodes;

    Edges(int tasks) {
      for (int t = 0; t < tasks; t++) {
        node();
      }
    }

    private int node() {
      lists.add(new ArrayList<>());
      return nodes++;
    }

    void add(int from, int to, long weight) {
      lists.get(from).add(new long[] {to, weight});
    }

    /**
     * Keeps the order of the occupations of one resource: auxiliary node {@code P_i} is at least
     * the end of the {@code i} earliest-ending occupations, and an occupation starts after the
     * node of those that ended by its start.
     */
    void order(List<Occupation> occupations) {
      if (occupations.size() < 2) {
        return;
      }
      List<Occupation> byEnd = new ArrayList<>(occupations);
      byEnd.sort(Comparator.comparingLong(Occupation::end).thenComparingInt(Occupation::startTask));
      long[] ends = byEnd.stream().mapToLong(Occupation::end).toArray();
      int[] chain = new int[byEnd.size()];
      for (int i = 0; i < byEnd.size(); i++) {
        chain[i] = node();
        if (i > 0) {
          add(chain[i - 1], chain[i], 0);
        }
        Occupation o = byEnd.get(i);
        for (int k = 0; k < o.endTasks().length; k++) {
          add(o.endTasks()[k], chain[i], o.lengths()[k]);
        }
      }
      for (Occupation o : occupations) {
        int ended = upperBound(ends, o.start());
        if (ended > 0) {
          add(chain[ended - 1], o.startTask(), 0);
        }
      }
    }

    /** The number of values in the sorted {@code values} that are {@code <= key}. */
    private static int upperBound(long[] values, long key) {
      int lo = 0;
      int hi = values.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (values[mid] <= key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    OrderGraph freeze(int tasks, long[] release, long[] own) {
      int[][] out = new int[nodes][];
      long[][] weights = new long[nodes][];
      for (int v = 0; v < nodes; v++) {
        List<long[]> list = lists.get(v);
        out[v] = new int[list.size()];
        weights[v] = new long[list.size()];
        for (int i = 0; i < list.size(); i++) {
          out[v][i] = (int) list.get(i)[0];
          weights[v][i] = list.get(i)[1];
        }
      }
      return new OrderGraph(tasks, release, own, out, weights);
    }
  }
}
