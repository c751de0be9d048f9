package org.laminar.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import org.laminar.engine.Engine;
import org.laminar.engine.Progress;
import org.laminar.evaluate.SolverSettings;
import picocli.CommandLine.Option;

/** The exact engine and its search options, for the commands that solve ({@code schedule}, {@code rcpsp}). */
public final class SolverOptions {
  /** Least time between two progress lines that only report a better bound (s). */
  static final double BOUND_LINE_SECONDS = 5;

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

  /** The settings these options give (validated when their parameters are asked for). */
  SolverSettings settings() {
    return new SolverSettings(engine, timeLimit, workers, seed, gap);
  }

  /** The engine of {@code --engine}, with these options' limits. */
  Engine engine() {
    return settings().engine(engine);
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
