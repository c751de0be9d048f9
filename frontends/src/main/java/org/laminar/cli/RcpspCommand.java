package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.laminar.bound.IrBounds;
import org.laminar.engine.Engine;
import org.laminar.engine.EngineResult;
import org.laminar.engine.Objective;
import org.laminar.engine.Progress;
import org.laminar.greedy.SerialSgs;
import org.laminar.io.InputException;
import org.laminar.ir.IrCheckResult;
import org.laminar.ir.IrChecker;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.psplib.PsplibReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code laminar rcpsp FILE.sm}: solves a PSPLIB single-mode RCPSP instance through the same
 * scheduling IR and exact engine (CP-SAT or Choco, {@code --engine}) as the accelerator
 * schedules, starting from the best serial schedule-generation schedule, and validates the
 * result with the IR checker.
 */
@Command(name = "rcpsp",
    header = "Solve a PSPLIB RCPSP instance (.sm) with CP-SAT or Choco.",
    description = {"Solves a PSPLIB single-mode RCPSP instance (.sm) with an exact engine: makespan, status,",
        "proven lower bound, and the independent checker's verdict. Progress goes to stderr."},
    resourceBundle = "org.laminar.cli.RcpspCommand$Texts")
public final class RcpspCommand implements Callable<Integer> {
  /** What its JSON holds. */
  public static final class Texts extends CommandTexts {
    public Texts() {
      super(": {\"instance\", \"makespan\", \"status\", \"bound\", \"valid\"}");
    }
  }

  @Parameters(index = "0", paramLabel = "FILE.sm", description = "PSPLIB .sm file")
  Path file;

  @Mixin
  SolverOptions solver = new SolverOptions();

  @Mixin
  JsonOption json = new JsonOption();

  @Spec
  CommandSpec spec;

  /**
   * The answer: makespan and bound in periods (cycles), the solver status, the checker's verdict.
   *
   * @param instance instance name (the file name without extension)
   * @param makespan makespan of the returned schedule, as the checker measures it
   * @param status solver status
   * @param bound best lower bound: the engine's, or the critical-path/resource bound if higher
   * @param valid whether the checker accepts the schedule
   */
  record Report(String instance, long makespan, String status, long bound, boolean valid) {}

  @Override
  public Integer call() throws JsonProcessingException {
    Engine engine = solver.engine();
    PrintWriter err = spec.commandLine().getErr();
    try (Interruption interruption = Interruption.install(err)) {
      return solve(engine, interruption, err);
    }
  }

  private int solve(Engine engine, Interruption interruption, PrintWriter err) throws JsonProcessingException {
    IrProblem problem = PsplibReader.read(file);
    Optional<IrSolution> greedy = SerialSgs.best(problem);
    long analyticBound = IrBounds.makespan(problem);
    // Ctrl-C from now on stops the search; the best schedule so far is still reported.
    interruption.problemBuilt(engine::stop);
    EngineResult result = engine.solve(problem, Objective.MAKESPAN, greedy, SolverOptions.progressLines(err,
        "rcpsp: "));
    IrSolution solution = result.solution()
        .orElseThrow(() -> InputException.in(file, "no schedule found (" + result.status() + ")"));
    IrCheckResult check = IrChecker.check(problem, solution);
    long bound = Math.max(analyticBound, (long) Math.ceil(result.bound() - 1e-9));
    Report report = new Report(problem.name(), check.makespan(), result.status().name(), bound, check.valid());
    PrintWriter out = spec.commandLine().getOut();
    if (json.on) {
      out.println(new ObjectMapper().writeValueAsString(report));
    } else {
      out.printf("%s: makespan %d (%s), lower bound %d, gap %.1f%%, schedule %s%n", report.instance(),
          report.makespan(), report.status(), report.bound(), 100 * Progress.gap(report.makespan(), bound),
          check.valid() ? "valid" : "INVALID: " + String.join("; ", check.violations()));
      out.printf("serial SGS %s, analytic bound %d, %s %.2f s, %d conflicts, %d branches%n",
          greedy.map(g -> Long.toString(g.makespan(problem))).orElse("none"), analyticBound, engine.name(),
          result.statistics().wallSeconds(), result.statistics().conflicts(), result.statistics().branches());
    }
    out.flush();
    return check.valid() ? 0 : 1;
  }
}
