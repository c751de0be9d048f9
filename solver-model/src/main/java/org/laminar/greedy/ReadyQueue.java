package org.laminar.greedy;

import java.util.Arrays;

/**
 * The tiles ready to be placed, by priority key (lower first), ties to the lower tile id: a binary
 * heap of primitive pairs. The order is total, so the tiles come out in the same order whatever
 * the heap's shape; it replaces a {@code PriorityQueue} of records ordered by a comparator chain,
 * which allocated a record per ready tile and called two comparators per comparison.
 */
final class ReadyQueue {
  private long[] keys = new long[64];
  private int[] tiles = new int[64];
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  void add(int tile, long key) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, 2 * size);
      tiles = Arrays.copyOf(tiles, 2 * size);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(key, tile, keys[parent], tiles[parent])) {
        break;
      }
      keys[i] = keys[parent];
      tiles[i] = tiles[parent];
      i = parent;
    }
    keys[i] = key;
    tiles[i] = tile;
  }

  /** Removes and returns the first tile. */
  int poll() {
    int first = tiles[0];
    size--;
    long key = keys[size];
    int tile = tiles[size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(keys[child + 1], tiles[child + 1], keys[child], tiles[child])) {
        child++;
      }
      if (!before(keys[child], tiles[child], key, tile)) {
        break;
      }
      keys[i] = keys[child];
      tiles[i] = tiles[child];
      i = child;
    }
    keys[i] = key;
    tiles[i] = tile;
    return first;
  }

  private static boolean before(long key, int tile, long otherKey, int otherTile) {
    return key != otherKey ? key < otherKey : tile < otherTile;
  }
}
