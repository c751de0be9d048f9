package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.Metrics;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.report.ReportWriter;
import org.laminar.report.Run;
import org.laminar.report.Summary;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;
import org.laminar.yaml.StreamMappingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code laminar schedule}: tiles a workload, schedules it on an accelerator with one scheduler or
 * all of them, has the checker judge every schedule, and prints the checker's figures with the
 * lower bound and the gap. With no arguments it compares all schedulers on a bundled default.
 */
@Command(name = "schedule",
    description = {"Schedules a tiled, fused workload on an accelerator: one scheduler or all compared.",
        "Validity, latency, energy, EDP and peak memory come from the independent checker; with them the best "
            + "lower bound on the latency and the gap to it. With no arguments: all schedulers on the bundled "
            + "chain5 network, fused, on hetero-quad."},
    usageHelpAutoWidth = true)
public final class ScheduleCommand implements Callable<Integer> {

  /** Scheduler names, in the order {@code --compare} runs them. */
  static final List<String> SCHEDULERS = GreedySchedulers.NAMES;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--workload", paramLabel = "FILE|NAME", defaultValue = "chain5",
      description = "workload file (.onnx, Laminar, ZigZag/Stream YAML) or bundled name (default ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--hardware", paramLabel = "FILE|NAME", defaultValue = "hetero-quad",
      description = "accelerator file (Laminar, Stream, ZigZag core YAML) or bundled name (default ${DEFAULT-VALUE})")
  String hardware;

  @Option(names = "--mapping", paramLabel = "FILE",
      description = "Stream mapping: per-layer tiling and core allocation (replaces --tiling)")
  Path mapping;

  @Option(names = "--tiling", paramLabel = "oy=N|all,k=N|all",
      description = "split of every layer: output rows into bands, output channels into parts (default oy=4)")
  String tiling;

  @Option(names = "--fuse", paramLabel = "all|none|auto|a-b,c-d", defaultValue = "auto",
      description = "fused stacks: all layers, none (layer by layer), auto (while the weights fit on chip), or "
          + "ranges of layer indices (default ${DEFAULT-VALUE})")
  String fuse;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "lbl, list or heft; without it (or with --compare) all of them are compared")
  String scheduler;

  @Option(names = "--priority", paramLabel = "memory|latency", defaultValue = "memory",
      description = "list scheduler's rule: depth-first (memory) or breadth-first (latency) (default ${DEFAULT-VALUE})")
  String priority;

  @Option(names = "--compare", description = "run every scheduler and compare them")
  boolean compare;

  @Option(names = "--out", paramLabel = "DIR",
      description = "write result.json, trace.json, gantt.svg, memory.svg and energy.svg (per scheduler in DIR/NAME "
          + "when comparing)")
  Path out;

  @Option(names = "--json", description = "print one JSON object per scheduler (an array when comparing)")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    List<Scheduler> schedulers = schedulers();
    Workload w = Inputs.workload(workload);
    Accelerator accelerator = Inputs.accelerator(hardware);
    Tiling t = tiling(w, accelerator);
    SchedulingProblem problem = SchedulingProblem.of(t, accelerator, new AnalyticalCostModel());
    LatencyBounds bounds = LatencyBounds.of(problem);
    List<Run> runs = new ArrayList<>();
    for (Scheduler s : schedulers) {
      runs.add(run(s, problem, bounds));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    boolean many = compare || scheduler == null;
    if (json) {
      List<Summary> summaries = runs.stream().map(Summary::of).toList();
      stdout.println(JSON.writeValueAsString(many ? summaries : summaries.get(0)));
    } else {
      Table.print(stdout, problem, t, bounds, runs, fuse);
    }
    if (out != null) {
      write(runs, many, stdout);
    }
    stdout.flush();
    return runs.stream().allMatch(r -> r.valid() || r.result().schedule().isEmpty()) ? 0 : 1;
  }

  private List<Scheduler> schedulers() {
    ListScheduler.Priority rule = switch (priority.toLowerCase(Locale.ROOT)) {
      case "memory" -> ListScheduler.Priority.MEMORY;
      case "latency" -> ListScheduler.Priority.LATENCY;
      default -> throw new IllegalArgumentException("--priority must be memory or latency, got '" + priority + "'");
    };
    if (scheduler != null && !SCHEDULERS.contains(scheduler.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("--scheduler must be one of " + String.join(", ", SCHEDULERS) + ", got '"
          + scheduler + "'");
    }
    if (compare || scheduler == null) {
      return GreedySchedulers.all(rule);
    }
    return List.of(GreedySchedulers.byName(scheduler, rule));
  }

  private Tiling tiling(Workload w, Accelerator accelerator) {
    FusionPolicy fusion = FusionPolicy.parse(fuse, FusionPolicy.WeightCapacity.of(accelerator));
    if (mapping != null) {
      if (tiling != null) {
        throw new IllegalArgumentException("give --tiling or a --mapping (which tiles every layer), not both");
      }
      return StreamMappingReader.read(mapping, w, fusion);
    }
    return Tiling.uniform(w, LayerTiling.parse(tiling == null ? "oy=4" : tiling), fusion);
  }

  private static Run run(Scheduler s, SchedulingProblem problem, LatencyBounds bounds) {
    long start = System.nanoTime();
    ScheduleResult result;
    try {
      result = s.schedule(problem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scheduler " + s.name() + ": " + e.getMessage(), e);
    }
    return Run.judge(problem, result, bounds, Duration.ofNanos(System.nanoTime() - start));
  }

  private void write(List<Run> runs, boolean many, PrintWriter stdout) {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("workload", workload);
    inputs.put("hardware", hardware);
    inputs.put("mapping", mapping == null ? null : mapping.toString());
    inputs.put("tiling", mapping != null ? null : tiling == null ? "oy=4" : tiling);
    inputs.put("fuse", fuse);
    List<Path> written = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("scheduler", r.scheduler());
      if (r.scheduler().equals("list")) {
        options.put("priority", priority.toLowerCase(Locale.ROOT));
      }
      written.addAll(ReportWriter.write(many ? out.resolve(r.scheduler()) : out, r, inputs, options));
    }
    if (many) {
      written.add(ReportWriter.writeEnergyComparison(out, runs));
    }
    if (!json) {
      stdout.println();
      stdout.println("wrote " + written.size() + " files to " + out + (many ? " (one folder per scheduler)" : ""));
    }
  }

  /** The human-readable summary. */
  static final class Table {
    private Table() {
    }

    static void print(PrintWriter out, SchedulingProblem problem, Tiling tiling, LatencyBounds bounds, List<Run> runs,
        String fuse) {
      out.printf(Locale.ROOT, "%s on %s: %d layers, %,d tiles, %,d edges; %d fused stack%s (--fuse %s)%n",
          problem.graph().workload().name(), problem.accelerator().name(), problem.graph().workload().layers().size(),
          problem.graph().tiles().size(), problem.graph().edges().size(), tiling.stacks().size(),
          tiling.stacks().size() == 1 ? "" : "s", fuse);
      out.printf(Locale.ROOT, "lower bound %,d cycles (critical path %,d, work/cores %,d, DRAM traffic %,d)%n%n",
          bounds.bestCycles(), bounds.criticalPathCycles(), bounds.workCycles(), bounds.dramCycles());
      String format = "%-9s %-10s %-6s %14s %12s %12s %14s %12s %7s%n";
      out.printf(Locale.ROOT, format, "scheduler", "status", "valid", "latency (cc)", "energy (pJ)", "EDP",
          "peak mem (b)", "bound (cc)", "gap");
      for (Run r : runs) {
        Metrics m = r.valid() ? r.check().get().metrics() : null;
        String validity = r.result().schedule().isEmpty() ? "-" : r.valid() ? "yes"
            : "NO (" + r.check().get().violations().size() + ")";
        out.printf(Locale.ROOT, format, r.scheduler(), r.result().status().name().toLowerCase(Locale.ROOT), validity,
            m == null ? "-" : String.format(Locale.ROOT, "%,d", m.latencyCycles()),
            m == null ? "-" : sci(m.energyPj()), m == null ? "-" : sci(m.edp()),
            m == null ? "-" : sci(m.peakMemoryBits().values().stream().mapToLong(Long::longValue).max().orElse(0)),
            String.format(Locale.ROOT, "%,d", r.boundCycles()),
            r.gap().isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * r.gap().getAsDouble()) : "-");
      }
      for (Run r : runs) {
        if (r.check().isPresent() && !r.valid()) {
          out.printf("%s: the checker rejects the schedule (a bug in the scheduler); first violation: %s%n",
              r.scheduler(), r.check().get().violations().get(0).message());
        }
      }
      out.println();
      out.println("peak mem = largest local-memory occupancy over the cores; gap = (latency - bound) / latency;");
      out.println("every figure comes from the independent schedule checker.");
    }

    /** Three significant digits, {@code 1.23e6} style above 10⁴. */
    static String sci(double value) {
      if (Math.abs(value) < 1e4) {
        return String.format(Locale.ROOT, "%.0f", value);
      }
      int exponent = (int) Math.floor(Math.log10(Math.abs(value)));
      double mantissa = value / Math.pow(10, exponent);
      if (Math.abs(mantissa) >= 9.995) {
        mantissa /= 10;
        exponent++;
      }
      return String.format(Locale.ROOT, "%.2fe%d", mantissa, exponent);
    }
  }
}
