package org.laminar.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.laminar.tiling.TestLayers.add;
import static org.laminar.tiling.TestLayers.conv;
import static org.laminar.tiling.TestLayers.depthwise;
import static org.laminar.tiling.TestLayers.same3x3;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/** Hand-checked tile graphs. */
class TileGraphBuilderTest {

  private static TileGraph build(List<Layer> layers, String tiling, String fusion) {
    Workload w = new Workload("test", layers);
    return TileGraphBuilder.build(Tiling.uniform(w, LayerTiling.parse(tiling), FusionPolicy.parse(fusion, c -> List.of())));
  }

  /** Incoming edges of a tile as producer (layer, band start row, channel start) → bits. */
  private static Map<String, Long> in(TileGraph g, Tile t) {
    Map<String, Long> m = new TreeMap<>();
    for (TileEdge e : g.incoming().get(t.id())) {
      Tile p = g.tiles().get(e.producer());
      m.put("L" + p.layer() + "r" + p.output().rowStart() + "c" + p.output().channelStart(), e.bits());
    }
    return m;
  }

  private static Tile tile(TileGraph g, int layer, int rowStart, int channelStart) {
    return g.tiles().stream()
        .filter(t -> t.layer() == layer && t.output().rowStart() == rowStart
            && t.output().channelStart() == channelStart)
        .findFirst().orElseThrow();
  }

  @Test
  void sameConvChainInRowBandsReadsOneHaloRowPerSide() {
    TileGraph g = build(List.of(same3x3(0, 2, 1, 8, 4, List.of()), same3x3(1, 3, 2, 8, 4, List.of(0))), "oy=4",
        "all");
    assertEquals(8, g.tiles().size());
    // 1 row x 2 channels x 4 columns x 8 bits = 64 bits per halo row.
    assertEquals(Map.of("L0r0c0", 64L, "L0r2c0", 128L, "L0r4c0", 64L), in(g, tile(g, 1, 2, 0)));
    assertEquals(Map.of("L0r0c0", 128L, "L0r2c0", 64L), in(g, tile(g, 1, 0, 0)));
    // Network input: rows [-1, 2] clipped to 3 rows, [1, 4] 4 rows, x 1 channel x 4 columns x 8 bits.
    assertEquals(96, tile(g, 0, 0, 0).dramInputBits());
    assertEquals(128, tile(g, 0, 2, 0).dramInputBits());
    assertEquals(96, tile(g, 0, 6, 0).dramInputBits());
    Tile interior = tile(g, 1, 2, 0);
    assertEquals(2, interior.shape().size(LoopDim.OY));
    assertEquals(new Padding(0, 0, 1, 1), interior.shape().padding());
    assertEquals(4, interior.shape().inputHeight());
    assertEquals(3, tile(g, 1, 0, 0).shape().inputHeight());
    assertEquals(2 * 3 * 4 * 8, interior.outputBits());
  }

  @Test
  void tilesAreNumberedDepthFirst() {
    TileGraph g = build(List.of(same3x3(0, 2, 1, 8, 4, List.of()), same3x3(1, 3, 2, 8, 4, List.of(0))), "oy=4",
        "all");
    List<String> order = g.tiles().stream().map(t -> "L" + t.layer() + "r" + t.output().rowStart()).toList();
    assertEquals(List.of("L0r0", "L0r2", "L1r0", "L0r4", "L1r2", "L0r6", "L1r4", "L1r6"), order);
  }

  @Test
  void strideTwoBandsReadOverlappingWindows() {
    Layer first = conv(0, 1, 1, 8, 1, 1, 1, Padding.NONE, List.of());
    Layer strided = conv(1, 1, 1, 4, 1, 3, 2, new Padding(1, 1, 0, 0), List.of(0));
    TileGraph g = build(List.of(first, strided), "oy=all", "all");
    // Output row r reads input rows [2r - 1, 2r + 1]; one input row is 8 bits.
    assertEquals(Map.of("L0r0c0", 8L, "L0r1c0", 8L), in(g, tile(g, 1, 0, 0)));
    assertEquals(Map.of("L0r1c0", 8L, "L0r2c0", 8L, "L0r3c0", 8L), in(g, tile(g, 1, 1, 0)));
    assertEquals(Map.of("L0r5c0", 8L, "L0r6c0", 8L, "L0r7c0", 8L), in(g, tile(g, 1, 3, 0)));
    assertEquals(new Padding(1, 0, 0, 0), tile(g, 1, 0, 0).shape().padding());
    assertEquals(new Padding(0, 0, 0, 0), tile(g, 1, 3, 0).shape().padding());
  }

  @Test
  void channelSplitsReadAllChannelsForConvAndOwnGroupsForDepthwise() {
    Layer l0 = conv(0, 4, 2, 2, 2, 1, 1, Padding.NONE, List.of());
    Layer l1 = conv(1, 6, 4, 2, 2, 1, 1, Padding.NONE, List.of(0));
    Layer l2 = depthwise(2, 6, 2, 2, 3, 1, new Padding(1, 1, 1, 1), List.of(1));
    TileGraph g = TileGraphBuilder.build(Tiling.of(new Workload("k", List.of(l0, l1, l2)),
        l -> LayerTiling.parse(l.id() == 0 ? "k=2" : l.id() == 1 ? "k=3" : "k=2"), new FusionPolicy.None()));
    assertEquals(2 + 3 + 2, g.tiles().size());
    Tile w0 = tile(g, 0, 0, 0);
    assertEquals(new Region(0, 2, 0, 2), w0.output());
    assertEquals(2 * 2 * 8, w0.weightBits());
    assertEquals(1, tile(g, 0, 0, 2).weightSlice());
    // Every conv part reads both producer parts whole: 2 channels x 2 x 2 x 8 bits.
    assertEquals(Map.of("L0r0c0", 64L, "L0r0c2", 64L), in(g, tile(g, 1, 0, 2)));
    // Depthwise groups [0, 3) read channels 0-1 of part 0 and channel 2 of part 1.
    assertEquals(Map.of("L1r0c0", 64L, "L1r0c2", 32L), in(g, tile(g, 2, 0, 0)));
    assertEquals(Map.of("L1r0c2", 32L, "L1r0c4", 64L), in(g, tile(g, 2, 0, 3)));
    assertEquals(3, tile(g, 2, 0, 3).shape().size(LoopDim.G));
    assertEquals(3 * 9 * 8, tile(g, 2, 0, 3).weightBits());
  }

  @Test
  void residualAddReadsBothOperandsBandByBand() {
    Layer l0 = same3x3(0, 2, 1, 4, 4, List.of());
    Layer l1 = same3x3(1, 2, 2, 4, 4, List.of(0));
    Layer l2 = add(2, 2, 4, 4, 1, 0);
    TileGraph g = build(List.of(l0, l1, l2), "oy=2", "all");
    // Band 0 (rows 0-1): 2 rows x 2 channels x 4 columns x 8 bits from each operand.
    assertEquals(Map.of("L1r0c0", 128L, "L0r0c0", 128L), in(g, tile(g, 2, 0, 0)));
    assertEquals(Map.of("L0r0c0", 128L, "L0r2c0", 64L), in(g, tile(g, 1, 0, 0)));
    assertEquals(0, tile(g, 2, 0, 0).weightBits());
  }

  @Test
  void concatenatedProducersAreReadAtTheirChannelOffsets() {
    Layer a = conv(0, 4, 1, 2, 2, 1, 1, Padding.NONE, List.of());
    Layer b = conv(1, 4, 1, 2, 2, 1, 1, Padding.NONE, List.of());
    Layer dw = depthwise(2, 8, 2, 2, 1, 1, Padding.NONE, List.of(0, 1));
    TileGraph g = build(List.of(a, b, dw), "k=2", "none");
    assertEquals(Map.of("L0r0c0", 64L, "L0r0c2", 64L), in(g, tile(g, 2, 0, 0)));
    assertEquals(Map.of("L1r0c0", 64L, "L1r0c2", 64L), in(g, tile(g, 2, 0, 4)));
  }

  @Test
  void flattenedProducerIsReadWhole() {
    Layer conv = same3x3(0, 2, 1, 4, 4, List.of());
    Map<LoopDim, Integer> dims = TestLayers.dims(10, 32, 1, 1, 1, 1);
    Layer fc = TestLayers.layer(1, OperatorType.GEMM, "Gemm", dims, 1, 1, Padding.NONE, TestLayers.INT8,
        List.of(0), List.of());
    TileGraph g = build(List.of(conv, fc), "oy=2", "all");
    assertEquals(Map.of("L0r0c0", 128L, "L0r2c0", 128L), in(g, tile(g, 1, 0, 0)));
  }

  @Test
  void activationTimesActivationReadsTheSecondOperandWhole() {
    // Q (3 rows x 4) and K (3 rows x 4) from the network input; scores = Q x K^T (3 x 3).
    Layer q = TestLayers.layer(0, OperatorType.GEMM, "Gemm", TestLayers.dims(4, 2, 1, 3, 1, 1), 1, 1,
        Padding.NONE, TestLayers.INT8, List.of(), List.of());
    Layer k = TestLayers.layer(1, OperatorType.GEMM, "Gemm", TestLayers.dims(4, 2, 1, 3, 1, 1), 1, 1,
        Padding.NONE, TestLayers.INT8, List.of(), List.of());
    Layer scores = TestLayers.layer(2, OperatorType.GEMM, "MatMul", TestLayers.dims(3, 4, 1, 3, 1, 1), 1, 1,
        Padding.NONE, TestLayers.INT8, List.of(0), List.of(1));
    TileGraph g = build(List.of(q, k, scores), "oy=all", "all");
    // Row 1 of the scores reads row 1 of Q (4 x 8 bits) and all three rows of K.
    assertEquals(Map.of("L0r1c0", 32L, "L1r0c0", 32L, "L1r1c0", 32L, "L1r2c0", 32L), in(g, tile(g, 2, 1, 0)));
    assertEquals(0, tile(g, 2, 1, 0).weightBits());
    assertEquals(2 * 8, tile(g, 0, 1, 0).dramInputBits());
  }

  @Test
  void layerAloneInItsStackIsOneRowBand() {
    List<Layer> chain = List.of(same3x3(0, 2, 1, 8, 4, List.of()), same3x3(1, 3, 2, 8, 4, List.of(0)));
    TileGraph g = build(chain, "oy=4,k=2", "none");
    assertEquals(List.of(new Region(0, 1, 0, 8), new Region(1, 2, 0, 8)),
        g.tilesOf(0).stream().map(Tile::output).toList());
    assertEquals(List.of(new Region(0, 2, 0, 8), new Region(2, 3, 0, 8)),
        g.tilesOf(1).stream().map(Tile::output).toList());
    assertEquals(List.of(0, 0, 1, 1), g.tiles().stream().map(Tile::stack).toList());
  }

  @Test
  void unevenSplitsGiveLargerPartsFirstAndClampToTheSize() {
    TileGraph g = build(List.of(same3x3(0, 3, 1, 7, 2, List.of()), same3x3(1, 3, 3, 7, 2, List.of(0))),
        "oy=4,k=5", "all");
    assertEquals(List.of(2, 2, 2, 1), g.tilesOf(1).stream().filter(t -> t.output().channelStart() == 0)
        .map(t -> t.output().rows()).toList());
    assertEquals(12, g.tilesOf(1).size());
  }

  @Test
  void fixedCoresPinChannelParts() {
    Workload w = new Workload("fixed", List.of(conv(0, 4, 1, 2, 2, 1, 1, Padding.NONE, List.of())));
    Tiling tiling = Tiling.uniform(w, LayerTiling.parse("k=2").withCores(List.of(3, 1), true),
        new FusionPolicy.None());
    TileGraph g = TileGraphBuilder.build(tiling);
    assertEquals(List.of(List.of(3), List.of(1)), g.tiles().stream().map(tiling::allowedCores).toList());
  }

  @Test
  void fsrcnnLineByLineBuildsFast() {
    // FSRCNN as validated on DepFiN (reference/VALIDATION.md): K, C, kernel of each layer.
    int[][] table = {{56, 1, 5}, {12, 56, 1}, {12, 12, 3}, {12, 12, 3}, {12, 12, 3}, {12, 12, 3}, {56, 12, 1},
        {16, 56, 3}};
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < table.length; i++) {
      int pad = table[i][2] / 2;
      layers.add(TestLayers.layer(i, OperatorType.CONV, "Conv", TestLayers.dims(table[i][0], table[i][1], 1, 540,
          960, table[i][2]), 1, 1, new Padding(pad, pad, pad, pad), new Precision(8, 8, 16, 8),
          i == 0 ? List.of() : List.of(i - 1), List.of()));
    }
    Workload w = new Workload("fsrcnn", layers);
    Tiling tiling = Tiling.uniform(w, LayerTiling.parse("oy=all"), new FusionPolicy.All());
    long start = System.nanoTime();
    TileGraph g = TileGraphBuilder.build(tiling);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(4320, g.tiles().size());
    assertTrue(millis < 3000, "building 4,320 tiles took " + millis + " ms");
    // 1x1 layers read one producer row per band; 3x3 layers three, two at the borders.
    assertEquals(540 + 4 * (3 * 540 - 2) + 540 + (3 * 540 - 2), g.edges().size());
    TileGraphSummary s = TileGraphSummary.of(g);
    // Layer 0: five shapes (padding 2, 1, 0 on top; 1, 2 at the bottom); layers 2-5 share three;
    // layer 7 three; the 1x1 layers one each.
    assertEquals(5 + 1 + 3 + 1 + 3, s.distinctShapes());
    assertEquals(540, s.tilesPerLayer().get("L3"));
    assertEquals(1, s.stacks());
    assertEquals(w.layers().stream().mapToLong(Layer::weightBits).sum(), s.weightBits());
    // Every row of every produced tensor is read: 3x3 layers read each producer row three times.
    long rowBits = 960 * 8;
    assertEquals(rowBits * (540 * 56 + (3 * 540 - 2) * 4 * 12 + 540 * 12 + (3 * 540 - 2) * 56), s.edgeBits());
    // The 5x5 layer's bands read 5 input rows each, fewer at the borders.
    assertEquals(960L * 8 * (5 * 540 - 6), s.dramInputBits());
  }

  @Test
  void broadcastOperandIsReadWholeByEveryTile() {
    // L1 pools L0's 8 rows into one; L2 adds that [2, 1, 1] mean to L0's [2, 8, 4] output. The
    // mean's one row does not map to L2's rows, so every band of L2 needs all of it (16 bits).
    Map<LoopDim, Integer> window = new EnumMap<>(TestLayers.dims(1, 1, 2, 1, 1, 1));
    window.put(LoopDim.FY, 8);
    window.put(LoopDim.FX, 4);
    Layer pool = TestLayers.layer(1, OperatorType.POOL, "GlobalAveragePool", window, 1, 1, Padding.NONE,
        new Precision(0, 8, 16, 8), List.of(0), List.of());
    TileGraph g = build(List.of(same3x3(0, 2, 1, 8, 4, List.of()), pool, add(2, 2, 8, 4, 0, 1)), "oy=4", "all");
    for (int row = 0; row < 8; row += 2) {
      assertEquals(16L, in(g, tile(g, 2, row, 0)).get("L1r0c0"), "band at row " + row);
    }
  }
}
