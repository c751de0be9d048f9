package org.laminar.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.laminar.check.Metrics;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.evaluate.Evaluation;
import org.laminar.evaluate.Evaluator;
import org.laminar.evaluate.Observer;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.Prepared;
import org.laminar.evaluate.SolverSettings;
import org.laminar.io.InputException;
import org.laminar.report.Run;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.Overlap;

/**
 * Fused ({@code --fuse auto}) against layer by layer ({@code --fuse none}): the EDP of the {@code
 * list} schedule (memory priority) of each network on each accelerator, at the {@code schedule}
 * command's default tiling, both through the path {@code schedule} and {@code explore} take and
 * measured by the checker. The table's reference is the layer-by-layer EDP, Laminar's figure the
 * fused one, the error {@code (fused − layer by layer) / layer by layer} (negative: fusion saves)
 * and the detail the factor. Fusion need not pay everywhere (README, "Design-space exploration"),
 * so such a case passes when both schedules are checker-valid — or when the accelerator refuses
 * the network either way (a layer that fits no core, fused or not).
 *
 * <p>{@link #claims} are the README's statements about fusion, each judged against what it says.
 */
public final class FusionSuite {
  /** The greedy scheduler of the comparison, as the README's fusion figures use it. */
  static final String SCHEDULER = "list";
  /** The tolerance of a figure the README gives to three significant digits. */
  static final double THREE_DIGITS = 0.001;

  private FusionSuite() {
  }

  /** The schedule of one point, or why there is none. */
  private record Outcome(Optional<Metrics> metrics, int stacks, int tiles, String refusal) {
    boolean valid() {
      return metrics.isPresent();
    }

    /** Whether the inputs were refused (a layer fits no core): no problem was built, so nothing was scheduled. */
    boolean refused() {
      return stacks == 0;
    }

    double edp() {
      return metrics.map(Metrics::edp).orElse(Double.NaN);
    }

    double dramPj() {
      return metrics.map(m -> m.energy().dramPj()).orElse(Double.NaN);
    }
  }

  /** One case per network and accelerator, networks outermost. */
  public static List<ValidationCase> run(List<String> workloads, List<String> accelerators) {
    List<ValidationCase> cases = new ArrayList<>();
    for (String w : workloads) {
      for (String a : accelerators) {
        Outcome fused = outcome(w, a, Optional.empty(), "auto");
        Outcome apart = outcome(w, a, Optional.empty(), "none");
        String name = w + " x " + a + " EDP";
        if (!fused.valid() || !apart.valid()) {
          boolean refusedBoth = fused.refused() && apart.refused();
          cases.add(new ValidationCase("fusion", name, "pJ*cycles", apart.edp(), fused.edp(), Double.NaN, -1,
              refusedBoth, (refusedBoth ? "refused either way; fused: " : "fused: ") + text(fused)
                  + "; layer by layer: " + text(apart)));
          continue;
        }
        cases.add(versus(name, apart, fused));
      }
    }
    return cases;
  }

  /**
   * The README's claims ("Fused vs layer by layer", "Design-space exploration"): ResNet-18 on
   * {@code quad-core} at {@code --tiling oy=4} with {@code list}, fused EDP 7.07 × 10¹⁵ against
   * 8.19 × 10¹⁵ layer by layer (each to three digits, so the factor 1.16×); and on {@code
   * single-core}, where every output fits on chip, fusing cannot lower the DRAM energy of the
   * layer-by-layer schedule (weights read once, the network input loaded, the output stored).
   */
  public static List<ValidationCase> claims() {
    Outcome fused = outcome("resnet18", "quad-core", Optional.of("oy=4"), "auto");
    Outcome apart = outcome("resnet18", "quad-core", Optional.of("oy=4"), "none");
    String quad = "resnet18 x quad-core oy=4 EDP";
    List<ValidationCase> cases = new ArrayList<>();
    cases.add(ValidationCase.within("fusion", quad + ", fused (README)", "pJ*cycles", 7.07e15, fused.edp(),
        THREE_DIGITS).withDetail(text(fused)));
    cases.add(ValidationCase.within("fusion", quad + ", layer by layer (README)", "pJ*cycles", 8.19e15,
        apart.edp(), THREE_DIGITS).withDetail(text(apart)));
    Outcome single = outcome("resnet18", "single-core", Optional.of("oy=4"), "auto");
    Outcome lbl = outcome("resnet18", "single-core", Optional.of("oy=4"), "none");
    boolean noLess = single.valid() && lbl.valid() && single.dramPj() >= lbl.dramPj() * (1 - 1e-12);
    cases.add(new ValidationCase("fusion", "resnet18 x single-core oy=4 fused DRAM >= unfused (README)",
        "pJ", lbl.dramPj(), single.dramPj(), (single.dramPj() - lbl.dramPj()) / lbl.dramPj(), -1, noLess,
        "fused: " + text(single) + "; layer by layer: " + text(lbl)));
    return cases;
  }

  private static ValidationCase versus(String name, Outcome apart, Outcome fused) {
    return new ValidationCase("fusion", name, "pJ*cycles", apart.edp(), fused.edp(),
        (fused.edp() - apart.edp()) / apart.edp(), -1, true, String.format(Locale.ROOT,
            "fused gain %.2fx; fused: %s; layer by layer: %s", apart.edp() / fused.edp(), text(fused), text(apart)));
  }

  private static String text(Outcome o) {
    return o.valid() ? String.format(Locale.ROOT, "%d stacks, %d tiles, latency %,d cc, DRAM %.3g pJ", o.stacks(),
        o.tiles(), o.metrics().orElseThrow().latencyCycles(), o.dramPj()) : o.refusal();
  }

  /** The checker's figures of the {@code list} schedule of one point. */
  private static Outcome outcome(String workload, String hardware, Optional<String> tiling, String fuse) {
    Point point = new Point(workload, false, hardware, "laminar", Optional.empty(), tiling, fuse,
        CopyPhases.OVERLAPPED.toString(), Overlap.CACHE.toString(), StreamPolicy.DEFAULT.cliName(),
        Optional.of(SCHEDULER), false, List.of(),
        "latency", "tile", "memory", new SolverSettings("cpsat", 60, 1, 0, 0));
    Evaluator evaluator = new Evaluator(new AnalyticalCostModel());
    try {
      Prepared prepared = evaluator.prepare(point, Observer.SILENT);
      Evaluation evaluation = evaluator.run(prepared, evaluator.schedulers(point, Observer.SILENT), Observer.SILENT);
      Run run = evaluation.runs().get(0);
      int stacks = prepared.tiling().stacks().size();
      int tiles = prepared.problem().graph().tiles().size();
      return run.valid() ? new Outcome(run.check().map(c -> c.metrics()), stacks, tiles, "")
          : new Outcome(Optional.empty(), stacks, tiles, "INVALID: "
              + run.check().map(c -> c.violations().toString()).orElse("no schedule"));
    } catch (ProblemException | InputException e) {
      return new Outcome(Optional.empty(), 0, 0, e.getMessage());
    }
  }
}
