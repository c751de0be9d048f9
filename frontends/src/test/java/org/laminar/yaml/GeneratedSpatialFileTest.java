package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.LayerEvaluation;
import org.laminar.hardware.Core;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/**
 * A core file without {@code dataflows}, as Stream's current example cores are: the cost model
 * generates the unrolling per layer instead of running one MAC per cycle.
 */
class GeneratedSpatialFileTest {

  @Test
  void aConvOnACoreWithoutDataflowsCostsAsWithKAndCOverTheArray() throws URISyntaxException {
    Path file = Path.of(GeneratedSpatialFileTest.class
        .getResource("/org/laminar/stream-current/hardware/cores/systolic_no_dataflow.yaml").toURI());
    Core generated = ZigZagCoreReader.read(file);
    assertEquals(SpatialUnrolling.GENERATED, generated.dataflow());
    Map<String, List<Unroll>> kc = new LinkedHashMap<>();
    kc.put("D1", List.of(new Unroll(LoopDim.K, 32)));
    kc.put("D2", List.of(new Unroll(LoopDim.C, 32)));
    Core fixed = new Core(generated.id(), generated.name(), generated.array(), generated.memories(),
        new SpatialUnrolling(kc));
    Layer conv = new Layer(0, "conv", OperatorType.CONV, "Conv", Map.of(LoopDim.K, 64, LoopDim.C, 64,
        LoopDim.OY, 14, LoopDim.OX, 14, LoopDim.FY, 3, LoopDim.FX, 3), 1, 1, 1, 1, Padding.NONE,
        new Precision(8, 8, 16, 8), Map.of());
    LayerEvaluation e = new AnalyticalCostModel().evaluate(conv, generated);
    // o_reg is shared over D2 and passes one 16-bit partial sum per cycle, so D2 unrolls C (or
    // FY, FX); 14 × 14 outputs cannot fill 32 PEs, so only K 32 × C 32 uses all 1,024:
    // 64·64·14·14·3·3 MACs / 1,024 = 2·2·14·14·3·3 = 7,056 cycles.
    assertEquals(7056, e.temporalCycles());
    assertEquals(new AnalyticalCostModel().evaluate(conv, fixed), e);
  }
}
