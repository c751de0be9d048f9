package org.laminar.greedy;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Planned occupancy of one local memory over time (bits), as a step function. A buffer whose end
 * is not yet known is counted up to infinity, so the profile never underestimates the final one.
 *
 * <p>The steps are two sorted primitive arrays rather than a sorted map: new buffers start near
 * the end of the plan, so inserting a step shifts only a short tail, and the tail updates and
 * scans below touch contiguous longs instead of boxed map entries.
 */
final class Occupancy {
  /** From cycle {@code keys[i]} until {@code keys[i + 1]}: {@code values[i]} bits held; 0 before the first. */
  private long[] keys = new long[16];
  private long[] values = new long[16];
  private int size;

  /** Index of the last step at or before {@code cycle}; -1 when there is none. */
  private int floor(long cycle) {
    int i = SortedLongs.find(keys, size, cycle);
    return i >= 0 ? i : -i - 2;
  }

  /** Index of the step starting at {@code cycle}, inserted with the value in force there if absent. */
  private int step(long cycle) {
    int i = SortedLongs.find(keys, size, cycle);
    return i >= 0 ? i : insert(-i - 1, cycle, -i - 1 == 0 ? 0 : values[-i - 2]);
  }

  /** Inserts a step at {@code cycle} holding {@code value} at index {@code at} (where the keys stay sorted). */
  private int insert(int at, long cycle, long value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, 2 * size);
      values = Arrays.copyOf(values, 2 * size);
    }
    System.arraycopy(keys, at, keys, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    keys[at] = cycle;
    values[at] = value;
    size++;
    return at;
  }

  /** Adds {@code bits} (negative to free) from {@code from} on, up to infinity. */
  void addFrom(long from, long bits) {
    for (int i = step(from); i < size; i++) {
      values[i] += bits;
    }
  }

  /** Adds {@code bits} during {@code [from, to)}. */
  void add(long from, long to, long bits) {
    if (to > from) {
      // One search, for from: the steps up to to follow it, and are walked anyway.
      int i = step(from);
      for (; i < size && keys[i] < to; i++) {
        values[i] += bits;
      }
      if (i == size || keys[i] > to) {
        // A step at to holds what was in force there before the addition; i > 0 (keys[i - 1] is from or later).
        insert(i, to, values[i - 1] - bits);
      }
    }
  }

  /** The highest occupancy at or after {@code from} (bits). */
  long maxFrom(long from) {
    int i = floor(from);
    long max = i < 0 ? 0 : values[i];
    for (int j = i + 1; j < size; j++) {
      max = Math.max(max, values[j]);
    }
    return max;
  }

  /**
   * The earliest cycle from which occupancy never exceeds {@code room} again; empty when it does
   * forever (the buffers still open are too many).
   */
  OptionalLong earliestWithin(long room) {
    if (size > 0 && values[size - 1] > room) {
      return OptionalLong.empty();
    }
    for (int i = size - 1; i >= 0; i--) {
      if (values[i] > room) {
        return OptionalLong.of(keys[i + 1]);
      }
    }
    return OptionalLong.of(0);
  }
}
