package org.laminar.greedy;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * The decisions a greedy list scheduler otherwise takes by its rules, given instead: a core and a
 * priority key per tile, and whether the tiling's fused stacks run as stages or every layer as its
 * own. {@link GuidedDecoder} turns a guide into a schedule. Immutable: the {@code with} methods
 * return changed copies.
 */
public final class Guide {
  private final int[] cores;
  private final long[] keys;
  private final boolean fused;

  /**
   * @param cores by tile id: the id of the core the tile should run on (kept only where the tile
   *     may run there and its stage's memories fit it, else the scheduler's own allocation is)
   * @param keys by tile id: its priority among ready tiles, the least first, ties to the lower id
   * @param fused whether the tiling's fused stacks are the stages (else layer by layer)
   */
  public Guide(int[] cores, long[] keys, boolean fused) {
    checkNotNull(cores, "cores are missing");
    checkNotNull(keys, "priority keys are missing");
    checkArgument(cores.length == keys.length, "%s cores but %s priority keys", cores.length, keys.length);
    this.cores = cores.clone();
    this.keys = keys.clone();
    this.fused = fused;
  }

  /** Tiles guided. */
  public int tiles() {
    return cores.length;
  }

  /** The core id asked for {@code tile}. */
  public int core(int tile) {
    return cores[tile];
  }

  /** The priority key of {@code tile} (least first). */
  public long key(int tile) {
    return keys[tile];
  }

  /** Whether the fused stacks are the stages. */
  public boolean fused() {
    return fused;
  }

  /** A copy with the tiles {@code tiles} asked onto core {@code core} each ({@code cores[i]}). */
  public Guide withCores(int[] tiles, int[] core) {
    checkArgument(tiles.length == core.length, "%s tiles but %s cores", tiles.length, core.length);
    int[] c = cores.clone();
    for (int i = 0; i < tiles.length; i++) {
      c[tiles[i]] = core[i];
    }
    return new Guide(c, keys, fused);
  }

  /** A copy with {@code delta} added to the keys of {@code tiles}. */
  public Guide withKeysShifted(int[] tiles, long delta) {
    long[] k = keys.clone();
    for (int t : tiles) {
      k[t] += delta;
    }
    return new Guide(cores, k, fused);
  }

  /** Whether {@code other} asks the same core for every tile, at the same stage granularity ({@link #fused}). */
  boolean sameCores(Guide other) {
    return fused == other.fused && Arrays.equals(cores, other.cores);
  }

  /** A hash of what {@link #sameCores} compares. */
  int coresHash() {
    return 31 * Arrays.hashCode(cores) + Boolean.hashCode(fused);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Guide g && fused == g.fused && Arrays.equals(cores, g.cores) && Arrays.equals(keys, g.keys);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(cores) + Arrays.hashCode(keys)) + Boolean.hashCode(fused);
  }
}
