package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.laminar.hardware.Core;
import org.laminar.tiling.Tile;

/**
 * Where the streams of a tile that streams its weights and/or activations from and to DRAM lie
 * within its run, as Laminar's schedulers place them: back to back on the DRAM port(s) from the
 * tile's start — weights, input, second input, then output, the output alone on the write port from the tile's
 * start when the DRAM has two ports. The weight stream must start with the tile (the checker's
 * rule); the activation streams may lie anywhere within the tile, and this is the one place every
 * scheduler (greedy and exact) puts them.
 *
 * @param tile the tile's id
 * @param core the core's id
 * @param weightBits bits of the weight stream (0 when the weights do not stream)
 * @param inputBits bits of the input stream (0 when the input does not stream)
 * @param secondBits bits of the second input's stream (an activation read as operand W; 0 when it
 *     does not stream)
 * @param outputBits bits of the output stream (0 when the output does not stream)
 * @param weightCycles cycles of the weight stream on the read port
 * @param inputCycles cycles of the input stream on the read port
 * @param secondCycles cycles of the second input's stream on the read port
 * @param outputCycles cycles of the output stream on the write port
 * @param sharedPort whether one DRAM port carries reads and writes
 * @param readPort resource name of the read port
 * @param writePort resource name of the write port (the read port's when shared)
 */
public record StreamPlacement(int tile, int core, long weightBits, long inputBits, long secondBits, long outputBits,
    long weightCycles, long inputCycles, long secondCycles, long outputCycles, boolean sharedPort, String readPort,
    String writePort) {
  public StreamPlacement {
    checkArgument(weightBits >= 0 && inputBits >= 0 && secondBits >= 0 && outputBits >= 0, "stream bits must be >= 0");
    checkArgument(weightCycles >= 0 && inputCycles >= 0 && secondCycles >= 0 && outputCycles >= 0,
        "stream cycles must be >= 0");
  }

  /**
   * The streams of {@code tile} on {@code core}: its weight slice when {@code streamedWeights}, and,
   * when {@code streamedActivations}, its activations as {@link SchedulingProblem#activationStreams}
   * has them there.
   */
  public static StreamPlacement of(SchedulingProblem problem, Tile tile, Core core, boolean streamedWeights,
      boolean streamedActivations) {
    long weights = streamedWeights ? tile.weightBits() : 0;
    ActivationStreams streams = streamedActivations ? problem.activationStreams(tile, core).orElseThrow() : null;
    long in = streams == null ? 0 : streams.readBits();
    long second = streams == null ? 0 : streams.secondBits();
    long out = streams == null ? 0 : streams.writeBits();
    return new StreamPlacement(tile.id(), core.id(), weights, in, second, out, cycles(problem, weights, true),
        cycles(problem, in, true), cycles(problem, second, true), cycles(problem, out, false), problem.accelerator().dram().sharedPort(),
        problem.dramPort(true), problem.dramPort(false));
  }

  private static long cycles(SchedulingProblem problem, long bits, boolean read) {
    return bits == 0 ? 0 : problem.dramCycles(bits, read);
  }

  /** Whether the tile streams anything. */
  public boolean any() {
    return weightBits + inputBits + secondBits + outputBits > 0;
  }

  /** Cycles the read port is held from the tile's start (the output's too on a shared port). */
  public long readCycles() {
    return weightCycles + inputCycles + secondCycles + (sharedPort ? outputCycles : 0);
  }

  /** Cycles the separate write port is held from the tile's start (0 on a shared port). */
  public long writeCycles() {
    return sharedPort ? 0 : outputCycles;
  }

  /** The stream movements of the tile starting at cycle {@code start}. */
  public List<Movement> movements(long start) {
    List<Movement> movements = new ArrayList<>(4);
    if (weightBits > 0) {
      movements.add(new Movement.WeightStream(tile, core, weightBits, readPort, start, start + weightCycles));
    }
    long at = start + weightCycles;
    if (inputBits > 0) {
      movements.add(new Movement.InputStream(tile, core, inputBits, readPort, at, at + inputCycles));
      at += inputCycles;
    }
    if (secondBits > 0) {
      movements.add(new Movement.SecondInputStream(tile, core, secondBits, readPort, at, at + secondCycles));
      at += secondCycles;
    }
    if (outputBits > 0) {
      long from = sharedPort ? at : start;
      movements.add(new Movement.OutputStream(tile, core, outputBits, writePort, from, from + outputCycles));
    }
    return movements;
  }
}
