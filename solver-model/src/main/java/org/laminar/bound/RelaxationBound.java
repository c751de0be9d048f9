package org.laminar.bound;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.hardware.Link;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;

/**
 * A lower bound on the latency of every schedule the checker accepts (cycles): the proven lower
 * bound CP-SAT reaches on a relaxation of the problem that every such schedule satisfies. Each tile
 * runs once on one allowed core for its least cycles there ({@link TileTimes#leastCycles}), one tile
 * at a time per core; an edge between two cores that cannot read in place waits for the least
 * transfer between those two cores (the shortest route of link hops, or a spill and read-back),
 * and its data leaves over a first hop on a link of the producer's core or through a spill; the
 * DRAM port(s) carry the compulsory movements one at a time: input loads before their tiles, sink
 * stores after theirs, one piece of each weight slice before the first tile it must reach, the
 * weight streams a core forces, and those spills and read-backs. Memory capacity and the hops
 * after the first are left out.
 * docs/EXACT.md ("The relaxation bound") argues each part.
 *
 * <p>Problems where tiles stream their activations are not bounded (empty): a streamed input may
 * begin before its producer ends, which the precedences here exclude.
 */
public final class RelaxationBound {
  private final SchedulingProblem problem;
  private final TileTimes times;
  private final CpModel model = new CpModel();
  private final IntVar[] start;
  private final IntVar[] end;
  /** By tile, by allowed core (in allowed-core order): whether the tile runs there. */
  private final BoolVar[][] on;
  /** By tile, by allowed core: the tile's start, equal to {@link #start} where it runs. */
  private final IntVar[][] startOn;
  private final List<IntervalVar> reads = new ArrayList<>();
  private final List<IntervalVar> writes = new ArrayList<>();
  private final IntVar makespan;
  private final long horizon;

  /**
   * How long CP-SAT may search.
   *
   * @param seconds wall-clock limit (s), 0 for none
   * @param deterministicTime CP-SAT's deterministic time limit (its own units, about seconds),
   *     0 for none; tests use it for reproducible bounds
   * @param workers CP-SAT's search workers, {@code >= 1}
   * @param seed CP-SAT's random seed
   */
  public record Settings(double seconds, double deterministicTime, int workers, int seed) {
    public Settings {
      checkArgument(seconds >= 0 && deterministicTime >= 0, "time limits must be >= 0, got %s s and %s",
          seconds, deterministicTime);
      checkArgument(seconds > 0 || deterministicTime > 0, "the relaxation needs a time limit");
      checkArgument(workers >= 1, "workers must be >= 1, got %s", workers);
    }

    /** These settings with both time limits scaled by {@code fraction}, in (0, 1]. */
    public Settings share(double fraction) {
      checkArgument(fraction > 0 && fraction <= 1, "a share must be in (0, 1], got %s", fraction);
      return new Settings(seconds * fraction, deterministicTime * fraction, workers, seed);
    }
  }

  private RelaxationBound(SchedulingProblem problem, TileTimes times, long lowerBound) {
    this.problem = problem;
    this.times = times;
    int n = problem.graph().tiles().size();
    horizon = horizon(lowerBound);
    start = new IntVar[n];
    end = new IntVar[n];
    on = new BoolVar[n][];
    startOn = new IntVar[n][];
    makespan = model.newIntVar(lowerBound, horizon, "makespan");
    addTiles();
    addEdges();
    addDepartures();
    addDramData();
    addWeights();
    if (problem.accelerator().dram().sharedPort()) {
      reads.addAll(writes);
    } else {
      model.addNoOverlap(writes);
    }
    model.addNoOverlap(reads);
    model.minimize(makespan);
  }

  /**
   * The relaxation's bound on {@code problem} (cycles), at least {@code lowerBound} (a bound already
   * known, which the search starts from), or empty when activations stream or CP-SAT finds the
   * relaxation infeasible within its horizon.
   */
  public static OptionalLong of(SchedulingProblem problem, TileTimes times, long lowerBound, Settings settings) {
    if (problem.streamsActivations() || problem.graph().tiles().isEmpty()) {
      return OptionalLong.empty();
    }
    CpSatSolver.loadNativeLibraries();
    RelaxationBound relaxation = new RelaxationBound(problem, times, lowerBound);
    CpSolver solver = new CpSolver();
    solver.getParameters().setNumWorkers(settings.workers()).setRandomSeed(settings.seed())
        .setCatchSigintSignal(false);
    if (settings.seconds() > 0) {
      solver.getParameters().setMaxTimeInSeconds(settings.seconds());
    }
    if (settings.deterministicTime() > 0) {
      solver.getParameters().setMaxDeterministicTime(settings.deterministicTime());
    }
    CpSolverStatus status = solver.solve(relaxation.model);
    checkState(status != CpSolverStatus.MODEL_INVALID, "%s: invalid relaxation model: %s",
        problem.graph().workload().name(), relaxation.model.validate());
    if (status == CpSolverStatus.INFEASIBLE) {
      return OptionalLong.empty();
    }
    // The objective is integer, so its proven bound rounds up.
    return OptionalLong.of(Math.max(lowerBound, (long) Math.ceil(solver.bestObjectiveBound() - 1e-6)));
  }

  /**
   * A makespan every relaxed schedule can meet: everything one after another, each tile on its
   * slowest core after the latest head, each edge's longest lag and every DRAM movement in turn.
   */
  private long horizon(long lowerBound) {
    TileGraph graph = problem.graph();
    long total = 0;
    long latestHead = 0;
    long longestTail = 0;
    for (Tile tile : graph.tiles()) {
      int t = tile.id();
      for (int i = 0; i < problem.allowedCores(tile).size(); i++) {
        total += times.leastCycles(t, i);
      }
      total += 2 * problem.dramCycles(tile.weightBits(), true) + problem.dramCycles(tile.dramInputBits(), true)
          + problem.dramCycles(tile.outputBits(), false);
      latestHead = Math.max(latestHead, times.head(t));
      longestTail = Math.max(longestTail, times.tail(t));
    }
    for (TileEdge e : graph.edges()) {
      total += spillCycles(e);
    }
    return Math.max(lowerBound, latestHead + total + longestTail);
  }

  /** One start, one end and one optional interval per allowed core per tile; one tile at a time per core. */
  private void addTiles() {
    Map<Integer, List<IntervalVar>> byCore = new HashMap<>();
    for (Tile tile : problem.graph().tiles()) {
      int t = tile.id();
      List<Integer> cores = problem.allowedCores(tile);
      start[t] = model.newIntVar(times.head(t), horizon, "s" + t);
      end[t] = model.newIntVar(0, horizon, "e" + t);
      model.addLessOrEqual(LinearExpr.newBuilder().add(end[t]).add(times.tail(t)), makespan);
      on[t] = new BoolVar[cores.size()];
      startOn[t] = new IntVar[cores.size()];
      for (int i = 0; i < cores.size(); i++) {
        on[t][i] = model.newBoolVar("x" + t + "_" + cores.get(i));
        // Each core's interval has a start of its own: with the tile's start and end shared by
        // optional intervals of different sizes, CP-SAT 9.15 proved a makespan above a valid
        // schedule's (docs/EXACT.md, "The relaxation bound").
        startOn[t][i] = model.newIntVar(times.head(t), horizon, "s" + t + "_" + cores.get(i));
        model.addEquality(startOn[t][i], start[t]).onlyEnforceIf(on[t][i]);
        model.addEquality(LinearExpr.newBuilder().add(startOn[t][i]).add(times.leastCycles(t, i)), end[t])
            .onlyEnforceIf(on[t][i]);
        byCore.computeIfAbsent(cores.get(i), c -> new ArrayList<>()).add(model.newOptionalFixedSizeIntervalVar(
            startOn[t][i], times.leastCycles(t, i), on[t][i], "t" + t + "_" + cores.get(i)));
      }
      model.addExactlyOne(on[t]);
    }
    byCore.values().forEach(model::addNoOverlap);
  }

  /**
   * Every edge's consumer starts after its producer ends, and, on two cores that cannot read in
   * place, after the least transfer between them as well.
   */
  private void addEdges() {
    Map<Long, long[][]> routesByBits = new HashMap<>();
    for (TileEdge e : problem.graph().edges()) {
      int u = e.producer();
      int v = e.consumer();
      model.addGreaterOrEqual(start[v], end[u]);
      List<Integer> from = problem.allowedCores(problem.graph().tiles().get(u));
      List<Integer> to = problem.allowedCores(problem.graph().tiles().get(v));
      long[][] routes = routesByBits.computeIfAbsent(e.bits(), this::shortestRoutes);
      for (int i = 0; i < from.size(); i++) {
        for (int j = 0; j < to.size(); j++) {
          if (problem.readsInPlace(e, from.get(i), to.get(j))) {
            continue;
          }
          long lag = Math.min(spillCycles(e), routes[from.get(i)][to.get(j)]);
          model.addGreaterOrEqual(LinearExpr.newBuilder().add(start[v]).addTerm(end[u], -1), lag)
              .onlyEnforceIf(new Literal[] {on[u][i], on[v][j]});
        }
      }
    }
  }

  /**
   * Every edge between two cores that cannot read in place moves its data: its first hop, on a
   * link of the producer's core, or the producer's spill (one per tile, on the write port) and the
   * edge's read-back (on the read port), all between the producer's end and the consumer's start.
   * First hops and read-backs belong to one edge each; a spill may serve all of a tile's edges.
   */
  private void addDepartures() {
    TileGraph graph = problem.graph();
    List<Link> links = problem.accelerator().links();
    List<List<IntervalVar>> onLink = new ArrayList<>();
    links.forEach(l -> onLink.add(new ArrayList<>()));
    BoolVar[] spilled = new BoolVar[graph.tiles().size()];
    IntVar[] spillEnd = new IntVar[spilled.length];
    for (TileEdge e : graph.edges()) {
      int u = e.producer();
      int v = e.consumer();
      List<Integer> from = problem.allowedCores(graph.tiles().get(u));
      List<Integer> to = problem.allowedCores(graph.tiles().get(v));
      BoolVar moves = model.newBoolVar("moves" + u + "_" + v);
      boolean mayMove = false;
      for (int i = 0; i < from.size(); i++) {
        for (int j = 0; j < to.size(); j++) {
          if (!problem.readsInPlace(e, from.get(i), to.get(j))) {
            model.addBoolOr(new Literal[] {on[u][i].not(), on[v][j].not(), moves});
            mayMove = true;
          }
        }
      }
      if (!mayMove) {
        continue;
      }
      if (spilled[u] == null) {
        spilled[u] = model.newBoolVar("spilled" + u);
        IntVar spillStart = model.newIntVar(0, horizon, "spill" + u);
        spillEnd[u] = model.newIntVar(0, horizon, "spill_end" + u);
        model.addGreaterOrEqual(spillStart, end[u]).onlyEnforceIf(spilled[u]);
        writes.add(model.newOptionalIntervalVar(spillStart,
            LinearExpr.constant(problem.dramCycles(graph.tiles().get(u).outputBits(), false)), spillEnd[u],
            spilled[u], "spill" + u));
      }
      BoolVar readBack = model.newBoolVar("read_back" + u + "_" + v);
      model.addImplication(readBack, spilled[u]);
      reads.add(within(spillEnd[u], v, problem.dramCycles(e.bits(), true), readBack, "read_back" + u + "_" + v));
      for (int i = 0; i < from.size(); i++) {
        List<Literal> ways = new ArrayList<>(List.of(on[u][i].not(), moves.not(), readBack));
        for (int l = 0; l < links.size(); l++) {
          if (links.get(l).cores().contains(from.get(i))) {
            BoolVar hop = model.newBoolVar("hop" + u + "_" + v + "_" + l + "_" + i);
            model.addImplication(hop, on[u][i]);
            onLink.get(l).add(within(end[u], v, SchedulingProblem.transferCycles(e.bits(),
                links.get(l).bandwidthBits()), hop, "hop" + u + "_" + v + "_" + l));
            ways.add(hop);
          }
        }
        model.addBoolOr(ways);
      }
    }
    onLink.forEach(model::addNoOverlap);
  }

  /**
   * An optional interval of {@code cycles}, present when {@code present}, starting at or after
   * {@code after} and ending at or before tile {@code v} starts.
   */
  private IntervalVar within(IntVar after, int v, long cycles, BoolVar present, String name) {
    IntVar s = model.newIntVar(0, horizon, name);
    model.addGreaterOrEqual(s, after).onlyEnforceIf(present);
    model.addLessOrEqual(LinearExpr.newBuilder().add(s).add(cycles), start[v]).onlyEnforceIf(present);
    return model.newOptionalFixedSizeIntervalVar(s, cycles, present, name);
  }

  /** A spill of the producer's output and the read-back of the edge's bits (cycles). */
  private long spillCycles(TileEdge e) {
    Tile producer = problem.graph().tiles().get(e.producer());
    return problem.dramCycles(producer.outputBits(), false) + problem.dramCycles(e.bits(), true);
  }

  /**
   * By core, by core: the fewest cycles a route of {@code bits} takes, its hops one after another,
   * each at its link's bandwidth; {@link Long#MAX_VALUE} where no route leads.
   */
  private long[][] shortestRoutes(long bits) {
    int cores = problem.accelerator().cores().stream().mapToInt(c -> c.id()).max().orElse(0) + 1;
    long[][] d = new long[cores][cores];
    for (long[] row : d) {
      Arrays.fill(row, Long.MAX_VALUE);
    }
    for (Link link : problem.accelerator().links()) {
      long hop = SchedulingProblem.transferCycles(bits, link.bandwidthBits());
      for (int a : link.cores()) {
        for (int b : link.cores()) {
          if (a != b) {
            d[a][b] = Math.min(d[a][b], hop);
          }
        }
      }
    }
    for (int k = 0; k < cores; k++) {
      for (int a = 0; a < cores; a++) {
        for (int b = 0; b < cores; b++) {
          if (d[a][k] != Long.MAX_VALUE && d[k][b] != Long.MAX_VALUE) {
            d[a][b] = Math.min(d[a][b], d[a][k] + d[k][b]);
          }
        }
      }
    }
    return d;
  }

  /** Each network-input load ends before its tile starts; each sink store starts after its tile ends. */
  private void addDramData() {
    for (Tile tile : problem.graph().tiles()) {
      int t = tile.id();
      if (tile.dramInputBits() > 0) {
        IntVar loadEnd = model.newIntVar(0, horizon, "in" + t);
        model.addLessOrEqual(loadEnd, start[t]);
        reads.add(fixedEnd(loadEnd, problem.dramCycles(tile.dramInputBits(), true), "load" + t));
      }
      if (times.isSink(t)) {
        IntVar storeStart = model.newIntVar(0, horizon, "out" + t);
        model.addGreaterOrEqual(storeStart, end[t]);
        long cycles = problem.dramCycles(tile.outputBits(), false);
        writes.add(model.newFixedSizeIntervalVar(storeStart, cycles, "store" + t));
        model.addLessOrEqual(LinearExpr.newBuilder().add(storeStart).add(cycles), makespan);
      }
    }
  }

  /** An interval of {@code cycles} ending at {@code endVar}. */
  private IntervalVar fixedEnd(IntVar endVar, long cycles, String name) {
    IntVar s = model.newIntVar(0, horizon, name + "_start");
    return model.newIntervalVar(s, LinearExpr.constant(cycles), endVar, name);
  }

  /**
   * The weight movements: on a core where a tile's own slice exceeds the weight memory, its stream
   * from its start; for each slice, one piece of the movement that brings it to the first of its
   * tiles on a core that does not force the stream — a load, ending before that tile starts, or the
   * tile's stream, ending with the stream. With several slices in a layer one load may carry several,
   * so each piece is rounded down.
   */
  private void addWeights() {
    TileGraph graph = problem.graph();
    Map<Integer, Integer> slicesOfLayer = new HashMap<>();
    List<List<Integer>> slices = times.slices();
    slices.forEach(s -> slicesOfLayer.merge(graph.tiles().get(s.get(0)).layer(), 1, Integer::sum));
    for (List<Integer> slice : slices) {
      Tile first = graph.tiles().get(slice.get(0));
      long stream = problem.dramCycles(first.weightBits(), true);
      long piece = slicesOfLayer.get(first.layer()) == 1 ? stream
          : first.weightBits() / problem.accelerator().dram().readBandwidthBits();
      BoolVar needed = model.newBoolVar("slice" + first.id());
      IntVar pieceEnd = model.newIntVar(0, horizon, "piece" + first.id());
      List<Literal> servedByPiece = new ArrayList<>();
      for (int t : slice) {
        List<Integer> cores = problem.allowedCores(graph.tiles().get(t));
        for (int i = 0; i < cores.size(); i++) {
          if (problem.streamsWeights(problem.accelerator().core(cores.get(i)), first.weightBits())) {
            reads.add(model.newOptionalFixedSizeIntervalVar(startOn[t][i], stream, on[t][i],
                "stream" + t + "_" + cores.get(i)));
          } else {
            servedByPiece.add(on[t][i]);
            model.addImplication(on[t][i], needed);
            model.addLessOrEqual(pieceEnd, LinearExpr.newBuilder().add(start[t])
                .add(times.mayStream(t, i) ? stream : 0)).onlyEnforceIf(on[t][i]);
          }
        }
      }
      if (servedByPiece.isEmpty() || piece == 0) {
        continue;
      }
      servedByPiece.add(needed.not());
      model.addBoolOr(servedByPiece);
      IntVar pieceStart = model.newIntVar(0, horizon, "piece_start" + first.id());
      reads.add(model.newOptionalIntervalVar(pieceStart, LinearExpr.constant(piece), pieceEnd, needed,
          "piece" + first.id()));
    }
  }
}
