package org.laminar.evaluate;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Locale;
import org.laminar.choco.ChocoSolver;
import org.laminar.cpsat.CpSatParameters;
import org.laminar.cpsat.CpSatSolver;
import org.laminar.engine.Engine;
import org.laminar.io.InputException;

/**
 * The exact engine and its search limits, as the user gave them ({@code --engine}, {@code
 * --time-limit}, {@code --workers}, {@code --seed}, {@code --gap}). Out-of-range values are
 * reported when the parameters are asked for, naming the option.
 *
 * @param engine the exact engine's name ({@code cpsat} or {@code choco})
 * @param timeLimitSeconds wall-clock limit of one exact solve (s)
 * @param workers CP-SAT search workers
 * @param seed CP-SAT random seed
 * @param gap relative gap at which a search stops (0: prove optimality)
 */
public record SolverSettings(String engine, double timeLimitSeconds, int workers, int seed, double gap) {

  /** The exact engines, as spelled on the command line. */
  public static final List<String> ENGINES = List.of("cpsat", "choco");

  public SolverSettings {
    checkNotNull(engine, "engine is missing");
  }

  /** These settings with the time limit {@code seconds} (s). */
  public SolverSettings withTimeLimit(double seconds) {
    return new SolverSettings(engine, seconds, workers, seed, gap);
  }

  /**
   * The solver parameters these settings give.
   *
   * @throws InputException naming the option when a value is out of range
   */
  public CpSatParameters parameters() {
    if (timeLimitSeconds <= 0) {
      throw new InputException("--time-limit must be > 0 seconds, got " + timeLimitSeconds);
    }
    if (workers < 1) {
      throw new InputException("--workers must be >= 1, got " + workers);
    }
    if (gap < 0 || gap >= 1) {
      throw new InputException("--gap must be in [0, 1), got " + gap);
    }
    return CpSatParameters.defaults().withTimeLimit(timeLimitSeconds).withWorkers(workers).withSeed(seed)
        .withRelativeGap(gap);
  }

  /**
   * The engine called {@code name} with these settings' limits.
   *
   * @throws InputException naming the engines when {@code name} is none of them
   */
  public Engine engine(String name) {
    CpSatParameters parameters = parameters();
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "cpsat" -> new CpSatSolver(parameters);
      case "choco" -> new ChocoSolver(parameters.limits());
      default -> throw new InputException("--engine must be one of " + String.join(", ", ENGINES) + ", got '"
          + name + "'");
    };
  }
}
