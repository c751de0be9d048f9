package org.laminar.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.Metrics;
import org.laminar.exact.ExactResult;
import org.laminar.exact.Goal;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.report.Numbers;
import org.laminar.report.Run;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tilesearch.Candidate;
import org.laminar.tilesearch.TilingSearch;
import org.laminar.tiling.Tiling;

/** What {@code laminar schedule} prints for a reader: the tiling search, the problem and its bound, the runs. */
final class ScheduleTable {
  private ScheduleTable() {
  }

  /** The tiling search's candidates, the chosen one marked, every figure the checker's. */
  static void candidates(PrintWriter out, TilingSearch.Result found) {
    out.printf(Locale.ROOT, "tiling search, %s of the best greedy schedule (%s) per candidate, measured with --stream "
        + "%s:%n", found.goal().text(), String.join(", ", GreedySchedulers.NAMES), found.streaming().cliName());
    String format = "%4s %-8s %-7s %-24s %6s %-9s %14s %12s %12s  %s%n";
    out.printf(Locale.ROOT, format, "#", "phase", "layers", "split", "tiles", "scheduler", "latency (cc)",
        "energy (pJ)", "EDP", "valid");
    for (Candidate c : found.candidates()) {
      Metrics m = c.metrics().orElse(null);
      out.printf(Locale.ROOT, format, (c.equals(found.chosen()) ? "*" : "") + c.index(), c.phase(), c.layers(),
          c.split(), c.tiles() == 0 ? "-" : String.format(Locale.ROOT, "%,d", c.tiles()), c.scheduler().orElse("-"),
          m == null ? "-" : String.format(Locale.ROOT, "%,d", m.latencyCycles()),
          m == null ? "-" : Numbers.sci(m.energyPj()), m == null ? "-" : Numbers.sci(m.edp()),
          c.valid() ? "yes" : "no: " + c.reason().orElseThrow());
    }
    out.println("chosen (*): " + String.join("; ", found.splits()));
    found.notes().forEach(out::println);
    out.println();
  }

  /** The problem and its bound, printed before the schedulers run. */
  static void header(PrintWriter out, SchedulingProblem problem, Tiling tiling, LatencyBounds bounds, String fuse) {
    long macs = problem.graph().macs();
    long once = problem.graph().workload().macs();
    // Only recomputed overlaps make the tiles' MACs differ from the workload's.
    String recomputed = macs == once ? "" : String.format(Locale.ROOT, "; %,d MACs with recomputation (%.2fx the "
        + "workload's %,d, --overlap %s)", macs, (double) macs / once, once, tiling.overlap());
    out.printf(Locale.ROOT, "%s on %s: %d layers, %,d tiles, %,d edges; %d fused stack%s (--fuse %s)%s%n",
        problem.graph().workload().name(), problem.accelerator().name(), problem.graph().workload().layers().size(),
        problem.graph().tiles().size(), problem.graph().edges().size(), tiling.stacks().size(),
        tiling.stacks().size() == 1 ? "" : "s", fuse, recomputed);
    String relaxation = bounds.relaxationCycles() == 0 && bounds.assignmentCycles() == 0 ? ""
        : String.format(Locale.ROOT, ", relaxation %,d, assignment %,d", bounds.relaxationCycles(),
            bounds.assignmentCycles());
    out.printf(Locale.ROOT, "lower bound %,d cycles (critical path %,d, work/cores %,d, DRAM traffic %,d, core "
        + "windows %,d, DRAM windows %,d, re-load traffic %,d, weight residency %,d, pinned layer %,d%s)%n%n",
        bounds.bestCycles(), bounds.criticalPathCycles(), bounds.workCycles(), bounds.dramCycles(),
        bounds.coreWindowCycles(), bounds.dramWindowCycles(), bounds.reloadCycles(), bounds.residencyCycles(),
        bounds.pinnedCycles(), relaxation);
    out.flush();
  }

  /**
   * The table of the schedulers' runs, after {@link #header}. Its gap column is the gap of the
   * objective the exact schedulers optimised: with the latency objectives every row's latency gap
   * to the best bound; with another objective only the exact rows have one (their own, within
   * their model) and the greedy rows show "-".
   */
  static void print(PrintWriter out, List<Run> runs, Map<String, ExactResult> exact) {
    Goal goal = exact.values().stream().findFirst().map(ExactResult::goal).orElse(Goal.LATENCY);
    boolean latency = goal == Goal.LATENCY || goal == Goal.LATENCY_ENERGY;
    String format = "%-9s %-10s %-6s %14s %12s %12s %14s %12s %" + Math.max(7, 6 + goal.text().length()) + "s%n";
    out.printf(Locale.ROOT, format, "scheduler", "status", "valid", "latency (cc)", "energy (pJ)", "EDP",
        "peak mem (b)", "bound (cc)", "gap " + (latency ? "latency" : goal.text()));
    for (Run r : runs) {
      Metrics m = r.valid() ? r.check().get().metrics() : null;
      String validity = r.result().schedule().isEmpty() ? "-" : r.valid() ? "yes"
          : "NO (" + r.check().get().violations().size() + ")";
      out.printf(Locale.ROOT, format, r.scheduler(), r.result().status().name().toLowerCase(Locale.ROOT), validity,
          m == null ? "-" : String.format(Locale.ROOT, "%,d", m.latencyCycles()),
          m == null ? "-" : Numbers.sci(m.energyPj()), m == null ? "-" : Numbers.sci(m.edp()),
          m == null ? "-" : Numbers.sci(m.peakMemoryBits().values().stream().mapToLong(Long::longValue).max().orElse(0)),
          String.format(Locale.ROOT, "%,d", r.boundCycles()), gap(r, exact, latency));
    }
    for (Run r : runs) {
      if (r.check().isPresent() && !r.valid()) {
        out.printf("%s: the checker rejects the schedule (a bug in the scheduler); first violation: %s%n",
            r.scheduler(), r.check().get().violations().get(0).message());
      }
    }
    out.println();
    out.println("peak mem = largest local-memory occupancy over the cores; gap = (value - bound) / value of the "
        + "objective");
    out.println(latency ? "optimised, latency, to the best latency bound; every figure comes from the independent "
        + "schedule checker." : "optimised, " + goal.text() + ", to the exact scheduler's own bound within its model; every figure "
        + "comes from the independent schedule checker.");
  }

  private static String gap(Run r, Map<String, ExactResult> exact, boolean latency) {
    OptionalDouble gap = r.gap();
    ExactResult own = exact.get(r.scheduler());
    if (own != null && !latency) {
      gap = Double.isNaN(own.gap()) ? OptionalDouble.empty() : OptionalDouble.of(own.gap());
    } else if (!latency) {
      gap = OptionalDouble.empty();
    }
    return gap.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * gap.getAsDouble()) : "-";
  }
}
