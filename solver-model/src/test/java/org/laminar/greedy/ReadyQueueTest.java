package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadyQueue} replaced a {@code PriorityQueue} ordered by key, then tile id. Seeded random
 * interleavings of additions and removals, with keys from a small range (so that most keys tie) and
 * negative ones, must come out in the order such a queue gives.
 */
class ReadyQueueTest {

  private record Entry(long key, int tile) {}

  @Test
  void pollsInTheOrderOfAPriorityQueueByKeyThenTile() {
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      ReadyQueue queue = new ReadyQueue();
      PriorityQueue<Entry> reference = new PriorityQueue<>(
          Comparator.comparingLong(Entry::key).thenComparingInt(Entry::tile));
      int nextTile = 0;
      int range = 1 + random.nextInt(20);
      for (int step = 0; step < 500; step++) {
        if (reference.isEmpty() || random.nextInt(3) > 0) {
          // Tiles arrive in no particular order of id.
          int tile = random.nextBoolean() ? nextTile : 100_000 - nextTile;
          nextTile++;
          long key = random.nextInt(range) - range / 2;
          queue.add(tile, key);
          reference.add(new Entry(key, tile));
        } else {
          assertEquals(reference.poll().tile(), queue.poll(), "seed " + seed + ", step " + step);
        }
        assertEquals(reference.isEmpty(), queue.isEmpty());
      }
      while (!reference.isEmpty()) {
        assertEquals(reference.poll().tile(), queue.poll(), "seed " + seed + ", draining");
      }
      assertTrue(queue.isEmpty());
    }
  }
}
