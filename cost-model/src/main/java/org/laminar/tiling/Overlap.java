package org.laminar.tiling;

import org.laminar.OptionNames;

/**
 * How the overlap between neighbouring tiles of a fused stack is handled: the part of a producer's
 * output that two neighbouring tiles of its consumer both read (for a {@code k×k} stride-1 window,
 * {@code k − 1} rows across a boundary between row bands, {@code k − 1} columns across one between
 * column tiles). DeFiNES (Mei et al., HPCA 2023, arXiv:2212.05344) calls these the overlap storing
 * modes: fully-recompute, H-cached V-recompute and fully-cached.
 *
 * <p>{@link #CACHE} (DeFiNES' fully-cached; Laminar's behaviour before the option existed, the
 * default): every output element of every layer is computed once, by the tile that owns it. A tile
 * of the consumer reads the overlap from its neighbouring producer tiles through tile edges, so the
 * producer tile's output stays in memory until its neighbour's consumer has run: those edges are
 * the cached overlap ({@code (k − 1) · width · channels · precision} bits per boundary between row
 * bands). The layers' MACs are the workload's exactly.
 *
 * <p>{@link #RECOMPUTE} (DeFiNES' fully-recompute): inside a fused stack, tile {@code (b, j)} (row
 * band {@code b}, column tile {@code j}) of a producer computes every element that tile {@code (b,
 * j)} of its consumers reads, so the tiles of a stack are independent chains. A producer tile grows
 * by the consumer's window (halo) in both dimensions and, through the stack, by every later
 * layer's: more MACs and larger tiles, no edges between neighbouring tiles, so nothing is kept
 * between them. This applies along a dimension between two layers of one stack with the same
 * number of parts along it ({@link TileGraphBuilder}); other reads stay as in {@link #CACHE}.
 *
 * <p>{@link #H_CACHE} (DeFiNES' H-cached V-recompute): rows as {@link #RECOMPUTE} (a producer's row
 * band grows by its consumers' vertical halo), columns as {@link #CACHE} (a tile reads the
 * horizontal halo from the column tiles beside it in its row band, whose outputs stay in memory
 * until then). The extra MACs are the vertical recomputation only. With row bands over the whole
 * width (no {@code ox} split) no two tiles lie side by side and the mode computes what {@link
 * #RECOMPUTE} does.
 */
public enum Overlap {
  CACHE,
  RECOMPUTE,
  H_CACHE;

  /**
   * The mode named {@code name} ({@code cache}, {@code recompute} or {@code h-cache}, any case).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Overlap parse(String name) {
    return OptionNames.parse(Overlap.class, name);
  }

  /** Whether a producer's row bands grow by their consumers' vertical halos. */
  public boolean recomputesRows() {
    return this != CACHE;
  }

  /** Whether a producer's column tiles grow by their consumers' horizontal halos. */
  public boolean recomputesColumns() {
    return this == RECOMPUTE;
  }

  @Override
  public String toString() {
    return OptionNames.of(this);
  }
}
