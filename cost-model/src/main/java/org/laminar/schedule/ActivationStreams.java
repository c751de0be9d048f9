package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Set;
import org.laminar.cost.TileCost;
import org.laminar.workload.Operand;

/**
 * How a tile runs with some of its activations homed in DRAM and streamed through its core while
 * it computes ({@link SchedulingProblem#activationStreams}; Stream's "blocking" of a layer alone in
 * its stack): the schedule carries an {@link Movement.InputStream} of {@code readBits}, a {@link
 * Movement.SecondInputStream} of {@code secondBits} and an {@link Movement.OutputStream} of {@code
 * writeBits}, and the streamed operands take no room in the core's local memories.
 *
 * @param operands the streamed operands, a non-empty subset of {@code {I, W, O}}; {@code W} only for
 *     a layer that reads an activation as its second operand (the other factor of an element-wise
 *     product or of a product of two activations, such as attention's {@code Q·Kᵀ}), never constant
 *     weights, which stream on their own terms ({@link SchedulingProblem#streamsWeights})
 * @param cost the core view's cost with those operands' top memory level in DRAM: its cycles include
 *     the stalls on the DRAM's bandwidth; its memory energy excludes the DRAM accesses, which the
 *     checker charges on the streams' bits as for every DRAM movement (cycles, pJ)
 * @param readBits bits the tile reads from DRAM for its streamed input (0 when {@code I} is not streamed)
 * @param writeBits bits the tile writes to DRAM for its streamed output (0 when {@code O} is not streamed)
 * @param secondBits bits the tile reads from DRAM for its streamed second input (0 when {@code W} is
 *     not streamed)
 */
public record ActivationStreams(Set<Operand> operands, TileCost cost, long readBits, long writeBits,
    long secondBits) {
  public ActivationStreams {
    checkNotNull(cost, "streamed cost is missing");
    operands = Set.copyOf(operands);
    checkArgument(!operands.isEmpty(), "streamed operands must not be empty");
    checkArgument(operands.contains(Operand.I) ? readBits > 0 : readBits == 0,
        "a streamed input reads > 0 bits, and only a streamed input reads: %s bits", readBits);
    checkArgument(operands.contains(Operand.W) ? secondBits > 0 : secondBits == 0,
        "a streamed second input reads > 0 bits, and only a streamed second input reads: %s bits", secondBits);
    checkArgument(operands.contains(Operand.O) ? writeBits > 0 : writeBits == 0,
        "a streamed output writes > 0 bits, and only a streamed output writes: %s bits", writeBits);
  }

  /** Whether the tile's input is streamed. */
  public boolean input() {
    return operands.contains(Operand.I);
  }

  /** Whether the tile's second input, an activation it reads as operand {@code W}, is streamed. */
  public boolean second() {
    return operands.contains(Operand.W);
  }

  /** Whether the tile's output is streamed. */
  public boolean output() {
    return operands.contains(Operand.O);
  }

  /**
   * Whether the data the tile receives as {@code operand} ({@link SchedulingProblem#receivingOperand})
   * is streamed in from DRAM.
   */
  public boolean streamsIn(Operand operand) {
    return operand != Operand.O && operands.contains(operand);
  }
}
