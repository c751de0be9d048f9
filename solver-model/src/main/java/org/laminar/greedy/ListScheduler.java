package org.laminar.greedy;

import static com.google.common.base.Preconditions.checkNotNull;


/**
 * Stream-style list scheduling of fused stacks with a fixed priority rule: depth-first
 * ({@link Priority#MEMORY}) keeps few intermediate outputs alive; breadth-first
 * ({@link Priority#LATENCY}) keeps cores busy.
 */
public final class ListScheduler extends GreedyScheduler {

  /** Which ready tile goes first. */
  public enum Priority {
    /** Depth-first: the tile of the deepest layer (longest path from the network input). */
    MEMORY,
    /** Breadth-first: the tile whose producers ended first. */
    LATENCY
  }

  private final Priority priority;

  public ListScheduler(Priority priority) {
    this.priority = checkNotNull(priority, "priority is missing");
  }

  @Override
  public String name() {
    return "list";
  }

  /** The priority rule. */
  public Priority priority() {
    return priority;
  }

  @Override
  ReadyKey priority(Context cx) {
    return switch (priority) {
      case MEMORY -> {
        int[] deeperFirst = cx.tiles.stream().mapToInt(t -> -cx.depth.get(t.layer())).toArray();
        yield (tile, readyCycle) -> deeperFirst[tile];
      }
      case LATENCY -> (tile, readyCycle) -> readyCycle;
    };
  }
}
