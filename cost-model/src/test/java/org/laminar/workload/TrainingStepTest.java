package org.laminar.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;

class TrainingStepTest {

  private static final Precision INT8 = new Precision(8, 8, 16, 8);

  private static Layer conv(int id, String name, int k, int c, int oy, int ox, int f, int stride, Padding pad,
      List<Integer> inputs) {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.K, k);
    dims.put(LoopDim.C, c);
    dims.put(LoopDim.OY, oy);
    dims.put(LoopDim.OX, ox);
    dims.put(LoopDim.FY, f);
    dims.put(LoopDim.FX, f);
    return new Layer(id, name, OperatorType.CONV, "Conv", dims, stride, stride, 1, 1, pad, INT8,
        Map.of(Operand.I, inputs));
  }

  private static Workload twoLayerChain() {
    return new Workload("two", List.of(
        conv(0, "a", 4, 2, 8, 8, 3, 1, new Padding(1, 1, 1, 1), List.of()),
        conv(1, "b", 3, 4, 8, 8, 1, 1, Padding.NONE, List.of(0))));
  }

  @Test
  void twoLayerChainHasThreeTimesTheForwardMacs() {
    // Forward: a = K·C·OY·OX·FY·FX = 4·2·8·8·3·3 = 4608; b = 3·4·8·8 = 768; together 5376.
    // a.dI = transposed 3×3 'same' conv, K'=C=2, C'=K=4, 8×8, 3×3: 2·4·64·9 = 4608.
    // a.dW = GEMM rows C·FY·FX = 18, K = 4, reduction OY·OX = 64: 18·4·64 = 4608.
    // b.dI = 4·3·64 = 768, b.dW = (4·1·1)·3·64 = 768. CONV/GEMM MACs: 3·5376 = 16128.
    // Element operations: loss over b's 3·8·8 = 192 outputs, updates of a's 4·2·9 = 72 and b's
    // 3·4 = 12 weights: 16128 + 192 + 72 + 12 = 16404.
    Workload forward = twoLayerChain();
    Workload step = TrainingStep.of(forward);
    assertEquals(5376, forward.computeMacs());
    assertEquals(16128, step.computeMacs());
    assertEquals(16404, step.macs());
    assertEquals(9, step.layers().size());
  }

  private static Layer named(Workload w, String name) {
    return w.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void backwardLayersReadTheActivationsAndGradientsTheyNeed() {
    Workload step = TrainingStep.of(twoLayerChain());
    Layer loss = named(step, "loss.b");
    assertEquals(List.of(1), loss.producersOf(Operand.I));
    Layer bdI = named(step, "b.dI");
    assertEquals(List.of(loss.id()), bdI.producersOf(Operand.I));
    assertEquals(3 * 4 * 8, bdI.weightBits(), "b.dI reads b's constant weights");
    // b.dW needs b's input activation (a's output, kept from forward) and b's output gradient.
    Layer bdW = named(step, "b.dW");
    assertEquals(List.of(0), bdW.producersOf(Operand.I));
    assertEquals(List.of(loss.id()), bdW.producersOf(Operand.W));
    assertEquals(3 * 4 * 8, bdW.outputBits(), "b.dW is one gradient per weight");
    // a's input is the network input: a.dW reads it from DRAM, a.dI reads b's input gradient.
    assertEquals(List.of(), named(step, "a.dW").producersOf(Operand.I));
    assertEquals(List.of(bdI.id()), named(step, "a.dI").producersOf(Operand.I));
    Layer update = named(step, "a.update");
    assertEquals(List.of(named(step, "a.dW").id()), update.producersOf(Operand.I));
    assertEquals(4 * 2 * 9 * 8, update.weightBits(), "the update reads a's weights");
  }

  @Test
  void aTensorReadTwiceGetsTheSumOfItsGradients() {
    // a feeds b and c; c also reads b: a's gradient is b.dI + c.dI's part, summed by one add.
    Layer a = conv(0, "a", 4, 2, 6, 6, 3, 1, new Padding(1, 1, 1, 1), List.of());
    Layer b = conv(1, "b", 4, 4, 6, 6, 3, 1, new Padding(1, 1, 1, 1), List.of(0));
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.G, 4);
    dims.put(LoopDim.OY, 6);
    dims.put(LoopDim.OX, 6);
    Layer add = new Layer(2, "add", OperatorType.ELEMENTWISE, "Add", dims, 1, 1, 1, 1, Padding.NONE, INT8,
        Map.of(Operand.I, List.of(0), Operand.W, List.of(1)));
    Workload step = TrainingStep.of(new Workload("residual", List.of(a, b, add)));
    Layer sum = named(step, "a.grad");
    assertEquals(List.of(named(step, "b.dI").id()), sum.producersOf(Operand.W));
    assertEquals(List.of(named(step, "loss.add").id()), sum.producersOf(Operand.I),
        "the add passes its gradient through unchanged");
    assertEquals(List.of(sum.id()), named(step, "a.dI").producersOf(Operand.I));
  }

  @Test
  void batchAboveOneIsRefusedNamingTheLayer() {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.B, 2);
    dims.put(LoopDim.K, 2);
    Layer l = new Layer(0, "fc", OperatorType.GEMM, "Gemm", dims, 1, 1, 1, 1, Padding.NONE, INT8, Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingStep.of(new Workload("w", List.of(l))));
    assertTrue(e.getMessage().contains("'fc'"), e.getMessage());
  }

  static IntStream seeds() {
    return IntStream.range(0, 60);
  }

  /**
   * For random convolution chains (kernels 1-5, strides 1-3, paddings up to the kernel's reach)
   * tiled into row bands and fused: each input-gradient tile receives from the output gradient
   * exactly the rows the transposed convolution needs at stride 1 (a superset at larger strides),
   * all its channels; each weight-gradient tile the whole input activation and output gradient.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void gradientTilesReceiveTheRegionsTheyNeed(int seed) {
    Random r = new Random(seed);
    int rows = 4 + r.nextInt(20);
    int channels = 1 + r.nextInt(3);
    List<Layer> chain = new java.util.ArrayList<>();
    for (int id = 0; id < 1 + r.nextInt(3); id++) {
      int f = 1 + r.nextInt(5);
      int stride = 1 + r.nextInt(3);
      int top = r.nextInt(f);
      int bottom = r.nextInt(f);
      int out = (rows + top + bottom - f) / stride + 1;
      if (out < 1) {
        f = 1;
        top = 0;
        bottom = 0;
        out = (rows - 1) / stride + 1;
      }
      int k = 1 + r.nextInt(3);
      chain.add(conv(id, "L" + id, k, channels, out, 2, f, stride, new Padding(top, bottom, 0, 0),
          id == 0 ? List.of() : List.of(id - 1)));
      rows = out;
      channels = k;
    }
    Workload step = TrainingStep.of(new Workload("chain", chain));
    TileGraph g = TileGraphBuilder.build(Tiling.uniform(step,
        new LayerTiling(Split.of(1 + r.nextInt(4)), Split.ONE, List.of(), false), new FusionPolicy.All()));
    List<List<TileEdge>> incoming = g.incoming();
    for (Layer fwd : chain) {
      Layer dI = named(step, fwd.name() + ".dI");
      Layer gradient = step.layer(dI.producersOf(Operand.I).get(0));
      long rowBits = (long) gradient.outputChannels() * gradient.size(LoopDim.OX) * 8;
      for (Tile t : g.tilesOf(dI.id())) {
        // Forward input rows of the tile's phase rows, and the output rows they depend on.
        int s = fwd.strideY();
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int iy = s * t.output().rowStart(); iy < Math.min(s * t.output().rowEnd(), fwd.inputHeight()); iy++) {
          for (int fy = 0; fy < fwd.size(LoopDim.FY); fy++) {
            int shifted = iy + fwd.padding().top() - fy;
            if (shifted % s == 0 && shifted / s >= 0 && shifted / s < fwd.size(LoopDim.OY)) {
              lo = Math.min(lo, shifted / s);
              hi = Math.max(hi, shifted / s);
            }
          }
        }
        long needed = lo > hi ? 0 : hi - lo + 1;
        long bits = incoming.get(t.id()).stream().mapToLong(TileEdge::bits).sum();
        long read = bits / rowBits;
        if (gradient.outputChannels() != dI.inputChannels()) {
          // The gradient is in a strided consumer's phase layout: read whole.
          assertEquals(gradient.outputBits(), bits, "tile " + t.id() + " of " + dI.name() + " reads it whole");
        } else if (s == 1) {
          assertEquals(needed, read, "rows into tile " + t.id() + " of " + dI.name());
        } else {
          assertTrue(read >= needed, "tile " + t.id() + " of " + dI.name() + " reads " + read + " rows, needs "
              + needed);
        }
      }
      Layer dW = named(step, fwd.name() + ".dW");
      long whole = step.layer(dW.producersOf(Operand.W).get(0)).outputBits()
          + dW.producersOf(Operand.I).stream().mapToLong(p -> step.layer(p).outputBits()).sum();
      for (Tile t : g.tilesOf(dW.id())) {
        if (dW.type() == OperatorType.CONV) {
          // The convolution form (taken when OY·OX = C) reads row regions of the activation.
          assertTrue(incoming.get(t.id()).stream().mapToLong(TileEdge::bits).sum() <= whole);
          continue;
        }
        assertEquals(whole, incoming.get(t.id()).stream().mapToLong(TileEdge::bits).sum(),
            "tile " + t.id() + " of " + dW.name() + " reads its input activation and output gradient whole");
      }
    }
  }
}
