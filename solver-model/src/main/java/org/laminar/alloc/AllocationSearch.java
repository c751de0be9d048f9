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
 * schedules, whose guide it changes by one or a few random {@link Move}s at a time, walking by a
 * {@link KickedWalk}: a candidate that decodes no later than the current guide's schedule becomes
 * the current guide (so the search drifts along plateaus), and when no candidate has beaten the
 * best guide for a while, the walk restarts from that guide kicked by several moves at once. A
 * candidate earlier than the incumbent becomes the incumbent if the checker and the caller's test
 * accept it. It never returns a schedule slower than its start, and for a seed and a decode limit
 * without a time limit it is deterministic.
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
   * @param kicks restarts from a perturbed best guide after the search stagnated
   */
  public record Result(Schedule schedule, CheckReport report, long startLatencyCycles, int decodes,
      int improvements, int kicks) {
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

  /**
   * How candidates are taken: one no later than the current guide's decode (a late acceptance
   * history of 1: on the medium and large suites longer histories of 5 to 1,000 ended later for a
   * budget of 1,500 to 40,000 decodes, measured, docs/EXACT.md), and after 3,000 decodes without a
   * new best guide a kick, 2 to 16 random neighbour steps from it at once.
   */
  static final KickedWalk.Rule RULE = new KickedWalk.Rule(1, 3000, 2, 16);

  private final KickedWalk.Rule rule;

  private final Options options;
  private final ScheduleChecker checker = new ScheduleChecker();
  private volatile boolean stopped;

  public AllocationSearch(Options options) {
    this(options, RULE);
  }

  /** A search with its own acceptance and kick rule. */
  AllocationSearch(Options options, KickedWalk.Rule rule) {
    this.options = checkNotNull(options, "options are missing");
    this.rule = checkNotNull(rule, "the rule is missing");
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
    Incumbent incumbent = new Incumbent(problem, best, admissible, improved);
    KickedWalk.Space<Guide> space = new KickedWalk.Space<>() {
      @Override
      public Guide neighbour(Guide guide, Random random) {
        Guide candidate = guide;
        int moves = 1;
        while (moves < MAX_MOVES && random.nextBoolean()) {
          moves++;
        }
        for (int m = 0; m < moves; m++) {
          candidate = Move.draw(layers, random).apply(candidate, layers, random);
        }
        return candidate;
      }

      @Override
      public long cost(Guide guide) {
        Optional<Schedule> decoded = decoder.decode(guide);
        decoded.ifPresent(incumbent::offer);
        return decoded.map(Schedule::lastEnd).orElse(Long.MAX_VALUE);
      }
    };
    // The guide of a schedule decodes to about it, not to it exactly: the walk judges guides by their
    // own decodes, the incumbent by the checker.
    KickedWalk.Outcome<Guide> walked = new KickedWalk<Guide>(rule).walk(space,
        decoder.guideOf(best.schedule(), best.fused()), new Random(options.seed()), options.maxDecodes(),
        () -> !stopped && (options.timeLimitSeconds() == 0
            || (System.nanoTime() - begin) / 1e9 < options.timeLimitSeconds()));
    return new Result(incumbent.schedule, incumbent.report, best.latency(), walked.evaluations(),
        incumbent.improvements, walked.kicks());
  }

  /** The best checker-valid, admissible schedule so far. */
  private final class Incumbent {
    private final SchedulingProblem problem;
    private final Predicate<Schedule> admissible;
    private final LongConsumer improved;
    private Schedule schedule;
    private CheckReport report;
    private int improvements;

    Incumbent(SchedulingProblem problem, Start start, Predicate<Schedule> admissible, LongConsumer improved) {
      this.problem = problem;
      this.admissible = admissible;
      this.improved = improved;
      this.schedule = start.schedule();
      this.report = start.report();
    }

    /** Takes {@code decoded} when the checker finds it valid and earlier and the caller's test accepts it. */
    void offer(Schedule decoded) {
      if (decoded.lastEnd() >= report.metrics().latencyCycles()) {
        return;
      }
      CheckReport r = checker.check(problem, decoded);
      if (r.valid() && r.metrics().latencyCycles() < report.metrics().latencyCycles() && admissible.test(decoded)) {
        schedule = decoded;
        report = r;
        improvements++;
        improved.accept(r.metrics().latencyCycles());
      }
    }
  }
}
