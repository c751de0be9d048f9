package org.laminar.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Link;

/**
 * Shortest routes (fewest hops) between cores over an accelerator's links and buses, found by a
 * breadth-first search that visits the neighbours of each core in the order of how many places
 * ahead of it their ids are, counting cyclically (then in the order of the links), so routes are
 * deterministic. On a ring numbered in order, every tie then goes the same way round: rotating the
 * core ids maps every route onto a route, and identical cores on a ring stay interchangeable
 * ({@code CoreSymmetry} in solver-model). Breaking ties by link order alone would send 0→2 through
 * 1 but 1→3 through 0, and leave a four-core ring without any symmetry.
 */
public final class Routes {

  /** One hop of a route: {@code link} carries the data from core {@code from} to core {@code to}. */
  public record Hop(Link link, int from, int to) {}

  private final Accelerator accelerator;
  private final Map<Long, Optional<List<Hop>>> memo = new HashMap<>();
  private final int cores;

  public Routes(Accelerator accelerator) {
    this.accelerator = accelerator;
    this.cores = accelerator.cores().size();
  }

  /**
   * The hops from core {@code from} to core {@code to}; empty list when they are the same core,
   * empty optional when no chain of links connects them.
   */
  public Optional<List<Hop>> route(int from, int to) {
    return memo.computeIfAbsent(((long) from << 32) | (to & 0xffffffffL), k -> search(from, to));
  }

  /**
   * The pairs of distinct cores among {@code ids} (ascending, each pair once, lower id first) that no
   * chain of links connects: data between them goes through DRAM.
   */
  public List<List<Integer>> unconnected(Collection<Integer> ids) {
    List<Integer> sorted = ids.stream().sorted().distinct().toList();
    List<List<Integer>> pairs = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        if (route(sorted.get(i), sorted.get(j)).isEmpty()) {
          pairs.add(List.of(sorted.get(i), sorted.get(j)));
        }
      }
    }
    return pairs;
  }

  private Optional<List<Hop>> search(int from, int to) {
    Map<Integer, Hop> reachedBy = new HashMap<>();
    Deque<Integer> queue = new ArrayDeque<>(List.of(from));
    reachedBy.put(from, null);
    while (!queue.isEmpty() && !reachedBy.containsKey(to)) {
      int core = queue.poll();
      List<Hop> steps = new ArrayList<>();
      for (Link link : accelerator.links()) {
        if (link.cores().contains(core)) {
          for (int next : link.cores()) {
            steps.add(new Hop(link, core, next));
          }
        }
      }
      steps.sort(Comparator.comparingInt(h -> Math.floorMod(h.to() - h.from(), cores)));
      for (Hop step : steps) {
        if (!reachedBy.containsKey(step.to())) {
          reachedBy.put(step.to(), step);
          queue.add(step.to());
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
