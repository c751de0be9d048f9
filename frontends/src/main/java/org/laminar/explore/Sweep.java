package org.laminar.explore;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.SolverSettings;
import org.laminar.exact.Goal;
import org.laminar.io.AcceleratorVariant;
import org.laminar.io.InputException;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.Overlap;
import org.laminar.yaml.YamlFiles;

/**
 * The axes of a design-space sweep: every combination of a workload, an accelerator, a tiling, an
 * overlap mode, a fusion, a scheduler and (for the exact schedulers) an objective is one point. A sweep file
 * ({@code --sweep FILE}, YAML or JSON) gives any of the lists by these keys, each value spelled as
 * the option of {@code laminar schedule} spells it; a list left out takes its default.
 *
 * <pre>
 * workloads: [chain5]
 * hardware: [single-core, quad-core, hetero-quad]
 * tilings: ["oy=1", "oy=4", "oy=4,k=2", auto]
 * fuse: [none, all, auto, "0-1,2-4"]
 * schedulers: [lbl, list, heft, cpsat]
 * objectives: [latency, energy]
 * vary: ["sram=0.5x", "sram=2x", "sram=2x,link=2x"]
 * overlap: [cache, recompute]
 * stream: [never, when-needed]
 * </pre>
 *
 * @param workloads workload files or bundled names (default {@code chain5})
 * @param hardware accelerator files or bundled names (default {@code hetero-quad})
 * @param tilings tilings, each a {@code --tiling} value (default {@code oy=4})
 * @param fuse fusions, each a {@code --fuse} value (default {@code auto})
 * @param schedulers scheduler names (default {@code lbl, list, heft, cpsat})
 * @param objectives what the exact schedulers minimise (default {@code latency}); the greedy ones
 *     have no objective and make one point each
 * @param vary the variants of each accelerator ({@link AcceleratorVariant}: {@code sram=2x}, {@code
 *     sram=2x,link=0.5x}, {@code cores=8}), each one accelerator in place of the base, named {@code
 *     base[changes]}; empty (the default): the accelerators themselves
 * @param overlap DeFiNES' overlap modes, each a {@code --overlap} value of {@code laminar schedule}
 *     ({@code cache}, {@code recompute}, {@code h-cache}; default {@code cache})
 * @param stream where tiles stream their activations, each a {@code --stream} value of {@code
 *     laminar schedule} ({@code never}, {@code when-needed}, {@code always}, {@code choose}; default {@code
 *     when-needed}, as there)
 */
public record Sweep(List<String> workloads, List<String> hardware, List<String> tilings, List<String> fuse,
    List<String> schedulers, List<String> objectives, List<String> vary, List<String> overlap, List<String> stream) {

  /** The stream policy of a sweep that lists none: {@code laminar schedule}'s default. */
  public static final String DEFAULT_STREAM = StreamPolicy.DEFAULT.cliName();

  /** What a point of a greedy scheduler shows as its objective: it has none. */
  public static final String NO_OBJECTIVE = "-";

  public Sweep {
    workloads = orDefault(workloads, "workloads", List.of("chain5"));
    hardware = orDefault(hardware, "hardware", List.of("hetero-quad"));
    tilings = orDefault(tilings, "tilings", List.of("oy=4"));
    fuse = orDefault(fuse, "fuse", List.of("auto"));
    schedulers = orDefault(schedulers, "schedulers", List.of("lbl", "list", "heft", "cpsat"));
    objectives = orDefault(objectives, "objectives", List.of("latency"));
    vary = orDefault(vary, "vary", List.of()).stream().map(Sweep::variant).distinct().toList();
    overlap = orDefault(overlap, "overlap", List.of(Overlap.CACHE.toString())).stream()
        .map(o -> InputException.at("overlap", () -> Overlap.parse(o)).toString()).distinct().toList();
    stream = orDefault(stream, "stream", List.of(DEFAULT_STREAM)).stream()
        .map(o -> InputException.at("stream", () -> StreamPolicy.parse(o)).cliName()).distinct().toList();
    for (String s : schedulers) {
      if (!Evaluator.SCHEDULERS.contains(s.toLowerCase(Locale.ROOT))) {
        throw new InputException("schedulers: each must be one of " + String.join(", ", Evaluator.SCHEDULERS)
            + ", got '" + s + "'");
      }
    }
    for (String o : objectives) {
      Goal goal = InputException.at("objectives", () -> Goal.parse(o));
      if (goal != Goal.LATENCY && schedulers.stream().anyMatch(s -> s.equalsIgnoreCase("lns"))) {
        throw new InputException("objectives: lns minimises the latency only, got '" + o + "'");
      }
    }
  }

  /** A sweep of the fully-cached overlap mode and the default stream policy only. */
  public Sweep(List<String> workloads, List<String> hardware, List<String> tilings, List<String> fuse,
      List<String> schedulers, List<String> objectives, List<String> vary) {
    this(workloads, hardware, tilings, fuse, schedulers, objectives, vary, null, null);
  }

  private static List<String> orDefault(List<String> values, String key, List<String> fallback) {
    if (values == null) {
      return fallback;
    }
    if (values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank())) {
      throw new InputException(key + ": give at least one value, and no empty one");
    }
    return ImmutableList.copyOf(values);
  }

  /** A sweep file's lists as written, checked once they are all read. */
  record File(
      @JsonProperty("workloads") List<String> workloads,
      @JsonProperty("hardware") List<String> hardware,
      @JsonProperty("tilings") List<String> tilings,
      @JsonProperty("fuse") List<String> fuse,
      @JsonProperty("schedulers") List<String> schedulers,
      @JsonProperty("objectives") List<String> objectives,
      @JsonProperty("vary") List<String> vary,
      @JsonProperty("overlap") List<String> overlap,
      @JsonProperty("stream") List<String> stream) {
  }

  /**
   * The sweep in {@code file}.
   *
   * @throws InputException naming the file (and line, key) when it cannot be read as a sweep
   */
  public static Sweep read(Path file) {
    File lists = YamlFiles.read(file, YamlFiles.mapperFor(file), File.class);
    try {
      return new Sweep(lists.workloads(), lists.hardware(), lists.tilings(), lists.fuse(), lists.schedulers(),
          lists.objectives(), lists.vary(), lists.overlap(), lists.stream());
    } catch (InputException e) {
      throw InputException.in(file, e.getMessage(), e);
    }
  }

  /** This sweep with each list given here (not null) in place of its own. */
  public Sweep with(List<String> workloads, List<String> hardware, List<String> tilings, List<String> fuse,
      List<String> schedulers, List<String> objectives, List<String> vary, List<String> overlap,
      List<String> stream) {
    return new Sweep(workloads != null ? workloads : this.workloads, hardware != null ? hardware : this.hardware,
        tilings != null ? tilings : this.tilings, fuse != null ? fuse : this.fuse,
        schedulers != null ? schedulers : this.schedulers, objectives != null ? objectives : this.objectives,
        vary != null ? vary : this.vary.isEmpty() ? null : this.vary, overlap != null ? overlap : this.overlap,
        stream != null ? stream : this.stream);
  }

  /** Whether {@code scheduler} searches within a time limit (an exact engine or lns) rather than greedily. */
  public static boolean searches(String scheduler) {
    return SolverSettings.ENGINES.contains(scheduler.toLowerCase(Locale.ROOT)) || scheduler.equalsIgnoreCase("lns");
  }

  /**
   * The points of the sweep, workloads outermost, each tiling's overlap modes and stream policies after it, objectives
   * innermost, each with the exact
   * engines' {@code allocation}, the list scheduler's {@code priority} and {@code solver}.
   */
  public List<Point> points(String allocation, String priority, SolverSettings solver) {
    List<Point> points = new ArrayList<>();
    for (String w : workloads) {
      for (String h : accelerators()) {
        for (String t : tilings) {
          for (String v : overlap) {
            for (String d : stream) {
              for (String f : fuse) {
                for (String s : schedulers) {
                  for (String o : searches(s) ? objectives : List.of(NO_OBJECTIVE)) {
                    points.add(new Point(w, false, h, "laminar", Optional.empty(), Optional.of(t), f,
                        CopyPhases.OVERLAPPED.toString(), v, d, Optional.of(s), false, List.of(),
                        o.equals(NO_OBJECTIVE) ? "latency" : o, allocation, priority, solver));
                  }
                }
              }
            }
          }
        }
      }
    }
    return points;
  }

  /** The accelerators of the sweep: each of {@link #hardware}, or each of its variants when {@link #vary} has any. */
  public List<String> accelerators() {
    return vary.isEmpty() ? hardware
        : hardware.stream().flatMap(h -> vary.stream().map(v -> h + "[" + v + "]")).toList();
  }

  /** A variant's changes checked and written one way ({@code 2} as {@code 2x}). */
  private static String variant(String changes) {
    return AcceleratorVariant.text(AcceleratorVariant.changes(changes, "vary"));
  }

  /**
   * The tilings an {@code --tiling} value of {@code laminar explore} names: each dimension with a
   * list of split counts, every combination one tiling ({@code oy=1,2,k=1,2} is {@code oy=1,k=1},
   * {@code oy=1,k=2}, {@code oy=2,k=1}, {@code oy=2,k=2}); a value without {@code =} ({@code
   * auto}) is one tiling.
   *
   * @throws InputException when a count comes before any dimension
   */
  public static List<String> tilings(String option) {
    return combinations(option, "--tiling: expected DIM=N[,N...] (e.g. oy=1,2,4)");
  }

  /**
   * The variants a {@code --vary} value names, as {@link #tilings} reads a tiling: {@code
   * sram=0.5x,1x,2x} is three, {@code sram=1x,2x,link=1x,2x} four (every combination).
   *
   * @throws InputException when a value comes before any change
   */
  public static List<String> variants(String option) {
    return combinations(option, "--vary: expected KNOB=V[,V...] (e.g. sram=0.5x,1x,2x)");
  }

  /** Every combination of the values listed after each {@code key=}; a value without {@code =} is itself. */
  private static List<String> combinations(String option, String usage) {
    if (!option.contains("=")) {
      return List.of(option.trim());
    }
    List<String> keys = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    for (String token : option.split(",", -1)) {
      String t = token.trim();
      int eq = t.indexOf('=');
      if (eq >= 0) {
        keys.add(t.substring(0, eq).trim());
        values.add(new ArrayList<>(List.of(t.substring(eq + 1).trim())));
      } else if (keys.isEmpty() || t.isEmpty()) {
        throw new InputException(usage + ", got '" + option + "'");
      } else {
        values.get(values.size() - 1).add(t);
      }
    }
    List<String> combinations = new ArrayList<>(List.of(""));
    for (int k = 0; k < keys.size(); k++) {
      List<String> longer = new ArrayList<>();
      for (String prefix : combinations) {
        for (String v : values.get(k)) {
          longer.add((prefix.isEmpty() ? "" : prefix + ",") + keys.get(k) + "=" + v);
        }
      }
      combinations = longer;
    }
    return combinations;
  }

  /**
   * The fusions an {@code --fuse} value of {@code laminar explore} names: comma-separated keywords
   * ({@code none,all,auto}) are one fusion each; a value with layer ranges ({@code 0-2,3-4}) is one
   * fusion.
   */
  public static List<String> fusions(String option) {
    if (option.contains("-")) {
      return List.of(option.trim());
    }
    return List.of(option.split(",", -1)).stream().map(String::trim).toList();
  }
}
