package org.laminar.greedy;

import java.util.function.Supplier;

/**
 * The tile-to-core allocations a {@link GuidedDecoder} made for its last few distinct core
 * guides, most recently used first. The allocation depends on a guide's cores and stage
 * granularity alone ({@link Guide#sameCores}), and half the search's moves shift priorities only,
 * so many candidates share the current guide's cores: those take its allocation instead of
 * budgeting every tile of every stage again.
 */
final class RecentAllocations {
  /** Allocations kept: the current guide's and those of the rejected neighbours tried since. */
  static final int SIZE = 8;

  private final Guide[] guides = new Guide[SIZE];
  private final int[] hashes = new int[SIZE];
  private final int[][] allocations = new int[SIZE][];
  private int size;

  /**
   * The allocation of {@code guide} (core of every tile, by tile id): a copy of the one kept for a
   * guide with the same cores, else {@code allocate}'s, then kept.
   */
  int[] of(Guide guide, Supplier<int[]> allocate) {
    int hash = guide.coresHash();
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && guides[i].sameCores(guide)) {
        moveToFront(i, guides[i], hash, allocations[i]);
        return allocations[0].clone();
      }
    }
    int[] allocation = allocate.get();
    if (size < SIZE) {
      size++;
    }
    moveToFront(size - 1, guide, hash, allocation.clone());
    return allocation;
  }

  /** Shifts entries {@code [0, i)} down by one (dropping entry {@code i}) and puts the given one first. */
  private void moveToFront(int i, Guide guide, int hash, int[] allocation) {
    System.arraycopy(guides, 0, guides, 1, i);
    System.arraycopy(hashes, 0, hashes, 1, i);
    System.arraycopy(allocations, 0, allocations, 1, i);
    guides[0] = guide;
    hashes[0] = hash;
    allocations[0] = allocation;
  }
}
