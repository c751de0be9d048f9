package org.laminar.evaluate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.schedule.ProblemException;
import org.laminar.workload.Layer;

/**
 * A training step's default split ({@code oy=4,k=4}) is split further where a layer's tiles fit
 * no core, as the inference default is; given explicitly it is taken as it is. FSRCNN's training
 * step on quad-core: the forward layer {@code shrink} does not fit a core in four row bands.
 */
class TrainingSplitTest {
  private static Point fsrcnn(Optional<String> tiling) {
    return new Point("fsrcnn-depfin", true, "quad-core", "laminar", Optional.empty(), tiling, "auto", "overlapped",
        "cache", "never", Optional.of("list"), false, List.of(), "latency", "tile", "memory", new SolverSettings("cpsat", 10, 1, 0, 0));
  }

  @Test
  void theDefaultSplitIsSplitFurtherWhereALayerDoesNotFit() {
    Prepared prepared = new Evaluator(new AnalyticalCostModel()).prepare(fsrcnn(Optional.empty()), Observer.SILENT);

    Layer shrink = prepared.problem().graph().workload().layers().stream().filter(l -> l.name().equals("shrink"))
        .findFirst().orElseThrow();
    assertTrue(prepared.tiling().of(shrink.id()).rows().parts() > 4, prepared.tiling().of(shrink.id())::toString);
  }

  @Test
  void theSameSplitGivenExplicitlyIsTakenAsItIs() {
    ProblemException e = assertThrows(ProblemException.class, () -> new Evaluator(new AnalyticalCostModel())
        .prepare(fsrcnn(Optional.of("oy=4,k=4")), Observer.SILENT));

    assertTrue(e.getMessage().contains("layer 'shrink'"), e.getMessage());
  }
}
