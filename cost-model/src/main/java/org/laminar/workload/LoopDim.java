package org.laminar.workload;

/**
 * The loop dimensions of a layer, in the naming of ZigZag and Stream.
 *
 * <p>{@code B} batch, {@code K} output channels, {@code C} input channels, {@code OY}/{@code OX}
 * output rows/columns, {@code FY}/{@code FX} kernel rows/columns, {@code G} groups (depthwise
 * convolutions, and the channel dimension of pooling and element-wise layers). A GEMM
 * {@code O[d0][d1] += I[d0][d2] * W[d2][d1]} maps {@code D0 → OY}, {@code D1 → K},
 * {@code D2 → C}.
 */
public enum LoopDim {
  B, K, C, OY, OX, FY, FX, G
}
