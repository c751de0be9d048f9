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
import org.laminar.workload.Padding;
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
  void modesParseByTheirCommandLineNames() {
    assertEquals(Overlap.RECOMPUTE, Overlap.parse("Recompute"));
    assertEquals(Overlap.CACHE, Overlap.parse("cache"));
    assertEquals(Overlap.H_CACHE, Overlap.parse(" H-Cache"));
    assertEquals("h-cache", Overlap.H_CACHE.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Overlap.parse("partial"));
    assertTrue(e.getMessage().contains("cache, recompute or h-cache"), e.getMessage());
  }

  @Test
  void hCacheOverFullWidthBandsIsRecompute() {
    assertEquals(build(CHAIN, "oy=4", Overlap.RECOMPUTE), build(CHAIN, "oy=4", Overlap.H_CACHE));
  }

  // The chain in 2 row bands × 2 column tiles (oy=2, ox=2): layer 1's tiles are rows [0,4) [4,8) ×
  // columns [0,3) [3,6); the window of a 3×3 'same' convolution reaches one row and column beyond.
  // Layer 0's outputs are 4 channels × 8 bits = 32 bits per pixel; its MACs 4·2·9 = 72 per pixel,
  // layer 1's 3·4·9 = 108.

  /** Tile (band, column) of {@code layer}: the tiles sorted top to bottom, then left to right. */
  private static Tile tile(TileGraph g, int layer, int band, int column) {
    List<Tile> sorted = g.tilesOf(layer).stream().sorted(Comparator.comparingInt((Tile t) -> t.output().rowStart())
        .thenComparingInt(t -> t.output().columnStart())).toList();
    assertEquals(4, sorted.size());
    return sorted.get(band * 2 + column);
  }

  /** Bits on the edge from tile {@code from} = {band, column} of layer 0 to tile {@code to} of layer 1. */
  private static long bits2d(TileGraph g, int[] from, int[] to) {
    int producer = tile(g, 0, from[0], from[1]).id();
    int consumer = tile(g, 1, to[0], to[1]).id();
    return g.edges().stream().filter(e -> e.producer() == producer && e.consumer() == consumer)
        .mapToLong(TileEdge::bits).sum();
  }

  /** Rows and columns ({start, end, start, end}) of layer 0's top-left and bottom-right tiles. */
  private static List<List<Integer>> corners(TileGraph g) {
    return List.of(tile(g, 0, 0, 0), tile(g, 0, 1, 1)).stream().map(Tile::output)
        .map(o -> List.of(o.rowStart(), o.rowEnd(), o.columnStart(), o.columnEnd())).toList();
  }

  private static long edgesBetweenLayers(TileGraph g) {
    return g.edges().stream().filter(e -> g.tiles().get(e.producer()).layer() == 0).count();
  }

  @Test
  void cacheInTwoDimensionsReadsTheHaloFromEveryNeighbourIncludingTheDiagonal() {
    TileGraph g = build(CHAIN, "oy=2,ox=2", Overlap.CACHE);
    assertEquals(8640, macs(g));
    // Tile (0, 0) of layer 1 reads rows 0-4 × columns 0-3 of layer 0: 4×3 pixels of tile (0, 0),
    // 4×1 of (0, 1), 1×3 of (1, 0) and 1×1 of (1, 1).
    int[] topLeft = {0, 0};
    assertEquals(12 * 32, bits2d(g, topLeft, topLeft));
    assertEquals(4 * 32, bits2d(g, new int[] {0, 1}, topLeft));
    assertEquals(3 * 32, bits2d(g, new int[] {1, 0}, topLeft));
    assertEquals(32, bits2d(g, new int[] {1, 1}, topLeft));
    // The bottom-right tile reads rows 3-7 × columns 2-5 alike; four edges into each of 4 tiles.
    int[] bottomRight = {1, 1};
    assertEquals(32, bits2d(g, topLeft, bottomRight));
    assertEquals(12 * 32, bits2d(g, bottomRight, bottomRight));
    assertEquals(16, edgesBetweenLayers(g));
    // A tile's shape: 4 rows × 3 columns, padding only on the image's edges.
    Tile t = tile(g, 1, 0, 1);
    assertEquals(List.of(4, 3), List.of(t.shape().size(LoopDim.OY), t.shape().size(LoopDim.OX)));
    assertEquals(new Padding(1, 0, 0, 1), t.shape().padding());
    assertEquals(List.of(5, 4), List.of(t.shape().inputHeight(), t.shape().inputWidth()));
  }

  @Test
  void recomputeInTwoDimensionsGrowsRowsAndColumnsAndDropsEveryEdgeBetweenTiles() {
    TileGraph g = build(CHAIN, "oy=2,ox=2", Overlap.RECOMPUTE);
    // Layer 0's tile (b, j) computes what layer 1's reads: rows [0,5) or [3,8) × columns [0,4) or [2,6).
    assertEquals(List.of(List.of(0, 5, 0, 4), List.of(3, 8, 2, 6)), corners(g));
    // 4 tiles × 5 × 4 pixels × 72 on layer 0, 48 × 108 on layer 1.
    assertEquals(4 * 20 * 72 + 48 * 108, macs(g));
    assertEquals(4, edgesBetweenLayers(g));
    for (int b = 0; b < 2; b++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(20 * 32, bits2d(g, new int[] {b, j}, new int[] {b, j}));
        // Layer 0 reads rows [−1,5] and columns [−1,4] of the 2-channel 8-bit input, clipped: 6 × 5.
        assertEquals(6 * 5 * 2 * 8, tile(g, 0, b, j).dramInputBits());
      }
    }
  }

  @Test
  void hCacheRecomputesTheRowHaloAndCachesTheColumnHaloBetweenNeighboursInABand() {
    TileGraph g = build(CHAIN, "oy=2,ox=2", Overlap.H_CACHE);
    // Layer 0's tiles: the grown rows [0,5) and [3,8), the columns they own, [0,3) and [3,6).
    assertEquals(List.of(List.of(0, 5, 0, 3), List.of(3, 8, 3, 6)), corners(g));
    // Only the vertical halo is recomputed: 4 tiles × 5 × 3 pixels × 72, as recompute's full-width bands.
    assertEquals(4 * 15 * 72 + 48 * 108, macs(g));
    assertEquals(macs(build(CHAIN, "oy=2", Overlap.RECOMPUTE)), macs(g));
    // In a band, each tile reads its own producer tile (5 rows × 3 columns) and the neighbour's
    // column next to the boundary (5 × 1): the cached horizontal halo, 2 columns × 5 rows per
    // boundary. Nothing crosses between bands.
    for (int b = 0; b < 2; b++) {
      assertEquals(15 * 32, bits2d(g, new int[] {b, 0}, new int[] {b, 0}));
      assertEquals(5 * 32, bits2d(g, new int[] {b, 1}, new int[] {b, 0}));
      assertEquals(5 * 32, bits2d(g, new int[] {b, 0}, new int[] {b, 1}));
      assertEquals(15 * 32, bits2d(g, new int[] {b, 1}, new int[] {b, 1}));
      assertEquals(0, bits2d(g, new int[] {1 - b, 0}, new int[] {b, 0}) + bits2d(g, new int[] {1 - b, 1},
          new int[] {b, 1}));
    }
    assertEquals(8, edgesBetweenLayers(g));
    // Layer 0 reads input rows [−1,5] × columns [−1,3] (left tile) or [2,6] (right), clipped: 6 × 4.
    Tile t = tile(g, 0, 0, 0);
    assertEquals(6 * 4 * 2 * 8, t.dramInputBits());
    assertEquals(new Padding(1, 0, 1, 0), t.shape().padding());
    assertEquals(List.of(6, 4), List.of(t.shape().inputHeight(), t.shape().inputWidth()));
  }
}
