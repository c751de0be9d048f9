package org.laminar.greedy;

import java.util.Arrays;

/** The search that {@link Timeline} and {@link Occupancy} share over their sorted primitive arrays. */
final class SortedLongs {
  private SortedLongs() {}

  /**
   * {@link Arrays#binarySearch(long[], int, int, long)} of {@code key} in {@code sorted[0, size)}
   * (ascending, distinct), with the same answer: the index of {@code key}, or {@code -(insertion
   * point) - 1}. New work lands near the end of a plan, so the key is bracketed first by steps
   * doubling back from the last element: a key after it costs one comparison, one near it a few.
   */
  static int find(long[] sorted, int size, long key) {
    if (size == 0 || key > sorted[size - 1]) {
      return -size - 1;
    }
    int hi = size - 1;
    int step = 1;
    int lo = hi - step;
    while (lo >= 0 && sorted[lo] >= key) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    return Arrays.binarySearch(sorted, Math.max(0, lo), hi + 1, key);
  }
}
