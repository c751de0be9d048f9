package org.laminar.tiling;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/** Small layer builders for tiling tests (8-bit everything unless stated). */
final class TestLayers {
  static final Precision INT8 = new Precision(8, 8, 16, 8);

  private TestLayers() {
  }

  /** A convolution {@code k × c}, {@code fy × fy} kernel, on {@code oy × ox} outputs. */
  static Layer conv(int id, int k, int c, int oy, int ox, int fy, int stride, Padding pad, List<Integer> inputs) {
    return layer(id, OperatorType.CONV, "Conv", dims(k, c, 1, oy, ox, fy), stride, 1, pad, INT8, inputs, List.of());
  }

  /** A 3×3 stride-1 'same' convolution. */
  static Layer same3x3(int id, int k, int c, int rows, int cols, List<Integer> inputs) {
    return conv(id, k, c, rows, cols, 3, 1, new Padding(1, 1, 1, 1), inputs);
  }

  /** A depthwise {@code fy × fy} convolution over {@code g} channels. */
  static Layer depthwise(int id, int g, int oy, int ox, int fy, int stride, Padding pad, List<Integer> inputs) {
    return layer(id, OperatorType.CONV, "Conv", dims(1, 1, g, oy, ox, fy), stride, 1, pad, INT8, inputs, List.of());
  }

  /** An element-wise add of two {@code g × oy × ox} tensors. */
  static Layer add(int id, int g, int oy, int ox, int first, int second) {
    return layer(id, OperatorType.ELEMENTWISE, "Add", dims(1, 1, g, oy, ox, 1), 1, 1, Padding.NONE,
        new Precision(8, 8, 8, 8), List.of(first), List.of(second));
  }

  static Map<LoopDim, Integer> dims(int k, int c, int g, int oy, int ox, int f) {
    Map<LoopDim, Integer> d = new EnumMap<>(LoopDim.class);
    d.put(LoopDim.K, k);
    d.put(LoopDim.C, c);
    d.put(LoopDim.G, g);
    d.put(LoopDim.OY, oy);
    d.put(LoopDim.OX, ox);
    d.put(LoopDim.FY, f);
    d.put(LoopDim.FX, f);
    return d;
  }

  static Layer layer(int id, OperatorType type, String op, Map<LoopDim, Integer> dims, int stride, int dilation,
      Padding pad, Precision precision, List<Integer> inputs, List<Integer> second) {
    Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
    producers.put(Operand.I, inputs);
    if (!second.isEmpty()) {
      producers.put(Operand.W, second);
    }
    return new Layer(id, "L" + id, type, op, dims, stride, stride, dilation, dilation, pad, precision, producers);
  }
}
