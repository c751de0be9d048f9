package org.laminar.bound;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * A lower bound on the latency of every schedule the checker accepts (cycles): the optimum, or
 * CP-SAT's proven bound, of an aggregated assignment relaxation. Tiles with the same layer, the
 * same allowed cores, the same least cycles on each ({@link TileTimes#leastCycles}) and the same
 * head and tail levels form one group; the relaxation only chooses how many tiles of each group
 * run on each core. For each core c and each pair of levels (a, b), the tiles on c whose head is
 * at least a and whose tail is at least b fit, one after another, inside {@code [a, C − b]}.
 * Precedences, transfers, DRAM and memory are left out; what it keeps is the choice between
 * queueing on a fast core and running slower on another, which the one-resource window bounds
 * (each tile at its fastest on any core) do not see. docs/EXACT.md ("The assignment bound")
 * argues it.
 *
 * <p>Heads and tails are rounded down to at most {@link #LEVELS} levels each (a smaller head or
 * tail only weakens a window), which keeps the model at {@code cores × LEVELS²} constraints over
 * the groups whatever the number of tiles.
 */
public final class AssignmentBound {
  /** The most distinct head (and tail) levels the windows use. */
  static final int LEVELS = 12;

  private AssignmentBound() {}

  /**
   * A group of interchangeable tiles.
   *
   * @param cores the allowed cores
   * @param cycles the least cycles of each tile on each of them, in that order
   * @param head the earliest start of every tile of the group, or less (cycles)
   * @param tail the least cycles after every tile of the group, or less
   * @param size the number of tiles, {@code >= 1}
   */
  record Group(List<Integer> cores, long[] cycles, long head, long tail, int size) {
    Group {
      checkArgument(!cores.isEmpty() && cores.size() == cycles.length, "one cycle count per allowed core, got %s for %s",
          Arrays.toString(cycles), cores);
      checkArgument(head >= 0 && tail >= 0 && size >= 1, "head and tail >= 0 and size >= 1, got %s, %s, %s", head,
          tail, size);
      cores = List.copyOf(cores);
      cycles = cycles.clone();
    }
  }

  /**
   * The bound on {@code problem} (cycles), at least {@code lowerBound}, searched within {@code
   * settings}; empty when the problem has no tiles.
   */
  public static OptionalLong of(SchedulingProblem problem, TileTimes times, long lowerBound,
      RelaxationBound.Settings settings) {
    if (problem.graph().tiles().isEmpty()) {
      return OptionalLong.empty();
    }
    long[] heads = levels(problem, times, true);
    long[] tails = levels(problem, times, false);
    return solve(groups(problem, times, heads, tails), lowerBound, settings, problem.graph().workload().name());
  }

  /**
   * The bound of {@code groups} (cycles), at least {@code lowerBound}: the windows are those of
   * every head and every tail among the groups; empty when CP-SAT finds no assignment.
   */
  static OptionalLong solve(List<Group> groups, long lowerBound, RelaxationBound.Settings settings, String name) {
    CpSatSolver.loadNativeLibraries();
    long horizon = lowerBound;
    TreeSet<Long> heads = new TreeSet<>();
    TreeSet<Long> tails = new TreeSet<>();
    for (Group g : groups) {
      horizon += g.head() + g.tail() + g.size() * Arrays.stream(g.cycles()).max().orElse(0);
      heads.add(g.head());
      tails.add(g.tail());
    }
    CpModel model = new CpModel();
    IntVar makespan = model.newIntVar(lowerBound, horizon, "makespan");
    Map<Integer, List<IntVar>> countsOnCore = new LinkedHashMap<>();
    Map<Integer, List<Group>> groupsOnCore = new LinkedHashMap<>();
    for (int k = 0; k < groups.size(); k++) {
      Group g = groups.get(k);
      IntVar[] count = new IntVar[g.cores().size()];
      for (int i = 0; i < count.length; i++) {
        count[i] = model.newIntVar(0, g.size(), "n" + k + "_" + g.cores().get(i));
        countsOnCore.computeIfAbsent(g.cores().get(i), c -> new ArrayList<>()).add(count[i]);
        groupsOnCore.computeIfAbsent(g.cores().get(i), c -> new ArrayList<>()).add(g);
      }
      model.addEquality(LinearExpr.sum(count), g.size());
    }
    for (int core : countsOnCore.keySet()) {
      List<IntVar> counts = countsOnCore.get(core);
      List<Group> on = groupsOnCore.get(core);
      for (long a : heads) {
        for (long b : tails) {
          LinearExprBuilder work = LinearExpr.newBuilder();
          boolean any = false;
          for (int k = 0; k < counts.size(); k++) {
            Group g = on.get(k);
            if (g.head() >= a && g.tail() >= b) {
              work.addTerm(counts.get(k), g.cycles()[g.cores().indexOf(core)]);
              any = true;
            }
          }
          if (any) {
            model.addLessOrEqual(work.add(a + b), makespan);
          }
        }
      }
    }
    model.minimize(makespan);
    CpSolver solver = new CpSolver();
    solver.getParameters().setNumWorkers(settings.workers()).setRandomSeed(settings.seed())
        .setCatchSigintSignal(false);
    if (settings.seconds() > 0) {
      solver.getParameters().setMaxTimeInSeconds(settings.seconds());
    }
    if (settings.deterministicTime() > 0) {
      solver.getParameters().setMaxDeterministicTime(settings.deterministicTime());
    }
    CpSolverStatus status = solver.solve(model);
    checkState(status != CpSolverStatus.MODEL_INVALID, "%s: invalid assignment model: %s", name, model.validate());
    if (status == CpSolverStatus.INFEASIBLE) {
      return OptionalLong.empty();
    }
    // The objective is integer, so its proven bound rounds up.
    return OptionalLong.of(Math.max(lowerBound, (long) Math.ceil(solver.bestObjectiveBound() - 1e-6)));
  }

  /**
   * At most {@link #LEVELS} values among the tiles' heads ({@code heads}) or tails, always the
   * smallest, spread evenly over the sorted distinct values.
   */
  private static long[] levels(SchedulingProblem problem, TileTimes times, boolean heads) {
    TreeSet<Long> distinct = new TreeSet<>();
    for (Tile t : problem.graph().tiles()) {
      distinct.add(heads ? times.head(t.id()) : times.tail(t.id()));
    }
    Long[] sorted = distinct.toArray(Long[]::new);
    int n = Math.min(LEVELS, sorted.length);
    long[] levels = new long[n];
    for (int i = 0; i < n; i++) {
      levels[i] = sorted[(int) ((long) i * sorted.length / n)];
    }
    return levels;
  }

  /** The largest level at most {@code value} (levels sorted, the first at most every value). */
  private static long roundDown(long[] levels, long value) {
    int i = Arrays.binarySearch(levels, value);
    return levels[i >= 0 ? i : -i - 2];
  }

  /** The tiles grouped by layer, allowed cores, cycles per core and rounded head and tail. */
  private static List<Group> groups(SchedulingProblem problem, TileTimes times, long[] heads, long[] tails) {
    Map<List<Object>, int[]> sizes = new LinkedHashMap<>();
    Map<List<Object>, Group> first = new LinkedHashMap<>();
    for (Tile tile : problem.graph().tiles()) {
      int t = tile.id();
      List<Integer> cores = problem.allowedCores(tile);
      long[] cycles = new long[cores.size()];
      for (int i = 0; i < cycles.length; i++) {
        cycles[i] = times.leastCycles(t, i);
      }
      long head = roundDown(heads, times.head(t));
      long tail = roundDown(tails, times.tail(t));
      List<Object> key = List.of(tile.layer(), cores, Arrays.toString(cycles), head, tail);
      sizes.computeIfAbsent(key, k -> new int[1])[0]++;
      first.putIfAbsent(key, new Group(cores, cycles, head, tail, 1));
    }
    List<Group> groups = new ArrayList<>();
    first.forEach((key, g) -> groups.add(new Group(g.cores(), g.cycles(), g.head(), g.tail(), sizes.get(key)[0])));
    return groups;
  }
}
