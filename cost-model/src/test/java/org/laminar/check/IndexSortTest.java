package org.laminar.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IndexSort} stands in for a stable {@code List.sort} of the checker's events by two keys:
 * on seeded random keys with many ties (and lengths around its run and merge boundaries) it must
 * give the order that sort gives.
 */
class IndexSortTest {

  @Test
  void ordersAsAStableSortByBothKeys() {
    for (long seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      int n = random.nextInt(seed < 100 ? 60 : 2_000);
      int range = 1 + random.nextInt(10);
      long[] first = new long[n];
      long[] second = new long[n];
      for (int i = 0; i < n; i++) {
        first[i] = random.nextInt(range) - range / 2;
        second[i] = random.nextInt(3) - 1;
      }
      List<Integer> reference = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        reference.add(i);
      }
      reference.sort(Comparator.<Integer>comparingLong(i -> first[i]).thenComparingLong(i -> second[i]));
      assertArrayEquals(reference.stream().mapToInt(Integer::intValue).toArray(), IndexSort.sort(first, second, n),
          "seed " + seed);
    }
  }
}
