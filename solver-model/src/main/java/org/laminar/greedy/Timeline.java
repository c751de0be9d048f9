package org.laminar.greedy;

import java.util.Arrays;

/**
 * The busy intervals of one exclusive resource (a core, a link, a DRAM port). New work goes into
 * the earliest gap that is long enough (insertion-based, as in HEFT).
 *
 * <p>The intervals are two primitive arrays sorted by start rather than a sorted map: work is
 * mostly added near the end, so an insertion shifts a short tail, and the gap search reads
 * contiguous longs instead of boxed map entries.
 */
final class Timeline {
  /** {@code [starts[i], ends[i])} (cycles, end exclusive), by start; intervals never overlap. */
  private long[] starts = new long[16];
  private long[] ends = new long[16];
  private int size;
  /** Where the last {@link #gap} search stopped: the first interval starting at or after its answer plus the duration. */
  private int gapIndex;

  /** Index of the interval starting at {@code cycle}, or {@code -(insertion point) - 1}. */
  private int find(long cycle) {
    return SortedLongs.find(starts, size, cycle);
  }

  /** The earliest start ≥ {@code from} of a free interval of {@code duration} cycles. */
  long earliest(long from, long duration) {
    return gap(from, duration);
  }

  /**
   * Reserves the interval {@link #earliest} finds and returns its start: as {@code earliest} then
   * {@link #reserve}, but the gap search leaves {@link #gapIndex} where the interval goes, so no
   * second search is needed (a plan reserves thousands of intervals per decode).
   */
  long reserveEarliest(long from, long duration) {
    long t = gap(from, duration);
    int at = gapIndex;
    // The gap search stops at the first interval starting at or after t + duration; every one
    // before it starts at or before t. Only an interval starting exactly at t (one of no length)
    // makes the insertion point differ from reserve's, which then replaces it: leave that to reserve.
    if ((at < size && starts[at] == t) || (at > 0 && starts[at - 1] == t)) {
      reserve(t, t + duration);
    } else {
      insert(at, t, t + duration);
    }
    return t;
  }

  /** {@link #earliest}, leaving {@link #gapIndex} set. */
  private long gap(long from, long duration) {
    long t = from;
    int i = find(t);
    int before = i >= 0 ? i : -i - 2;
    int next = i >= 0 ? i : -i - 1;
    if (before >= 0 && ends[before] > t) {
      t = ends[before];
      // Intervals do not overlap, so the next one starts at or after t: the one after `before`
      // (searched again only if that were not so).
      next = before + 1;
      if (next < size && starts[next] < t) {
        i = find(t);
        next = i >= 0 ? i : -i - 1;
      }
    }
    for (; next < size; next++) {
      if (starts[next] >= t + duration) {
        break;
      }
      t = Math.max(t, ends[next]);
    }
    gapIndex = next;
    return t;
  }

  /** Marks {@code [start, end)} busy; an interval already starting at {@code start} is replaced. */
  void reserve(long start, long end) {
    int i = find(start);
    if (i >= 0) {
      ends[i] = end;
      return;
    }
    insert(-i - 1, start, end);
  }

  /** Inserts {@code [start, end)} at index {@code at} (where it keeps the starts sorted). */
  private void insert(int at, long start, long end) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, 2 * size);
      ends = Arrays.copyOf(ends, 2 * size);
    }
    System.arraycopy(starts, at, starts, at + 1, size - at);
    System.arraycopy(ends, at, ends, at + 1, size - at);
    starts[at] = start;
    ends[at] = end;
    size++;
  }

  /** Frees the interval starting at {@code start}, if any. */
  void cancel(long start) {
    int i = find(start);
    if (i >= 0) {
      System.arraycopy(starts, i + 1, starts, i, size - i - 1);
      System.arraycopy(ends, i + 1, ends, i, size - i - 1);
      size--;
    }
  }

  /** End of the last busy interval (0 when idle). */
  long frontier() {
    return size == 0 ? 0 : ends[size - 1];
  }
}
