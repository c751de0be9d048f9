package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/**
 * Input extents stop at the padded border (ZigZag's clip of a partially relevant extent to the
 * input size without padding), by hand on a 3×3 convolution of 2 channels with a 4×4 output.
 */
class PaddingClipTest {
  private static Layer conv(int oy, Padding padding) {
    return new Layer(0, "c", OperatorType.CONV, "Conv",
        Map.of(LoopDim.C, 2, LoopDim.OY, oy, LoopDim.OX, 4, LoopDim.FY, 3, LoopDim.FX, 3), 1, 1, 1, 1, padding,
        new Precision(8, 8, 16, 8), Map.of());
  }

  private static double[] sizes(Layer layer) {
    double[] sizes = new double[LoopDim.values().length];
    for (LoopDim d : LoopDim.values()) {
      sizes[d.ordinal()] = layer.size(d);
    }
    return sizes;
  }

  @Test
  void aWholePaddedLayerHoldsOnlyItsRealInput() {
    Layer padded = conv(4, new Padding(1, 1, 1, 1));
    // 'same' padding: the windows span 6×6 positions, of which 4×4 hold data.
    assertEquals(2 * 4 * 4, new Relevance(padded).elements(Operand.I, sizes(padded)), 1e-9);
    Layer valid = conv(4, Padding.NONE);
    assertEquals(2 * 6 * 6, new Relevance(valid).elements(Operand.I, sizes(valid)), 1e-9);
  }

  @Test
  void aTopRowTileReadsTheRowsBelowThePadding() {
    // One output row at the top of the image: its window covers the padding row and two real rows.
    Layer top = conv(1, new Padding(1, 0, 1, 1));
    assertEquals(2 * 2 * 4, new Relevance(top).elements(Operand.I, sizes(top)), 1e-9);
    Layer middle = conv(1, new Padding(0, 0, 1, 1));
    assertEquals(2 * 3 * 4, new Relevance(middle).elements(Operand.I, sizes(middle)), 1e-9);
  }

  @Test
  void theSplitOfPartialLoopsClipsOnlyWhereTheExtentPassesTheBorder() {
    Layer padded = conv(4, new Padding(1, 1, 1, 1));
    Relevance r = new Relevance(padded);
    // Level 0: FX 3 (extent 3 of the 4 real columns, no clip). Level 1: OX 4 makes the extent 6,
    // clipped to 4: growth 4/3 (relevant); 12 iterations over 4 columns = 3 uses each, 1 before (irrelevant 3).
    double[][] split = r.split(Operand.I, List.of(List.of(new Loop(LoopDim.FX, 3)), List.of(new Loop(LoopDim.OX, 4))));
    assertArrayEquals(new double[] {3, 1}, split[0], 1e-9);
    assertArrayEquals(new double[] {4.0 / 3, 3}, split[1], 1e-9);
    Relevance unclipped = new Relevance(conv(4, Padding.NONE));
    double[][] plain = unclipped.split(Operand.I, List.of(List.of(new Loop(LoopDim.FX, 3)),
        List.of(new Loop(LoopDim.OX, 4))));
    // Without padding: extent 6 after OX, growth 2, and 12 / 6 = 2 uses per column.
    assertArrayEquals(new double[] {2, 2}, plain[1], 1e-9);
  }

  @Test
  void aFractionalUnrollingIndexesTheInputsOfItsWholePart() {
    // 7 output columns on 4 PEs run 2 temporal steps of 1.75 columns: the inputs they index are
    // those of 1 column (ZigZag truncates the sizes it relates), reused 1.75 times.
    Layer valid = conv(4, Padding.NONE);
    double[][] split = new Relevance(valid).split(Operand.I, List.of(List.of(new Loop(LoopDim.OX, 1.75))));
    assertArrayEquals(new double[] {1, 1.75}, split[0], 1e-9);
  }
}
