package org.laminar.greedy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryInstance;
import org.laminar.schedule.Routes;
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
  private final Map<Integer, Integer> coreIndex = new HashMap<>();
  private final long[][] cycles;

  Context(SchedulingProblem problem) {
    this.problem = problem;
    this.tiles = problem.graph().tiles();
    this.incoming = problem.graph().incoming();
    this.outgoing = problem.graph().outgoing();
    this.routes = new Routes(problem.accelerator());
    for (Core c : problem.accelerator().cores()) {
      coreIndex.put(c.id(), cores.size());
      cores.put(c.id(), c);
    }
    for (Layer layer : problem.graph().workload().layers()) {
      int d = 0;
      for (int p : layer.allProducers()) {
        d = Math.max(d, depth.get(p) + 1);
      }
      depth.put(layer.id(), d);
    }
    cycles = new long[tiles.size()][cores.size()];
    for (long[] row : cycles) {
      Arrays.fill(row, -1);
    }
  }

  /** Cycles of {@code tile} on core {@code core} (memoised). */
  long cycles(Tile tile, int core) {
    int i = coreIndex.get(core);
    if (cycles[tile.id()][i] < 0) {
      cycles[tile.id()][i] = problem.cost(tile, cores.get(core)).cycles();
    }
    return cycles[tile.id()][i];
  }

  /** The physical memory in which {@code core} keeps {@code operand} (shared with other cores or its own). */
  MemoryInstance key(int core, Operand operand) {
    return problem.memoryInstance(cores.get(core), operand);
  }

  /** Ids of the tiles of each layer, by layer id, in tile order. */
  Map<Integer, List<Tile>> tilesByLayer() {
    Map<Integer, List<Tile>> byLayer = new LinkedHashMap<>();
    problem.graph().workload().layers().forEach(l -> byLayer.put(l.id(), new ArrayList<>()));
    tiles.forEach(t -> byLayer.get(t.layer()).add(t));
    return byLayer;
  }

  /**
   * Bits {@code tile} needs in each local memory of {@code core} (by physical memory) besides its layer's weights: its
   * output, the data it receives from every producer, and its network input.
   */
  Map<MemoryInstance, Long> footprint(Tile tile, int core) {
    Map<MemoryInstance, Long> bits = new LinkedHashMap<>();
    bits.merge(key(core, Operand.O), tile.outputBits(), Long::sum);
    for (TileEdge e : incoming.get(tile.id())) {
      bits.merge(key(core, problem.receivingOperand(e)), e.bits(), Long::sum);
    }
    if (tile.dramInputBits() > 0) {
      bits.merge(key(core, Operand.I), tile.dramInputBits(), Long::sum);
    }
    return bits;
  }

  String layerName(int layer) {
    return problem.graph().workload().layer(layer).name();
  }
}
