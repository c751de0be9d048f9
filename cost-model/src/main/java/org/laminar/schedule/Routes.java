package org.laminar.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Link;

/**
 * Shortest routes (fewest hops) between cores over an accelerator's links and buses. Ties are
 * broken by the order of the links in the accelerator, so routes are deterministic.
 */
public final class Routes {

  /** One hop of a route: {@code link} carries the data from core {@code from} to core {@code to}. */
  public record Hop(Link link, int from, int to) {}

  private final Accelerator accelerator;
  private final Map<Long, Optional<List<Hop>>> memo = new HashMap<>();

  public Routes(Accelerator accelerator) {
    this.accelerator = accelerator;
  }

  /**
   * The hops from core {@code from} to core {@code to}; empty list when they are the same core,
   * empty optional when no chain of links connects them.
   */
  public Optional<List<Hop>> route(int from, int to) {
    return memo.computeIfAbsent(((long) from << 32) | (to & 0xffffffffL), k -> search(from, to));
  }

  private Optional<List<Hop>> search(int from, int to) {
    Map<Integer, Hop> reachedBy = new HashMap<>();
    Deque<Integer> queue = new ArrayDeque<>(List.of(from));
    reachedBy.put(from, null);
    while (!queue.isEmpty() && !reachedBy.containsKey(to)) {
      int core = queue.poll();
      for (Link link : accelerator.links()) {
        if (!link.cores().contains(core)) {
          continue;
        }
        for (int next : link.cores()) {
          if (!reachedBy.containsKey(next)) {
            reachedBy.put(next, new Hop(link, core, next));
            queue.add(next);
          }
        }
      }
    }
    if (!reachedBy.containsKey(to)) {
      return Optional.empty();
    }
    List<Hop> hops = new ArrayList<>();
    for (Hop h = reachedBy.get(to); h != null; h = reachedBy.get(h.from())) {
      hops.add(h);
    }
    Collections.reverse(hops);
    return Optional.of(List.copyOf(hops));
  }
}
