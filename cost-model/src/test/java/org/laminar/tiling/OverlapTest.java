package org.laminar.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.laminar.tiling.TestLayers.same3x3;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;

/** The overlap modes on hand-computed chains of 3×3 'same' convolutions in row bands. */
class OverlapTest {
  /** 8 × 6 outputs; layer 0: 2 → 4 channels, layer 1: 4 → 3 channels; 8-bit activations. */
  private static final List<Layer> CHAIN = List.of(same3x3(0, 4, 2, 8, 6, List.of()), same3x3(1, 3, 4, 8, 6,
      List.of(0)));

  private static TileGraph build(List<Layer> layers, String split, Overlap overlap) {
    Workload w = new Workload("chain", layers);
    return TileGraphBuilder.build(Tiling.uniform(w, LayerTiling.parse(split), new FusionPolicy.All())
        .withOverlap(overlap));
  }

  /** The tiles of {@code layer} from the top band down. */
  private static List<Tile> bands(TileGraph g, int layer) {
    return g.tilesOf(layer).stream().sorted(Comparator.comparingInt(t -> t.output().rowStart())).toList();
  }

  private static long macs(TileGraph g) {
    return g.tiles().stream().mapToLong(Tile::macs).sum();
  }

  /** Bits on the edges from band {@code from} of layer 0 to band {@code to} of layer 1. */
  private static long bits(TileGraph g, int from, int to) {
    int producer = bands(g, 0).get(from).id();
    int consumer = bands(g, 1).get(to).id();
    return g.edges().stream().filter(e -> e.producer() == producer && e.consumer() == consumer)
        .mapToLong(TileEdge::bits).sum();
  }

  @Test
  void cacheComputesEveryRowOnceAndCarriesTheOverlapRowsAcrossEachBoundary() {
    TileGraph g = build(CHAIN, "oy=4", Overlap.CACHE);
    // Layer MACs exactly: 4·2·8·6·9 + 3·4·8·6·9.
    assertEquals(3456 + 5184, macs(g));
    assertEquals(new Workload("chain", CHAIN).macs(), macs(g));
    // Per band boundary the two bands read k − 1 = 2 rows of each other's producer band:
    // 2 rows × 6 columns × 4 channels × 8 bits = 384 bits, half each way.
    for (int b = 0; b < 3; b++) {
      assertEquals(192, bits(g, b + 1, b), "the band above reads the first row below the boundary");
      assertEquals(192, bits(g, b, b + 1), "the band below reads the last row above it");
      assertEquals(2 * 6 * 4 * 8, bits(g, b + 1, b) + bits(g, b, b + 1));
    }
    assertEquals(0, bits(g, 0, 2), "bands two apart share nothing");
  }

  @Test
  void recomputeGrowsEachProducerBandByItsConsumersWindowAndDropsTheEdgesBetweenBands() {
    TileGraph g = build(CHAIN, "oy=4", Overlap.RECOMPUTE);
    // Layer 1 keeps its bands of 2 rows; band b of layer 0 computes the rows band b of layer 1 reads:
    // [0,2], [1,4], [3,6], [5,7] (rows −1 and 8 are padding) = 3 + 4 + 4 + 3 = 14 rows.
    List<int[]> rows = bands(g, 0).stream().map(t -> new int[] {t.output().rowStart(), t.output().rowEnd()}).toList();
    assertEquals(List.of(List.of(0, 3), List.of(1, 5), List.of(3, 7), List.of(5, 8)),
        rows.stream().map(r -> List.of(r[0], r[1])).toList());
    assertEquals(List.of(2, 2, 2, 2), bands(g, 1).stream().map(t -> t.output().rows()).toList());
    assertEquals(14L * 6 * 4 * 2 * 9 + 5184, macs(g));
    for (int from = 0; from < 4; from++) {
      for (int to = 0; to < 4; to++) {
        if (from != to) {
          assertEquals(0, bits(g, from, to), "band " + to + " reads band " + from);
        }
      }
    }
    // Each band of layer 1 reads exactly its producer band: rows × 6 columns × 4 channels × 8 bits.
    assertEquals(List.of(576L, 768L, 768L, 576L), List.of(bits(g, 0, 0), bits(g, 1, 1), bits(g, 2, 2), bits(g, 3, 3)));
    // Layer 0 reads its grown window of the network input: 4, 6, 6, 4 rows × 2 channels × 6 × 8 bits.
    assertEquals(List.of(384L, 576L, 576L, 384L), bands(g, 0).stream().map(Tile::dramInputBits).toList());
    // Its tiles' shapes are what the cost model costs: the grown rows, with the padding they read.
    assertEquals(List.of(3, 4, 4, 3), bands(g, 0).stream().map(t -> t.shape().size(LoopDim.OY))
        .toList());
    assertEquals(4, bands(g, 0).get(0).shape().inputHeight(), "rows [−1, 3]: one padding row, four read");
  }

  @Test
  void recomputeGrowsThroughTheWholeStack() {
    List<Layer> three = List.of(same3x3(0, 2, 1, 8, 4, List.of()), same3x3(1, 2, 2, 8, 4, List.of(0)),
        same3x3(2, 2, 2, 8, 4, List.of(1)));
    TileGraph g = build(three, "oy=4", Overlap.RECOMPUTE);
    // Layer 1 as above: [0,3) [1,5) [3,7) [5,8); layer 0 by layer 1's grown windows: [0,4) [0,6) [2,8) [4,8).
    assertEquals(List.of(4, 6, 6, 4), bands(g, 0).stream().map(t -> t.output().rows()).toList());
    assertEquals(List.of(3, 4, 4, 3), bands(g, 1).stream().map(t -> t.output().rows()).toList());
    // MACs per output row: layer 0 2·1·4·9 = 72, layers 1 and 2 2·2·4·9 = 144.
    assertEquals(20 * 72 + 14 * 144 + 8 * 144, macs(g));
  }

  @Test
  void recomputeKeepsTheCachedReadsBetweenLayersWithDifferentBandCounts() {
    Workload w = new Workload("chain", CHAIN);
    Map<Integer, LayerTiling> split = Map.of(0, LayerTiling.parse("oy=2"), 1, LayerTiling.parse("oy=4"));
    Tiling cached = Tiling.of(w, l -> split.get(l.id()), new FusionPolicy.All());
    TileGraph plain = TileGraphBuilder.build(cached);
    TileGraph recomputed = TileGraphBuilder.build(cached.withOverlap(Overlap.RECOMPUTE));
    assertEquals(plain, recomputed);
  }

  @Test
  void layersInDifferentStacksReadAsCachedInEitherMode() {
    Workload w = new Workload("chain", CHAIN);
    Tiling cached = Tiling.uniform(w, LayerTiling.parse("oy=4"), new FusionPolicy.None());
    assertEquals(TileGraphBuilder.build(cached), TileGraphBuilder.build(cached.withOverlap(Overlap.RECOMPUTE)));
  }

  @Test
  void hCacheIsRefusedWithTheReasonAndTheModeItEqualsHere() {
    assertEquals(Overlap.RECOMPUTE, Overlap.parse("Recompute"));
    assertEquals(Overlap.CACHE, Overlap.parse("cache"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Overlap.parse("h-cache"));
    assertTrue(e.getMessage().contains("use recompute"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Overlap.parse("partial"));
  }
}
