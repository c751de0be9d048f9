package org.laminar.onnx;

import java.util.EnumMap;
import java.util.Map;
import org.laminar.workload.LoopDim;

/** The loop dimensions of the layers ONNX operators become (sizes in elements). */
final class LayerDims {
  private LayerDims() {
  }

  /** Loop dimensions {@code B, G, OY, OX} of an element-wise operation over a tensor of this shape. */
  static Map<LoopDim, Integer> elementDims(Shape shape) {
    int rank = shape.rank();
    EnumMap<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    switch (rank) {
      case 0 -> { }
      case 1 -> dims.put(LoopDim.G, toInt(shape.dim(0)));
      case 2 -> {
        dims.put(LoopDim.OY, toInt(shape.dim(0)));
        dims.put(LoopDim.G, toInt(shape.dim(1)));
      }
      case 3 -> {
        dims.put(LoopDim.B, toInt(shape.dim(0)));
        dims.put(LoopDim.OY, toInt(shape.dim(1)));
        dims.put(LoopDim.G, toInt(shape.dim(2)));
      }
      default -> {
        long rows = 1;
        for (int i = 2; i < rank - 1; i++) {
          rows = Math.multiplyExact(rows, shape.dim(i));
        }
        dims.put(LoopDim.B, toInt(shape.dim(0)));
        dims.put(LoopDim.G, toInt(shape.dim(1)));
        dims.put(LoopDim.OY, toInt(rows));
        dims.put(LoopDim.OX, toInt(shape.dim(rank - 1)));
      }
    }
    dims.putIfAbsent(LoopDim.OY, 1);
    dims.putIfAbsent(LoopDim.OX, 1);
    return dims;
  }

  /** The axis that {@link #elementDims} maps to channels ({@code G}): features for rank ≤ 3, else axis 1. */
  static int channelAxis(int rank) {
    return rank <= 3 ? Math.max(0, rank - 1) : 1;
  }

  /** Sizes for batch, groups, output and input channels (elements). */
  static Map<LoopDim, Integer> dims(long batch, long groups, long outputs, long inputs) {
    EnumMap<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.B, toInt(batch));
    dims.put(LoopDim.G, toInt(groups));
    dims.put(LoopDim.K, toInt(outputs));
    dims.put(LoopDim.C, toInt(inputs));
    return dims;
  }

  static int toInt(long size) {
    if (size > Integer.MAX_VALUE) {
      throw new ArithmeticException("dimension " + size + " is too large");
    }
    return (int) size;
  }
}
