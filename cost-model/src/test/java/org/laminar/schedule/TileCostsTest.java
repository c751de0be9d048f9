package org.laminar.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tile;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/** The problem's table of tile costs: the model's costs, each distinct pair costed once. */
class TileCostsTest {
  private static final Accelerator TWO = new Accelerator("two", List.of(SchedulingProblemTest.core(0, 1 << 20),
      SchedulingProblemTest.core(1, 1 << 20)), List.of(), new Dram(64, 64, true, 1, 1));

  /** Two 3x3 convolutions of 16 rows, split into 8 row bands: 16 tiles of a few distinct shapes. */
  private static Tiling banded() {
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      layers.add(new Layer(i, "conv" + i, OperatorType.CONV, "Conv", Map.of(LoopDim.K, 4, LoopDim.C, 4, LoopDim.OY,
          16, LoopDim.OX, 8, LoopDim.FY, 3, LoopDim.FX, 3), 1, 1, 1, 1, new Padding(1, 1, 1, 1),
          new Precision(8, 8, 16, 8), Map.of(Operand.I, i == 0 ? List.of() : List.of(i - 1))));
    }
    return Tiling.uniform(new Workload("two", layers), LayerTiling.parse("oy=8"), new FusionPolicy.All());
  }

  @Test
  void eachDistinctShapeAndCoreIsCostedOnceAndTheTableGivesTheModelsCosts() {
    Map<List<Object>, AtomicInteger> calls = new ConcurrentHashMap<>();
    CostModel counting = (shape, core) -> {
      calls.computeIfAbsent(List.of(shape, core.id()), k -> new AtomicInteger()).incrementAndGet();
      return new TileCost(shape.macs() / 4 + core.id() + 1, shape.macs(), 0.5 * shape.macs(), 0.9);
    };
    SchedulingProblem problem = SchedulingProblem.of(banded(), TWO, counting);
    Set<List<Object>> distinct = new java.util.HashSet<>();
    problem.graph().tiles().forEach(t -> TWO.cores().forEach(c -> distinct.add(List.of(t.shape(), c.id()))));

    assertEquals(distinct, calls.keySet());
    calls.values().forEach(n -> assertEquals(1, n.get(), "calls per (shape, core)"));
    for (Tile t : problem.graph().tiles()) {
      for (Core c : TWO.cores()) {
        TileCost fromTable = problem.cost(t, c);
        assertEquals(1, calls.get(List.of(t.shape(), c.id())).get(), "the table answers without the model");
        assertEquals(counting.cost(t.shape(), c), fromTable);
        calls.get(List.of(t.shape(), c.id())).decrementAndGet();
      }
    }
  }

  @Test
  void identicalCoresShareOneSearchOfAShape() {
    AnalyticalCostModel model = new AnalyticalCostModel();
    SchedulingProblem problem = SchedulingProblem.of(banded(), TWO, model);
    Tile first = problem.graph().tiles().get(0);

    // Both layers have the same shape (the memo ignores names), and both cores are of one type. A
    // band at the border reads padding, which bounds its input extent: it is a shape of its own.
    long distinctShapes = problem.graph().tiles().stream()
        .map(t -> List.of(t.shape().dims(), t.shape().padding())).distinct().count();
    assertEquals(distinctShapes, model.memoisedShapes());
    assertSame(problem.cost(first, TWO.cores().get(0)), problem.cost(first, TWO.cores().get(1)));
  }
}
