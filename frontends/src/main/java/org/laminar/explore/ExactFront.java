package org.laminar.explore;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.laminar.bound.EnergyBound;
import org.laminar.bound.MemoryBound;
import org.laminar.check.Metrics;
import org.laminar.evaluate.Prepared;
import org.laminar.exact.EpsilonFront;
import org.laminar.schedule.SolveStatus;

/**
 * The exact latency–energy front of a sweep's one problem ({@code --pareto latency,energy}) as rows
 * of the sweep: one per front point, scheduler the exact engine, objective {@link #OBJECTIVE},
 * status {@code optimal} only when the point was proven Pareto-optimal. The sweep's front is then
 * marked again over all rows.
 */
public final class ExactFront {
  /** The objective column of an exact front point. */
  public static final String OBJECTIVE = "pareto";

  private ExactFront() {
  }

  /**
   * {@code sweep} with {@code front}'s points of {@code prepared}'s problem appended (ids after the
   * sweep's), the front of all rows marked on the sweep's axes.
   *
   * @param engine the engine's name (the rows' scheduler)
   * @param timeLimitS the front's time limit (s)
   * @param wallTimeS the front's wall time (s), shared by its rows
   */
  public static Exploration add(Exploration sweep, Prepared prepared, EpsilonFront.Front front, String engine,
      double timeLimitS, double wallTimeS) {
    checkArgument(sweep.points().stream().allMatch(p -> p.problem().equals(problem(prepared))),
        "the exact front is of the sweep's one problem");
    List<PointResult> rows = new ArrayList<>(sweep.points());
    long latencyBound = sweep.points().stream().filter(p -> p.latencyBoundCycles() != null)
        .mapToLong(PointResult::latencyBoundCycles).max().orElse(prepared.bounds().bestCycles());
    double energyBound = EnergyBound.leastPj(prepared.problem());
    long memoryBound = MemoryBound.fullestMemoryBits(prepared.problem());
    int id = rows.size();
    for (EpsilonFront.Point p : front.points()) {
      Metrics m = p.report().metrics();
      rows.add(new PointResult(++id, prepared.point().workload(), prepared.point().hardware(),
          prepared.point().tiling().orElse("oy=4"), prepared.point().overlap(), prepared.point().stream(),
          prepared.point().fuse(), engine,
          OBJECTIVE, p.status().name().toLowerCase(Locale.ROOT), true, m.latencyCycles(), m.energyPj(), m.edp(),
          (long) Axis.MEMORY.value(m), latencyBound, energyBound, memoryBound, null, null, timeLimitS, wallTimeS,
          false, null));
    }
    List<PointResult> valid = rows.stream().filter(PointResult::valid).toList();
    List<PointResult> marked = Front.of(valid, r -> r.figures(sweep.axes()));
    return new Exploration(rows.stream().map(r -> r.onFront(marked.contains(r))).toList(), sweep.axes(),
        sweep.prunedSeconds(), sweep.evenShareSeconds());
  }

  /** The summary line of {@code front}. */
  public static String summary(EpsilonFront.Front front) {
    long proven = front.points().stream().filter(p -> p.status() == SolveStatus.OPTIMAL).count();
    return String.format(Locale.ROOT, "exact latency-energy front: %d point%s (%d proven Pareto-optimal), %d solves%s: %s",
        front.points().size(), front.points().size() == 1 ? "" : "s", proven, front.solves(),
        front.complete() ? "" : ", INCOMPLETE (time or point limit)",
        front.points().stream().map(p -> String.format(Locale.ROOT, "(%,d cc, %.6g pJ)", p.latencyCycles(),
            p.energyPj())).collect(Collectors.joining(" ")));
  }

  private static List<String> problem(Prepared prepared) {
    return List.of(prepared.point().workload(), prepared.point().hardware(), prepared.point().tiling().orElse("oy=4"),
        prepared.point().overlap(), prepared.point().stream(), prepared.point().fuse());
  }
}
