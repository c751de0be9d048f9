package org.laminar.schedule;

import static org.laminar.schedule.SchedulingProblem.transferCycles;

import com.google.common.collect.ImmutableList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laminar.cost.CostModel;
import org.laminar.cost.LayerEvaluation;
import org.laminar.cost.OffChip;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.tiling.Tile;
import org.laminar.workload.Operand;

/**
 * The costs of a tile with its activations streamed from DRAM ({@link ActivationStreams}): each
 * streamed core view ({@link OffChip#streaming}) and the one a {@link SchedulingProblem} takes.
 */
final class StreamedViews {
  private StreamedViews() {
  }

  /** The candidate sets of streamed operands, in the order ties are broken: input, output, both. */
  private static final List<Set<Operand>> ACTIVATIONS = List.of(Set.of(Operand.I), Set.of(Operand.O),
      Set.of(Operand.I, Operand.O));

  /**
   * The candidates of a layer that also reads an activation as operand {@code W}: those of {@link
   * #ACTIVATIONS}, then each with that second input streamed too, then the second input alone.
   */
  private static final List<Set<Operand>> WITH_SECOND = ImmutableList.<Set<Operand>>builder().addAll(ACTIVATIONS)
      .add(Set.of(Operand.I, Operand.W), Set.of(Operand.W, Operand.O), Set.of(Operand.I, Operand.W, Operand.O),
          Set.of(Operand.W)).build();

  /**
   * The streamed view of {@code tile} on {@code core} that {@link
   * SchedulingProblem#activationStreams} takes, if any is accepted: of those with the input, the
   * output, and (for a layer whose operand {@code W} is an activation) the second input in DRAM, the
   * one of fewest cycles, then fewest DRAM bits, then first in candidate order.
   */
  static Optional<ActivationStreams> best(Tile tile, Core core, CostModel costModel,
      Map<Operand, MemoryOperand> links, Accelerator accelerator, CopyPhases phases, boolean sink) {
    ActivationStreams best = null;
    boolean second = !tile.shape().producersOf(Operand.W).isEmpty();
    for (Set<Operand> operands : second ? WITH_SECOND : ACTIVATIONS) {
      ActivationStreams how;
      try {
        how = cost(tile, core, costModel, links, accelerator, operands, phases, sink);
      } catch (IllegalArgumentException refused) {
        continue;
      }
      if (best == null || how.cost().cycles() < best.cost().cycles() || how.cost().cycles() == best.cost().cycles()
          && dramBits(how) < dramBits(best)) {
        best = how;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Bits the streams of {@code how} move to and from DRAM. */
  private static long dramBits(ActivationStreams how) {
    return how.readBits() + how.secondBits() + how.writeBits();
  }

  /**
   * The cost of {@code tile} on {@code core} with {@code operands} homed in DRAM ({@link
   * OffChip#streaming}; weights too large for the core pass through as in {@link
   * SchedulingProblem#cost}): its DRAM reads are the input's (and the second input's) words read at
   * the DRAM level times the read port's width, its writes the output's words written times the
   * write port's width; the
   * cycles are the view's, at least the streams' own time on the DRAM port(s), plus the copy phases
   * of what is not streamed; the DRAM accesses' energy is left to the streams.
   *
   * @throws IllegalArgumentException when the cost model refuses the view, has no evaluation of it,
   *     or keeps partial sums of a streamed output in DRAM (Laminar streams final outputs only)
   */
  static ActivationStreams cost(Tile tile, Core core, CostModel costModel, Map<Operand, MemoryOperand> links,
      Accelerator accelerator, Set<Operand> operands, CopyPhases phases, boolean sink) {
    Dram dram = accelerator.dram();
    Set<MemoryOperand> homed = EnumSet.noneOf(MemoryOperand.class);
    operands.forEach(o -> homed.add(links.get(o)));
    Optional<MemoryLevel> weights = core.localMemory(links.get(Operand.W));
    Core base = weights.isEmpty() || tile.weightBits() <= weights.get().sizeBits() ? core
        : SchedulingProblem.withRoomFor(core, weights.get(), tile.weightBits());
    LayerEvaluation view = costModel.evaluation(tile.shape(), OffChip.streaming(base, dram, homed))
        .orElseThrow(() -> new IllegalArgumentException("the cost model cannot cost a streamed view"));
    long readWidth = dram.readBandwidthBits();
    long writeWidth = dram.sharedPort() ? dram.readBandwidthBits() : dram.writeBandwidthBits();
    Optional<LayerEvaluation.Access> input = operands.contains(Operand.I)
        ? view.access(OffChip.NAME, Operand.I) : Optional.empty();
    Optional<LayerEvaluation.Access> second = operands.contains(Operand.W)
        ? view.access(OffChip.NAME, Operand.W) : Optional.empty();
    Optional<LayerEvaluation.Access> output = operands.contains(Operand.O)
        ? view.access(OffChip.NAME, Operand.O) : Optional.empty();
    if (output.isPresent() && output.get().reads() > 0) {
      throw new IllegalArgumentException("the streamed view keeps partial sums in DRAM");
    }
    long readBits = input.map(a -> a.reads() * readWidth).orElse(0L);
    long secondBits = second.map(a -> a.reads() * readWidth).orElse(0L);
    long writeBits = output.map(a -> a.writes() * writeWidth).orElse(0L);
    double dramEnergy = input.map(LayerEvaluation.Access::energyPj).orElse(0.0)
        + second.map(LayerEvaluation.Access::energyPj).orElse(0.0)
        + output.map(LayerEvaluation.Access::energyPj).orElse(0.0);
    TileCost own = view.toTileCost();
    long readCycles = (readBits == 0 ? 0 : transferCycles(readBits, dram.readBandwidthBits()))
        + (secondBits == 0 ? 0 : transferCycles(secondBits, dram.readBandwidthBits()));
    long writeCycles = writeBits == 0 ? 0 : transferCycles(writeBits, dram.writeBandwidthBits());
    long cycles = Math.max(own.cycles(), dram.sharedPort() ? readCycles + writeCycles : Math.max(readCycles,
        writeCycles));
    long copies = phases == CopyPhases.OVERLAPPED ? 0
        : (tile.dramInputBits() > 0 && !operands.contains(Operand.I)
            ? transferCycles(tile.dramInputBits(), dram.readBandwidthBits()) : 0)
            + (sink && !operands.contains(Operand.O)
                ? transferCycles(tile.outputBits(), dram.writeBandwidthBits()) : 0);
    TileCost cost = new TileCost(cycles + copies, own.macEnergyPj(), Math.max(0, own.memoryEnergyPj() - dramEnergy),
        own.utilization() * own.cycles() / (cycles + copies));
    return new ActivationStreams(operands, cost, readBits, writeBits, secondBits);
  }
}
