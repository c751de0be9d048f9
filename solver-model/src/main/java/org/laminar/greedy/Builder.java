package org.laminar.greedy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.laminar.hardware.MemoryInstance;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Movement.InputLoad;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Movement.SinkStore;
import org.laminar.schedule.Movement.SpillRead;
import org.laminar.schedule.Movement.SpillWrite;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.Movement.WeightStream;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Routes.Hop;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.workload.Operand;

/**
 * Places tiles one at a time, in the order a greedy scheduler chooses, at the earliest start
 * their data, core and memory allow, together with every movement they need.
 *
 * <p>Memory is kept exact in one direction: a buffer whose end is unknown (weights of a layer
 * still running, an output with unplaced consumers) counts until infinity, and a tile is placed
 * only if its new buffers fit on top of the highest planned occupancy from their first cycle on.
 * When they never would, resident outputs of the core are spilled to DRAM (oldest first) and
 * read back by their later consumers.
 */
final class Builder {

  /** How a placed tile gets the data of one incoming edge: in place (its core's or a shared memory), over links, from DRAM. */
  private enum Source { IN_PLACE, LINKS, READ_BACK }

  /** A buffer the tile under planning adds, in a memory by dense id; {@code open} ones last until closed later. */
  private record NewBuffer(int memory, long bits, long from, boolean open) {}

  /** One reservation on a core or resource timeline, kept to undo a rejected plan. */
  private record Reservation(Timeline timeline, long start) {}

  /** A tentative placement of one tile. */
  private static final class Plan {
    final List<Reservation> reservations = new ArrayList<>();
    final List<Movement> movements = new ArrayList<>();
    final List<NewBuffer> buffers = new ArrayList<>();
    final Source[] sources;
    final long[] firstHopEnd;
    long weightsEnd;
    long start;
    long end;

    Plan(int inDegree) {
      sources = new Source[inDegree];
      firstHopEnd = new long[inDegree];
    }
  }

  /** The weights of one layer on one core. */
  private static final class Weights {
    final long bits;
    final boolean streamed;
    int remainingTiles;
    boolean loaded;
    long loadEnd;
    long lastEnd;

    Weights(long bits, boolean streamed) {
      this.bits = bits;
      this.streamed = streamed;
    }
  }

  private final Context cx;
  private final int[] coreOf;
  private final long[] start;
  private final long[] end;
  private final long[] holdUntil;
  private final long[] spillEnd;
  private final int[] unplacedConsumers;
  private final boolean[] spilled;
  private final Map<Integer, Timeline> coreTimelines = new HashMap<>();
  private final Map<String, Timeline> resources = new HashMap<>();
  /** By dense memory id ({@link Context#memoryId}): the planned occupancy, and the outputs resident there. */
  private final Occupancy[] memory;
  private final List<LinkedHashSet<Integer>> resident = new ArrayList<>();
  private final Map<Long, Weights> weights = new LinkedHashMap<>();
  private final List<ScheduledTile> scheduled = new ArrayList<>();
  private final List<Movement> movements = new ArrayList<>();
  private long latestTileEnd;

  Builder(Context cx, int[] coreOf) {
    this.cx = cx;
    this.coreOf = coreOf;
    int n = cx.tiles.size();
    start = new long[n];
    end = new long[n];
    holdUntil = new long[n];
    spillEnd = new long[n];
    spilled = new boolean[n];
    unplacedConsumers = new int[n];
    memory = new Occupancy[cx.memoryCount()];
    for (int m = 0; m < memory.length; m++) {
      memory[m] = new Occupancy();
      resident.add(new LinkedHashSet<>());
    }
    Map<Long, List<Tile>> byLayerCore = new LinkedHashMap<>();
    for (Tile t : cx.tiles) {
      unplacedConsumers[t.id()] = cx.outgoing.get(t.id()).size();
      byLayerCore.computeIfAbsent(key(t.layer(), coreOf[t.id()]), k -> new ArrayList<>()).add(t);
    }
    byLayerCore.forEach((k, tiles) -> {
      long bits = SchedulingProblem.weightBits(tiles);
      int core = coreOf[tiles.get(0).id()];
      Weights w = new Weights(bits, cx.problem.streamsWeights(cx.cores.get(core), bits));
      w.remainingTiles = tiles.size();
      weights.put(k, w);
    });
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  /** End of the last tile placed so far (cycles). */
  long latestTileEnd() {
    return latestTileEnd;
  }

  /** When all producers of {@code tile} have ended (cycles); they must all be placed. */
  long dataReady(Tile tile) {
    long ready = 0;
    for (TileEdge e : cx.incoming.get(tile.id())) {
      ready = Math.max(ready, end[e.producer()]);
    }
    return ready;
  }

  Schedule schedule() {
    return new Schedule(scheduled, movements);
  }

  private Timeline timeline(String resource) {
    return resources.computeIfAbsent(resource, r -> new Timeline());
  }

  private Occupancy occupancy(int memoryId) {
    return memory[memoryId];
  }

  /** Places {@code v} on its core, starting at or after {@code release}, with all its movements. */
  void place(Tile v, long release) {
    int core = coreOf[v.id()];
    for (TileEdge e : cx.incoming.get(v.id())) {
      int u = e.producer();
      if (!spilled[u] && !cx.problem.readsInPlace(e, coreOf[u], core) && cx.routes.route(coreOf[u], core).isEmpty()) {
        spill(u);
      }
    }
    long floor = 0;
    while (true) {
      Plan plan = plan(v, core, release, floor);
      // The new buffers per memory (dense ids), in order of first appearance: their total and earliest start.
      int n = plan.buffers.size();
      int[] memories = new int[n];
      long[] need = new long[n];
      long[] from = new long[n];
      int distinct = 0;
      for (NewBuffer b : plan.buffers) {
        int j = 0;
        while (j < distinct && memories[j] != b.memory()) {
          j++;
        }
        if (j == distinct) {
          memories[j] = b.memory();
          from[j] = b.from();
          distinct++;
        } else {
          from[j] = Math.min(from[j], b.from());
        }
        need[j] += b.bits();
      }
      int full = 0;
      while (full < distinct && occupancy(memories[full]).maxFrom(from[full]) + need[full]
          <= cx.memory(memories[full]).sizeBits()) {
        full++;
      }
      if (full == distinct) {
        commit(v, core, plan);
        return;
      }
      plan.reservations.forEach(r -> r.timeline().cancel(r.start()));
      int k = memories[full];
      MemoryInstance instance = cx.memory(k);
      long needed = need[full];
      OptionalLong roomFrom = occupancy(k).earliestWithin(instance.sizeBits() - needed);
      if (roomFrom.isPresent() && roomFrom.getAsLong() > floor) {
        floor = roomFrom.getAsLong();
      } else {
        spill(victim(k, v).orElseThrow(() -> new ProblemException(String.format(
            "tile %s (layer '%s') on core %s needs %s bits in %s (%s bits), which the weights and data "
                + "still resident there leave no room for", v.id(), cx.layerName(v.layer()), core, needed,
            instance.describe(), instance.sizeBits()))));
      }
    }
  }

  /** A resident output to spill from memory {@code memoryId}: not one {@code v} reads, if possible; oldest first. */
  private Optional<Integer> victim(int memoryId, Tile v) {
    LinkedHashSet<Integer> candidates = resident.get(memoryId);
    Optional<Integer> other = candidates.stream()
        .filter(u -> cx.incoming.get(v.id()).stream().noneMatch(e -> e.producer() == u)).findFirst();
    return other.isPresent() ? other : candidates.stream().findFirst();
  }

  private Plan plan(Tile v, int core, long release, long floor) {
    List<TileEdge> in = cx.incoming.get(v.id());
    Plan plan = new Plan(in.size());
    Timeline cores = coreTimelines.computeIfAbsent(core, c -> new Timeline());
    String read = cx.problem.dramPort(true);
    long ready = Math.max(release, floor);
    List<NewBuffer> received = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      TileEdge e = in.get(i);
      int u = e.producer();
      int key = cx.memoryId(core, cx.receiving(v, i));
      if (spilled[u]) {
        plan.sources[i] = Source.READ_BACK;
        long cycles = cx.problem.dramCycles(e.bits(), true);
        long s = reserve(plan, timeline(read), justInTime(cores, Math.max(floor, spillEnd[u]), cycles), cycles);
        plan.movements.add(new SpillRead(u, v.id(), core, e.bits(), read, s, s + cycles));
        received.add(new NewBuffer(key, e.bits(), s, false));
        ready = Math.max(ready, s + cycles);
      } else if (cx.problem.readsInPlace(e, coreOf[u], core)) {
        plan.sources[i] = Source.IN_PLACE;
        ready = Math.max(ready, end[u]);
      } else {
        plan.sources[i] = Source.LINKS;
        long t = Math.max(floor, end[u]);
        long lastStart = t;
        List<Hop> hops = cx.routes.route(coreOf[u], core).orElseThrow();
        for (int h = 0; h < hops.size(); h++) {
          Hop hop = hops.get(h);
          long cycles = SchedulingProblem.transferCycles(e.bits(), hop.link().bandwidthBits());
          lastStart = reserve(plan, timeline(hop.link().name()), t, cycles);
          t = lastStart + cycles;
          if (h == 0) {
            plan.firstHopEnd[i] = t;
          }
          plan.movements.add(new LinkHop(u, v.id(), h, hop.from(), hop.to(), e.bits(), hop.link().name(),
              lastStart, t));
        }
        received.add(new NewBuffer(key, e.bits(), lastStart, false));
        ready = Math.max(ready, t);
      }
    }
    if (v.dramInputBits() > 0) {
      long cycles = cx.problem.dramCycles(v.dramInputBits(), true);
      long s = reserve(plan, timeline(read), justInTime(cores, floor, cycles), cycles);
      plan.movements.add(new InputLoad(v.id(), core, v.dramInputBits(), read, s, s + cycles));
      received.add(new NewBuffer(cx.memoryId(core, Operand.I), v.dramInputBits(), s, false));
      ready = Math.max(ready, s + cycles);
    }
    Weights w = weights.get(key(v.layer(), core));
    if (!w.loaded && w.bits > 0 && !w.streamed) {
      long cycles = cx.problem.dramCycles(w.bits, true);
      long s = reserve(plan, timeline(read), justInTime(cores, floor, cycles), cycles);
      plan.movements.add(new WeightLoad(v.layer(), core, w.bits, read, s, s + cycles));
      plan.buffers.add(new NewBuffer(cx.memoryId(core, Operand.W), w.bits, s, true));
      plan.weightsEnd = s + cycles;
    }
    ready = Math.max(ready, w.loaded ? w.loadEnd : plan.weightsEnd);
    if (w.streamed && v.weightBits() > 0) {
      placeWithStream(plan, v, core, cores, timeline(read), ready);
    } else {
      plan.start = reserve(plan, cores, ready, cx.cycles(v, core));
      plan.end = plan.start + cx.cycles(v, core);
    }
    plan.buffers.addAll(received);
    plan.buffers.add(new NewBuffer(cx.memoryId(core, Operand.O), v.outputBits(), plan.start, true));
    return plan;
  }

  /**
   * Places {@code v}, whose weights stream from DRAM, where both its core (for the longer of its
   * compute and its stream) and the read port (for the stream) are free from the same cycle on.
   */
  private void placeWithStream(Plan plan, Tile v, int core, Timeline cores, Timeline port, long ready) {
    long streamCycles = cx.problem.dramCycles(v.weightBits(), true);
    long cycles = cx.problem.tileCycles(v, cx.cores.get(core), true);
    long s = ready;
    while (true) {
      long onCore = cores.earliest(s, cycles);
      s = port.earliest(onCore, streamCycles);
      if (s == onCore) {
        break;
      }
    }
    plan.start = reserve(plan, cores, s, cycles);
    reserve(plan, port, s, streamCycles);
    plan.end = s + cycles;
    plan.movements.add(new WeightStream(v.id(), core, v.weightBits(), cx.problem.dramPort(true), s,
        s + streamCycles));
  }

  /** Loads from DRAM go as late as still overlaps the work already on the core, to keep memory free. */
  private static long justInTime(Timeline core, long notBefore, long cycles) {
    return Math.max(notBefore, core.frontier() - cycles);
  }

  private static long reserve(Plan plan, Timeline timeline, long from, long cycles) {
    long s = timeline.earliest(from, cycles);
    timeline.reserve(s, s + cycles);
    plan.reservations.add(new Reservation(timeline, s));
    return s;
  }

  private void commit(Tile v, int core, Plan plan) {
    int id = v.id();
    start[id] = plan.start;
    end[id] = plan.end;
    latestTileEnd = Math.max(latestTileEnd, plan.end);
    scheduled.add(new ScheduledTile(id, core, plan.start, plan.end));
    movements.addAll(plan.movements);
    for (NewBuffer b : plan.buffers) {
      if (b.open()) {
        occupancy(b.memory()).addFrom(b.from(), b.bits());
      } else {
        occupancy(b.memory()).add(b.from(), plan.end, b.bits());
      }
    }
    List<TileEdge> in = cx.incoming.get(id);
    for (int i = 0; i < in.size(); i++) {
      int u = in.get(i).producer();
      if (plan.sources[i] == Source.IN_PLACE) {
        holdUntil[u] = Math.max(holdUntil[u], plan.end);
      } else if (plan.sources[i] == Source.LINKS) {
        holdUntil[u] = Math.max(holdUntil[u], plan.firstHopEnd[i]);
      }
      if (--unplacedConsumers[u] == 0 && !spilled[u]) {
        release(u);
      }
    }
    Weights w = weights.get(key(v.layer(), core));
    if (!w.loaded) {
      w.loaded = true;
      w.loadEnd = plan.weightsEnd;
    }
    w.lastEnd = Math.max(w.lastEnd, plan.end);
    if (--w.remainingTiles == 0 && w.bits > 0 && !w.streamed) {
      occupancy(cx.memoryId(core, Operand.W)).addFrom(w.lastEnd, -w.bits);
    }
    holdUntil[id] = plan.end;
    if (cx.isSink(v)) {
      String write = cx.problem.dramPort(false);
      long cycles = cx.problem.dramCycles(v.outputBits(), false);
      long s = timeline(write).earliest(plan.end, cycles);
      timeline(write).reserve(s, s + cycles);
      movements.add(new SinkStore(id, core, v.outputBits(), write, s, s + cycles));
      holdUntil[id] = s + cycles;
    }
    if (unplacedConsumers[id] == 0) {
      release(id);
    } else {
      resident.get(cx.memoryId(core, Operand.O)).add(id);
    }
  }

  /** Frees the output of {@code u} once nothing on its core reads it any more. */
  private void release(int u) {
    int key = cx.memoryId(coreOf[u], Operand.O);
    occupancy(key).addFrom(Math.max(end[u], holdUntil[u]), -cx.tiles.get(u).outputBits());
    resident.get(key).remove(u);
  }

  /** Writes the output of placed tile {@code u} to DRAM and frees it on chip after that. */
  private void spill(int u) {
    String write = cx.problem.dramPort(false);
    long bits = cx.tiles.get(u).outputBits();
    long cycles = cx.problem.dramCycles(bits, false);
    long s = timeline(write).earliest(end[u], cycles);
    timeline(write).reserve(s, s + cycles);
    movements.add(new SpillWrite(u, coreOf[u], bits, write, s, s + cycles));
    spilled[u] = true;
    spillEnd[u] = s + cycles;
    holdUntil[u] = Math.max(holdUntil[u], spillEnd[u]);
    release(u);
  }
}
