package org.laminar.bound;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.workload.Operand;

/**
 * A lower bound on the peak occupancy of the fullest local memory (bits), the value
 * {@code --objective memory} minimises, valid for every schedule the checker accepts. While a tile
 * runs, its core holds what the checker counts for it: its output (in the memory for outputs), its
 * network input (in the memory for inputs), its weight slice unless it may be streamed there (in
 * the memory for weights), and the bits of each incoming edge, either as the producer's output on
 * the same core (in the memory for outputs) or as a received input (in the memory of the operand
 * the tile reads it through); an edge counts where those two memories coincide or the producer
 * cannot run on that core. The bound is, over the tiles, the least over their allowed cores of the
 * fullest such memory: at least the largest single tile's working set on its best core. It is also
 * a bound on the checker's peak per core, which sums a core's memories.
 */
public final class MemoryBound {
  private MemoryBound() {}

  /** The bound for {@code problem} (bits). */
  public static long fullestMemoryBits(SchedulingProblem problem) {
    TileTimes times = TileTimes.withoutQueues(problem);
    List<List<TileEdge>> incoming = problem.graph().incoming();
    long best = 0;
    for (Tile tile : problem.graph().tiles()) {
      List<Integer> cores = problem.allowedCores(tile);
      long least = Long.MAX_VALUE;
      for (int i = 0; i < cores.size(); i++) {
        Core core = problem.accelerator().core(cores.get(i));
        // A tile of no cycles holds nothing for a cycle.
        if (times.leastCycles(tile.id(), i) == 0) {
          least = 0;
          break;
        }
        Map<MemoryLevel, Long> held = new LinkedHashMap<>();
        MemoryLevel outputs = problem.memory(core, Operand.O);
        // Streamed operands hold no local memory.
        Optional<ActivationStreams> streams = problem.activationStreams(tile, core);
        held.merge(outputs, streams.map(ActivationStreams::output).orElse(false) ? 0 : tile.outputBits(), Long::sum);
        held.merge(problem.memory(core, Operand.I), streams.map(a -> a.streamsIn(Operand.I)).orElse(false) ? 0
            : tile.dramInputBits(), Long::sum);
        if (!times.mayStream(tile.id(), i)) {
          held.merge(problem.memory(core, Operand.W), tile.weightBits(), Long::sum);
        }
        for (TileEdge e : incoming.get(tile.id())) {
          MemoryLevel received = problem.memory(core, problem.receivingOperand(e));
          Tile producer = problem.graph().tiles().get(e.producer());
          boolean streamed = streams.map(a -> a.streamsIn(problem.receivingOperand(e))).orElse(false);
          if (!streamed && (received == outputs || !problem.allowedCores(producer).contains(core.id()))) {
            held.merge(received, e.bits(), Long::sum);
          }
        }
        least = Math.min(least, held.values().stream().mapToLong(Long::longValue).max().orElse(0));
      }
      best = Math.max(best, least);
    }
    return best;
  }
}
