package org.laminar.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapesTest {
  private static final Precision INT8 = new Precision(8, 8, 16, 8);

  /** A {@code k × c} convolution with an {@code f × f} kernel on {@code oy × ox} outputs. */
  private static Layer conv(int id, int k, int c, int oy, int ox, int f, int stride, Padding pad,
      List<Integer> inputs) {
    Map<LoopDim, Integer> d = new EnumMap<>(LoopDim.class);
    d.put(LoopDim.K, k);
    d.put(LoopDim.C, c);
    d.put(LoopDim.OY, oy);
    d.put(LoopDim.OX, ox);
    d.put(LoopDim.FY, f);
    d.put(LoopDim.FX, f);
    return new Layer(id, "L" + id, OperatorType.CONV, "Conv", d, stride, stride, 1, 1, pad, INT8,
        Map.of(Operand.I, inputs));
  }

  private static Layer gemm(int id, int k, int c, List<Integer> inputs) {
    return new Layer(id, "L" + id, OperatorType.GEMM, "Gemm", Map.of(LoopDim.K, k, LoopDim.C, c), 1, 1, 1, 1,
        Padding.NONE, INT8, Map.of(Operand.I, inputs));
  }

  private static Workload net(Layer... layers) {
    return new Workload("net", List.of(layers));
  }

  @Test
  void consistentChainsPassWithExplicitOrImplicitSamePaddingAndStrides() {
    Padding same = new Padding(1, 1, 1, 1);
    Workload explicit = net(conv(0, 16, 3, 32, 32, 3, 1, same, List.of()),
        conv(1, 8, 16, 32, 32, 3, 1, same, List.of(0)),
        // 7×7 stride 2 with padding 3 reads 2·15 + 7 − 6 = 31 of the 32 rows: the last one is never reached.
        conv(2, 8, 8, 16, 16, 7, 2, new Padding(3, 3, 3, 3), List.of(1)),
        gemm(3, 10, 8 * 16 * 16, List.of(2)));
    assertSame(explicit, Shapes.checked(explicit));
    // ZigZag's files leave 'same' padding out: 34 rows read from a 32-row producer.
    Shapes.checked(net(conv(0, 16, 3, 32, 32, 3, 1, Padding.NONE, List.of()),
        conv(1, 8, 16, 32, 32, 3, 1, Padding.NONE, List.of(0))));
  }

  @Test
  void moreChannelsThanTheProducerWritesAreRefused() {
    Workload w = net(conv(0, 16, 3, 32, 32, 3, 1, new Padding(1, 1, 1, 1), List.of()),
        conv(1, 8, 99, 32, 32, 3, 1, new Padding(1, 1, 1, 1), List.of(0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.checked(w));
    assertEquals("layer 'L1' reads 99 input channels, but its producer 'L0' writes 16 (and 16384 elements in all, "
        + "not the 101376 it reads)", e.getMessage());
  }

  @Test
  void moreRowsThanTheProducerWritesAreRefused() {
    Workload w = net(conv(0, 16, 3, 32, 32, 3, 1, new Padding(1, 1, 1, 1), List.of()),
        conv(1, 8, 16, 300, 32, 3, 1, new Padding(1, 1, 1, 1), List.of(0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.checked(w));
    assertEquals("layer 'L1' reads 300 rows (from its output size, stride 1, kernel FY=3 and padding), but its "
        + "producer 'L0' writes 32", e.getMessage());
  }

  @Test
  void aKernelTallerThanItsInputIsRefused() {
    // 4 output rows of a 40-tall kernel read 43 rows: within the 4 written plus a halo of 39 of
    // implicit padding, but the kernel alone is ten times the 4 rows written.
    Workload w = net(conv(0, 16, 3, 4, 4, 1, 1, Padding.NONE, List.of()),
        conv(1, 8, 16, 4, 4, 40, 1, Padding.NONE, List.of(0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.checked(w));
    assertEquals("layer 'L1': its kernel FY=40 (dilation 1) spans 40 rows, more than the 4 its producer 'L0' "
        + "writes plus 0 of padding", e.getMessage());
  }

  @Test
  void aLayerTooLargeToCountIsRefusedInsteadOfWrappingToZero() {
    Map<LoopDim, Integer> d = new EnumMap<>(LoopDim.class);
    for (LoopDim dim : List.of(LoopDim.K, LoopDim.C, LoopDim.OY, LoopDim.OX)) {
      d.put(dim, 65_536);
    }
    Layer huge = new Layer(0, "huge", OperatorType.CONV, "Conv", d, 1, 1, 1, 1, Padding.NONE, INT8, Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net(huge));
    assertEquals("workload net: layer 'huge' is too large: its MAC or bit count exceeds 2^63 - 1 (sizes "
        + huge.dims() + ")", e.getMessage());

    d.replaceAll((dim, size) -> 40_000);
    Layer large = new Layer(0, "large", OperatorType.CONV, "Conv", d, 1, 1, 1, 1, Padding.NONE, INT8, Map.of());
    // 40,000⁴ = 2.56e18 MACs fits a long but not the 2^53 every count must stay below.
    e = assertThrows(IllegalArgumentException.class, () -> net(large));
    assertEquals("workload net: layer 'large' has 2560000000000000000 MACs, more than the 2^53 Laminar can count "
        + "exactly", e.getMessage());
  }
}
