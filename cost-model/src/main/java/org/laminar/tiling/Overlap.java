package org.laminar.tiling;

import java.util.Locale;

/**
 * How the overlap between neighbouring row bands of a fused stack is handled: the rows of a
 * producer that two consecutive bands of its consumer both read (for a {@code k×k} stride-1
 * window, {@code k − 1} rows per band boundary). DeFiNES (Mei et al., HPCA 2023, arXiv:2212.05344)
 * calls these the overlap storing modes: fully-recompute, H-cached V-recompute and fully-cached.
 *
 * <p>{@link #CACHE} (DeFiNES' fully-cached; Laminar's behaviour before the option existed, the
 * default): every output row of every layer is computed once, by the band that owns it. A band of
 * the consumer reads the overlap rows of its neighbouring producer bands through tile edges, so
 * the producer band's output stays in memory until its neighbour's consumer has run: those edges
 * are the cached overlap ({@code (k − 1) · OX · channels · precision} bits per boundary). The
 * layers' MACs are the workload's exactly.
 *
 * <p>{@link #RECOMPUTE} (DeFiNES' fully-recompute): inside a fused stack, band {@code b} of a
 * producer computes every row that band {@code b} of its consumers reads, so the bands of a stack
 * are independent chains. A producer band's rows grow by the consumer's window (halo) and, through
 * the stack, by every later layer's: more MACs and larger tiles, no edges between bands, so
 * nothing is kept between bands. This applies between two layers of one stack with the same number
 * of row bands whose rows map one to one ({@link TileGraphBuilder}); other reads stay as in {@link
 * #CACHE}.
 *
 * <p>DeFiNES' third mode, H-cached V-recompute, caches the overlap between tiles side by side along
 * {@code OX} and recomputes it between rows of tiles. Laminar's tiles are row bands over the whole
 * width ({@code OX} is never split), so no two tiles lie side by side: the mode is {@link
 * #RECOMPUTE} here, and is not offered under its own name.
 */
public enum Overlap {
  CACHE,
  RECOMPUTE;

  /**
   * The mode named {@code name} ({@code cache} or {@code recompute}, any case).
   *
   * @throws IllegalArgumentException for any other name, saying why {@code h-cache} is not one
   */
  public static Overlap parse(String name) {
    for (Overlap o : values()) {
      if (o.name().equalsIgnoreCase(name.trim())) {
        return o;
      }
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith("h-cache") || n.startsWith("hcache") || n.startsWith("h-cached")) {
      throw new IllegalArgumentException("'" + name + "' (DeFiNES' H-cached V-recompute) caches the overlap "
          + "between tiles side by side along OX; Laminar's row bands span the whole width, so it is recompute "
          + "here: use recompute");
    }
    throw new IllegalArgumentException("must be cache or recompute, got '" + name + "'");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
