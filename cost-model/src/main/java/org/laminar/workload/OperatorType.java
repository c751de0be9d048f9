package org.laminar.workload;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The operator classes the cost model distinguishes. Each fixes which loop dimensions index
 * operand {@link Operand#W}; the original operator name (e.g. {@code MaxPool}) is kept on the
 * {@link Layer} for mapping look-ups.
 */
public enum OperatorType {
  /** Convolution, grouped or depthwise through {@link LoopDim#G}. */
  CONV(EnumSet.of(LoopDim.K, LoopDim.C, LoopDim.FY, LoopDim.FX, LoopDim.G)),
  /** Matrix product; {@code D0 → OY}, {@code D1 → K}, {@code D2 → C}. */
  GEMM(EnumSet.of(LoopDim.K, LoopDim.C, LoopDim.G)),
  /** Max or average pooling over a {@code FY × FX} window, per channel {@link LoopDim#G}. */
  POOL(EnumSet.noneOf(LoopDim.class)),
  /** Two-input element-wise operation (Add, Mul); the second input is operand {@link Operand#W}. */
  ELEMENTWISE(EnumSet.of(LoopDim.B, LoopDim.G, LoopDim.OY, LoopDim.OX)),
  /** One-input element-wise operation that costs compute (activation functions, softmax). */
  ACTIVATION(EnumSet.noneOf(LoopDim.class));

  private final Set<LoopDim> weightDims;

  OperatorType(EnumSet<LoopDim> weightDims) {
    this.weightDims = Collections.unmodifiableSet(weightDims);
  }

  /** The loop dimensions that index operand {@code W}; empty when the operator has no W. */
  public Set<LoopDim> weightDims() {
    return weightDims;
  }

  /** Whether the operator has a {@code W} operand at all. */
  public boolean hasWeightOperand() {
    return !weightDims.isEmpty();
  }

  /**
   * Whether the operator works channel by channel with its channels in {@link LoopDim#G}: pooling
   * and element-wise layers, which have no {@code K} (no reduction over input channels). Stream
   * and ZigZag vector cores unroll {@code K} for them (their workloads carry these channels in
   * {@code K}); {@code org.laminar.cost.Mapping} applies that unrolling to {@code G}.
   */
  public boolean channelsInG() {
    return this == POOL || this == ELEMENTWISE || this == ACTIVATION;
  }

  /** Whether outputs accumulate over input channels and kernel, producing partial sums. */
  public boolean accumulates() {
    return this == CONV || this == GEMM || this == POOL;
  }
}
