package org.laminar.bound;

import java.util.List;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Dram;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * A lower bound on the energy of every schedule the checker accepts (pJ). The checker charges each
 * tile the compute and on-chip memory energy of its cost on the core it runs on, and every DRAM
 * movement its bits at the DRAM's energy per bit; interconnect energy is never negative. So the
 * bound is, over the tiles, the least compute plus on-chip memory energy over their allowed cores,
 * plus the DRAM movements every valid schedule makes, as the DRAM-traffic latency bound of {@link
 * LatencyBounds} counts them: each distinct weight slice read once (once per tile when it is
 * streamed wherever it may run), each tile's network input read and each sink tile's output
 * written.
 */
public final class EnergyBound {
  private EnergyBound() {}

  /** The bound for {@code problem} (pJ). */
  public static double leastPj(SchedulingProblem problem) {
    TileTimes times = TileTimes.withoutQueues(problem);
    Dram dram = problem.accelerator().dram();
    double energy = 0;
    for (List<Integer> slice : times.slices()) {
      long bits = problem.graph().tiles().get(slice.get(0)).weightBits();
      energy += (LatencyBounds.alwaysStreamed(problem, slice) ? slice.size() : 1) * bits * dram.readEnergyPerBitPj();
    }
    for (Tile tile : problem.graph().tiles()) {
      double least = Double.POSITIVE_INFINITY;
      for (int core : problem.allowedCores(tile)) {
        for (boolean streamed : problem.activationModes(tile, problem.accelerator().core(core))) {
          TileCost cost = problem.cost(tile, problem.accelerator().core(core), streamed);
          least = Math.min(least, cost.macEnergyPj() + cost.memoryEnergyPj());
        }
      }
      // A tile that may stream an operand may move it once, or not at all, outside the stream.
      energy += least + (times.inputMayStream(tile.id()) ? 0 : tile.dramInputBits() * dram.readEnergyPerBitPj());
      if (times.isSink(tile.id()) && !times.outputMayStream(tile.id())) {
        energy += tile.outputBits() * dram.writeEnergyPerBitPj();
      }
    }
    return energy;
  }
}
