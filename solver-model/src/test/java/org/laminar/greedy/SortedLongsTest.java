package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link SortedLongs#find} must answer as a binary search of the whole range does, for keys anywhere. */
class SortedLongsTest {

  @Test
  void answersAsABinarySearch() {
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      TreeSet<Long> values = new TreeSet<>();
      int n = random.nextInt(seed < 20 ? 3 : 300);
      while (values.size() < n) {
        values.add((long) random.nextInt(4 * n + 1) - n);
      }
      long[] sorted = new long[n + 5];
      int i = 0;
      for (long v : values) {
        sorted[i++] = v;
      }
      // Slack after size, as in the growing arrays: never read.
      Arrays.fill(sorted, n, sorted.length, Long.MIN_VALUE);
      for (long key = -n - 2; key <= 3L * n + 2; key++) {
        assertEquals(Arrays.binarySearch(sorted, 0, n, key), SortedLongs.find(sorted, n, key),
            "seed " + seed + ", key " + key);
      }
    }
  }
}
