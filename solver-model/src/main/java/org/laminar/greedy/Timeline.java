package org.laminar.greedy;

import java.util.Map;
import java.util.TreeMap;

/**
 * The busy intervals of one exclusive resource (a core, a link, a DRAM port). New work goes into
 * the earliest gap that is long enough (insertion-based, as in HEFT).
 */
final class Timeline {
  /** start → end (cycles, end exclusive); intervals never overlap. */
  private final TreeMap<Long, Long> busy = new TreeMap<>();

  /** The earliest start ≥ {@code from} of a free interval of {@code duration} cycles. */
  long earliest(long from, long duration) {
    long t = from;
    Map.Entry<Long, Long> before = busy.floorEntry(t);
    if (before != null && before.getValue() > t) {
      t = before.getValue();
    }
    for (Map.Entry<Long, Long> next : busy.tailMap(t, true).entrySet()) {
      if (next.getKey() >= t + duration) {
        break;
      }
      t = Math.max(t, next.getValue());
    }
    return t;
  }

  void reserve(long start, long end) {
    busy.put(start, end);
  }

  void cancel(long start) {
    busy.remove(start);
  }

  /** End of the last busy interval (0 when idle). */
  long frontier() {
    return busy.isEmpty() ? 0 : busy.lastEntry().getValue();
  }
}
