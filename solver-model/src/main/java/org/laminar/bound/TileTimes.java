package org.laminar.bound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Link;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Operand;

/**
 * What every schedule the checker accepts must grant each tile, in cycles: its least duration,
 * its earliest start and finish (heads) and the least time from its end to the end of the
 * schedule (its tail). These are the release times and tails of the one-resource bounds.
 *
 * <p>Weights: a tile whose own weight slice exceeds a core's weight memory streams it there
 * whatever else runs on the core, so it lasts at least the stream's cycles. A tile whose layer's
 * weights (all slices its layer may put on that core) fit every allowed core is surely loaded: the
 * load of its slice ends before it starts. Any other tile may be loaded or streamed.
 *
 * <p>Edges: when no allowed cores of the two tiles let the consumer read the data in place (one
 * core, or two cores sharing the memory that holds it), the data moves, over at least one link hop
 * (at most the fastest link's bandwidth) or through a spill of the producer's output and a
 * read-back; otherwise the edge may cost nothing.
 *
 * <p>Activations: a tile that may stream its input from DRAM on some allowed core ({@link
 * SchedulingProblem#activationStreams}) may have no input load before it and may read its
 * producers' outputs straight from DRAM; one that may stream its output may have no store or spill
 * after it. Such loads, stores and transfers count for nothing here (the streams lie within the
 * tile, whose least duration is already at least their cycles).
 *
 * <p>Streamed inputs: the checker asks only that a streamed input (or second input) lie within its
 * tile and start once each producer's output is in DRAM, so the tile itself may start before its
 * producers end (by as much as it outlasts the stream) and only ends after them by the stream's
 * cycles. An edge into what its consumer may stream in therefore orders the two tiles' ends, not the
 * consumer's start ({@link #orders}): on it the head, finish and tail use the lags of {@link
 * #startLag} and {@link #endLag}, and the DRAM queues before and after a tile follow only the edges
 * that order.
 */
public final class TileTimes {
  private final SchedulingProblem problem;
  private final long[] duration;
  private final long[] head;
  private final long[] finish;
  private final long[] tail;
  private final boolean[] loaded;
  private final boolean[][] mayStream;
  /** By tile, then by allowed core (in allowed-core order): the least cycles there. */
  private final long[][] cycles;
  private final boolean[] sink;
  /** The tile ids of each distinct weight slice of each layer, in tile id order (every bound asks, some often). */
  private final List<List<Integer>> slices;
  /** Per tile: whether it streams its input, or its output, on some allowed core. */
  private final boolean[] inputMayStream;
  private final boolean[] outputMayStream;
  private final boolean[] secondMayStream;
  /**
   * By tile, for its input ({@link Operand#I}, index 0) and second input ({@link Operand#W}, 1), over
   * the ways it may stream that operand in: the least cycles of the stream on the read port
   * ({@link Long#MAX_VALUE} when it never streams it), and the most cycles by which the tile may
   * outlast the stream (its cycles there less the stream's), which is how far it may start before.
   */
  private final long[][] streamCycles;
  private final long[][] streamLead;
  /** By tile and operand as above: whether some way of the tile receives that operand before it starts. */
  private final boolean[][] receivesBefore;
  /** Tiles × (tiles + edges) up to which the DRAM queues before and after each tile are computed. */
  static final long QUEUE_BUDGET = 10_000_000L;

  private TileTimes(SchedulingProblem problem, boolean withQueues) {
    this.problem = problem;
    TileGraph graph = problem.graph();
    int n = graph.tiles().size();
    duration = new long[n];
    head = new long[n];
    finish = new long[n];
    tail = new long[n];
    loaded = new boolean[n];
    mayStream = new boolean[n][];
    cycles = new long[n][];
    sink = new boolean[n];
    slices = slicesOf(problem.graph());
    inputMayStream = new boolean[n];
    outputMayStream = new boolean[n];
    secondMayStream = new boolean[n];
    streamCycles = new long[n][2];
    streamLead = new long[n][2];
    receivesBefore = new boolean[n][2];
    long[] costCycles = new long[n];
    Map<Long, Long> layerBitsOnCore = new HashMap<>();
    Map<Integer, Boolean> sinkLayers = new HashMap<>();
    for (Tile tile : graph.tiles()) {
      sink[tile.id()] = sinkLayers.computeIfAbsent(tile.layer(), l -> graph.isSink(tile));
      List<Integer> cores = problem.allowedCores(tile);
      mayStream[tile.id()] = new boolean[cores.size()];
      cycles[tile.id()] = new long[cores.size()];
      long least = Long.MAX_VALUE;
      long leastCost = Long.MAX_VALUE;
      boolean surelyLoaded = tile.weightBits() > 0;
      Arrays.fill(streamCycles[tile.id()], Long.MAX_VALUE);
      for (int i = 0; i < cores.size(); i++) {
        Core core = problem.accelerator().core(cores.get(i));
        boolean forced = tile.weightBits() > 0 && problem.streamsWeights(core, tile.weightBits());
        long cost = Long.MAX_VALUE;
        cycles[tile.id()][i] = Long.MAX_VALUE;
        // The least over the ways the tile may run there: on chip, or with its activations streamed.
        for (boolean streamed : problem.activationModes(tile, core)) {
          long own = problem.cost(tile, core, streamed).cycles();
          cost = Math.min(cost, own);
          cycles[tile.id()][i] = Math.min(cycles[tile.id()][i], forced ? problem.tileCycles(tile, core, true, streamed)
              : own);
        }
        least = Math.min(least, cycles[tile.id()][i]);
        leastCost = Math.min(leastCost, cost);
        long layerBits = layerBitsOnCore.computeIfAbsent(((long) tile.layer() << 32) | core.id(),
            k -> SchedulingProblem.weightBits(graph.tilesOf(tile.layer()).stream()
                .filter(t -> problem.allowedCores(t).contains(core.id())).toList()));
        mayStream[tile.id()][i] = tile.weightBits() > 0 && problem.streamsWeights(core, layerBits);
        surelyLoaded &= !mayStream[tile.id()][i];
        Optional<ActivationStreams> streams = problem.activationStreams(tile, core);
        inputMayStream[tile.id()] |= streams.map(ActivationStreams::input).orElse(false);
        outputMayStream[tile.id()] |= streams.map(ActivationStreams::output).orElse(false);
        secondMayStream[tile.id()] |= streams.map(ActivationStreams::second).orElse(false);
        // The tile's cycles with its activations streamed there, its weights streamed if its layer may
        // stream them (which only lengthens it): the longest it may outlast its input streams.
        long streamedCycles = streams.isPresent() ? problem.tileCycles(tile, core, mayStream[tile.id()][i], true) : 0;
        boolean onChip = problem.activationModes(tile, core).contains(false);
        ActivationStreams how = streams.orElse(null);
        for (int op = 0; op < 2; op++) {
          long bits = how == null || !how.streamsIn(OPERANDS[op]) ? 0 : op == 0 ? how.readBits() : how.secondBits();
          receivesBefore[tile.id()][op] |= bits == 0 || onChip;
          if (bits > 0) {
            long stream = problem.dramCycles(bits, true);
            streamCycles[tile.id()][op] = Math.min(streamCycles[tile.id()][op], stream);
            streamLead[tile.id()][op] = Math.max(streamLead[tile.id()][op], streamedCycles - stream);
          }
        }
      }
      duration[tile.id()] = least;
      costCycles[tile.id()] = leastCost;
      loaded[tile.id()] = surelyLoaded;
    }
    List<List<TileEdge>> incoming = graph.incoming();
    List<List<TileEdge>> outgoing = graph.outgoing();
    // The queues follow chains of edges that order their tiles' starts: start(v) ≥ start(u) + lag.
    List<List<TileEdge>> ordering = outgoing.stream().map(out -> out.stream().filter(this::orders).toList()).toList();
    long[][] lags = new long[n][];
    for (int u = 0; u < n; u++) {
      lags[u] = new long[ordering.get(u).size()];
      for (int i = 0; i < lags[u].length; i++) {
        lags[u][i] = duration[u] + transferCycles(ordering.get(u).get(i));
      }
    }
    boolean queues = withQueues && (long) n * (n + graph.edges().size()) <= QUEUE_BUDGET;
    long[] readsQueued = queues ? readsBefore(ordering, lags) : new long[n];
    long[] storesQueued = queues ? storesAfter(ordering, lags) : new long[n];
    for (Tile tile : graph.tiles()) {
      int t = tile.id();
      // A streamed input is read while the tile runs, not before it.
      long reads = inputMayStream[t] ? 0 : problem.dramCycles(tile.dramInputBits(), true);
      long start = Math.max(readsQueued[t], reads + (loaded[t] ? problem.dramCycles(tile.weightBits(), true) : 0));
      long end = 0;
      for (TileEdge e : incoming.get(t)) {
        start = Math.max(start, finish[e.producer()] + startLag(e));
        end = Math.max(end, finish[e.producer()] + endLag(e));
      }
      head[t] = start;
      finish[t] = Math.max(start + duration[t], end);
      if (tile.weightBits() > 0 && !loaded[t]) {
        // Loaded, it starts after its input and its weights arrive on the read port; streamed, it
        // lasts at least the stream: either way it ends no earlier than this.
        finish[t] = Math.max(finish[t], reads + Math.max(costCycles[t], problem.dramCycles(tile.weightBits(), true)));
      }
    }
    for (int t = n - 1; t >= 0; t--) {
      Tile tile = graph.tiles().get(t);
      boolean stored = sink[t] && !outputMayStream[t];
      long after = Math.max(storesQueued[t], stored ? problem.dramCycles(tile.outputBits(), false) : 0);
      for (TileEdge e : outgoing.get(t)) {
        after = Math.max(after, endLag(e) + tail[e.consumer()]);
      }
      tail[t] = after;
    }
  }

  /**
   * The DRAM reads that must end before each tile starts, queued on the read port from cycle 0
   * (Jackson's bound with every release 0): for tile t and each ancestor a (t included), a's
   * network-input load ends before a starts, and a starts at least {@code dist(a, t)} before t,
   * the longest chain of least durations and transfers from a to t. Each weight slice of those
   * tiles comes in one movement (a load before the tile, or a stream that ends with it; no stream
   * of t itself precedes t), counted once per slice at its latest possible end, as in the DRAM
   * windows. So {@code start(t) ≥ max over b of (reads due at least b before t) + b}.
   * Time O(n · (n + E)); skipped above {@link #QUEUE_BUDGET}.
   */
  private long[] readsBefore(List<List<TileEdge>> outgoing, long[][] lags) {
    TileGraph graph = problem.graph();
    int n = graph.tiles().size();
    List<List<Integer>> slices = slices();
    int[] sliceOf = new int[n];
    Arrays.fill(sliceOf, -1);
    long[] sliceCycles = new long[slices.size()];
    boolean[] everywhere = new boolean[slices.size()];
    Map<Integer, Integer> slicesOfLayer = new HashMap<>();
    slices.forEach(sl -> slicesOfLayer.merge(graph.tiles().get(sl.get(0)).layer(), 1, Integer::sum));
    for (int s = 0; s < slices.size(); s++) {
      Tile first = graph.tiles().get(slices.get(s).get(0));
      for (int t : slices.get(s)) {
        sliceOf[t] = s;
      }
      sliceCycles[s] = slicesOfLayer.get(first.layer()) == 1 ? problem.dramCycles(first.weightBits(), true)
          : first.weightBits() / problem.accelerator().dram().readBandwidthBits();
      everywhere[s] = LatencyBounds.alwaysStreamed(problem, slices.get(s));
    }
    long[] result = new long[n];
    long[] dist = new long[n];
    long[] sliceDue = new long[slices.size()];
    List<long[]> jobs = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      Arrays.fill(dist, 0, t + 1, -1);
      Arrays.fill(sliceDue, -1);
      dist[t] = 0;
      jobs.clear();
      for (int a = t; a >= 0; a--) {
        for (int i = 0; a < t && i < lags[a].length; i++) {
          int v = outgoing.get(a).get(i).consumer();
          if (v <= t && dist[v] >= 0) {
            dist[a] = Math.max(dist[a], lags[a][i] + dist[v]);
          }
        }
        if (dist[a] < 0) {
          continue;
        }
        Tile tile = graph.tiles().get(a);
        if (tile.dramInputBits() > 0 && !inputMayStream[a]) {
          jobs.add(new long[] {problem.dramCycles(tile.dramInputBits(), true), dist[a]});
        }
        int s = sliceOf[a];
        if (s >= 0 && everywhere[s] && a != t) {
          jobs.add(new long[] {problem.dramCycles(tile.weightBits(), true), dist[a] - duration[a]});
        } else if (s >= 0 && !everywhere[s] && (loaded[a] || a != t)) {
          sliceDue[s] = Math.max(sliceDue[s], loaded[a] ? dist[a] : dist[a] - duration[a]);
        }
      }
      for (int s = 0; s < sliceDue.length; s++) {
        if (sliceDue[s] >= 0) {
          jobs.add(new long[] {sliceCycles[s], sliceDue[s]});
        }
      }
      jobs.sort((x, y) -> Long.compare(y[1], x[1]));
      long reads = 0;
      for (int i = 0; i < jobs.size(); i++) {
        reads += jobs.get(i)[0];
        if (i + 1 == jobs.size() || jobs.get(i + 1)[1] != jobs.get(i)[1]) {
          result[t] = Math.max(result[t], reads + jobs.get(i)[1]);
        }
      }
    }
    return result;
  }

  /**
   * The sink stores that must start after each tile ends, queued on the write (or shared) port:
   * for tile t and each sink descendant s (t included), s's store starts after s ends, at least
   * {@code dist(t, s) + d(s) − d(t)} after t ends. So the schedule lasts at least
   * {@code max over a of a + (stores released at least a after t)} beyond t's end.
   */
  private long[] storesAfter(List<List<TileEdge>> outgoing, long[][] lags) {
    TileGraph graph = problem.graph();
    int n = graph.tiles().size();
    long[] result = new long[n];
    long[] dist = new long[n];
    List<long[]> jobs = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      Arrays.fill(dist, t, n, -1);
      dist[t] = 0;
      jobs.clear();
      for (int u = t; u < n; u++) {
        if (dist[u] < 0) {
          continue;
        }
        for (int i = 0; i < lags[u].length; i++) {
          int v = outgoing.get(u).get(i).consumer();
          dist[v] = Math.max(dist[v], dist[u] + lags[u][i]);
        }
        if (sink[u] && !outputMayStream[u]) {
          jobs.add(new long[] {problem.dramCycles(graph.tiles().get(u).outputBits(), false),
              dist[u] + duration[u] - duration[t]});
        }
      }
      jobs.sort((x, y) -> Long.compare(y[1], x[1]));
      long writes = 0;
      for (int i = 0; i < jobs.size(); i++) {
        writes += jobs.get(i)[0];
        if (i + 1 == jobs.size() || jobs.get(i + 1)[1] != jobs.get(i)[1]) {
          result[t] = Math.max(result[t], jobs.get(i)[1] + writes);
        }
      }
    }
    return result;
  }

  /** The times of {@code problem}'s tiles (tile ids are a topological order of the tile graph). */
  public static TileTimes of(SchedulingProblem problem) {
    return new TileTimes(problem, true);
  }

  /**
   * The same without the DRAM queues before and after each tile: weaker heads and tails, the same
   * durations and weight facts, in time linear in tiles + edges.
   */
  static TileTimes withoutQueues(SchedulingProblem problem) {
    return new TileTimes(problem, false);
  }

  /**
   * The fewest cycles tile {@code t} can last on its {@code i}-th allowed core (in
   * {@link SchedulingProblem#allowedCores} order): the cost model's, or at least its weight
   * stream's when its own slice exceeds the core's weight memory.
   */
  public long leastCycles(int t, int i) {
    return cycles[t][i];
  }

  /** Whether tile {@code t} may stream its input from DRAM (on some allowed core): it may have no input load. */
  public boolean inputMayStream(int t) {
    return inputMayStream[t];
  }

  /** Whether tile {@code t} may stream its output to DRAM (on some allowed core): it may have no store. */
  public boolean outputMayStream(int t) {
    return outputMayStream[t];
  }

  private boolean streamsIn(int t, Operand operand) {
    return operand == Operand.I ? inputMayStream[t] : operand == Operand.W && secondMayStream[t];
  }

  /**
   * Whether {@code edge}'s consumer starts after its producer ends in every valid schedule: unless
   * the consumer may stream in what the edge brings (its stream, not the tile, must start after the
   * data is in DRAM).
   */
  boolean orders(TileEdge edge) {
    return !streamsIn(edge.consumer(), problem.receivingOperand(edge));
  }

  /** The operands a tile may stream in, by the index of {@link #streamCycles}. */
  private static final Operand[] OPERANDS = {Operand.I, Operand.W};

  private static int streamIndex(Operand operand) {
    return operand == Operand.I ? 0 : 1;
  }

  /**
   * The least cycles from the end of {@code edge}'s producer until its output is in DRAM, where a
   * consumer may stream it from: 0 when the producer may stream it out, else its spill's.
   */
  private long inDramCycles(TileEdge edge) {
    Tile u = problem.graph().tiles().get(edge.producer());
    return outputMayStream[u.id()] ? 0 : problem.dramCycles(u.outputBits(), false);
  }

  /**
   * A lower bound on {@code start(consumer) − end(producer)} of {@code edge} in every valid schedule
   * (cycles, negative when the consumer may start first). An ordering edge: its {@link
   * #transferCycles}. Otherwise, in a way the consumer streams the edge's data in, the stream starts
   * once the data is in DRAM ({@link #inDramCycles} after the producer's end) and ends within the
   * tile, so the tile starts at least that late less its lead over the stream ({@link #streamLead});
   * in a way that receives it before starting, it starts after the producer ends.
   */
  long startLag(TileEdge edge) {
    if (orders(edge)) {
      return transferCycles(edge);
    }
    int v = edge.consumer();
    int op = streamIndex(problem.receivingOperand(edge));
    long streamed = inDramCycles(edge) - streamLead[v][op];
    return receivesBefore[v][op] ? Math.min(0, streamed) : streamed;
  }

  /**
   * A lower bound on {@code end(consumer) − end(producer)} of {@code edge} in every valid schedule
   * (cycles): an ordering edge's transfer and the consumer's least duration; otherwise, in a way the
   * consumer streams the data in, the data's way to DRAM and the least stream (which ends within
   * the tile), and in a way that receives it before starting, the consumer's least duration.
   */
  long endLag(TileEdge edge) {
    int v = edge.consumer();
    if (orders(edge)) {
      return transferCycles(edge) + duration[v];
    }
    int op = streamIndex(problem.receivingOperand(edge));
    long streamed = inDramCycles(edge) + streamCycles[v][op];
    return receivesBefore[v][op] ? Math.min(duration[v], streamed) : streamed;
  }

  /** Whether tile {@code t} belongs to a sink layer (its output is stored to DRAM). */
  public boolean isSink(int t) {
    return sink[t];
  }

  /**
   * The least time between the end of the producer of {@code edge} and the start of its consumer
   * (cycles) when the edge {@link #orders} them: 0 when they may share a core, or the consumer may
   * stream the data in, or the producer stream it out.
   */
  public long transferCycles(TileEdge edge) {
    Tile u = problem.graph().tiles().get(edge.producer());
    Tile v = problem.graph().tiles().get(edge.consumer());
    // A streamed output is in DRAM when its tile ends, and a streamed input is read while its tile
    // runs: the lag may be a read-back alone, a spill alone, or nothing.
    if (outputMayStream[u.id()] || streamsIn(v.id(), problem.receivingOperand(edge))) {
      return 0;
    }
    for (int a : problem.allowedCores(u)) {
      for (int b : problem.allowedCores(v)) {
        if (problem.readsInPlace(edge, a, b)) {
          return 0;
        }
      }
    }
    Accelerator accelerator = problem.accelerator();
    long spill = problem.dramCycles(u.outputBits(), false) + problem.dramCycles(edge.bits(), true);
    long fastest = accelerator.links().stream().mapToLong(Link::bandwidthBits).max().orElse(0);
    return fastest == 0 ? spill : Math.min(spill, SchedulingProblem.transferCycles(edge.bits(), fastest));
  }

  /** The least cycles of tile {@code t} on any allowed core. */
  public long duration(int t) {
    return duration[t];
  }

  /** The earliest start of tile {@code t} (cycles). */
  public long head(int t) {
    return head[t];
  }

  /** The earliest end of tile {@code t} (cycles), at least {@code head + duration}. */
  public long finish(int t) {
    return finish[t];
  }

  /** The least cycles from the end of tile {@code t} to the end of the schedule. */
  public long tail(int t) {
    return tail[t];
  }

  /** Whether tile {@code t} has weights and they are loaded (not streamed) on every allowed core. */
  public boolean surelyLoaded(int t) {
    return loaded[t];
  }

  /**
   * Whether tile {@code t} may stream its weights on its {@code i}-th allowed core (in
   * {@link SchedulingProblem#allowedCores} order): its layer's slices that may run there exceed the
   * core's weight memory.
   */
  public boolean mayStream(int t, int i) {
    return mayStream[t][i];
  }

  /** The longest chain: the largest earliest finish plus tail over the tiles (cycles). */
  public long criticalPath() {
    long longest = 0;
    for (int t = 0; t < finish.length; t++) {
      longest = Math.max(longest, finish[t] + tail[t]);
    }
    return longest;
  }

  /** The tile ids of each distinct weight slice of each layer, in tile id order. */
  List<List<Integer>> slices() {
    return slices;
  }

  private static List<List<Integer>> slicesOf(TileGraph graph) {
    Map<Long, List<Integer>> bySlice = new LinkedHashMap<>();
    for (Tile tile : graph.tiles()) {
      if (tile.weightBits() > 0) {
        bySlice.computeIfAbsent(((long) tile.layer() << 32) | tile.weightSlice(), k -> new ArrayList<>())
            .add(tile.id());
      }
    }
    return bySlice.values().stream().map(List::copyOf).toList();
  }
}
