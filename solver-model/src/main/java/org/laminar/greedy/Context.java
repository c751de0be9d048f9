package org.laminar.greedy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryInstance;
import org.laminar.hardware.MemoryLevel;
import org.laminar.schedule.Routes;
import org.laminar.schedule.Routes.Hop;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.workload.Layer;
import org.laminar.workload.Operand;

/** A scheduling problem with the look-ups every greedy scheduler needs, computed once. */
final class Context {

  final SchedulingProblem problem;
  final List<Tile> tiles;
  final List<List<TileEdge>> incoming;
  final List<List<TileEdge>> outgoing;
  final Map<Integer, Core> cores = new LinkedHashMap<>();
  final Routes routes;
  /** Layer id → longest path (in layers) from a layer reading only DRAM. */
  final Map<Integer, Integer> depth = new HashMap<>();
  private final Map<Integer, Integer> coreIndexById = new HashMap<>();
  /** {@link #coreIndexById} as an array by core id, for the usual small non-negative ids (-1: none). */
  private final int[] denseCoreIndex;
  private final long[][] cycles;
  /** The cores by index ({@link #coreIndex}), so that a memoised look-up needs no map. */
  private final Core[] coreAt;
  /**
   * By tile id and core index: {@link SchedulingProblem#activationStreams}, asked when first needed
   * ({@link #streamsKnown}); every placement and footprint asks it, a decode thousands of times.
   */
  private final ActivationStreams[][] streamsOf;
  private final boolean[][] streamsKnown;
  /** By tile id and core index: {@link #footprint}, computed when first asked (null until then). */
  private final long[][][] footprints;
  /** {@link #tilesByLayer}, built once: every decode of a {@link GuidedDecoder} reads it. */
  private final Map<Integer, List<Tile>> tilesByLayer;
  /** The physical memories the cores keep operands in, by dense id (the one index greedy arrays use). */
  private final List<MemoryInstance> instances = new ArrayList<>();
  private final Map<MemoryInstance, Integer> memoryIds = new HashMap<>();
  /** By core index and operand ordinal: the id of the memory holding the operand (-1: none). */
  private final int[][] memoryOf;
  /** By core index: the distinct ids of those memories, in operand order. */
  private final int[][] coreMemories;
  /** By core index and operand ordinal: the position of the operand's memory in {@link #coreMemories}. */
  private final int[][] positionOf;
  /** By tile id, by incoming edge: the operand through which the consumer receives the edge. */
  private final Operand[][] receiving;
  /** By tile id: whether the tile belongs to a sink layer. */
  private final boolean[] sink;
  /** By tile id: the position of its layer in the workload. */
  private final int[] layerAt;
  /** By core index, by core index: {@link Routes#route} between them, asked when first needed. */
  private final List<List<Optional<List<Hop>>>> routeTable = new ArrayList<>();
  /** Resource names of the DRAM ports that reads and writes use. */
  final String readPort;
  final String writePort;

  Context(SchedulingProblem problem) {
    this.problem = problem;
    this.tiles = problem.graph().tiles();
    this.incoming = problem.graph().incoming();
    this.outgoing = problem.graph().outgoing();
    this.routes = new Routes(problem.accelerator());
    for (Core c : problem.accelerator().cores()) {
      coreIndexById.put(c.id(), cores.size());
      cores.put(c.id(), c);
    }
    int maxId = cores.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    boolean dense = cores.keySet().stream().allMatch(id -> id >= 0) && maxId < 4096;
    denseCoreIndex = new int[dense ? maxId + 1 : 0];
    Arrays.fill(denseCoreIndex, -1);
    if (dense) {
      coreIndexById.forEach((id, i) -> denseCoreIndex[id] = i);
    }
    for (Layer layer : problem.graph().workload().layers()) {
      int d = 0;
      for (int p : layer.allProducers()) {
        d = Math.max(d, depth.get(p) + 1);
      }
      depth.put(layer.id(), d);
    }
    coreAt = cores.values().toArray(new Core[0]);
    streamsOf = new ActivationStreams[tiles.size()][cores.size()];
    streamsKnown = new boolean[tiles.size()][cores.size()];
    footprints = new long[tiles.size()][cores.size()][];
    cycles = new long[tiles.size()][cores.size()];
    for (long[] row : cycles) {
      Arrays.fill(row, -1);
    }
    Operand[] operands = Operand.values();
    memoryOf = new int[cores.size()][operands.length];
    coreMemories = new int[cores.size()][];
    positionOf = new int[cores.size()][operands.length];
    for (Core c : cores.values()) {
      int i = coreIndexById.get(c.id());
      List<Integer> own = new ArrayList<>();
      for (Operand op : operands) {
        memoryOf[i][op.ordinal()] = -1;
        positionOf[i][op.ordinal()] = -1;
        MemoryLevel m = c.localMemory(problem.memoryOperands().get(op)).orElse(null);
        if (m == null) {
          continue;
        }
        int id = memoryIds.computeIfAbsent(problem.accelerator().instance(c.id(), m), instance -> {
          instances.add(instance);
          return instances.size() - 1;
        });
        memoryOf[i][op.ordinal()] = id;
        if (!own.contains(id)) {
          own.add(id);
        }
        positionOf[i][op.ordinal()] = own.indexOf(id);
      }
      coreMemories[i] = own.stream().mapToInt(Integer::intValue).toArray();
    }
    receiving = new Operand[tiles.size()][];
    sink = new boolean[tiles.size()];
    layerAt = new int[tiles.size()];
    List<Layer> layers = problem.graph().workload().layers();
    Map<Integer, Integer> positions = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      positions.put(layers.get(i).id(), i);
    }
    // Both answers depend on layers only, and the problem's scan the workload: ask once per layer
    // (by position), and once per (producer layer, consumer layer), kept with the consumer layer.
    Boolean[] sinkLayers = new Boolean[layers.size()];
    List<Map<Integer, Operand>> byProducer = new ArrayList<>();
    layers.forEach(l -> byProducer.add(new HashMap<>()));
    for (int id = 0; id < tiles.size(); id++) {
      Tile t = tiles.get(id);
      // Tiles of a layer are mostly consecutive: ask the map only when the layer changes.
      layerAt[id] = id > 0 && tiles.get(id - 1).layer() == t.layer() ? layerAt[id - 1] : positions.get(t.layer());
      List<TileEdge> in = incoming.get(id);
      Operand[] received = new Operand[in.size()];
      Map<Integer, Operand> known = byProducer.get(layerAt[id]);
      for (int e = 0; e < in.size(); e++) {
        TileEdge edge = in.get(e);
        int producer = tiles.get(edge.producer()).layer();
        Operand operand = known.get(producer);
        if (operand == null) {
          operand = problem.receivingOperand(edge);
          known.put(producer, operand);
        }
        received[e] = operand;
      }
      receiving[id] = received;
      if (sinkLayers[layerAt[id]] == null) {
        sinkLayers[layerAt[id]] = problem.graph().isSink(t);
      }
      sink[id] = sinkLayers[layerAt[id]];
    }
    for (int i = 0; i < cores.size(); i++) {
      routeTable.add(new ArrayList<>(Collections.nCopies(cores.size(), null)));
    }
    readPort = problem.dramPort(true);
    writePort = problem.dramPort(false);
    Map<Integer, List<Tile>> byLayer = new LinkedHashMap<>();
    problem.graph().workload().layers().forEach(l -> byLayer.put(l.id(), new ArrayList<>()));
    tiles.forEach(t -> byLayer.get(t.layer()).add(t));
    Map<Integer, List<Tile>> frozen = new LinkedHashMap<>();
    byLayer.forEach((layer, list) -> frozen.put(layer, List.copyOf(list)));
    tilesByLayer = Collections.unmodifiableMap(frozen);
  }

  /** How many cores the accelerator has; core indices ({@link #coreIndex}) run from 0 to this, exclusive. */
  int coreCount() {
    return cores.size();
  }

  /** How many layers the workload has; {@link #layerAt} runs from 0 to this, exclusive. */
  int layerCount() {
    return problem.graph().workload().layers().size();
  }

  /** The position of {@code tile}'s layer in the workload. */
  int layerAt(Tile tile) {
    return layerAt[tile.id()];
  }

  /** {@link Routes#route} from core {@code from} to core {@code to} (ids), kept per pair of cores. */
  Optional<List<Hop>> route(int from, int to) {
    List<Optional<List<Hop>>> row = routeTable.get(coreIndex(from));
    int j = coreIndex(to);
    Optional<List<Hop>> route = row.get(j);
    if (route == null) {
      route = routes.route(from, to);
      row.set(j, route);
    }
    return route;
  }

  /** Position of core {@code core} (an id) in {@link #cores}. */
  int coreIndex(int core) {
    return core >= 0 && core < denseCoreIndex.length ? denseCoreIndex[core] : coreIndexById.get(core);
  }

  /** The core of id {@code id}. */
  Core core(int id) {
    return coreAt[coreIndex(id)];
  }

  /**
   * Cycles of {@code tile} on core {@code core} as it runs there by default ({@link
   * SchedulingProblem#streamsByDefault}: on chip where it may be); memoised.
   */
  long cycles(Tile tile, int core) {
    int i = coreIndex(core);
    if (cycles[tile.id()][i] < 0) {
      cycles[tile.id()][i] = problem.cost(tile, coreAt[i]).cycles();
    }
    return cycles[tile.id()][i];
  }

  /** How {@code tile} may stream its activations on core {@code core} (an id), or null when it keeps them on chip. */
  ActivationStreams streams(Tile tile, int core) {
    int i = coreIndex(core);
    if (!streamsKnown[tile.id()][i]) {
      streamsOf[tile.id()][i] = problem.activationStreams(tile, coreAt[i]).orElse(null);
      streamsKnown[tile.id()][i] = true;
    }
    return streamsOf[tile.id()][i];
  }

  /**
   * The dense id of the physical memory in which {@code core} keeps {@code operand} (its own or one
   * it shares with other cores); fails as the problem does when the core has no memory for the
   * operand.
   */
  int memoryId(int core, Operand operand) {
    int id = memoryOf[coreIndex(core)][operand.ordinal()];
    return id >= 0 ? id : memoryIds.get(problem.memoryInstance(cores.get(core), operand));
  }

  /** The physical memory with dense id {@code id}. */
  MemoryInstance memory(int id) {
    return instances.get(id);
  }

  /** How many physical memories the cores keep operands in: dense ids run from 0 to this, exclusive. */
  int memoryCount() {
    return instances.size();
  }

  /**
   * The dense ids of the distinct physical memories {@code core} keeps operands in, in operand
   * order; {@link #footprint} is indexed by position in this array. Callers must not change it.
   */
  int[] memories(int core) {
    return coreMemories[coreIndex(core)];
  }

  /**
   * Position of memory {@code id} in {@link #memories}{@code (core)}; -1 when the core keeps no
   * operand there.
   */
  int position(int core, int id) {
    int[] own = memories(core);
    for (int p = 0; p < own.length; p++) {
      if (own[p] == id) {
        return p;
      }
    }
    return -1;
  }

  /** The operand through which {@code tile} receives its {@code edge}-th incoming edge. */
  Operand receiving(Tile tile, int edge) {
    return receiving[tile.id()][edge];
  }

  boolean isSink(Tile tile) {
    return sink[tile.id()];
  }

  /** The tiles of each layer, by layer id in workload order, in tile order (unmodifiable). */
  Map<Integer, List<Tile>> tilesByLayer() {
    return tilesByLayer;
  }

  /**
   * Bits {@code tile} needs in each physical memory of {@code core} besides its layer's weights, by
   * position in {@link #memories}{@code (core)}: its output, the data it receives from every
   * producer, and its network input. Operands the tile may stream from or to DRAM on the core take
   * none: the least it can need there. Memoised (a decode's allocation asks it twice per tile):
   * callers must not change the array.
   */
  long[] footprint(Tile tile, int core) {
    int c = coreIndex(core);
    long[] bits = footprints[tile.id()][c];
    if (bits == null) {
      bits = new long[coreMemories[c].length];
      int[] of = positionOf[c];
      ActivationStreams streams = streams(tile, core);
      boolean input = streams != null && streams.input();
      if (streams == null || !streams.output()) {
        bits[at(of, core, Operand.O)] += tile.outputBits();
      }
      List<TileEdge> in = incoming.get(tile.id());
      Operand[] operands = receiving[tile.id()];
      for (int e = 0; e < in.size(); e++) {
        if (streams == null || !streams.streamsIn(operands[e])) {
          bits[at(of, core, operands[e])] += in.get(e).bits();
        }
      }
      if (tile.dramInputBits() > 0 && !input) {
        bits[at(of, core, Operand.I)] += tile.dramInputBits();
      }
      footprints[tile.id()][c] = bits;
    }
    return bits;
  }

  /**
   * Position in {@link #memories} of the memory holding {@code operand}: {@code of[operand]}; for
   * an operand the core has no memory for, fails as {@link #memoryId} does.
   */
  private int at(int[] of, int core, Operand operand) {
    int p = of[operand.ordinal()];
    return p >= 0 ? p : position(core, memoryId(core, operand));
  }

  String layerName(int layer) {
    return problem.graph().workload().layer(layer).name();
  }
}
