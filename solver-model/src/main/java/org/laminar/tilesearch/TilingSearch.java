package org.laminar.tilesearch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.CostModel;
import org.laminar.exact.Goal;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.schedule.AutoTiling;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.ProblemProgress;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.FusedStack;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Overlap;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.Workload;

/**
 * {@code --tiling auto=latency|energy|edp}: tiling as a search. Each candidate tiling is scheduled
 * by every greedy scheduler ({@link GreedySchedulers#NAMES}), the checker measures each schedule,
 * and the candidate's value is the best value of the objective among its valid schedules; the
 * search keeps the candidate of least value (the first tried among equals).
 *
 * <p>The candidates, in the order tried:
 * <ol>
 *   <li>{@link #START}: the tiling the run would have without the search (the default {@code oy=4}
 *       split further where it does not fit, {@link AutoTiling});
 *   <li>{@link #UNIFORM}: every layer split alike, {@code oy} in {@link #ROW_BANDS} × {@code k} in
 *       {@link #CHANNEL_PARTS}, fewest parts first (stacks from the fusion policy, as {@code --tiling
 *       oy=N,k=M} gives them); then the 2-D splits {@code oy} in {@link #COLUMN_ROW_BANDS} ×
 *       {@code ox} = {@link #COLUMN_TILES} × {@code k} in {@link #CHANNEL_PARTS}, fewest parts first
 *       (after the 1-D ones, so that among equals the 1-D split is kept): at most 16 row bands ×
 *       column tiles, as many as the finest row split, in tiles of about the same area with a
 *       shorter boundary, which is what halos cost (recomputed with {@code --overlap recompute} or
 *       {@code h-cache}, kept and sent with {@code cache});
 *   <li>{@link #STACK}: a coordinate search from the best so far, one fused stack at a time, stacks
 *       in decreasing order of their MACs (ties: workload order), each stack's layers given each of
 *       the same {@code oy × k} splits while the other stacks keep theirs; a stack's best replaces
 *       the current tiling when it is strictly better. Each layer keeps the column tiles it has in
 *       the best so far (columns are chosen by the uniform phase). The stacks stay those of the best uniform
 *       candidate (the fusion policy is not asked again: with {@code --fuse auto} the stacks depend
 *       on the channel splits, and a coordinate needs fixed stacks). A layer alone in its stack
 *       takes row bands here ({@link LayerTiling#rowsAlone}), which a uniform split leaves whole.
 *   <li>{@link #STREAM}: streaming instead of splitting, unless the run's policy is {@link
 *       StreamPolicy#NEVER}. Each uniform candidate that automatic tiling had to split further is
 *       tried again as given, not split further, its tiles streaming their activations from DRAM as
 *       the run's policy has them ({@code when-needed}: where they fit no core otherwise; {@code
 *       always}: wherever the cost model accepts a streamed view; {@code choose}: as each greedy
 *       scheduler decides per tile, where it may do either): whether a layer too large for a
 *       core is split into more tiles or streamed through it whole is weighed by the objective. A
 *       streamed candidate replaces the best when it is strictly better.
 * </ol>
 * Every candidate is measured under the run's stream policy ({@link Options#streaming}), the one the
 * chosen tiling then runs with: under {@code always} a split candidate's tiles stream too, so that
 * split and stream are compared as the run will schedule them.
 * Every candidate keeps the start's overlap mode and is split further where a tile fits no core
 * ({@link AutoTiling}, as the default tiling is), except the streamed ones. A candidate whose
 * layers get the same row bands, column tiles and channel parts, in the same stacks, as one tried
 * before is not tried again. The set stays small: at most {@code 5 × 3 + 4 × 3} uniform
 * candidates, {@code 5 × 3} per stack and {@code 5 × 3} streamed, one pass over the stacks rather
 * than their product (which grows as {@code 15^stacks}), a candidate of more than {@link
 * #MAX_TILES} tiles is refused before it is built, and a stack is tried only while its candidates
 * fit in a budget of {@link #MAX_CANDIDATES} in all, the uniform 2-D and the streamed candidates
 * not counted (the remaining stacks keep the split they have; a note says which): so neither takes
 * the place of a stack the search tried without them. The streamed ones are tried last, so that
 * they leave the other phases as they were.
 *
 * <p>The candidates of one phase (the uniform ones, one stack's) are tiled, costed and scheduled
 * in parallel; their costs come from the one cost model, whose memo every candidate and the run
 * that follows share. The result does not depend on the order in which threads finish: each
 * candidate's figures are the checker's, and the choice is by value, then by position.
 */
public final class TilingSearch {
  private TilingSearch() {}

  /** How a {@code --tiling} value asks for the search: {@code auto=} and the objective. */
  public static final String PREFIX = "auto=";
  /** The phase of the run's tiling without the search. */
  public static final String START = "start";
  /** The phase of the splits given to every layer alike. */
  public static final String UNIFORM = "uniform";
  /** The phase of the splits given to one fused stack at a time. */
  public static final String STACK = "stack";
  /** The phase of the uniform splits that did not fit, tried again with their activations streamed instead. */
  public static final String STREAM = "stream";
  /** How a candidate of the {@link #STREAM} phase's split is described: after the split it was given. */
  public static final String STREAMED = ", not split further";
  /** The row-band counts tried (cut to each layer's rows): finer bands rarely pay, as halos are recomputed. */
  public static final List<Integer> ROW_BANDS = List.of(1, 2, 4, 8, 16);
  /** The channel-part counts tried (cut to each layer's channels): enough to spread a layer over four cores. */
  public static final List<Integer> CHANNEL_PARTS = List.of(1, 2, 4);
  /** The column-tile count of the uniform 2-D candidates (cut to each layer's columns). */
  public static final int COLUMN_TILES = 2;
  /** The row-band counts of the uniform 2-D candidates: with {@link #COLUMN_TILES}, at most 16 tiles per channel part. */
  public static final List<Integer> COLUMN_ROW_BANDS = List.of(1, 2, 4, 8);
  /** A candidate with more tiles is not built: the greedy schedulers and the checker stay in seconds. */
  public static final int MAX_TILES = 2048;
  /**
   * A stack is tried only while the candidates so far and its own stay within this many (start and
   * uniform included, the uniform 2-D ones not).
   */
  public static final int MAX_CANDIDATES = 120;

  /** The objectives the search takes. */
  public static final List<Goal> GOALS = List.of(Goal.LATENCY, Goal.ENERGY, Goal.EDP);

  /**
   * How the search measures a candidate.
   *
   * @param goal what it minimises, measured by the checker
   * @param priority the list scheduler's rule
   * @param copyPhases the copy phases of the problems it schedules
   * @param streaming the run's stream policy, under which every candidate is measured
   */
  public record Options(Goal goal, ListScheduler.Priority priority, CopyPhases copyPhases, StreamPolicy streaming) {
    public Options {
      checkNotNull(streaming, "stream policy is missing");
      checkNotNull(goal, "goal is missing");
      checkArgument(GOALS.contains(goal), "the tiling search minimises latency, energy or edp, got %s", goal.text());
      checkNotNull(priority, "priority is missing");
      checkNotNull(copyPhases, "copy phases are missing");
    }
  }

  /**
   * What the search chose.
   *
   * @param goal what it minimised
   * @param tiling the chosen tiling
   * @param chosen the chosen candidate (one of {@code candidates})
   * @param candidates every candidate tried, in order
   * @param splits the chosen split, one line per fused stack ({@code layers 0-4: oy=8})
   * @param notes stacks the search did not try for want of budget (empty when it tried all)
   * @param streaming the stream policy every candidate was measured under ({@link Options#streaming})
   */
  public record Result(Goal goal, Tiling tiling, Candidate chosen, List<Candidate> candidates, List<String> splits,
      List<String> notes, StreamPolicy streaming) {
    public Result {
      checkNotNull(goal, "goal is missing");
      checkNotNull(tiling, "tiling is missing");
      checkNotNull(streaming, "stream policy is missing");
      checkNotNull(chosen, "chosen candidate is missing");
      candidates = List.copyOf(candidates);
      checkArgument(candidates.contains(chosen), "the chosen candidate is not among the candidates");
      splits = List.copyOf(splits);
      notes = List.copyOf(notes);
    }
  }

  /**
   * The objective a {@code --tiling} value asks the search for: empty when it does not begin with
   * {@link #PREFIX}.
   *
   * @throws IllegalArgumentException naming the value when the objective is not one of {@link #GOALS}
   */
  public static Optional<Goal> goal(String tiling) {
    String t = tiling.trim().toLowerCase(Locale.ROOT);
    if (!t.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String wanted = t.substring(PREFIX.length()).trim();
    return Optional.of(GOALS.stream().filter(g -> g.text().equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + tiling.trim() + "': the tiling search minimises "
            + "latency, energy or edp (auto=latency, auto=energy, auto=edp), got '" + wanted + "'")));
  }

  /**
   * Searches a tiling of {@code start}'s workload, stacks from {@code fusion}.
   *
   * @param start the tiling the run would have without the search; its tiles fit
   * @param startSplit how {@code start} is described in the candidates ({@code oy=4})
   * @throws ProblemException when no candidate has a valid schedule (the start's reason)
   */
  public static Result search(Tiling start, String startSplit, Accelerator accelerator, CostModel costModel,
      FusionPolicy fusion, Options options) {
    Search s = new Search(start.workload(), start.overlap(), accelerator, costModel, options);
    Trial best = s.phase(List.of(s.ask(START, "all", startSplit, l -> start.of(l.id()), fusion))).orElseThrow(() ->
        new ProblemException("the tiling search's start " + startSplit + " has no valid schedule: "
            + s.tried.get(0).reason().orElseThrow()));
    List<Ask> uniform = uniform(s, start, phaseSplits(), fusion);
    best = better(best, s.phase(uniform), options.goal());
    // Asked now, measured last: which of them were split further is known once they are measured.
    List<Ask> streamed = uniform.stream().filter(a -> a.asked().isPresent())
        .map(a -> new Ask(STREAM, a.layers(), a.split() + STREAMED, a.base(), a.fusion(), a.asked(), true)).toList();
    int before = s.tried.size();
    best = better(best, s.phase(uniform(s, start, columnSplits(), fusion)), options.goal());
    int uncounted = s.tried.size() - before;
    Tiling stacked = best.tiling();
    FusionPolicy fixed = new FusionPolicy.Ranges(ranges(stacked));
    List<String> notes = new ArrayList<>();
    List<Integer> order = stackOrder(stacked);
    for (int n = 0; n < order.size(); n++) {
      FusedStack stack = stacked.stacks().get(order.get(n));
      if (s.tried.size() - uncounted + phaseSplits().size() > MAX_CANDIDATES) {
        notes.add("tiling search: stopped after " + s.tried.size() + " candidates (at most " + MAX_CANDIDATES
            + (uncounted > 0 ? " and " + uncounted + " 2-D uniform ones" : "") + "); layers "
            + String.join(", ", order.subList(n, order.size()).stream()
                .map(i -> range(stacked, stacked.stacks().get(i))).toList()) + " keep their split");
        break;
      }
      Tiling current = best.tiling();
      List<Ask> asks = new ArrayList<>();
      for (LayerTiling split : phaseSplits()) {
        boolean alone = stack.size() == 1 && split.rows().parts() > 1;
        asks.add(s.ask(STACK, range(stacked, stack), describe(split.rows(), split.channels(),
            current.of(stack.layers().get(0)).columns()),
            l -> stack.layers().contains(l.id())
                ? current.of(l.id()).withSplit(split.rows(), split.channels(), alone) : current.of(l.id()), fixed));
      }
      best = better(best, s.phase(asks), options.goal());
    }
    if (options.streaming() != StreamPolicy.NEVER) {
      best = better(best, s.phase(streamed.stream().filter(s::splitFurther).toList()), options.goal());
    }
    return new Result(options.goal(), best.tiling(), best.candidate(), s.tried, splits(best.tiling()), notes,
        options.streaming());
  }

  /** The {@code oy × k} splits of a phase (any core), fewest parts first, then fewest channel parts. */
  private static List<LayerTiling> phaseSplits() {
    List<LayerTiling> out = new ArrayList<>();
    for (int oy : ROW_BANDS) {
      for (int k : CHANNEL_PARTS) {
        out.add(new LayerTiling(Split.of(oy), Split.of(k), List.of(), false));
      }
    }
    out.sort(Comparator.comparingInt((LayerTiling t) -> t.rows().parts() * t.channels().parts())
        .thenComparingInt(t -> t.channels().parts()));
    return out;
  }

  /** The uniform candidates of {@code splits}: every layer of {@code start} given the split, stacks from {@code fusion}. */
  private static List<Ask> uniform(Search s, Tiling start, List<LayerTiling> splits, FusionPolicy fusion) {
    List<Ask> asks = new ArrayList<>();
    for (LayerTiling split : splits) {
      asks.add(s.ask(UNIFORM, "all", describe(split.rows(), split.channels(), split.columns()),
          l -> start.of(l.id()).withSplit(split.rows(), split.channels(), split.columns(), false), fusion));
    }
    return asks;
  }

  /** The uniform 2-D splits: {@code oy} in {@link #COLUMN_ROW_BANDS} × {@code ox=}{@link #COLUMN_TILES} × {@code k}, fewest parts first. */
  private static List<LayerTiling> columnSplits() {
    return phaseSplits().stream().filter(t -> COLUMN_ROW_BANDS.contains(t.rows().parts()))
        .map(t -> new LayerTiling(t.rows(), t.channels(), List.of(), false, false, Split.of(COLUMN_TILES))).toList();
  }

  private static Trial better(Trial best, Optional<Trial> challenger, Goal goal) {
    return challenger.filter(c -> c.candidate().value(goal) < best.candidate().value(goal)).orElse(best);
  }

  /** The stacks of {@code tiling} as {@code --fuse} ranges of layer indices. */
  private static List<List<Integer>> ranges(Tiling tiling) {
    List<List<Integer>> ranges = new ArrayList<>();
    int first = 0;
    for (FusedStack stack : tiling.stacks()) {
      ranges.add(List.of(first, first + stack.size() - 1));
      first += stack.size();
    }
    return ranges;
  }

  /** Stack indices, most MACs first, ties in workload order. */
  private static List<Integer> stackOrder(Tiling tiling) {
    Map<Integer, Layer> layers = tiling.workload().byId();
    long[] macs = tiling.stacks().stream()
        .mapToLong(st -> st.layers().stream().mapToLong(id -> layers.get(id).macs()).sum()).toArray();
    return IntStream.range(0, macs.length).boxed()
        .sorted(Comparator.comparingLong((Integer i) -> -macs[i]).thenComparingInt(i -> i)).toList();
  }

  /** A stack's layer indices as {@code --fuse} spells them ({@code 3-7}, or {@code 3}). */
  private static String range(Tiling tiling, FusedStack stack) {
    List<Layer> order = tiling.workload().layers();
    int first = order.indexOf(tiling.workload().layer(stack.layers().get(0)));
    int last = first + stack.size() - 1;
    return first == last ? Integer.toString(first) : first + "-" + last;
  }

  private static String describe(Split rows, Split channels, Split columns) {
    return "oy=" + rows + (columns.equals(Split.ONE) ? "" : ",ox=" + columns)
        + (channels.equals(Split.ONE) ? "" : ",k=" + channels);
  }

  /** The split of one layer of {@code tiling}: row bands and column tiles only where they apply ({@link Tiling#rowParts}). */
  private static String describe(Tiling tiling, Layer layer) {
    LayerTiling own = tiling.of(layer.id());
    boolean rowsApply = tiling.stacks().get(tiling.stackOf(layer.id())).size() > 1 || own.rowsAlone();
    return describe(rowsApply ? own.rows() : Split.ONE, own.channels(), rowsApply ? own.columns() : Split.ONE);
  }

  /**
   * One line per stack of {@code tiling}: its layer indices and the split most of its layers have,
   * with the layers that differ.
   */
  static List<String> splits(Tiling tiling) {
    List<String> lines = new ArrayList<>();
    for (FusedStack stack : tiling.stacks()) {
      Map<String, List<String>> byS = new LinkedHashMap<>();
      for (int id : stack.layers()) {
        Layer layer = tiling.workload().layer(id);
        byS.computeIfAbsent(describe(tiling, layer), k -> new ArrayList<>()).add(layer.name());
      }
      String most = byS.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow()
          .getKey();
      List<String> others = new ArrayList<>();
      byS.forEach((split, names) -> {
        if (!split.equals(most)) {
          names.forEach(name -> others.add("'" + name + "' " + split));
        }
      });
      lines.add((stack.size() == 1 ? "layer " : "layers ") + range(tiling, stack) + ": " + most + (others.isEmpty() ? "" : " (" + String.join(", ",
          others) + ")"));
    }
    return lines;
  }

  /**
   * A candidate as asked: the tiling before it is split further, or empty when it repeats one tried
   * before; {@code streamed}: measured as asked, not split further (its tiles streaming as the policy has them).
   */
  private record Ask(String phase, String layers, String split, Function<Layer, LayerTiling> base,
      FusionPolicy fusion, Optional<Tiling> asked, boolean streamed) {
  }

  /** A measured candidate and its tiling (null when the candidate is not valid). */
  private record Trial(Candidate candidate, Tiling tiling) {
  }

  /** The state of one search: what it measures with, and the candidates tried so far. */
  private static final class Search {
    private final Workload workload;
    private final Overlap overlap;
    private final Accelerator accelerator;
    private final CostModel costModel;
    private final Options options;
    private final List<Candidate> tried = new ArrayList<>();
    /** The row bands, column tiles and channel parts of every layer, and the stacks, of every tiling asked so far. */
    private final Set<List<Object>> seen = new HashSet<>();
    /** The same of the tilings asked so far that automatic tiling split further to fit. */
    private final Set<List<Object>> splitFurther = ConcurrentHashMap.newKeySet();

    Search(Workload workload, Overlap overlap, Accelerator accelerator, CostModel costModel, Options options) {
      this.workload = workload;
      this.overlap = overlap;
      this.accelerator = accelerator;
      this.costModel = costModel;
      this.options = options;
    }

    /** A candidate as asked; empty tiling when it gives the same parts, in the same stacks, as one asked before. */
    Ask ask(String phase, String layers, String split, Function<Layer, LayerTiling> base, FusionPolicy fusion) {
      Tiling asked = Tiling.of(workload, base, fusion);
      return new Ask(phase, layers, split, base, fusion, seen.add(key(asked)) ? Optional.of(asked) : Optional.empty(),
          false);
    }

    /** Whether the tiling {@code ask} asked for was split further to fit when it was measured. */
    boolean splitFurther(Ask ask) {
      return splitFurther.contains(key(ask.asked().orElseThrow()));
    }

    /** The stacks of {@code tiling}, and the row bands, column tiles and channel parts of each layer. */
    private List<Object> key(Tiling tiling) {
      List<Object> key = new ArrayList<>(tiling.stacks());
      workload.layers().forEach(l -> key.add(List.of(tiling.rowParts(l).parts(), tiling.columnParts(l).parts(),
          tiling.channelParts(l).parts())));
      return key;
    }

    /** Measures the new candidates among {@code asks} in parallel, records them in order; the best valid one. */
    Optional<Trial> phase(List<Ask> asks) {
      List<Ask> fresh = asks.stream().filter(a -> a.asked().isPresent()).toList();
      List<Trial> trials = fresh.parallelStream().map(this::measure).toList();
      Optional<Trial> best = Optional.empty();
      for (Trial t : trials) {
        Candidate c = t.candidate().at(tried.size());
        tried.add(c);
        Trial indexed = new Trial(c, t.tiling());
        if (c.valid()) {
          // Split further, it is also the tiling a later candidate may ask for.
          seen.add(key(t.tiling()));
        }
        if (c.valid() && (best.isEmpty() || c.value(options.goal()) < best.get().candidate().value(options.goal()))) {
          best = Optional.of(indexed);
        }
      }
      return best;
    }

    private Trial measure(Ask ask) {
      long estimate = tiles(ask.asked().orElseThrow());
      if (estimate > MAX_TILES) {
        return invalid(ask, ask.split(), 0, String.format(Locale.ROOT, "%,d tiles, more than %,d", estimate,
            MAX_TILES));
      }
      Tiling tiling;
      String split = ask.split();
      if (ask.streamed()) {
        tiling = ask.asked().orElseThrow().withOverlap(overlap);
      } else {
        AutoTiling.Result fit = AutoTiling.choose(workload, accelerator, costModel, ask.fusion(), ask.base(),
            overlap);
        if (!fit.notes().isEmpty()) {
          splitFurther.add(key(ask.asked().orElseThrow()));
          split += " (" + fit.notes().size() + " split further)";
        }
        if (!fit.unfit().isEmpty()) {
          return invalid(ask, split, 0, "does not fit: " + fit.unfit().get(0));
        }
        tiling = fit.tiling();
        if (tiles(tiling) > MAX_TILES) {
          return invalid(ask, split, 0, String.format(Locale.ROOT, "split further to fit: %,d tiles, more than %,d",
              tiles(tiling), MAX_TILES));
        }
      }
      SchedulingProblem problem;
      try {
        problem = SchedulingProblem.of(tiling, accelerator, costModel, ProblemProgress.NONE, options.streaming())
            .withCopyPhases(options.copyPhases());
      } catch (ProblemException e) {
        return invalid(ask, split, 0, e.getMessage());
      }
      int tiles = problem.graph().tiles().size();
      String bestName = null;
      CheckReport bestReport = null;
      List<String> rejected = new ArrayList<>();
      for (Scheduler scheduler : GreedySchedulers.all(options.priority())) {
        Optional<Schedule> schedule;
        try {
          schedule = scheduler.schedule(problem).schedule();
        } catch (IllegalArgumentException e) {
          rejected.add(scheduler.name() + ": " + e.getMessage());
          continue;
        }
        if (schedule.isEmpty()) {
          rejected.add(scheduler.name() + ": no schedule");
          continue;
        }
        CheckReport report = new ScheduleChecker().check(problem, schedule.get());
        if (!report.valid()) {
          rejected.add(scheduler.name() + ": the checker rejects its schedule (a bug in the scheduler): "
              + report.violations().get(0).message());
        } else if (bestReport == null
            || options.goal().value(report.metrics()) < options.goal().value(bestReport.metrics())) {
          bestName = scheduler.name();
          bestReport = report;
        }
      }
      if (bestReport == null) {
        return invalid(ask, split, tiles, String.join("; ", rejected));
      }
      return new Trial(new Candidate(0, ask.phase(), ask.layers(), split, tiles, Optional.of(bestName),
          Optional.of(bestReport.metrics()), Optional.empty()), tiling);
    }

    private static Trial invalid(Ask ask, String split, int tiles, String reason) {
      return new Trial(new Candidate(0, ask.phase(), ask.layers(), split, tiles, Optional.empty(), Optional.empty(),
          Optional.of(reason)), null);
    }

    /** The tiles {@code tiling} gives: row bands × column tiles × channel parts, summed over the layers. */
    private long tiles(Tiling tiling) {
      return workload.layers().stream().mapToLong(l -> (long) tiling.rowParts(l).parts()
          * tiling.columnParts(l).parts() * tiling.channelParts(l).parts()).sum();
    }
  }
}
