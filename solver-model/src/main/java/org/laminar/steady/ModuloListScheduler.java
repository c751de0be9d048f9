package org.laminar.steady;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.batch.Batch;
import org.laminar.batch.Repetition;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.check.SteadyState;
import org.laminar.hardware.Core;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Routes;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;

/**
 * A greedy steady state built for its interval (iterative modulo scheduling in the manner of Rau's,
 * without backtracking): for a candidate II, the tiles of one inference are placed in topological
 * order, each on the allowed core where it ends first, every core, link and DRAM port keeping a
 * reservation table modulo II, so that copies of the inference every II cycles never collide on
 * them. Transfers take the shortest routes, network inputs are loaded before their tile and sink
 * outputs stored after it, the weights of every (layer, core) used are loaded once before the
 * pattern starts. The candidates run from the resource bound upwards; the first whose repetition
 * the checker accepts as a steady state is the answer. Layers whose weights would stream are
 * refused (no candidate is built), and memory is left to the checker.
 */
public final class ModuloListScheduler {
  /** How many intervals are tried between the bound and the largest one asked for. */
  static final int CANDIDATES = 48;

  private final ScheduleChecker checker = new ScheduleChecker();

  /** {@code modulo list}. */
  public String name() {
    return "modulo list";
  }

  /**
   * The first steady state found for {@code batch} of {@code problem} ({@code batchProblem}
   * unrolled), with II from {@code lowest} up to {@code highest} (cycles).
   */
  public SteadyStateResult schedule(SchedulingProblem problem, Batch batch, SchedulingProblem batchProblem,
      long lowest, long highest) {
    checkArgument(batch.iterations() >= 2, "a steady state needs at least 2 iterations, got %s", batch.iterations());
    long step = Math.max(1, (highest - lowest + CANDIDATES - 1) / CANDIDATES);
    for (long interval = lowest; interval <= highest; interval += step) {
      Optional<Schedule> single = place(problem, interval);
      if (single.isEmpty()) {
        continue;
      }
      Schedule repeated = Repetition.of(single.get(), batch, interval);
      CheckReport report = checker.check(batchProblem, repeated);
      if (!report.valid()) {
        continue;
      }
      SteadyState steady = SteadyState.of(batchProblem, batch, repeated, report);
      if (steady.steady()) {
        return new SteadyStateResult(name(), SolveStatus.HEURISTIC, Optional.of(repeated), Optional.of(report),
            Optional.of(steady), lowest, Optional.empty());
      }
    }
    return SteadyStateResult.none(name(), SolveStatus.UNKNOWN, lowest, "no steady state found with II from "
        + lowest + " to " + highest + " cycles");
  }

  /** One inference placed with reservations modulo {@code interval}, or empty when it does not fit. */
  private static Optional<Schedule> place(SchedulingProblem problem, long interval) {
    Map<String, Table> tables = new HashMap<>();
    Routes routes = new Routes(problem.accelerator());
    List<List<TileEdge>> incoming = problem.graph().incoming();
    int n = problem.graph().tiles().size();
    int[] core = new int[n];
    long[] end = new long[n];
    List<ScheduledTile> tiles = new ArrayList<>();
    List<Movement> movements = new ArrayList<>();
    String read = problem.dramPort(true);
    String write = problem.dramPort(false);
    for (Tile tile : problem.graph().tiles()) {
      int best = -1;
      long bestEnd = Long.MAX_VALUE;
      for (int c : problem.allowedCores(tile)) {
        long finish = placeTile(problem, routes, incoming, core, end, tables, tile, c, interval, null);
        if (finish >= 0 && finish < bestEnd) {
          best = c;
          bestEnd = finish;
        }
      }
      if (best < 0) {
        return Optional.empty();
      }
      List<Object> placed = new ArrayList<>();
      // Reserving may place the tile later than the trial did: its transfers now see each other.
      long finish = placeTile(problem, routes, incoming, core, end, tables, tile, best, interval, placed);
      if (finish < 0) {
        return Optional.empty();
      }
      core[tile.id()] = best;
      end[tile.id()] = finish;
      for (Object p : placed) {
        if (p instanceof ScheduledTile t) {
          tiles.add(t);
        } else {
          movements.add((Movement) p);
        }
      }
      if (problem.graph().isSink(tile)) {
        long bits = tile.outputBits();
        long length = problem.dramCycles(bits, false);
        long start = table(tables, write, interval).earliest(finish, length);
        if (start < 0) {
          return Optional.empty();
        }
        table(tables, write, interval).reserve(start, length);
        movements.add(new Movement.SinkStore(tile.id(), best, bits, write, start, start + length));
      }
    }
    return withWeightLoads(problem, tiles, movements, read);
  }

  /**
   * Places {@code tile} on core {@code c} after its inputs: returns its end, or −1 when a
   * resource has no room modulo {@code interval}; reserves and records into {@code placed} when it
   * is given (else only tries).
   */
  private static long placeTile(SchedulingProblem problem, Routes routes, List<List<TileEdge>> incoming, int[] core,
      long[] end, Map<String, Table> tables, Tile tile, int c, long interval, List<Object> placed) {
    boolean commit = placed != null;
    long ready = 0;
    if (tile.dramInputBits() > 0) {
      String read = problem.dramPort(true);
      long length = problem.dramCycles(tile.dramInputBits(), true);
      long start = table(tables, read, interval).earliest(0, length);
      if (start < 0) {
        return -1;
      }
      if (commit) {
        table(tables, read, interval).reserve(start, length);
        placed.add(new Movement.InputLoad(tile.id(), c, tile.dramInputBits(), read, start, start + length));
      }
      ready = start + length;
    }
    for (TileEdge e : incoming.get(tile.id())) {
      int from = core[e.producer()];
      long arrival = end[e.producer()];
      if (!problem.readsInPlace(e, from, c)) {
        Optional<List<Routes.Hop>> route = routes.route(from, c);
        if (route.isEmpty()) {
          return -1;
        }
        int h = 0;
        for (Routes.Hop hop : route.get()) {
          long length = SchedulingProblem.transferCycles(e.bits(), hop.link().bandwidthBits());
          long start = table(tables, hop.link().name(), interval).earliest(arrival, length);
          if (start < 0) {
            return -1;
          }
          if (commit) {
            table(tables, hop.link().name(), interval).reserve(start, length);
            placed.add(new Movement.LinkHop(e.producer(), e.consumer(), h, hop.from(), hop.to(), e.bits(),
                hop.link().name(), start, start + length));
          }
          arrival = start + length;
          h++;
        }
      }
      ready = Math.max(ready, arrival);
    }
    Core on = problem.accelerator().core(c);
    long length = problem.tileCycles(tile, on, false, problem.streamsByDefault(tile, on));
    String resource = "core" + c;
    long start = table(tables, resource, interval).earliest(ready, length);
    if (start < 0) {
      return -1;
    }
    if (commit) {
      table(tables, resource, interval).reserve(start, length);
      placed.add(new ScheduledTile(tile.id(), c, start, start + length));
    }
    return start + length;
  }

  /**
   * The placed inference shifted after the weight loads of every (layer, core) it uses, loaded one
   * after the other on the read port from cycle 0; empty when a layer's weights would stream.
   */
  private static Optional<Schedule> withWeightLoads(SchedulingProblem problem, List<ScheduledTile> tiles,
      List<Movement> movements, String read) {
    Map<List<Integer>, List<Tile>> used = new LinkedHashMap<>();
    for (ScheduledTile t : tiles) {
      Tile tile = problem.graph().tiles().get(t.tile());
      if (tile.weightBits() > 0) {
        used.computeIfAbsent(List.of(tile.layer(), t.core()), k -> new ArrayList<>()).add(tile);
      }
    }
    List<Movement> loads = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<List<Integer>, List<Tile>> e : used.entrySet()) {
      int layer = e.getKey().get(0);
      int c = e.getKey().get(1);
      long bits = SchedulingProblem.weightBits(e.getValue());
      if (problem.streamsWeights(problem.accelerator().core(c), bits)) {
        return Optional.empty();
      }
      long length = problem.dramCycles(bits, true);
      loads.add(new Movement.WeightLoad(layer, c, bits, read, offset, offset + length));
      offset += length;
    }
    long shift = offset;
    List<ScheduledTile> shifted = tiles.stream()
        .map(t -> new ScheduledTile(t.tile(), t.core(), t.start() + shift, t.end() + shift)).toList();
    List<Movement> all = new ArrayList<>(loads);
    movements.forEach(m -> all.add(Repetition.shifted(m, shift)));
    return Optional.of(new Schedule(shifted, all));
  }

  private static Table table(Map<String, Table> tables, String resource, long interval) {
    return tables.computeIfAbsent(resource, r -> new Table(interval));
  }

  /** Occupied arcs of one resource on a circle of {@code interval} cycles. */
  private static final class Table {
    private final long interval;
    private final List<long[]> arcs = new ArrayList<>();

    Table(long interval) {
      this.interval = interval;
    }

    /** The first start at or after {@code from} whose {@code length} cycles are free modulo the interval, or −1. */
    long earliest(long from, long length) {
      if (length > interval) {
        return -1;
      }
      if (length == 0 || fits(from, length)) {
        return from;
      }
      long best = -1;
      for (long[] arc : arcs) {
        // The next time at or after from that falls on this arc's end, modulo the interval.
        long end = Math.floorMod(arc[0] + arc[1], interval);
        long candidate = from + Math.floorMod(end - from, interval);
        if ((best < 0 || candidate < best) && fits(candidate, length)) {
          best = candidate;
        }
      }
      return best;
    }

    void reserve(long start, long length) {
      if (length > 0) {
        arcs.add(new long[] {Math.floorMod(start, interval), length});
      }
    }

    private boolean fits(long start, long length) {
      long x = Math.floorMod(start, interval);
      for (long[] arc : arcs) {
        if (Math.floorMod(arc[0] - x, interval) < length || Math.floorMod(x - arc[0], interval) < arc[1]) {
          return false;
        }
      }
      return true;
    }
  }
}
