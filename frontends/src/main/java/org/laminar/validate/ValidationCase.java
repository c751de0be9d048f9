package org.laminar.validate;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One case of a validation suite: a published reference figure against Laminar's.
 *
 * @param suite the suite ({@code zigzag}, {@code psplib})
 * @param name the case (e.g. {@code tpu_like / resnet18.yaml energy})
 * @param unit the figures' unit ({@code pJ}, {@code cycles}, {@code periods})
 * @param reference the published figure
 * @param laminar Laminar's figure (for a schedule: the checker's)
 * @param error the relative deviation {@code (laminar − reference) / reference} (for an optimum:
 *     the gap of Laminar's schedule above it)
 * @param tolerance the largest {@code |error|} that passes, or −1 where the pass criterion is a
 *     correctness condition instead (see {@code detail})
 * @param pass whether the case passes
 * @param detail what else decides or explains the case (status, bound), or empty
 */
public record ValidationCase(String suite, String name, String unit, double reference, double laminar, double error,
    double tolerance, boolean pass, String detail) {
  public ValidationCase {
    checkNotNull(suite, "suite is missing");
    checkNotNull(name, "case name is missing");
    checkNotNull(unit, "unit is missing");
    checkNotNull(detail, "detail is missing");
    checkArgument(tolerance >= 0 || tolerance == -1, "case %s: tolerance must be >= 0 or -1, got %s", name, tolerance);
  }

  /** A case that passes when {@code |error| <= tolerance}. */
  public static ValidationCase within(String suite, String name, String unit, double reference, double laminar,
      double tolerance) {
    double error = (laminar - reference) / reference;
    return new ValidationCase(suite, name, unit, reference, laminar, error, tolerance,
        Math.abs(error) <= tolerance + 1e-12, "");
  }

  /** This case with {@code text} as its detail. */
  public ValidationCase withDetail(String text) {
    return new ValidationCase(suite, name, unit, reference, laminar, error, tolerance, pass, text);
  }
}
