package org.laminar.greedy;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Planned occupancy of one local memory over time (bits), as a step function. A buffer whose end
 * is not yet known is counted up to infinity, so the profile never underestimates the final one.
 */
final class Occupancy {
  /** From each key cycle until the next, the memory holds the value (bits); 0 before the first. */
  private final TreeMap<Long, Long> steps = new TreeMap<>();

  private long at(long cycle) {
    Map.Entry<Long, Long> e = steps.floorEntry(cycle);
    return e == null ? 0 : e.getValue();
  }

  /** Adds {@code bits} (negative to free) from {@code from} on, up to infinity. */
  void addFrom(long from, long bits) {
    steps.putIfAbsent(from, at(from));
    steps.tailMap(from, true).replaceAll((k, v) -> v + bits);
  }

  /** Adds {@code bits} during {@code [from, to)}. */
  void add(long from, long to, long bits) {
    if (to > from) {
      steps.putIfAbsent(to, at(to));
      steps.putIfAbsent(from, at(from));
      steps.subMap(from, true, to, false).replaceAll((k, v) -> v + bits);
    }
  }

  /** The highest occupancy at or after {@code from} (bits). */
  long maxFrom(long from) {
    long max = at(from);
    for (long v : steps.tailMap(from, false).values()) {
      max = Math.max(max, v);
    }
    return max;
  }

  /**
   * The earliest cycle from which occupancy never exceeds {@code room} again; empty when it does
   * forever (the buffers still open are too many).
   */
  OptionalLong earliestWithin(long room) {
    if (!steps.isEmpty() && steps.lastEntry().getValue() > room) {
      return OptionalLong.empty();
    }
    for (Map.Entry<Long, Long> e : steps.descendingMap().entrySet()) {
      if (e.getValue() > room) {
        return OptionalLong.of(steps.higherKey(e.getKey()));
      }
    }
    return OptionalLong.of(0);
  }
}
