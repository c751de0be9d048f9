package org.laminar.greedy;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * Decodes {@link Guide}s of one problem into schedules with the greedy list scheduler: the stages
 * are planned as for every greedy scheduler, each tile goes to its guide's core where the problem
 * allows it there ({@link SchedulingProblem#allowedCores}: a Stream mapping's core allocation) and
 * the stage's memories still fit it ({@link Budget}), else to the planner's core, and ready tiles
 * are placed by their keys with every movement they need. What no guide changes is computed once
 * for all decodes: the costs of the tiles on the cores, and the stages with the planner's
 * allocation (for fused stacks and for single layers), which depend on the problem alone.
 */
public final class GuidedDecoder {
  private final Context cx;
  /** By {@link Guide#fused} (index 1: fused): the planned stages, null until first planned. */
  private final Plan[] plans = new Plan[2];
  private final RecentAllocations allocations = new RecentAllocations();

  /** Stages and the planner's core of every tile (by tile id), shared by the decodes: never changed. */
  private record Plan(List<Stage> stages, int[] planned) {}

  public GuidedDecoder(SchedulingProblem problem) {
    this.cx = new Context(problem);
  }

  /** The problem decoded. */
  public SchedulingProblem problem() {
    return cx.problem;
  }

  /**
   * The schedule {@code guide} leads to, or empty when the list scheduler gets stuck with its
   * allocation (a tile whose memory no spill can free).
   */
  public Optional<Schedule> decode(Guide guide) {
    checkArgument(guide.tiles() == cx.tiles.size(), "the guide has %s tiles, the problem %s", guide.tiles(),
        cx.tiles.size());
    try {
      return Optional.of(new Guided(guide, plans, allocations).build(cx, true).schedule());
    } catch (ProblemException stuck) {
      return Optional.empty();
    }
  }

  /**
   * The guide of {@code schedule}: every tile on its core, keyed by its start (cycles), so that
   * decoding it places the tiles in about the order they start there.
   */
  public Guide guideOf(Schedule schedule, boolean fused) {
    int[] cores = new int[cx.tiles.size()];
    long[] keys = new long[cores.length];
    for (ScheduledTile t : schedule.tiles()) {
      cores[t.tile()] = t.core();
      keys[t.tile()] = t.start();
    }
    return new Guide(cores, keys, fused);
  }

  /** The list scheduler with a guide's decisions in place of its rules. */
  private static final class Guided extends GreedyScheduler {
    private final Guide guide;
    private final Plan[] plans;
    private final RecentAllocations allocations;

    Guided(Guide guide, Plan[] plans, RecentAllocations allocations) {
      this.guide = guide;
      this.plans = plans;
      this.allocations = allocations;
    }

    @Override
    public String name() {
      return "guided";
    }

    @Override
    ReadyKey priority(Context cx) {
      return ReadyKey.ofTile(guide::key);
    }

    @Override
    List<List<Integer>> stacks(Context cx) {
      return guide.fused() ? super.stacks(cx) : layerStacks(cx);
    }

    /** The stages planned once per stage granularity; a plan that fails is asked again (and fails again). */
    @Override
    List<Stage> stages(Context cx, int[] planned) {
      int i = guide.fused() ? 1 : 0;
      if (plans[i] == null) {
        int[] cores = new int[planned.length];
        plans[i] = new Plan(List.copyOf(super.stages(cx, cores)), cores);
      }
      System.arraycopy(plans[i].planned(), 0, planned, 0, planned.length);
      return plans[i].stages();
    }

    /** The allocation depends on the guide's cores, given the stages planned once: kept for recent guides. */
    @Override
    int[] allocate(Context cx, List<Stage> stages, int[] planned) {
      return allocations.of(guide, () -> budgeted(cx, stages, planned));
    }

    private int[] budgeted(Context cx, List<Stage> stages, int[] planned) {
      Map<Integer, List<Tile>> tilesByLayer = cx.tilesByLayer();
      int[] coreOf = planned.clone();
      for (Stage stage : stages) {
        Budget budget = new Budget(cx);
        for (int layer : stage.layers()) {
          for (Tile t : tilesByLayer.get(layer)) {
            int asked = guide.core(t.id());
            List<Tile> one = List.of(t);
            if (asked != planned[t.id()] && cx.problem.allowedCores(t).contains(asked)
                && budget.overflow(asked, one).isEmpty()) {
              coreOf[t.id()] = asked;
            }
            budget.add(coreOf[t.id()], one);
          }
        }
      }
      return coreOf;
    }
  }
}
