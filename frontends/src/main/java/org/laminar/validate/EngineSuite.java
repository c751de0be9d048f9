package org.laminar.validate;

import static com.google.common.base.Preconditions.checkNotNull;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Limits;
import org.laminar.engine.Objective;
import org.laminar.exact.CpSatScheduler;
import org.laminar.exact.ExactResult;
import org.laminar.greedy.SerialSgs;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.psplib.PsplibReader;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;

/**
 * CP-SAT against the second engine, Choco, on the same IR: the bundled small networks' latency
 * ({@link SmallNetworks}) and the PSPLIB j301 instances' makespan. The engines agree when every
 * schedule passes its checker, the optima are equal where both engines prove one, and otherwise
 * neither engine's proven bound lies above the other's schedule. Both runs are deterministic:
 * CP-SAT on one worker within a deterministic limit, Choco (deterministic search, one thread)
 * within a fail limit. The table's reference is CP-SAT's value, Laminar's figure Choco's.
 */
public final class EngineSuite {
  /** Choco's wall-clock safety net per solve (s): the fail limit is meant to stop it first. */
  static final double CHOCO_SAFETY_SECONDS = 300;

  private EngineSuite() {
  }

  /**
   * One engine's run on one instance.
   *
   * @param instance {@code workload x accelerator} or a PSPLIB instance's name
   * @param engine the engine's name
   * @param status what the engine proved
   * @param value the objective of its schedule (cycles or periods, per the checker), NaN without one
   * @param bound its proven lower bound (same unit)
   * @param valid whether there is a schedule and the checker accepts it
   * @param wallSeconds wall-clock time of the solve (s)
   * @param cpuSeconds process CPU time during the solve (s), every thread included
   */
  public record EngineRun(String instance, String engine, SolveStatus status, double value, double bound,
      boolean valid, double wallSeconds, double cpuSeconds) {
    public EngineRun {
      checkNotNull(instance, "instance is missing");
      checkNotNull(engine, "engine is missing");
      checkNotNull(status, "status is missing");
    }

    /** {@code (value - bound) / value}. */
    public double gap() {
      return value == 0 ? 0 : (value - bound) / value;
    }

    /** {@code engine STATUS bound B}, for a table's detail. */
    String text() {
      return String.format(Locale.ROOT, "%s %s bound %,.0f%s", engine, status, bound, valid ? "" : " INVALID");
    }
  }

  /** The engines of the suite: CP-SAT and Choco with their deterministic limits. */
  public record Engines(double cpsatDeterministicLimit, long chocoFailLimit) {
    /** CP-SAT, one worker, within its deterministic limit. */
    public Engine cpsat() {
      return new CpSatSolver(CpSatParameters.deterministic(cpsatDeterministicLimit));
    }

    /** Choco within its fail limit (and a wall-clock safety net). */
    public Engine choco() {
      return new ChocoSolver(Limits.defaults().withWorkers(1).withTimeLimit(CHOCO_SAFETY_SECONDS), chocoFailLimit);
    }
  }

  /** The cases: each of {@code networks} for latency, then each of the PSPLIB {@code j30} instances for makespan. */
  public static List<ValidationCase> run(List<SmallNetworks.Pair> networks, Path j30, List<String> psplib,
      Engines engines) {
    List<ValidationCase> cases = new ArrayList<>();
    for (SmallNetworks.Pair pair : networks) {
      cases.add(compare(pair + " latency", "cycles", schedule(pair, engines.cpsat()),
          schedule(pair, engines.choco())));
    }
    for (String instance : psplib) {
      Path file = j30.resolve(instance + ".sm");
      cases.add(compare(instance + " makespan", "periods", rcpsp(file, engines.cpsat()), rcpsp(file, engines.choco())));
    }
    return cases;
  }

  private static ValidationCase compare(String name, String unit, EngineRun cpsat, EngineRun choco) {
    return new ValidationCase("engines", name, unit, cpsat.value(), choco.value(),
        (choco.value() - cpsat.value()) / cpsat.value(), -1, agree(cpsat, choco),
        cpsat.text() + "; " + choco.text());
  }

  /**
   * Whether two engines' runs agree: both have a checker-valid schedule, the values are equal where
   * both proved optimality, and no run's bound lies above either value.
   */
  public static boolean agree(EngineRun a, EngineRun b) {
    if (!a.valid() || !b.valid()) {
      return false;
    }
    if (a.status() == SolveStatus.OPTIMAL && b.status() == SolveStatus.OPTIMAL
        && Math.abs(a.value() - b.value()) > 1e-9) {
      return false;
    }
    return Math.max(a.bound(), b.bound()) <= Math.min(a.value(), b.value()) + 1e-9;
  }

  /** {@code engine}'s exact latency schedule of {@code pair}, hinted with the greedy schedules, checked. */
  public static EngineRun schedule(SmallNetworks.Pair pair, Engine engine) {
    SchedulingProblem problem = pair.problem();
    CpSatScheduler scheduler = new CpSatScheduler(CpSatScheduler.Options.defaults(), engine,
        CpSatScheduler.greedyWarmStarts(), p -> { });
    long cpu = cpuNanos();
    long wall = System.nanoTime();
    ExactResult r = scheduler.solve(problem);
    double seconds = (System.nanoTime() - wall) / 1e9;
    boolean valid = r.report().map(report -> report.valid()).orElse(false);
    return new EngineRun(pair.toString(), engine.name(), r.result().status(), valid ? r.value() : Double.NaN,
        r.bound(), valid, seconds, (cpuNanos() - cpu) / 1e9);
  }

  /** {@code engine}'s makespan of a PSPLIB instance, from the best serial SGS schedule, checked. */
  public static EngineRun rcpsp(Path file, Engine engine) {
    IrProblem problem = PsplibReader.read(file);
    Optional<IrSolution> greedy = SerialSgs.best(problem);
    long cpu = cpuNanos();
    long wall = System.nanoTime();
    EngineResult r = engine.solve(problem, Objective.MAKESPAN, greedy, p -> { });
    double seconds = (System.nanoTime() - wall) / 1e9;
    Optional<IrCheckResult> check = r.solution().map(s -> IrChecker.check(problem, s));
    // The engine's own objective must be the checker's makespan: a schedule that claims less is not valid.
    boolean valid = check.filter(c -> c.valid() && c.makespan() == r.objective()).isPresent();
    String name = file.getFileName().toString().replaceFirst("\\.sm$", "");
    return new EngineRun(name, engine.name(), r.status(), check.map(c -> (double) c.makespan()).orElse(Double.NaN),
        r.bound(), valid, seconds, (cpuNanos() - cpu) / 1e9);
  }

  /** CPU time of the whole process (every solver thread, native ones included). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
