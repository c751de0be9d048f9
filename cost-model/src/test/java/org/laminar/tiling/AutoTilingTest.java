package org.laminar.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.schedule.AutoTiling;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Workload;

class AutoTilingTest {
  /**
   * One 4-PE core (K unrolled) whose only memory, a buffer of 4,000 bits, holds all operands: a
   * tile runs on it only when its weights, inputs and outputs fit the buffer together.
   */
  private static Accelerator smallCore() {
    return core(4_000);
  }

  /** The core of {@link #smallCore()} with a buffer of {@code bufferBits}. */
  static Accelerator core(long bufferBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel buffer = new MemoryLevel("buf", bufferBits, 1, 2,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(port), Set.of("D1"));
    Core core = new Core(0, "small", new OperationalArray(0.5, Map.of("D1", 4)), List.of(buffer),
        new SpatialUnrolling(Map.of("D1", List.of(new Unroll(LoopDim.K, 4)))));
    return new Accelerator("small", List.of(core), List.of(), new Dram(64, 64, true, 1, 1));
  }

  /**
   * Two fused 1x1 convolutions on 8x8 pixels, 8-bit (partial sums 16-bit), so no halo:
   * <ul>
   *   <li>L0, 4 -> 4 channels: weights 4·4·8 = 128 bits, inputs 4·64·8 = 2,048, outputs 4·64 values,
   *       2,048 bits at 8 and 4,096 at 16 bits. Whole: at least 128 + 2,048 + 2,048 = 4,224 &gt; 4,000,
   *       refused. Two row bands of 4 rows: at most 128 + 1,024 + 2,048 = 3,200 &lt;= 4,000, fit. So oy=2.
   *   <li>L1, 4 -> 1 channel: weights 32, inputs 2,048, outputs 64 values, at most 1,024 bits. Whole:
   *       at most 32 + 2,048 + 1,024 = 3,104 &lt;= 4,000, fits. So oy=1.
   * </ul>
   */
  private static Workload twoConvs() {
    Layer l0 = TestLayers.conv(0, 4, 4, 8, 8, 1, 1, Padding.NONE, List.of());
    Layer l1 = TestLayers.conv(1, 1, 4, 8, 8, 1, 1, Padding.NONE, List.of(0));
    return new Workload("two", List.of(l0, l1));
  }

  @Test
  void eachLayerGetsTheFewestRowBandsThatFit() {
    Workload w = twoConvs();
    AutoTiling.Result auto = AutoTiling.choose(w, smallCore(), new AnalyticalCostModel(), new FusionPolicy.All());

    assertEquals(2, auto.tiling().rowParts(w.layer(0)).parts());
    assertEquals(1, auto.tiling().rowParts(w.layer(1)).parts());
    assertEquals(1, auto.tiling().channelParts(w.layer(0)).parts());
    assertEquals(1, auto.notes().size());
    assertTrue(auto.notes().get(0).startsWith("layer 'L0' split oy=2 (oy=1 does not fit: core 0 (small): "),
        auto.notes().get(0));
    // The premise of the derivation: whole, L0 is refused by the cost model (the problem says so).
    Tiling whole = Tiling.uniform(w, LayerTiling.WHOLE, new FusionPolicy.All());
    assertThrows(IllegalArgumentException.class,
        () -> SchedulingProblem.of(whole, smallCore(), new AnalyticalCostModel()));
    SchedulingProblem.of(auto.tiling(), smallCore(), new AnalyticalCostModel());
  }

  @Test
  void splittingKeepsEachLayersMacsAndTheBitsItsConsumersRead() {
    Workload w = twoConvs();
    TileGraph split = TileGraphBuilder.build(
        AutoTiling.choose(w, smallCore(), new AnalyticalCostModel(), new FusionPolicy.All()).tiling());
    TileGraph whole = TileGraphBuilder.build(Tiling.uniform(w, LayerTiling.WHOLE, new FusionPolicy.All()));
    assertEquals(3, split.tiles().size());
    Map<Integer, List<Tile>> byLayer = split.tiles().stream().collect(Collectors.groupingBy(Tile::layer));
    for (Layer layer : w.layers()) {
      TileGraphPropertiesTest.checkLayerCoverage(split, layer);
      assertEquals(layer.macs(), split.tilesOf(layer.id()).stream().mapToLong(Tile::macs).sum());
    }
    for (Tile t : split.tiles()) {
      TileGraphPropertiesTest.checkInputs(split, byLayer, t, split.incoming().get(t.id()), true);
    }
    // 1x1 convolutions have no halo: L1 reads exactly L0's output, as it does from the unsplit L0.
    long read = split.edges().stream().mapToLong(TileEdge::bits).sum();
    assertEquals(w.layer(0).outputBits(), read);
    assertEquals(whole.edges().stream().mapToLong(TileEdge::bits).sum(), read);
  }

  /**
   * A 1×1 convolution, 16 → 2 channels, on 2 × 8 outputs, fused with a 1×1 convolution 2 → 1, and a
   * 1,000-bit buffer. L0's weights are 2·16·8 = 256 bits; one output row reads 8 pixels × 16
   * channels × 8 bits = 1,024 input bits and writes 16 values (128 bits at 8, 256 at 16):
   * <ul>
   *   <li>whole (2 rows), one-row bands, and bands with channel parts need at least 256 + 1,024 + 128
   *       = 1,408 and, one channel per part, 128 + 1,024 + 64 = 1,216 bits: refused; a channel part
   *       still reads every input channel;
   *   <li>one-row bands in two column tiles of 4 columns: at most 256 + 512 + 128 = 896 &lt;= 1,000, fit.
   * </ul>
   * The candidates of at most 4 tiles, in order: oy=1, oy=2, oy=1,k=2, oy=2,k=2, oy=2,ox=2; so L0
   * is split oy=2,ox=2: 4 tiles of 1 row × 4 columns. L1 (weights 16, inputs 256, outputs 8 values,
   * at most 128 bits) fits whole.
   */
  @Test
  void aLayerWhoseSingleRowDoesNotFitIsSplitIntoColumnTiles() {
    Layer l0 = TestLayers.conv(0, 2, 16, 2, 8, 1, 1, Padding.NONE, List.of());
    Layer l1 = TestLayers.conv(1, 1, 2, 2, 8, 1, 1, Padding.NONE, List.of(0));
    Workload w = new Workload("wide", List.of(l0, l1));
    AutoTiling.Result auto = AutoTiling.choose(w, core(1_000), new AnalyticalCostModel(), new FusionPolicy.All());

    assertEquals(List.of(2, 1, 2), List.of(auto.tiling().rowParts(l0).parts(), auto.tiling().channelParts(l0).parts(),
        auto.tiling().columnParts(l0).parts()));
    assertEquals(List.of(1, 1, 1), List.of(auto.tiling().rowParts(l1).parts(), auto.tiling().channelParts(l1).parts(),
        auto.tiling().columnParts(l1).parts()));
    assertEquals(1, auto.notes().size());
    assertTrue(auto.notes().get(0).startsWith("layer 'L0' split oy=2,ox=2 (oy=2,k=2 does not fit: core 0 (small): "),
        auto.notes().get(0));
    TileGraph graph = TileGraphBuilder.build(auto.tiling());
    assertEquals(List.of("0-1 0-4", "0-1 4-8", "1-2 0-4", "1-2 4-8"), graph.tilesOf(0).stream()
        .map(t -> t.output().rowStart() + "-" + t.output().rowEnd() + " " + t.output().columnStart() + "-"
            + t.output().columnEnd()).sorted().toList());
    // L0 reads 1 row × 4 columns × 16 channels × 8 bits from DRAM per tile; L1 reads L0's 2·8·2·8 = 256 bits.
    assertEquals(List.of(512L, 512L, 512L, 512L), graph.tilesOf(0).stream().map(Tile::dramInputBits).toList());
    assertEquals(256, graph.edges().stream().mapToLong(TileEdge::bits).sum());
    SchedulingProblem.of(auto.tiling(), core(1_000), new AnalyticalCostModel());
    // The premise: the channel candidate of as many tiles is refused (the problem says so).
    Tiling channels = Tiling.of(w, l -> l.id() == 0 ? new LayerTiling(Split.ALL, Split.of(2), List.of(), false)
        : LayerTiling.WHOLE, new FusionPolicy.All());
    assertThrows(IllegalArgumentException.class,
        () -> SchedulingProblem.of(channels, core(1_000), new AnalyticalCostModel()));
  }

  @Test
  void aLayerNoSplitFitsKeepsItsLargestSplitAndTheProblemRefusesIt() {
    // A 64-bit buffer: a tile of one pixel of L0 still holds its 4·4·8 = 128 weight bits. The last
    // candidate, the one of most tiles, is one-row bands of one-column tiles (64 tiles; one row
    // and one channel per tile would be 32).
    Workload w = twoConvs();
    AutoTiling.Result auto = AutoTiling.choose(w, core(64), new AnalyticalCostModel(), new FusionPolicy.All());

    assertEquals(8, auto.tiling().rowParts(w.layer(0)).parts());
    assertEquals(8, auto.tiling().columnParts(w.layer(0)).parts());
    assertEquals(1, auto.tiling().channelParts(w.layer(0)).parts());
    String message = assertThrows(IllegalArgumentException.class,
        () -> SchedulingProblem.of(auto.tiling(), core(64), new AnalyticalCostModel())).getMessage();
    assertTrue(message.contains("cannot run on any of its allowed cores"), message);
  }

  /**
   * A matrix product alone in its stack (64 rows, 4 columns, reduction 4): weights 4·4·8 = 128
   * bits, inputs 64·4·8 = 2,048, outputs 256 values, 2,048 bits at 8 and 4,096 at 16. Whole: at
   * least 4,224 &gt; 4,000, refused. Two row bands: at most 128 + 1,024 + 2,048 = 3,200, fit; the
   * bands apply although nothing is fused with it.
   */
  @Test
  void aMatrixProductAloneInItsStackIsSplitIntoRowBands() {
    Layer gemm = TestLayers.layer(0, OperatorType.GEMM, "Gemm", TestLayers.dims(4, 4, 1, 64, 1, 1), 1, 1,
        Padding.NONE, TestLayers.INT8, List.of(), List.of());
    Workload w = new Workload("gemm", List.of(gemm));
    AutoTiling.Result auto = AutoTiling.choose(w, smallCore(), new AnalyticalCostModel(), new FusionPolicy.None());

    assertEquals(2, auto.tiling().rowParts(gemm).parts());
    assertEquals(1, auto.tiling().channelParts(gemm).parts());
    assertEquals(List.of("layer 'L0' split oy=2"), auto.notes().stream().map(n -> n.substring(0, n.indexOf(" ("))).toList());
    TileGraph graph = TileGraphBuilder.build(auto.tiling());
    assertEquals(List.of(32, 32), graph.tiles().stream().map(t -> t.shape().size(LoopDim.OY)).toList());
    assertEquals(64L * 4 * 4, graph.tiles().stream().mapToLong(Tile::macs).sum());
    SchedulingProblem.of(auto.tiling(), smallCore(), new AnalyticalCostModel());
  }

  /**
   * From a base of four channel parts on core 0 and a 2,000-bit buffer: L0's tiles of one channel
   * need at least 32 + 2,048 + 512 = 2,592 bits, refused; the first candidate with at least four
   * channel parts and more tiles is two bands × four parts (at most 32 + 1,024 + 512 = 1,568, fits).
   * L1 (one channel, so one part whatever the base says): whole at least 2,592, refused; two bands
   * at most 32 + 1,024 + 512, fit. Both keep the base's core.
   */
  @Test
  void splittingStartsFromTheBaseAndKeepsItsCores() {
    Workload w = twoConvs();
    LayerTiling base = new LayerTiling(Split.ONE, Split.of(4), List.of(0), false);
    AutoTiling.Result auto = AutoTiling.choose(w, core(2_000), new AnalyticalCostModel(), new FusionPolicy.All(),
        l -> base);

    assertEquals(List.of(2, 4), List.of(auto.tiling().rowParts(w.layer(0)).parts(),
        auto.tiling().channelParts(w.layer(0)).parts()));
    assertEquals(List.of(2, 1), List.of(auto.tiling().rowParts(w.layer(1)).parts(),
        auto.tiling().channelParts(w.layer(1)).parts()));
    assertEquals(List.of(0), auto.tiling().of(0).cores());
    assertEquals(List.of(0), auto.tiling().of(1).cores());
    assertTrue(auto.notes().get(0).startsWith("layer 'L0' split oy=2,k=4 (oy=1,k=4 does not fit"), auto.notes().get(0));
    assertTrue(auto.unfit().isEmpty());
  }

  /**
   * With a 64-bit buffer nothing fits; L0's smallest tile (one pixel, the channels whole) holds its
   * weights 4·4·8 = 128 bits, its inputs 4·8 = 32 and its 4 outputs, 32 bits at 8 and 64 at 16: it
   * needs between 192 and 224 bits (plus the hint's 1/64), and the cost model accepts it at the size
   * named. L1's one-pixel tile (weights 32, inputs 32, one output of 8 or 16 bits) does not fit either.
   */
  @Test
  void aLayerThatFitsNoSplitNamesTheMemoryItsTileNeeds() {
    Workload w = twoConvs();
    AutoTiling.Result auto = AutoTiling.choose(w, core(64), new AnalyticalCostModel(), new FusionPolicy.All());

    assertEquals(2, auto.unfit().size(), auto.unfit().toString());
    assertTrue(auto.unfit().get(1).startsWith("layer 'L1' fits no core even split oy=8,ox=8: "), auto.unfit().get(1));
    String line = auto.unfit().get(0);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("needs a local memory 'buf' of about ([0-9,]+) bits "
        + "\\(it has 64\\)").matcher(line);
    assertTrue(line.startsWith("layer 'L0' fits no core even split oy=8,ox=8: on core 0 (small) its tile "), line);
    assertTrue(m.find(), line);
    long bits = Long.parseLong(m.group(1).replace(",", ""));
    assertTrue(bits >= 192 && bits <= 224 + 224 / 64 + 1, line);
    Tile tile = TileGraphBuilder.build(auto.tiling()).tilesOf(0).get(0);
    assertTrue(SchedulingProblem.refusal(tile, core(bits).cores().get(0), new AnalyticalCostModel()).isEmpty());
    assertTrue(SchedulingProblem.refusal(tile, core(191).cores().get(0), new AnalyticalCostModel()).isPresent());
  }
}
