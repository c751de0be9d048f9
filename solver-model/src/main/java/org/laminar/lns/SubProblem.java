package org.laminar.lns;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.laminar.ir.Buffer;
import org.laminar.ir.Condition;
import org.laminar.ir.Hold;
import org.laminar.ir.Increment;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Precedence;
import org.laminar.ir.Task;
import org.laminar.ir.TimeWindow;
import org.laminar.ir.Usage;

/**
 * The IR problem of one neighbourhood alone, so that a step of the search costs in proportion
 * to the neighbourhood, not to the whole problem. Around an incumbent (a valid solution of the
 * full problem) and a set of free tasks:
 *
 * <ul>
 *   <li><b>free tasks</b>: the given ones, closed under "its triggers or increments refer to a
 *       free task" (such a task's mode or duration may change), with their modes; every
 *       condition on them (triggers, increments, precedences, buffers, forbidden combinations)
 *       has the other tasks' modes filled in from the incumbent. They run within the stretch
 *       where the incumbent runs them: from the first start to the last end of those that last
 *       (the neighbourhood may end earlier, not later, and without that window a free weight load,
 *       which no unconditional precedence bounds, would make the whole DRAM schedule context); a
 *       zero-length task where the incumbent has it, if that is outside. Derived tasks that the
 *       fixed tasks' modes decide are fixed ({@link Builder#fixDecided});
 *   <li><b>fixed context</b>, each pinned by a {@link TimeWindow} where the incumbent runs it, in
 *       its incumbent mode, using only the resources a free task may use: every present task
 *       linked to a free task by a precedence (release times and deadlines), every task that
 *       starts or holds a buffer a free task affects, and every task that occupies such a
 *       resource while a free task could run there (busy intervals);
 *   <li><b>fixed memory</b>: the buffers that no free task affects, on a storage resource that a
 *       free buffer uses, as a demand profile over the stretch the free buffers could occupy: a
 *       pinned task per step of constant level, holding a buffer of that level;
 *   <li><b>objective</b>: the makespan the whole schedule would have, estimated with tails. A
 *       sink task follows each free task with a lag of what follows it in the incumbent (for a
 *       fixed successor {@code v} over a precedence of lag {@code λ}: {@code λ + tail(v)}, the
 *       longest path from {@code v}'s start in the incumbent's order, {@link OrderGraph#tails};
 *       while it keeps its mode, the longest tail of the fixed tasks after it on its resources,
 *       {@link Builder#resourceSuccessors});
 *       the sink lasts {@link #offset} cycles, longer than any pinned task ends, so the
 *       sub-problem's makespan is {@code offset} plus that estimate.
 * </ul>
 *
 * Every solution of the sub-problem, spliced into the incumbent ({@link #splice}), is a valid
 * solution of the full problem: the fixed tasks keep their times, the free ones respect every
 * constraint with them. The incumbent restricted to the sub-problem is a solution of it ({@link
 * #hint}), of makespan {@link #horizon}.
 */
final class SubProblem {
  /** Task index in the sub-problem of a full-problem task that is not in it. */
  private static final int OUTSIDE = -1;

  private final IrProblem problem;
  private final int[] original;
  private final int freeTasks;
  private final IrSolution hint;
  private final long offset;

  private SubProblem(IrProblem problem, int[] original, int freeTasks, IrSolution hint, long offset) {
    this.problem = problem;
    this.original = original;
    this.freeTasks = freeTasks;
    this.hint = hint;
    this.offset = offset;
  }

  /** The sub-problem. */
  IrProblem problem() {
    return problem;
  }

  /** Full-problem indices of the free tasks (sub-problem tasks {@code 0..freeTasks-1}), in order. */
  List<Integer> free() {
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < freeTasks; i++) {
      free.add(original[i]);
    }
    return free;
  }

  /** Full-problem indices of the pinned context tasks, in order. */
  List<Integer> context() {
    List<Integer> context = new ArrayList<>();
    for (int i = freeTasks; i < original.length && original[i] != OUTSIDE; i++) {
      context.add(original[i]);
    }
    return context;
  }

  /** The incumbent restricted to the sub-problem: a solution of it. */
  IrSolution hint() {
    return hint;
  }

  /** The sink's duration (cycles): the sub-problem's makespan minus the estimated full makespan. */
  long offset() {
    return offset;
  }

  /** The hint's makespan: no better solution of the sub-problem ends later (cycles). */
  long horizon() {
    return hint.makespan(problem);
  }

  /** The incumbent with the free tasks' modes and starts taken from {@code solution} of the sub-problem. */
  IrSolution splice(IrSolution incumbent, IrSolution solution) {
    checkArgument(solution.modes().size() == problem.size(), "solution of %s tasks for a sub-problem of %s",
        solution.modes().size(), problem.size());
    List<Integer> modes = new ArrayList<>(incumbent.modes());
    List<Long> starts = new ArrayList<>(incumbent.starts());
    for (int i = 0; i < freeTasks; i++) {
      modes.set(original[i], solution.modes().get(i));
      starts.set(original[i], solution.isPresent(i) ? solution.starts().get(i) : 0L);
    }
    return new IrSolution(modes, starts);
  }

  /**
   * What of a full problem a sub-problem needs, indexed once per search: per task the
   * precedences, buffers and forbidden conditions that mention it, the tasks whose triggers or
   * increments refer to it, and per resource the tasks that may use it.
   */
  static final class Index {
    private final IrProblem full;
    private final List<List<Integer>> precedences;
    private final List<List<Integer>> buffers;
    private final List<List<Integer>> forbidden;
    private final List<List<Integer>> dependents;
    private final List<List<Integer>> users;
    private final List<List<Integer>> buffersOn;
    private final List<Integer> topological;

    Index(IrProblem full) {
      this.full = full;
      int n = full.size();
      precedences = lists(n);
      buffers = lists(n);
      forbidden = lists(n);
      dependents = lists(n);
      users = lists(full.resources().size());
      buffersOn = lists(full.resources().size());
      for (int p = 0; p < full.precedences().size(); p++) {
        Precedence pr = full.precedences().get(p);
        precedences.get(pr.before()).add(p);
        precedences.get(pr.after()).add(p);
        for (ModeRef r : pr.when().refs()) {
          precedences.get(r.task()).add(p);
        }
      }
      for (int b = 0; b < full.buffers().size(); b++) {
        Buffer buffer = full.buffers().get(b);
        buffersOn.get(buffer.resource()).add(b);
        Set<Integer> mentioned = new TreeSet<>();
        mentioned.add(buffer.from());
        buffer.when().refs().forEach(r -> mentioned.add(r.task()));
        for (Hold h : buffer.until()) {
          mentioned.add(h.task());
          h.when().refs().forEach(r -> mentioned.add(r.task()));
        }
        for (int t : mentioned) {
          buffers.get(t).add(b);
        }
      }
      for (int c = 0; c < full.forbidden().size(); c++) {
        for (int t : new TreeSet<>(full.forbidden().get(c).refs().stream().map(ModeRef::task).toList())) {
          forbidden.get(t).add(c);
        }
      }
      for (int t = 0; t < n; t++) {
        Task task = full.tasks().get(t);
        Set<Integer> on = new TreeSet<>();
        task.triggers().forEach(c -> c.refs().forEach(r -> on.add(r.task())));
        task.increments().forEach(i -> i.when().refs().forEach(r -> on.add(r.task())));
        for (int s : on) {
          dependents.get(s).add(t);
        }
        Set<Integer> resources = new TreeSet<>();
        task.modes().forEach(m -> m.usages().forEach(u -> resources.add(u.resource())));
        for (int r : resources) {
          users.get(r).add(t);
        }
      }
      topological = full.topologicalOrder();
    }

    private static List<List<Integer>> lists(int n) {
      List<List<Integer>> lists = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        lists.add(new ArrayList<>());
      }
      return lists;
    }

    IrProblem full() {
      return full;
    }
  }

  /**
   * The sub-problem of {@code index}'s full problem around {@code incumbent} (valid) with the
   * tasks {@code requested} (and what depends on them) free.
   *
   * @param tails per task of the full problem, {@link OrderGraph#tails} of the incumbent (cycles)
   */
  static SubProblem of(Index index, IrSolution incumbent, Set<Integer> requested, long[] tails) {
    return new Builder(index, incumbent, requested, tails).build();
  }

  /** The state of building one sub-problem. */
  private static final class Builder {
    private final Index index;
    private final IrProblem full;
    private final IrSolution incumbent;
    private final List<Integer> modes;
    private final long[] tails;
    private final boolean[] free;
    private final int[] local;
    private final List<Integer> freeList = new ArrayList<>();
    private final Set<Integer> context = new TreeSet<>();
    /** Where the free tasks may run: from the first free start in the incumbent to the last free end (cycles). */
    private long[] stretch;

    Builder(Index index, IrSolution incumbent, Set<Integer> requested, long[] tails) {
      this.index = index;
      this.full = index.full();
      this.incumbent = incumbent;
      this.modes = incumbent.modes();
      this.tails = tails;
      this.free = new boolean[full.size()];
      this.local = new int[full.size()];
      Arrays.fill(local, OUTSIDE);
      List<Integer> stack = new ArrayList<>(requested);
      while (!stack.isEmpty()) {
        int t = stack.remove(stack.size() - 1);
        if (!free[t]) {
          free[t] = true;
          stack.addAll(index.dependents.get(t));
        }
      }
      fixDecided();
      for (int t = 0; t < full.size(); t++) {
        if (free[t]) {
          local[t] = freeList.size();
          freeList.add(t);
        }
      }
    }

    /**
     * Fixes, as the incumbent has them, the free tasks whose mode, presence and duration the fixed
     * tasks' modes decide whatever the free ones choose: every trigger and increment holds, or
     * cannot hold, on fixed modes alone. A layer's weight load on a core where fixed tiles of the
     * layer use every slice it loads is one: freed, it would stretch the neighbourhood from the
     * load's early start, and the stretch would pull in every fixed task in it as context. Fixing
     * one may decide others, so until none changes.
     */
    private void fixDecided() {
      boolean changed = true;
      while (changed) {
        changed = false;
        for (int t = 0; t < full.size(); t++) {
          if (free[t] && decided(full.tasks().get(t))) {
            free[t] = false;
            changed = true;
          }
        }
      }
    }

    /** Whether {@code task} has triggers, and its triggers and increments are {@link #decided(Condition)}. */
    private boolean decided(Task task) {
      return task.hasTriggers() && task.triggers().stream().allMatch(this::decided)
          && task.increments().stream().allMatch(i -> decided(i.when()));
    }

    /** Whether {@code c} holds, or cannot hold, on the fixed tasks' incumbent modes alone. */
    private boolean decided(Condition c) {
      boolean possible = false;
      for (List<ModeRef> clause : c.anyOf()) {
        boolean fixedTrue = true;
        boolean fixedFalse = false;
        for (ModeRef r : clause) {
          if (free[r.task()]) {
            fixedTrue = false;
          } else if (modes.get(r.task()) != r.mode()) {
            fixedFalse = true;
          }
        }
        if (fixedTrue && !fixedFalse) {
          return true;
        }
        possible |= !fixedFalse;
      }
      return !possible;
    }

    private boolean present(int t) {
      return incumbent.isPresent(t);
    }

    private long start(int t) {
      return incumbent.starts().get(t);
    }

    private long end(int t) {
      return incumbent.end(full, t);
    }

    /** {@code c} with the fixed tasks' modes filled in; free tasks renumbered. */
    private Condition simplify(Condition c) {
      List<List<ModeRef>> clauses = new ArrayList<>();
      for (List<ModeRef> clause : c.anyOf()) {
        List<ModeRef> kept = new ArrayList<>();
        boolean possible = true;
        for (ModeRef r : clause) {
          if (free[r.task()]) {
            kept.add(new ModeRef(local[r.task()], r.mode()));
          } else if (modes.get(r.task()) != r.mode()) {
            possible = false;
            break;
          }
        }
        if (possible) {
          if (kept.isEmpty()) {
            return Condition.TRUE;
          }
          clauses.add(kept);
        }
      }
      return new Condition(clauses);
    }

    /** A precedence of the sub-problem in full-problem task indices, with its simplified condition. */
    private record Link(int before, int after, long lag, Condition when) {}

    /**
     * A free buffer before its tasks are numbered: {@code -1 - i} is free task i, {@code m >= 0}
     * marker m.
     */
    private record Pending(Buffer buffer, int from, List<Integer> holds, List<Condition> holdWhens, Condition when) {}

    /** Pinned tasks without resources that stand for fixed times, by (start, end). */
    private final TreeMap<List<Long>, Integer> markers = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
        ? Long.compare(a.get(1), b.get(1)) : Long.compare(a.get(0), b.get(0)));

    SubProblem build() {
      // Precedences touching a free task. One from or to a fixed task that always applies is a
      // release time or deadline (a window); one that depends on free modes keeps the fixed task
      // as pinned context.
      List<Link> links = new ArrayList<>();
      List<Link> toSink = new ArrayList<>();
      TreeMap<Integer, Long> sinkLag = new TreeMap<>();
      Set<Integer> seen = new TreeSet<>();
      for (int t : freeList) {
        seen.addAll(index.precedences.get(t));
      }
      for (int p : seen) {
        // A precedence between two fixed tasks is here when its condition mentions a free task.
        Precedence pr = full.precedences().get(p);
        Condition when = simplify(pr.when());
        if (when.anyOf().isEmpty() || (!free[pr.before()] && !present(pr.before()))
            || (!free[pr.after()] && !present(pr.after()))) {
          continue;
        }
        links.add(new Link(pr.before(), pr.after(), pr.minLag(), when));
        boolean window = when.isTrue() && free[pr.before()] != free[pr.after()];
        if (!free[pr.before()] && !window) {
          context.add(pr.before());
        }
        if (!free[pr.after()]) {
          if (!window) {
            context.add(pr.after());
          }
          if (free[pr.before()] && window) {
            sinkLag.merge(pr.before(), pr.minLag() + tails[pr.after()], Math::max);
          } else if (free[pr.before()]) {
            toSink.add(new Link(pr.before(), -1, pr.minLag() + tails[pr.after()], when));
          }
        }
      }
      sinkLag.forEach((t, lag) -> toSink.add(new Link(t, -1, lag, Condition.TRUE)));
      resourceSuccessors(toSink);
      long estimate = 0;
      for (int t : freeList) {
        if (present(t)) {
          estimate = Math.max(estimate, end(t));
        }
      }
      for (Link l : toSink) {
        if (present(l.before()) && l.when().holds(freeModes())) {
          estimate = Math.max(estimate, end(l.before()) + l.lag());
        }
      }
      // Over the free tasks that occupy time: a zero-length choice (a tile's core, a transfer's route)
      // starts at 0 in a left-shifted incumbent, and would stretch every neighbourhood back to 0.
      long first = Long.MAX_VALUE;
      long last = 0;
      for (int t : freeList) {
        if (present(t) && end(t) > start(t)) {
          first = Math.min(first, start(t));
          last = Math.max(last, end(t));
        }
      }
      stretch = new long[] {first == Long.MAX_VALUE ? 0 : first, last};
      long[] release = new long[full.size()];
      long[] deadline = new long[full.size()];
      bounds(links, release, deadline);

      // Buffers a free task affects; the others, on the same memories, are fixed demand.
      Set<Integer> freeBuffers = new TreeSet<>();
      for (int t : freeList) {
        freeBuffers.addAll(index.buffers.get(t));
      }
      List<Buffer> buffers = new ArrayList<>();
      TreeMap<Integer, long[]> storageSpan = new TreeMap<>();
      TreeMap<Integer, TreeSet<Long>> storageTimes = new TreeMap<>();
      List<Pending> kept = new ArrayList<>();
      for (int b : freeBuffers) {
        Buffer buffer = full.buffers().get(b);
        Condition when = simplify(buffer.when());
        if (when.anyOf().isEmpty() || (!free[buffer.from()] && !present(buffer.from()))) {
          continue;
        }
        long lo = free[buffer.from()] ? release[buffer.from()] : start(buffer.from());
        long hi = free[buffer.from()] ? deadline[buffer.from()] : end(buffer.from());
        // Fixed tasks matter to a buffer by their times only: markers. Of the fixed holds that
        // always count, only the latest end matters.
        TreeSet<Long> times = storageTimes.computeIfAbsent(buffer.resource(), r -> new TreeSet<>());
        List<Integer> holds = new ArrayList<>();
        List<Condition> holdWhens = new ArrayList<>();
        int from = free[buffer.from()] ? -1 - local[buffer.from()] : marker(start(buffer.from()), end(buffer.from()));
        if (!free[buffer.from()]) {
          times.add(start(buffer.from()));
          times.add(end(buffer.from()));
        }
        long latest = -1;
        for (Hold h : buffer.until()) {
          Condition holdWhen = simplify(h.when());
          if (holdWhen.anyOf().isEmpty() || (!free[h.task()] && !present(h.task()))) {
            continue;
          }
          hi = Math.max(hi, free[h.task()] ? deadline[h.task()] : end(h.task()));
          if (free[h.task()]) {
            holds.add(-1 - local[h.task()]);
            holdWhens.add(holdWhen);
          } else if (holdWhen.isTrue()) {
            latest = Math.max(latest, end(h.task()));
          } else {
            times.add(end(h.task()));
            holds.add(marker(end(h.task()), end(h.task())));
            holdWhens.add(holdWhen);
          }
        }
        if (latest >= 0) {
          times.add(latest);
          holds.add(marker(latest, latest));
          holdWhens.add(Condition.TRUE);
        }
        kept.add(new Pending(buffer, from, holds, holdWhens, when));
        long[] span = storageSpan.computeIfAbsent(buffer.resource(), r -> new long[] {Long.MAX_VALUE, 0});
        span[0] = Math.min(span[0], lo);
        span[1] = Math.max(span[1], hi);
      }

      // Busy intervals: fixed tasks on a resource a free task may use, while one could run there.
      TreeMap<Integer, long[]> resourceSpan = new TreeMap<>();
      for (int t : freeList) {
        for (Mode m : full.tasks().get(t).modes()) {
          for (Usage u : m.usages()) {
            long[] span = resourceSpan.computeIfAbsent(u.resource(), r -> new long[] {Long.MAX_VALUE, 0});
            span[0] = Math.min(span[0], release[t]);
            span[1] = Math.max(span[1], deadline[t]);
          }
        }
      }
      resourceSpan.forEach((r, span) -> {
        for (int t : index.users.get(r)) {
          if (!free[t] && present(t) && occupies(t, r, span[0], span[1])) {
            context.add(t);
          }
        }
      });

      // Tasks: free, then context, then the fixed-memory steps, then the sink.
      List<Task> tasks = new ArrayList<>();
      List<Integer> original = new ArrayList<>(freeList);
      List<TimeWindow> windows = new ArrayList<>();
      List<Long> hintStarts = new ArrayList<>();
      List<Integer> hintModes = new ArrayList<>();
      for (int t : freeList) {
        tasks.add(freeTask(full.tasks().get(t)));
        hintModes.add(modes.get(t));
        hintStarts.add(present(t) ? start(t) : 0L);
      }
      for (int t : freeList) {
        windows.add(new TimeWindow(local[t], release[t], Math.max(release[t], deadline[t])));
      }
      long offset = 0;
      for (int t : context) {
        local[t] = tasks.size();
        original.add(t);
        List<Usage> usages = modeOf(t).usages().stream().filter(u -> resourceSpan.containsKey(u.resource())).toList();
        Task task = full.tasks().get(t);
        tasks.add(Task.of(task.name(), List.of(new Mode(modeOf(t).name(), end(t) - start(t), 0, usages))));
        windows.add(new TimeWindow(local[t], start(t), end(t)));
        hintModes.add(0);
        hintStarts.add(start(t));
        offset = Math.max(offset, end(t));
      }
      // Markers after the context; in kept buffers, -1 - i is free task i and m >= 0 marker m.
      List<Integer> markerIndex = new ArrayList<>();
      for (var entry : markers.entrySet()) {
        while (markerIndex.size() <= entry.getValue()) {
          markerIndex.add(0);
        }
      }
      for (var entry : markers.entrySet()) {
        long s0 = entry.getKey().get(0);
        long e0 = entry.getKey().get(1);
        markerIndex.set(entry.getValue(), tasks.size());
        windows.add(new TimeWindow(tasks.size(), s0, e0));
        tasks.add(Task.of("fixed time " + s0 + "-" + e0, List.of(new Mode("fixed", e0 - s0, 0, List.of()))));
        original.add(OUTSIDE);
        hintModes.add(0);
        hintStarts.add(s0);
        offset = Math.max(offset, e0);
      }
      for (Pending b : kept) {
        List<Hold> holds = new ArrayList<>();
        for (int i = 0; i < b.holds().size(); i++) {
          holds.add(new Hold(resolve(b.holds().get(i), markerIndex), b.holdWhens().get(i)));
        }
        buffers.add(new Buffer(b.buffer().name(), b.buffer().resource(), b.buffer().bits(),
            resolve(b.from(), markerIndex), holds, b.when()));
      }
      Set<Integer> freeSet = new TreeSet<>(freeBuffers);
      for (var entry : storageSpan.entrySet()) {
        int r = entry.getKey();
        long[] span = entry.getValue();
        TreeMap<Long, Long> delta = new TreeMap<>();
        for (int b : index.buffersOn.get(r)) {
          if (freeSet.contains(b) || !incumbent.hasBuffer(full, b)) {
            continue;
          }
          long s = Math.max(span[0], start(full.buffers().get(b).from()));
          long e = Math.min(span[1], incumbent.bufferEnd(full, b));
          if (e > s) {
            delta.merge(s, full.buffers().get(b).bits(), Long::sum);
            delta.merge(e, -full.buffers().get(b).bits(), Long::sum);
          }
        }
        // Within the stretch, the fixed demand step by step. After it the free buffers only end,
        // at fixed times: between two such times the set of live free buffers is constant, and
        // the highest fixed demand there is the one that binds (a one-cycle step).
        long cut = Math.max(span[0], Math.min(span[1], stretch[1]));
        TreeSet<Long> bounds = new TreeSet<>(storageTimes.getOrDefault(r, new TreeSet<>())
            .subSet(cut, true, span[1], false));
        bounds.add(cut);
        TreeMap<Long, long[]> peaks = new TreeMap<>();
        long level = 0;
        Long from = null;
        for (var step : delta.entrySet()) {
          long to = step.getKey();
          if (from != null && level > 0 && to > from) {
            if (from < cut) {
              offset = Math.max(offset, fixedMemory(r, from, Math.min(to, cut), level, tasks, original, windows,
                  buffers, hintModes, hintStarts));
            }
            for (long a = Math.max(from, cut); a < to; ) {
              long piece = bounds.floor(a);
              long[] peak = peaks.computeIfAbsent(piece, k -> new long[] {0, 0});
              if (level > peak[0]) {
                peak[0] = level;
                peak[1] = a;
              }
              Long next = bounds.higher(a);
              a = next == null ? to : next;
            }
          }
          level += step.getValue();
          from = to;
        }
        for (long[] peak : peaks.values()) {
          offset = Math.max(offset, fixedMemory(r, peak[1], peak[1] + 1, peak[0], tasks, original, windows, buffers,
              hintModes, hintStarts));
        }
      }
      int sink = tasks.size();
      tasks.add(Task.of("lns sink", List.of(new Mode("estimate", offset, 0, List.of()))));
      original.add(OUTSIDE);
      hintModes.add(0);
      hintStarts.add(estimate);

      List<Precedence> precedences = new ArrayList<>();
      for (Link l : links) {
        if (!l.when().isTrue() || free[l.before()] == free[l.after()]) {
          precedences.add(new Precedence(local[l.before()], local[l.after()], l.lag(), l.when()));
        }
      }
      for (Link l : toSink) {
        precedences.add(new Precedence(local[l.before()], sink, l.lag(), l.when()));
      }
      for (int t : freeList) {
        precedences.add(Precedence.of(local[t], sink));
      }
      Set<Integer> conditions = new TreeSet<>();
      freeList.forEach(t -> conditions.addAll(index.forbidden.get(t)));
      List<Condition> forbidden = new ArrayList<>();
      for (int c : conditions) {
        Condition simplified = simplify(full.forbidden().get(c));
        if (!simplified.anyOf().isEmpty()) {
          forbidden.add(simplified);
        }
      }
      IrProblem problem = new IrProblem(full.name() + " (neighbourhood of " + freeList.size() + " tasks)",
          full.resources(), tasks, precedences, buffers, forbidden, windows);
      return new SubProblem(problem, original.stream().mapToInt(Integer::intValue).toArray(), freeList.size(),
          new IrSolution(hintModes, hintStarts), offset);
    }

    /**
     * Adds, per free task and resource of its incumbent mode, a link to the sink with the longest
     * tail of the fixed tasks that start on that resource after the task ends in the incumbent,
     * conditional on the task keeping that mode. The left shift keeps them after it, so the whole
     * schedule lasts at least that long after its end; without the link a neighbourhood that frees
     * a core early for the fixed tasks after it would score no better until the shift. Only fixed
     * successors count: the free ones move with the step, and their own links count for them.
     */
    private void resourceSuccessors(List<Link> toSink) {
      TreeMap<Integer, List<Integer>> used = new TreeMap<>();
      for (int t : freeList) {
        if (present(t) && end(t) > start(t)) {
          for (Usage u : modeOf(t).usages()) {
            used.computeIfAbsent(u.resource(), r -> new ArrayList<>()).add(t);
          }
        }
      }
      for (var entry : used.entrySet()) {
        int r = entry.getKey();
        List<long[]> fixed = new ArrayList<>();
        for (int f : index.users.get(r)) {
          if (!free[f] && present(f) && end(f) > start(f)
              && modeOf(f).usages().stream().anyMatch(u -> u.resource() == r)) {
            fixed.add(new long[] {start(f), tails[f]});
          }
        }
        fixed.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] starts = new long[fixed.size()];
        long[] longest = new long[fixed.size() + 1];
        for (int i = fixed.size() - 1; i >= 0; i--) {
          starts[i] = fixed.get(i)[0];
          longest[i] = Math.max(longest[i + 1], fixed.get(i)[1]);
        }
        for (int t : entry.getValue()) {
          int first = Arrays.binarySearch(starts, end(t));
          if (first < 0) {
            first = -1 - first;
          }
          while (first > 0 && starts[first - 1] == end(t)) {
            first--;
          }
          if (longest[first] > 0) {
            toSink.add(new Link(t, -1, longest[first], Condition.allOf(new ModeRef(local[t], modes.get(t)))));
          }
        }
      }
    }

    /** The id of the marker for {@code [start, end)} (resolved to a task index later). */
    private int marker(long start, long end) {
      return markers.computeIfAbsent(List.of(start, end), k -> markers.size());
    }

    /** A task index for a buffer reference: {@code -1 - i} is free task i, {@code m >= 0} marker m. */
    private static int resolve(int reference, List<Integer> markerIndex) {
      return reference < 0 ? -1 - reference : markerIndex.get(reference);
    }

    /** Adds a pinned task over {@code [from, to)} holding {@code bits} of fixed demand on {@code r}; returns {@code to}. */
    private long fixedMemory(int r, long from, long to, long bits, List<Task> tasks, List<Integer> original,
        List<TimeWindow> windows, List<Buffer> buffers, List<Integer> hintModes, List<Long> hintStarts) {
      int task = tasks.size();
      tasks.add(Task.of("fixed memory " + full.resources().get(r).name() + " @" + from,
          List.of(new Mode("fixed", to - from, 0, List.of()))));
      original.add(OUTSIDE);
      windows.add(new TimeWindow(task, from, to));
      buffers.add(new Buffer("fixed memory @" + from, r, bits, task, List.of(), Condition.TRUE));
      hintModes.add(0);
      hintStarts.add(from);
      return to;
    }

    /**
     * Whether fixed task {@code t} holds resource {@code r} in the incumbent during part of
     * {@code [from, to)}: a usage for the whole task over {@code [start, end)}, a prefix usage
     * over {@code [start, start + cycles)} only.
     */
    private boolean occupies(int t, int r, long from, long to) {
      long duration = end(t) - start(t);
      for (Usage u : modeOf(t).usages()) {
        long length = u.length(duration);
        if (u.resource() == r && length > 0 && start(t) < to && start(t) + length > from) {
          return true;
        }
      }
      return false;
    }

    /** The incumbent's modes of the free tasks, in sub-problem numbering. */
    private List<Integer> freeModes() {
      return freeList.stream().map(modes::get).toList();
    }

    private Mode modeOf(int t) {
      return full.tasks().get(t).modes().get(modes.get(t));
    }

    private Task freeTask(Task task) {
      List<Increment> increments = new ArrayList<>();
      for (Increment i : task.increments()) {
        Condition when = simplify(i.when());
        if (!when.anyOf().isEmpty()) {
          increments.add(new Increment(when, i.cycles(), i.energyPj()));
        }
      }
      return new Task(task.name(), task.modes(), task.triggers().stream().map(this::simplify).toList(),
          task.isOptional(), increments, task.unitsPerCycle());
    }

    /**
     * Release times and deadlines of the free tasks (cycles): the {@link #stretch}, narrowed by
     * what it implies over unconditional precedences from pinned and mandatory neighbours. They
     * become the free tasks' windows and bound which fixed tasks can meet a free one on a
     * resource or in a memory.
     */
    private void bounds(List<Link> links, long[] release, long[] deadline) {
      for (int t : freeList) {
        // A zero-length task may lie outside the stretch: its window reaches out to it.
        release[t] = present(t) ? Math.min(stretch[0], start(t)) : stretch[0];
        deadline[t] = present(t) ? Math.max(stretch[1], end(t)) : stretch[1];
      }
      for (TimeWindow w : full.windows()) {
        if (free[w.task()]) {
          release[w.task()] = Math.max(release[w.task()], w.earliestStart());
          deadline[w.task()] = Math.min(deadline[w.task()], w.latestEnd());
        }
      }
      List<List<Link>> in = new ArrayList<>();
      List<List<Link>> out = new ArrayList<>();
      for (int i = 0; i < freeList.size(); i++) {
        in.add(new ArrayList<>());
        out.add(new ArrayList<>());
      }
      for (Link l : links) {
        if (!l.when().isTrue()) {
          continue;
        }
        if (free[l.after()]) {
          in.get(local[l.after()]).add(l);
        }
        if (free[l.before()]) {
          out.get(local[l.before()]).add(l);
        }
      }
      List<Integer> order = index.topological.stream().filter(t -> free[t]).toList();
      for (int t : order) {
        for (Link l : in.get(local[t])) {
          int u = l.before();
          if (!free[u]) {
            release[t] = Math.max(release[t], end(u) + l.lag());
          } else if (!full.tasks().get(u).isOptional()) {
            release[t] = Math.max(release[t], release[u] + full.tasks().get(u).minDuration() + l.lag());
          }
        }
      }
      for (int k = order.size() - 1; k >= 0; k--) {
        int t = order.get(k);
        for (Link l : out.get(local[t])) {
          int v = l.after();
          if (!free[v]) {
            deadline[t] = Math.min(deadline[t], start(v) - l.lag());
          } else if (!full.tasks().get(v).isOptional()) {
            deadline[t] = Math.min(deadline[t], deadline[v] - full.tasks().get(v).minDuration() - l.lag());
          }
        }
      }
    }
  }
}
