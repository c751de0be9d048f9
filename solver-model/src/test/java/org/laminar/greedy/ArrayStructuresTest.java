package org.laminar.greedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Occupancy} and {@link Timeline} keep their steps and intervals in sorted primitive arrays
 * for speed. Here they are replayed, operation for operation, against the sorted-map
 * implementations they replaced (kept below as the reference) on seeded random sequences, with
 * colliding cycles, zero-length intervals, frees and cancellations; every answer must be equal,
 * and a reservation made in one search ({@link Timeline#reserveEarliest}) must leave the timeline
 * as the search and the reservation made apart do.
 */
class ArrayStructuresTest {

  /** The former {@code Occupancy}: a step function in a TreeMap. */
  private static final class ReferenceOccupancy {
    private final TreeMap<Long, Long> steps = new TreeMap<>();

    private long at(long cycle) {
      Map.Entry<Long, Long> e = steps.floorEntry(cycle);
      return e == null ? 0 : e.getValue();
    }

    void addFrom(long from, long bits) {
      steps.putIfAbsent(from, at(from));
      steps.tailMap(from, true).replaceAll((k, v) -> v + bits);
    }

    void add(long from, long to, long bits) {
      if (to > from) {
        steps.putIfAbsent(to, at(to));
        steps.putIfAbsent(from, at(from));
        steps.subMap(from, true, to, false).replaceAll((k, v) -> v + bits);
      }
    }

    long maxFrom(long from) {
      long max = at(from);
      for (long v : steps.tailMap(from, false).values()) {
        max = Math.max(max, v);
      }
      return max;
    }

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

  /** The former {@code Timeline}: start → end in a TreeMap. */
  private static final class ReferenceTimeline {
    private final TreeMap<Long, Long> busy = new TreeMap<>();

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

    long frontier() {
      return busy.isEmpty() ? 0 : busy.lastEntry().getValue();
    }
  }

  @Test
  void occupancyAnswersAsTheSortedMapDid() {
    int compared = 0;
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      Occupancy fast = new Occupancy();
      ReferenceOccupancy reference = new ReferenceOccupancy();
      int horizon = 1 + random.nextInt(seed % 2 == 0 ? 20 : 400);
      for (int op = 0; op < 300; op++) {
        long from = random.nextInt(horizon);
        long bits = random.nextInt(100) - (random.nextInt(3) == 0 ? 60 : 0);
        if (random.nextBoolean()) {
          fast.addFrom(from, bits);
          reference.addFrom(from, bits);
        } else {
          long to = from + random.nextInt(horizon) - horizon / 4;
          fast.add(from, to, bits);
          reference.add(from, to, bits);
        }
        long at = random.nextInt(horizon + 5) - 2;
        assertEquals(reference.maxFrom(at), fast.maxFrom(at), "seed " + seed + " op " + op + " maxFrom " + at);
        long room = random.nextInt(400) - 50;
        assertEquals(reference.earliestWithin(room), fast.earliestWithin(room),
            "seed " + seed + " op " + op + " earliestWithin " + room);
        compared++;
      }
    }
    assertEquals(200 * 300, compared);
  }

  @Test
  void timelineAnswersAsTheSortedMapDid() {
    int cancelled = 0;
    int reservedInOne = 0;
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      Timeline fast = new Timeline();
      ReferenceTimeline reference = new ReferenceTimeline();
      List<Long> starts = new ArrayList<>();
      int horizon = 1 + random.nextInt(seed % 2 == 0 ? 30 : 1000);
      for (int op = 0; op < 300; op++) {
        long from = random.nextInt(horizon);
        long duration = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(20);
        long s = reference.earliest(from, duration);
        assertEquals(s, fast.earliest(from, duration), "seed " + seed + " op " + op);
        if (random.nextInt(4) == 0 && !starts.isEmpty()) {
          // As a rejected plan does: undo a reservation (or one already undone).
          long start = starts.get(random.nextInt(starts.size()));
          fast.cancel(start);
          reference.cancel(start);
          cancelled++;
        } else {
          // Half the reservations as the builder makes them: found and reserved in one search.
          if (random.nextBoolean()) {
            assertEquals(s, fast.reserveEarliest(from, duration), "seed " + seed + " op " + op + " reserveEarliest");
            reservedInOne++;
          } else {
            fast.reserve(s, s + duration);
          }
          reference.reserve(s, s + duration);
          starts.add(s);
        }
        assertEquals(reference.frontier(), fast.frontier(), "seed " + seed + " op " + op + " frontier");
      }
    }
    assertTrue(cancelled > 1000, "the sequences cancel reservations: " + cancelled);
    assertTrue(reservedInOne > 10000, "the sequences reserve in one search: " + reservedInOne);
  }
}
