package org.laminar.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laminar.bound.LatencyBounds;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.io.Suites;
import org.laminar.lns.LnsResult;
import org.laminar.lns.LnsScheduler;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;

/**
 * Where the DRAM port idles in a suite member's best schedule (issue #10), run outside {@code mvn
 * verify}: per port its busy cycles by kind of transfer against the DRAM bounds, its idle cycles
 * split by the kind of the transfer that ends each gap and by what that transfer waited for, and
 * the repeated weight loads (a layer loaded onto several cores) that the traffic bound counts once.
 *
 * <pre>
 * mvn -B -o -pl validation -am -Pvalidation test -Dtest=DramAnalysis -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlaminar.suite=large -Dlaminar.members=resnet18-tpu-like-quad-core -Dlaminar.steps=8
 * </pre>
 *
 * {@code -Dlaminar.steps=N} analyses the schedule after N deterministic LNS steps on one worker (the
 * greedy start, shifted left, with 1).
 */
@Tag("validation")
class DramAnalysis {
  @Test
  void analyse() {
    String suite = System.getProperty("laminar.suite", "large");
    String name = System.getProperty("laminar.members", "resnet18-tpu-like-quad-core");
    int steps = Integer.parseInt(System.getProperty("laminar.steps", "1"));
    Suites.Member member = Suites.named(suite).members().stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow();
    SchedulingProblem problem = member.problem(Path.of(System.getProperty("laminar.root", ".")));
    LnsResult r = new LnsScheduler(LnsScheduler.Options.deterministic(steps, 0.3), p -> { }).solve(problem);
    Schedule schedule = r.result().schedule().orElseThrow();
    CheckReport report = new ScheduleChecker().check(problem, schedule);
    assertTrue(report.valid(), report.violations().toString());
    long makespan = report.metrics().latencyCycles();
    LatencyBounds bounds = LatencyBounds.of(problem);
    System.out.printf(Locale.ROOT, "%s after %d steps (start %s %,d): makespan %,d; bounds %s%n", name, steps,
        r.start(), r.startLatencyCycles(), makespan, bounds.named());
    Map<String, List<Movement>> ports = new TreeMap<>();
    for (Movement m : schedule.movements()) {
      if (m.resource().startsWith("dram")) {
        ports.computeIfAbsent(m.resource(), k -> new ArrayList<>()).add(m);
      }
    }
    Map<Integer, ScheduledTile> byTile = new HashMap<>();
    schedule.tiles().forEach(st -> byTile.put(st.tile(), st));
    for (var entry : ports.entrySet()) {
      List<Movement> on = entry.getValue();
      on.sort(Comparator.comparingLong(Movement::start));
      Map<String, long[]> busy = new TreeMap<>();
      Map<String, Long> idleBefore = new TreeMap<>();
      long end = 0;
      long idle = 0;
      for (Movement m : on) {
        String kind = m.getClass().getSimpleName();
        busy.computeIfAbsent(kind, k -> new long[2])[0] += m.end() - m.start();
        busy.get(kind)[1]++;
        if (m.start() > end) {
          idle += m.start() - end;
          idleBefore.merge(kind + " " + waitedFor(m, byTile), m.start() - end, Long::sum);
        }
        end = Math.max(end, m.end());
      }
      System.out.printf(Locale.ROOT, "port %s: %d transfers, busy %,d of %,d cycles (%.1f %%), idle %,d before the "
          + "last transfer ends at %,d, then %,d to the end%n", entry.getKey(), on.size(), makespan - idle - (makespan
          - end), makespan, 100.0 * (end - idle) / makespan, idle, end, makespan - end);
      busy.forEach((k, v) -> System.out.printf(Locale.ROOT, "  busy %-12s %,12d cycles in %,d transfers%n", k, v[0],
          v[1]));
      idleBefore.forEach((k, v) -> System.out.printf(Locale.ROOT, "  idle before %-40s %,12d cycles%n", k, v));
    }
    Map<Integer, Integer> loadsPerLayer = new TreeMap<>();
    Map<Integer, Long> bitsPerLayer = new TreeMap<>();
    for (Movement m : schedule.movements()) {
      if (m instanceof Movement.WeightLoad w) {
        loadsPerLayer.merge(w.layer(), 1, Integer::sum);
        bitsPerLayer.merge(w.layer(), w.bits(), Long::sum);
      }
    }
    System.out.println("weight loads per layer (layer: loads, bits): " + loadsPerLayer + " " + bitsPerLayer);
    Map<Integer, long[]> cores = new TreeMap<>();
    for (ScheduledTile st : schedule.tiles()) {
      long[] c = cores.computeIfAbsent(st.core(), k -> new long[] {0, Long.MAX_VALUE, 0});
      c[0] += st.end() - st.start();
      c[1] = Math.min(c[1], st.start());
      c[2] = Math.max(c[2], st.end());
    }
    cores.forEach((c, v) -> System.out.printf(Locale.ROOT, "core %d: busy %,d cycles, first start %,d, last end %,d%n",
        c, v[0], v[1], v[2]));
  }

  /**
   * What a transfer that starts after the port idled waited for, as far as the
   * schedule shows it: a store or spill for its tile to end, a stream for its tile to start; an input
   * load, weight load or read-back whether it starts as a tile on its core ends (room freed in the
   * core's memories).
   */
  private static String waitedFor(Movement m, Map<Integer, ScheduledTile> byTile) {
    if (m instanceof Movement.SinkStore s) {
      return byTile.get(s.tile()).end() == m.start() ? "(tile ended)" : "(later than its tile)";
    }
    if (m instanceof Movement.SpillWrite s) {
      return byTile.get(s.tile()).end() == m.start() ? "(tile ended)" : "(later than its tile)";
    }
    if (m instanceof Movement.WeightStream s) {
      return byTile.get(s.tile()).start() == m.start() ? "(tile started)" : "(later than its tile)";
    }
    int core = m instanceof Movement.InputLoad l ? l.core() : m instanceof Movement.WeightLoad w ? w.core()
        : m instanceof Movement.SpillRead r ? r.core() : -1;
    boolean freed = byTile.values().stream().anyMatch(st -> st.core() == core && st.end() == m.start());
    return freed ? "(a tile on its core ended)" : "(no tile on its core ended)";
  }
}
