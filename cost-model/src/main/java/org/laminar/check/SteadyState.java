package org.laminar.check;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.laminar.batch.Batch;
import org.laminar.hardware.MemoryInstance;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.workload.Operand;

/**
 * The checker's verdict on a batch schedule as a steady state, and its initiation interval: the
 * measurement behind every II that Laminar prints (docs/SCHEDULE.md, "Batches").
 *
 * <p>Definitions, for a batch of {@code N ≥ 2} iterations whose unrolled schedule the
 * {@link ScheduleChecker} accepted:
 * <ul>
 *   <li><b>Periodic with interval II</b>: every copy {@code i} of every tile runs on the core of
 *       copy 0, starting exactly {@code i · II} cycles after it; and every movement of iteration
 *       {@code i} (input loads, weight streams, link hops, spills, read-backs, sink stores, each
 *       belonging to the iteration of its tile or edge) is a movement of iteration 0 of the same
 *       kind, tile or edge, cores, resource and bits, shifted by exactly {@code i · II}. Weight
 *       loads belong to no iteration: the weights are loaded once per core for the whole batch.</li>
 *   <li><b>Span</b> {@code L}: from the first start to the last end of iteration 0's tiles and
 *       movements (cycles).</li>
 *   <li><b>Steady state</b>: periodic, {@code L ≤ (N − 1) · II}, and every local memory holding
 *       weights has room for its peak plus every weight loaded into it. Then the same pattern
 *       repeated for ever is valid too: two iterations {@code k ≥ N} apart never overlap in time
 *       ({@code k · II > L}), two closer ones overlap exactly as iterations 0 and {@code k} do in
 *       the checked schedule, and keeping every weight resident for ever fits (the memory
 *       condition is sufficient, not necessary). So one inference completes every II cycles:
 *       the throughput is {@code 1 / II} inferences per cycle.</li>
 * </ul>
 *
 * @param iterations N
 * @param intervalCycles II, present iff the schedule is periodic
 * @param spanCycles L, the span of iteration 0 (cycles; 0 when not periodic)
 * @param steady whether the schedule is a steady state as defined above
 * @param reasons why it is not periodic or not a steady state (empty when it is)
 */
public record SteadyState(int iterations, OptionalLong intervalCycles, long spanCycles, boolean steady,
    List<String> reasons) {
  public SteadyState {
    checkArgument(iterations >= 2, "a steady state needs at least 2 iterations, got %s", iterations);
    checkNotNull(intervalCycles, "interval is missing");
    reasons = ImmutableList.copyOf(reasons);
    checkArgument(!steady || intervalCycles.isPresent() && reasons.isEmpty(), "a steady state needs an interval");
  }

  /**
   * Measures {@code schedule} of the unrolled problem {@code batchProblem} of {@code batch}, which
   * {@code report} (the checker's) found valid.
   *
   * @throws IllegalArgumentException when the report is not a valid one of this schedule's problem
   */
  public static SteadyState of(SchedulingProblem batchProblem, Batch batch, Schedule schedule, CheckReport report) {
    checkArgument(report.valid(), "only a schedule the checker accepts can be measured as a steady state");
    checkArgument(batchProblem.graph().tiles().size() == batch.tiles(), "the problem has %s tiles, the batch %s",
        batchProblem.graph().tiles().size(), batch.tiles());
    int n = batch.iterations();
    ScheduledTile[] placed = new ScheduledTile[batch.tiles()];
    schedule.tiles().forEach(t -> placed[t.tile()] = t);
    long interval = placed[batch.copy(0, 1)].start() - placed[batch.copy(0, 0)].start();
    for (int b = 0; b < batch.tilesPerIteration(); b++) {
      ScheduledTile first = placed[batch.copy(b, 0)];
      for (int i = 1; i < n; i++) {
        ScheduledTile copy = placed[batch.copy(b, i)];
        if (copy.core() != first.core() || copy.start() != first.start() + i * interval) {
          return notPeriodic(n, String.format(Locale.ROOT, "tile %s (copy %s of tile %s) runs on core %s from cycle "
              + "%s, not on core %s from cycle %s (= %s + %s x %s)", copy.tile(), i, b, copy.core(), copy.start(),
              first.core(), first.start() + i * interval, first.start(), i, interval));
        }
      }
    }
    List<Map<String, List<long[]>>> byIteration = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byIteration.add(new HashMap<>());
    }
    for (Movement m : schedule.movements()) {
      key(m, batch).ifPresent(k -> byIteration.get(k.iteration()).computeIfAbsent(k.what(), x -> new ArrayList<>())
          .add(new long[] {m.start(), m.end()}));
    }
    byIteration.forEach(map -> map.values().forEach(list -> list.sort((a, b) -> Long.compare(a[0], b[0]))));
    Map<String, List<long[]>> first = byIteration.get(0);
    for (int i = 1; i < n; i++) {
      Map<String, List<long[]>> copy = byIteration.get(i);
      for (String what : union(first, copy)) {
        List<long[]> a = first.getOrDefault(what, List.of());
        List<long[]> b = copy.getOrDefault(what, List.of());
        if (a.size() != b.size()) {
          return notPeriodic(n, String.format(Locale.ROOT, "iteration %s has %s %s, iteration 0 has %s", i, b.size(),
              what, a.size()));
        }
        for (int j = 0; j < a.size(); j++) {
          if (b.get(j)[0] != a.get(j)[0] + i * interval || b.get(j)[1] != a.get(j)[1] + i * interval) {
            return notPeriodic(n, String.format(Locale.ROOT, "iteration %s: %s runs [%s, %s), not iteration 0's "
                + "[%s, %s) shifted by %s x %s", i, what, b.get(j)[0], b.get(j)[1], a.get(j)[0], a.get(j)[1], i,
                interval));
          }
        }
      }
    }
    long begin = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (int b = 0; b < batch.tilesPerIteration(); b++) {
      begin = Math.min(begin, placed[b].start());
      end = Math.max(end, placed[b].end());
    }
    for (List<long[]> list : first.values()) {
      for (long[] span : list) {
        begin = Math.min(begin, span[0]);
        end = Math.max(end, span[1]);
      }
    }
    long span = end - begin;
    List<String> reasons = new ArrayList<>();
    if (interval <= 0) {
      reasons.add(String.format(Locale.ROOT, "the interval %s is not positive", interval));
    } else if (span > (n - 1) * interval) {
      reasons.add(String.format(Locale.ROOT, "iteration 0 spans %,d cycles, more than (N - 1) x II = %s x %,d: "
          + "iterations %s apart would overlap in a longer run", span, n - 1, interval, n));
    }
    reasons.addAll(weightRoom(batchProblem, schedule, report));
    return new SteadyState(n, OptionalLong.of(interval), span, reasons.isEmpty(), reasons);
  }

  /** The memories where the peak and every weight loaded into them do not fit together. */
  private static List<String> weightRoom(SchedulingProblem problem, Schedule schedule, CheckReport report) {
    Map<MemoryInstance, Long> weights = new HashMap<>();
    for (Movement m : schedule.movements()) {
      if (m instanceof Movement.WeightLoad w) {
        weights.merge(problem.memoryInstance(problem.accelerator().core(w.core()), Operand.W), w.bits(), Long::sum);
      }
    }
    List<String> full = new ArrayList<>();
    weights.forEach((memory, bits) -> {
      String name = memory.isShared() ? memory.name() : memory.level().name();
      long peak = report.memory().stream().filter(t -> t.core() == memory.cores().get(0) && t.memory().equals(name))
          .mapToLong(MemoryTrace::peakBits).max().orElse(0);
      if (peak + bits > memory.sizeBits()) {
        full.add(String.format(Locale.ROOT, "%s (%,d bits) cannot keep its %,d bits of weights resident beside its "
            + "peak of %,d bits", memory.describe(), memory.sizeBits(), bits, peak));
      }
    });
    return full;
  }

  private static SteadyState notPeriodic(int n, String reason) {
    return new SteadyState(n, OptionalLong.empty(), 0, false, List.of("not periodic: " + reason));
  }

  private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
    List<String> keys = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
    return keys;
  }

  /** A movement's iteration and what it is within its iteration (kind, base tiles, cores, resource, bits). */
  private record Key(int iteration, String what) {}

  private static Optional<Key> key(Movement m, Batch batch) {
    String where = " on " + m.resource() + " (" + m.bits() + " bits)";
    if (m instanceof Movement.WeightStream s) {
      return Optional.of(new Key(batch.iteration(s.tile()), "weight stream of tile " + batch.base(s.tile())
          + " onto core " + s.core() + where));
    }
    if (m instanceof Movement.InputLoad in) {
      return Optional.of(new Key(batch.iteration(in.tile()), "input load of tile " + batch.base(in.tile())
          + " onto core " + in.core() + where));
    }
    if (m instanceof Movement.LinkHop h) {
      return Optional.of(new Key(batch.iteration(h.producer()), "hop " + h.hop() + " of edge "
          + batch.base(h.producer()) + "->" + batch.base(h.consumer()) + " (core " + h.fromCore() + " -> core "
          + h.toCore() + ")" + where));
    }
    if (m instanceof Movement.SpillWrite s) {
      return Optional.of(new Key(batch.iteration(s.tile()), "spill of tile " + batch.base(s.tile()) + " from core "
          + s.core() + where));
    }
    if (m instanceof Movement.SpillRead r) {
      return Optional.of(new Key(batch.iteration(r.producer()), "read-back " + batch.base(r.producer()) + "->"
          + batch.base(r.consumer()) + " onto core " + r.core() + where));
    }
    if (m instanceof Movement.SinkStore s) {
      return Optional.of(new Key(batch.iteration(s.tile()), "store of tile " + batch.base(s.tile()) + " from core "
          + s.core() + where));
    }
    // A weight load serves every iteration.
    return Optional.empty();
  }
}
