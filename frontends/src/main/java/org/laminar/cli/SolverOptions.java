package org.laminar.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Engine;
import org.laminar.engine.Progress;
import org.laminar.io.InputException;
import picocli.CommandLine.Option;

/** The exact engine and its search options, for the commands that solve ({@code schedule}, {@code rcpsp}). */
public final class SolverOptions {
  /** Least time between two progress lines that only report a better bound (s). */
  static final double BOUND_LINE_SECONDS = 5;

  /** The exact engines, as spelled on the command line. */
  static final List<String> ENGINES = List.of("cpsat", "choco");

  @Option(names = "--engine", paramLabel = "cpsat|choco", defaultValue = "cpsat",
      description = "exact engine: CP-SAT, or Choco-solver (pure Java, one thread; no edp) (default ${DEFAULT-VALUE})")
  String engine;

  @Option(names = "--time-limit", paramLabel = "S", defaultValue = "60",
      description = "exact engine's wall-clock limit in seconds (default ${DEFAULT-VALUE})")
  double timeLimit;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "CP-SAT search workers (default ${DEFAULT-VALUE}; 1 is deterministic; choco runs one thread)")
  int workers;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "CP-SAT random seed (default 0; choco's search is deterministic)")
  int seed;

  @Option(names = "--gap", paramLabel = "G", defaultValue = "0",
      description = "stop at this relative gap to the bound, e.g. 0.05 (default 0: prove optimality)")
  double gap;

  /**
   * The solver parameters these options give.
   *
   * @throws InputException naming the option when a value is out of range
   */
  CpSatParameters parameters() {
    if (timeLimit <= 0) {
      throw new InputException("--time-limit must be > 0 seconds, got " + timeLimit);
    }
    if (workers < 1) {
      throw new InputException("--workers must be >= 1, got " + workers);
    }
    if (gap < 0 || gap >= 1) {
      throw new InputException("--gap must be in [0, 1), got " + gap);
    }
    return CpSatParameters.defaults().withTimeLimit(timeLimit).withWorkers(workers).withSeed(seed)
        .withRelativeGap(gap);
  }

  /**
   * The engine called {@code name} with these options' limits.
   *
   * @throws IllegalArgumentException naming the engines when {@code name} is none of them
   */
  Engine engine(String name) {
    CpSatParameters parameters = parameters();
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "cpsat" -> new CpSatSolver(parameters);
      case "choco" -> new ChocoSolver(parameters.limits());
      default -> throw new InputException("--engine must be one of " + String.join(", ", ENGINES) + ", got '"
          + name + "'");
    };
  }

  /** The engine of {@code --engine}. */
  Engine engine() {
    return engine(engine);
  }

  /**
   * Progress lines on {@code err}, each behind {@code prefix}: every improving solution, and the
   * bound when it rose and nothing was printed for {@link #BOUND_LINE_SECONDS}, so that a long
   * proof is not silent.
   */
  static Consumer<Progress> progressLines(PrintWriter err, String prefix) {
    return Progress.throttled(p -> {
      err.println(prefix + p.line());
      err.flush();
    }, BOUND_LINE_SECONDS);
  }
}
