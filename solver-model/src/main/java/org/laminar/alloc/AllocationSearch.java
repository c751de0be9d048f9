package org.laminar.alloc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.greedy.Guide;
import org.laminar.greedy.GuidedDecoder;
import org.laminar.greedy.LayerByLayerScheduler;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;

/**
 * Anytime stochastic local search over the decisions greedy list scheduling takes as given: the
 * core of each channel part or layer and the tiles' priorities ({@link Guide}), each candidate
 * decoded by the list scheduler itself ({@link GuidedDecoder}, some milliseconds for thousands of
 * tiles, where a CP-SAT step takes seconds). It starts from the best of the given checker-valid
 * schedules, whose guide it changes by one or a few random {@link Move}s at a time; a candidate
 * that decodes no later than the current guide's schedule becomes the current guide (so the
 * search drifts along plateaus), and one that is earlier than the incumbent becomes the incumbent
 * if the checker and the caller's test accept it. It never returns a schedule slower than its
 * start, and for a seed and a decode limit without a time limit it is deterministic.
 */
public final class AllocationSearch {

  /**
   * Limits of a run.
   *
   * @param timeLimitSeconds wall-clock limit (s), 0 for none
   * @param maxDecodes candidates to decode at most, 0 for no limit (then a time limit is needed)
   * @param seed seed of the moves
   */
  public record Options(double timeLimitSeconds, int maxDecodes, int seed) {
    public Options {
      checkArgument(timeLimitSeconds >= 0, "time limit must be >= 0 s, got %s", timeLimitSeconds);
      checkArgument(maxDecodes >= 0, "decode limit must be >= 0, got %s", maxDecodes);
      checkArgument(timeLimitSeconds > 0 || maxDecodes > 0, "the search needs a time limit or a decode limit");
    }
  }

  /**
   * A schedule to start from.
   *
   * @param schedule a schedule of the problem
   * @param report the checker's report on it (valid)
   * @param fused whether its scheduler ran the fused stacks as stages (false: layer by layer)
   */
  public record Start(Schedule schedule, CheckReport report, boolean fused) {
    public Start {
      checkNotNull(schedule, "schedule is missing");
      checkArgument(report.valid(), "a start must be checker-valid");
    }

    /**
     * The schedule of {@code greedy} on {@code problem} as a start, if it finds one and the checker
     * accepts it.
     */
    public static Optional<Start> of(SchedulingProblem problem, Scheduler greedy, ScheduleChecker checker) {
      Optional<Schedule> schedule;
      try {
        schedule = greedy.schedule(problem).schedule();
      } catch (IllegalArgumentException none) {
        return Optional.empty();
      }
      return schedule.flatMap(s -> {
        CheckReport report = checker.check(problem, s);
        return report.valid() ? Optional.of(new Start(s, report, !(greedy instanceof LayerByLayerScheduler)))
            : Optional.empty();
      });
    }

    long latency() {
      return report.metrics().latencyCycles();
    }
  }

  /**
   * What a run found.
   *
   * @param schedule the best schedule (the start when nothing better was found)
   * @param report the checker's report on it (valid)
   * @param startLatencyCycles the best start's latency, per the checker (cycles)
   * @param decodes candidates decoded
   * @param improvements incumbents found after the start
   */
  public record Result(Schedule schedule, CheckReport report, long startLatencyCycles, int decodes,
      int improvements) {
    public Result {
      checkNotNull(schedule, "schedule is missing");
      checkArgument(report.valid(), "the result must be checker-valid");
    }

    /** The schedule's latency, per the checker (cycles). */
    public long latencyCycles() {
      return report.metrics().latencyCycles();
    }
  }

  /**
   * Most moves in one candidate: 1 + a geometric count, so that most candidates are one move from the
   * current guide and a few jump further (out of a plateau that one move cannot leave).
   */
  static final int MAX_MOVES = 4;

  private final Options options;
  private final ScheduleChecker checker = new ScheduleChecker();
  private volatile boolean stopped;

  public AllocationSearch(Options options) {
    this.options = checkNotNull(options, "options are missing");
  }

  /** Stops the search; {@link #search} then returns the incumbent. Thread-safe (for Ctrl-C). */
  public void stop() {
    stopped = true;
  }

  /**
   * Searches from the best of {@code starts}.
   *
   * @param admissible what an incumbent must pass besides the checker (the caller's own model of the
   *     schedule, say); the starts are taken as they are
   * @param improved receives the latency of every new incumbent (cycles)
   */
  public Result search(SchedulingProblem problem, List<Start> starts, Predicate<Schedule> admissible,
      LongConsumer improved) {
    checkArgument(!starts.isEmpty(), "the search needs a start");
    long begin = System.nanoTime();
    List<Start> all = ImmutableList.copyOf(starts);
    Start best = all.get(0);
    for (Start s : all) {
      if (s.latency() < best.latency()) {
        best = s;
      }
    }
    GuidedDecoder decoder = new GuidedDecoder(problem);
    Layers layers = new Layers(problem, best.schedule());
    Random random = new Random(options.seed());
    Schedule incumbent = best.schedule();
    CheckReport report = best.report();
    Guide current = decoder.guideOf(best.schedule(), best.fused());
    // The guide of a schedule decodes to about it, not to it exactly: the current guide is judged
    // by its own decode, the incumbent by the checker.
    long currentLatency = decoder.decode(current).map(Schedule::lastEnd).orElse(Long.MAX_VALUE);
    int decodes = 1;
    int improvements = 0;
    while (!stopped && (options.maxDecodes() == 0 || decodes < options.maxDecodes())
        && (options.timeLimitSeconds() == 0 || (System.nanoTime() - begin) / 1e9 < options.timeLimitSeconds())) {
      Guide candidate = current;
      int moves = 1;
      while (moves < MAX_MOVES && random.nextBoolean()) {
        moves++;
      }
      for (int m = 0; m < moves; m++) {
        candidate = Move.draw(layers, random).apply(candidate, layers, random);
      }
      decodes++;
      Optional<Schedule> decoded = decoder.decode(candidate);
      if (decoded.isEmpty()) {
        continue;
      }
      long latency = decoded.get().lastEnd();
      if (latency > currentLatency) {
        continue;
      }
      current = candidate;
      currentLatency = latency;
      if (latency < report.metrics().latencyCycles()) {
        CheckReport r = checker.check(problem, decoded.get());
        if (r.valid() && r.metrics().latencyCycles() < report.metrics().latencyCycles()
            && admissible.test(decoded.get())) {
          incumbent = decoded.get();
          report = r;
          improvements++;
          improved.accept(r.metrics().latencyCycles());
        }
      }
    }
    return new Result(incumbent, report, best.latency(), decodes, improvements);
  }
}
