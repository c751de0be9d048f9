package org.laminar.greedy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.laminar.hardware.MemoryInstance;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Movement.InputLoad;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Movement.SinkStore;
import org.laminar.schedule.Movement.SpillRead;
import org.laminar.schedule.Movement.SpillWrite;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Routes.Hop;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPlacement;
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
 *
 * <p>A tile that streams its activations on its core ({@link SchedulingProblem#activationStreams})
 * gets the producers of its streamed input spilled first, and its streamed output counts as spilled
 * from its end on; its streams run back to back on the DRAM port(s) from its start.
 *
 * <p>A tile that may both stream its activations and keep them on chip on its core ({@link
 * SchedulingProblem#choosesStreaming}) keeps them on chip unless the builder weighs the choice;
 * then it is planned both ways as things stand when its turn comes,
 * nothing committed and nothing spilled: it streams when its on-chip plan would need another
 * output spilled to fit the memory, or when its streamed plan ends strictly earlier (streaming
 * frees local memory but holds the DRAM port); on a tie it keeps its activations on chip, which
 * moves fewer bits through DRAM. The streamed plan counts the spills of the producers it would
 * stream in on the write port, and their outputs still resident.
 */
final class Builder {

  /**
   * How a placed tile gets the data of one incoming edge: in place (its core's or a shared memory),
   * over links, read back from DRAM, or streamed from DRAM while it runs.
   */
  private enum Source { IN_PLACE, LINKS, READ_BACK, STREAMED }

  /**
   * Buffers the tile under planning adds, in memories by dense id; {@code open} ones last until
   * closed later. Columns of primitives, reused from plan to plan.
   */
  private static final class NewBuffers {
    int size;
    int[] memory = new int[8];
    long[] bits = new long[8];
    long[] from = new long[8];
    boolean[] open = new boolean[8];

    void add(int memoryId, long bufferBits, long fromCycle, boolean isOpen) {
      if (size == memory.length) {
        memory = Arrays.copyOf(memory, 2 * size);
        bits = Arrays.copyOf(bits, 2 * size);
        from = Arrays.copyOf(from, 2 * size);
        open = Arrays.copyOf(open, 2 * size);
      }
      memory[size] = memoryId;
      bits[size] = bufferBits;
      from[size] = fromCycle;
      open[size] = isOpen;
      size++;
    }

    void addAll(NewBuffers other) {
      for (int i = 0; i < other.size; i++) {
        add(other.memory[i], other.bits[i], other.from[i], other.open[i]);
      }
    }
  }

  /**
   * A tentative placement of one tile; one instance is reused for every plan (a plan is committed
   * or undone before the next one is made).
   */
  private static final class Plan {
    /** The reservations made on core and resource timelines, in order, kept to undo a rejected plan. */
    Timeline[] reservedOn = new Timeline[8];
    long[] reservedAt = new long[8];
    int reservations;
    final List<Movement> movements = new ArrayList<>();
    final NewBuffers buffers = new NewBuffers();
    /** The buffers of received data, appended to {@link #buffers} after the weights. */
    final NewBuffers received = new NewBuffers();
    Source[] sources = new Source[4];
    long[] firstHopEnd = new long[4];
    long weightsEnd;
    long start;
    long end;

    /** Empties the plan for a tile with {@code inDegree} incoming edges. */
    void reset(int inDegree) {
      reservations = 0;
      movements.clear();
      buffers.size = 0;
      received.size = 0;
      if (sources.length < inDegree) {
        sources = new Source[inDegree];
        firstHopEnd = new long[inDegree];
      }
      Arrays.fill(firstHopEnd, 0, inDegree, 0);
      weightsEnd = 0;
      start = 0;
      end = 0;
    }

    void reserved(Timeline timeline, long at) {
      if (reservations == reservedOn.length) {
        reservedOn = Arrays.copyOf(reservedOn, 2 * reservations);
        reservedAt = Arrays.copyOf(reservedAt, 2 * reservations);
      }
      reservedOn[reservations] = timeline;
      reservedAt[reservations] = at;
      reservations++;
    }
  }

  /**
   * The outputs resident in one memory, in the order they became resident (as a linked set keeps
   * them), without boxing: ids in arrival order; those no longer resident ({@code isResident} false,
   * by tile id: a tile's output becomes resident once at most) are skipped and compacted away.
   */
  private static final class Resident {
    private int[] ids = new int[16];
    private int head;
    private int size;
    private int dead;

    void add(int id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, 2 * size);
      }
      ids[size++] = id;
    }

    /** Notes that one of the ids has left ({@code isResident} already false for it). */
    void removed(boolean[] isResident) {
      dead++;
      while (head < size && !isResident[ids[head]]) {
        head++;
        dead--;
      }
      if (dead > 16 && dead > (size - head) / 2) {
        int n = 0;
        for (int i = head; i < size; i++) {
          if (isResident[ids[i]]) {
            ids[n++] = ids[i];
          }
        }
        head = 0;
        size = n;
        dead = 0;
      }
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
  /** By core index ({@link Context#coreIndex}): the tiles on the core. */
  private final Timeline[] coreTimelines;
  private final Map<String, Timeline> resources = new HashMap<>();
  private final Timeline readPort;
  private final Timeline writePort;
  /** By dense memory id ({@link Context#memoryId}): the planned occupancy, and the outputs resident there. */
  private final Occupancy[] memory;
  private final Resident[] resident;
  /** By tile id: whether its output is in {@link #resident} (placed, read later, not yet released). */
  private final boolean[] isResident;
  /** By layer position and core index ({@link #weightsOf}): the layer's weights on the core, if it runs there. */
  private final Weights[] weights;
  private final Plan plan = new Plan();
  /** Scratch of {@link #place}: the new buffers per memory. */
  private int[] needIn = new int[8];
  private long[] needBits = new long[8];
  private long[] needFrom = new long[8];
  /** By tile id: how the placed tile streams its activations, or null when it keeps them on chip. */
  private final ActivationStreams[] streamsOf;
  private final List<ScheduledTile> scheduled = new ArrayList<>();
  private final List<Movement> movements = new ArrayList<>();
  private long latestTileEnd;

  /** Whether a tile that may stream its activations or keep them on chip is planned both ways (else: on chip). */
  private final boolean weighs;

  Builder(Context cx, int[] coreOf, boolean weighs) {
    this.cx = cx;
    this.coreOf = coreOf;
    this.weighs = weighs;
    int n = cx.tiles.size();
    start = new long[n];
    end = new long[n];
    holdUntil = new long[n];
    spillEnd = new long[n];
    spilled = new boolean[n];
    unplacedConsumers = new int[n];
    isResident = new boolean[n];
    streamsOf = new ActivationStreams[n];
    memory = new Occupancy[cx.memoryCount()];
    resident = new Resident[cx.memoryCount()];
    for (int m = 0; m < memory.length; m++) {
      memory[m] = new Occupancy();
      resident[m] = new Resident();
    }
    coreTimelines = new Timeline[cx.coreCount()];
    for (int c = 0; c < coreTimelines.length; c++) {
      coreTimelines[c] = new Timeline();
    }
    readPort = timeline(cx.readPort);
    writePort = timeline(cx.writePort);
    List<List<Tile>> byLayerCore = new ArrayList<>();
    for (int i = 0; i < cx.layerCount() * cx.coreCount(); i++) {
      byLayerCore.add(null);
    }
    for (Tile t : cx.tiles) {
      unplacedConsumers[t.id()] = cx.outgoing.get(t.id()).size();
      int slot = weightsOf(t, coreOf[t.id()]);
      if (byLayerCore.get(slot) == null) {
        byLayerCore.set(slot, new ArrayList<>());
      }
      byLayerCore.get(slot).add(t);
    }
    weights = new Weights[byLayerCore.size()];
    for (int slot = 0; slot < weights.length; slot++) {
      List<Tile> tiles = byLayerCore.get(slot);
      if (tiles != null) {
        long bits = SchedulingProblem.weightBits(tiles);
        int core = coreOf[tiles.get(0).id()];
        Weights w = new Weights(bits, cx.problem.streamsWeights(cx.core(core), bits));
        w.remainingTiles = tiles.size();
        weights[slot] = w;
      }
    }
  }

  /** Index in {@link #weights} of the weights of {@code tile}'s layer on core {@code core} (an id). */
  private int weightsOf(Tile tile, int core) {
    return cx.layerAt(tile) * cx.coreCount() + cx.coreIndex(core);
  }

  /** End of the last tile placed so far (cycles). */
  long latestTileEnd() {
    return latestTileEnd;
  }

  /** When all producers of {@code tile} have ended (cycles); they must all be placed. */
  long dataReady(Tile tile) {
    long ready = 0;
    List<TileEdge> in = cx.incoming.get(tile.id());
    for (int i = 0; i < in.size(); i++) {
      ready = Math.max(ready, end[in.get(i).producer()]);
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
    ActivationStreams streams = cx.streams(v, core);
    List<TileEdge> in = cx.incoming.get(v.id());
    if (streams != null && cx.problem.mayKeepOnChip(v, cx.core(core))) {
      streams = weighs && streamsSooner(v, core, release, streams) ? streams : null;
    }
    streamsOf[v.id()] = streams;
    for (int i = 0; i < in.size(); i++) {
      int u = in.get(i).producer();
      if (!spilled[u] && (streamedIn(streams, v, i) || unrouted(in.get(i), core))) {
        spill(u);
      }
    }
    long floor = 0;
    while (true) {
      plan(v, core, release, floor, streams);
      int distinct = needs();
      int full = unfit(distinct);
      if (full == distinct) {
        commit(v, core);
        return;
      }
      undo();
      int k = needIn[full];
      MemoryInstance instance = cx.memory(k);
      long needed = needBits[full];
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

  /**
   * Whether {@code v} on {@code core} ends strictly sooner streaming its activations as {@code
   * streams} than keeping them on chip, or would need another output spilled to keep them there
   * (the rule in the class comment). Spills first the producers that reach the core neither in
   * place nor over links (either way needs them in DRAM); otherwise leaves no trace.
   */
  private boolean streamsSooner(Tile v, int core, long release, ActivationStreams streams) {
    List<TileEdge> in = cx.incoming.get(v.id());
    for (int i = 0; i < in.size(); i++) {
      if (!spilled[in.get(i).producer()] && unrouted(in.get(i), core)) {
        spill(in.get(i).producer());
      }
    }
    long onChip = trialEnd(v, core, release, null);
    return onChip == Long.MAX_VALUE || trialEnd(v, core, release, streams) < onChip;
  }

  /**
   * The end of {@code v} placed on {@code core} at or after {@code release}, streaming as {@code
   * streams} (null: on chip), as {@link #place} would find it if no output had to be spilled to
   * make room; {@link Long#MAX_VALUE} when one would. Nothing is committed.
   */
  private long trialEnd(Tile v, int core, long release, ActivationStreams streams) {
    long floor = 0;
    while (true) {
      plan(v, core, release, floor, streams);
      int distinct = needs();
      int full = unfit(distinct);
      long end = plan.end;
      undo();
      if (full == distinct) {
        return end;
      }
      OptionalLong roomFrom = occupancy(needIn[full]).earliestWithin(cx.memory(needIn[full]).sizeBits()
          - needBits[full]);
      if (roomFrom.isEmpty() || roomFrom.getAsLong() <= floor) {
        return Long.MAX_VALUE;
      }
      floor = roomFrom.getAsLong();
    }
  }

  /** Whether edge {@code e} into a tile on {@code core} can reach it neither in place nor over links. */
  private boolean unrouted(TileEdge e, int core) {
    return !cx.problem.readsInPlace(e, coreOf[e.producer()], core) && cx.route(coreOf[e.producer()], core).isEmpty();
  }

  /**
   * Sums the new buffers of {@link #plan} per memory (dense ids), in order of first appearance,
   * into {@link #needIn}, {@link #needBits} and {@link #needFrom} (their total and earliest start);
   * returns how many memories there are.
   */
  private int needs() {
    NewBuffers buffers = plan.buffers;
    int n = buffers.size;
    if (needIn.length < n) {
      needIn = new int[n];
      needBits = new long[n];
      needFrom = new long[n];
    }
    int distinct = 0;
    for (int b = 0; b < n; b++) {
      int j = 0;
      while (j < distinct && needIn[j] != buffers.memory[b]) {
        j++;
      }
      if (j == distinct) {
        needIn[j] = buffers.memory[b];
        needFrom[j] = buffers.from[b];
        needBits[j] = 0;
        distinct++;
      } else {
        needFrom[j] = Math.min(needFrom[j], buffers.from[b]);
      }
      needBits[j] += buffers.bits[b];
    }
    return distinct;
  }

  /** Cancels the reservations of {@link #plan}. */
  private void undo() {
    for (int r = 0; r < plan.reservations; r++) {
      plan.reservedOn[r].cancel(plan.reservedAt[r]);
    }
  }

  /**
   * The position in {@link #needIn} of the first of the {@code distinct} memories whose new buffers
   * do not fit on top of their planned occupancy; {@code distinct} when all fit.
   */
  private int unfit(int distinct) {
    int full = 0;
    while (full < distinct && occupancy(needIn[full]).maxFrom(needFrom[full]) + needBits[full]
        <= cx.memory(needIn[full]).sizeBits()) {
      full++;
    }
    return full;
  }

  /** Whether {@code v}, streaming as {@code streams}, streams in the data of its incoming edge {@code i}. */
  private boolean streamedIn(ActivationStreams streams, Tile v, int i) {
    return streams != null && streams.streamsIn(cx.receiving(v, i));
  }

  /** A resident output to spill from memory {@code memoryId}: not one {@code v} reads, if possible; oldest first. */
  private Optional<Integer> victim(int memoryId, Tile v) {
    Resident candidates = resident[memoryId];
    int first = -1;
    for (int i = candidates.head; i < candidates.size; i++) {
      int u = candidates.ids[i];
      if (!isResident[u]) {
        continue;
      }
      if (first < 0) {
        first = u;
      }
      if (cx.incoming.get(v.id()).stream().noneMatch(e -> e.producer() == u)) {
        return Optional.of(u);
      }
    }
    return first < 0 ? Optional.empty() : Optional.of(first);
  }

  /**
   * Fills {@link #plan} with a placement of {@code v} on {@code core} at or after {@code release} and
   * {@code floor}, streaming its activations as {@code streams} (null: on chip). The spill of a
   * producer it streams in that is not spilled yet (only a trial's: {@link #place} spills them
   * first) is reserved on the write port with the plan.
   */
  private void plan(Tile v, int core, long release, long floor, ActivationStreams streams) {
    List<TileEdge> in = cx.incoming.get(v.id());
    plan.reset(in.size());
    Timeline cores = coreTimelines[cx.coreIndex(core)];
    String read = cx.readPort;
    long ready = Math.max(release, floor);
    NewBuffers received = plan.received;
    for (int i = 0; i < in.size(); i++) {
      if (streamedIn(streams, v, i) && !spilled[in.get(i).producer()]) {
        int u = in.get(i).producer();
        long cycles = cx.problem.dramCycles(cx.tiles.get(u).outputBits(), false);
        ready = Math.max(ready, reserve(writePort, end[u], cycles) + cycles);
      }
    }
    for (int i = 0; i < in.size(); i++) {
      TileEdge e = in.get(i);
      int u = e.producer();
      int key = cx.memoryId(core, cx.receiving(v, i));
      if (streamedIn(streams, v, i)) {
        plan.sources[i] = Source.STREAMED;
        ready = Math.max(ready, spillEnd[u]);
      } else if (spilled[u]) {
        plan.sources[i] = Source.READ_BACK;
        long cycles = cx.problem.dramCycles(e.bits(), true);
        long s = reserve(readPort, justInTime(cores, Math.max(floor, spillEnd[u]), cycles), cycles);
        plan.movements.add(new SpillRead(u, v.id(), core, e.bits(), read, s, s + cycles));
        received.add(key, e.bits(), s, false);
        ready = Math.max(ready, s + cycles);
      } else if (cx.problem.readsInPlace(e, coreOf[u], core)) {
        plan.sources[i] = Source.IN_PLACE;
        ready = Math.max(ready, end[u]);
      } else {
        plan.sources[i] = Source.LINKS;
        long t = Math.max(floor, end[u]);
        long lastStart = t;
        List<Hop> hops = cx.route(coreOf[u], core).orElseThrow();
        for (int h = 0; h < hops.size(); h++) {
          Hop hop = hops.get(h);
          long cycles = SchedulingProblem.transferCycles(e.bits(), hop.link().bandwidthBits());
          lastStart = reserve(timeline(hop.link().name()), t, cycles);
          t = lastStart + cycles;
          if (h == 0) {
            plan.firstHopEnd[i] = t;
          }
          plan.movements.add(new LinkHop(u, v.id(), h, hop.from(), hop.to(), e.bits(), hop.link().name(),
              lastStart, t));
        }
        received.add(key, e.bits(), lastStart, false);
        ready = Math.max(ready, t);
      }
    }
    if (v.dramInputBits() > 0 && (streams == null || !streams.input())) {
      long cycles = cx.problem.dramCycles(v.dramInputBits(), true);
      long s = reserve(readPort, justInTime(cores, floor, cycles), cycles);
      plan.movements.add(new InputLoad(v.id(), core, v.dramInputBits(), read, s, s + cycles));
      received.add(cx.memoryId(core, Operand.I), v.dramInputBits(), s, false);
      ready = Math.max(ready, s + cycles);
    }
    Weights w = weights[weightsOf(v, core)];
    if (!w.loaded && w.bits > 0 && !w.streamed) {
      long cycles = cx.problem.dramCycles(w.bits, true);
      // Weights go as early as the port and the memory allow, not just in time: a layer's weights stay
      // until its last tile on the core anyway, and on a DRAM-bound network a port left idle while
      // the first tiles compute is time the later loads cannot make up (docs/EXACT.md, session 10).
      long s = reserve(readPort, floor, cycles);
      plan.movements.add(new WeightLoad(v.layer(), core, w.bits, read, s, s + cycles));
      plan.buffers.add(cx.memoryId(core, Operand.W), w.bits, s, true);
      plan.weightsEnd = s + cycles;
    }
    ready = Math.max(ready, w.loaded ? w.loadEnd : plan.weightsEnd);
    boolean weightStream = w.streamed && v.weightBits() > 0;
    if (weightStream || streams != null) {
      placeWithStreams(v, core, cores, ready, weightStream, streams != null);
    } else {
      plan.start = reserve(cores, ready, cx.cycles(v, core));
      plan.end = plan.start + cx.cycles(v, core);
    }
    plan.buffers.addAll(received);
    if (streams == null || !streams.output()) {
      plan.buffers.add(cx.memoryId(core, Operand.O), v.outputBits(), plan.start, true);
    }
  }

  /**
   * Places {@code v}, which streams its weights ({@code weightStream}) and/or activations from and
   * to DRAM ({@link StreamPlacement}), where its core (for its {@link
   * SchedulingProblem#tileCycles}) and the DRAM port(s) (for its streams, back to back: weights,
   * input, second input, then output, the output alone on the write port when the DRAM has two) are
   * free from the same cycle on.
   */
  private void placeWithStreams(Tile v, int core, Timeline cores, long ready, boolean weightStream,
      boolean streamedActivations) {
    StreamPlacement streams = StreamPlacement.of(cx.problem, v, cx.core(core), weightStream, streamedActivations);
    long reads = streams.readCycles();
    long writes = streams.writeCycles();
    long cycles = cx.problem.tileCycles(v, cx.core(core), weightStream, streamedActivations);
    long s = ready;
    while (true) {
      long onCore = cores.earliest(s, cycles);
      long read = reads > 0 ? readPort.earliest(onCore, reads) : onCore;
      s = writes > 0 ? writePort.earliest(read, writes) : read;
      if (s == onCore) {
        break;
      }
    }
    plan.start = reserve(cores, s, cycles);
    plan.end = s + cycles;
    if (reads > 0) {
      reserve(readPort, s, reads);
    }
    if (writes > 0) {
      reserve(writePort, s, writes);
    }
    plan.movements.addAll(streams.movements(s));
  }

  /**
   * Input loads and read-backs go as late as still overlaps the work already on the core, to keep
   * memory free.
   */
  private static long justInTime(Timeline core, long notBefore, long cycles) {
    return Math.max(notBefore, core.frontier() - cycles);
  }

  private long reserve(Timeline timeline, long from, long cycles) {
    long s = timeline.reserveEarliest(from, cycles);
    plan.reserved(timeline, s);
    return s;
  }

  /** Takes {@link #plan} for {@code v} on {@code core}. */
  private void commit(Tile v, int core) {
    int id = v.id();
    start[id] = plan.start;
    end[id] = plan.end;
    latestTileEnd = Math.max(latestTileEnd, plan.end);
    scheduled.add(new ScheduledTile(id, core, plan.start, plan.end));
    movements.addAll(plan.movements);
    NewBuffers buffers = plan.buffers;
    for (int b = 0; b < buffers.size; b++) {
      if (buffers.open[b]) {
        occupancy(buffers.memory[b]).addFrom(buffers.from[b], buffers.bits[b]);
      } else {
        occupancy(buffers.memory[b]).add(buffers.from[b], plan.end, buffers.bits[b]);
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
    Weights w = weights[weightsOf(v, core)];
    if (!w.loaded) {
      w.loaded = true;
      w.loadEnd = plan.weightsEnd;
    }
    w.lastEnd = Math.max(w.lastEnd, plan.end);
    if (--w.remainingTiles == 0 && w.bits > 0 && !w.streamed) {
      occupancy(cx.memoryId(core, Operand.W)).addFrom(w.lastEnd, -w.bits);
    }
    holdUntil[id] = plan.end;
    ActivationStreams streams = streamsOf[id];
    if (streams != null && streams.output()) {
      // The output is in DRAM when the tile ends: its consumers read it back or stream it in.
      spilled[id] = true;
      spillEnd[id] = plan.end;
      return;
    }
    if (cx.isSink(v)) {
      long cycles = cx.problem.dramCycles(v.outputBits(), false);
      long s = writePort.reserveEarliest(plan.end, cycles);
      movements.add(new SinkStore(id, core, v.outputBits(), cx.writePort, s, s + cycles));
      holdUntil[id] = s + cycles;
    }
    if (unplacedConsumers[id] == 0) {
      release(id);
    } else {
      isResident[id] = true;
      resident[cx.memoryId(core, Operand.O)].add(id);
    }
  }

  /** Frees the output of {@code u} once nothing on its core reads it any more. */
  private void release(int u) {
    int key = cx.memoryId(coreOf[u], Operand.O);
    occupancy(key).addFrom(Math.max(end[u], holdUntil[u]), -cx.tiles.get(u).outputBits());
    if (isResident[u]) {
      isResident[u] = false;
      resident[key].removed(isResident);
    }
  }

  /** Writes the output of placed tile {@code u} to DRAM and frees it on chip after that. */
  private void spill(int u) {
    long bits = cx.tiles.get(u).outputBits();
    long cycles = cx.problem.dramCycles(bits, false);
    long s = writePort.reserveEarliest(end[u], cycles);
    movements.add(new SpillWrite(u, coreOf[u], bits, cx.writePort, s, s + cycles));
    spilled[u] = true;
    spillEnd[u] = s + cycles;
    holdUntil[u] = Math.max(holdUntil[u], spillEnd[u]);
    release(u);
  }
}
