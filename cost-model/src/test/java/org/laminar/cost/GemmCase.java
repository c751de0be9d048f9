package org.laminar.cost;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/**
 * ZigZag's GEMM regression case ({@code gemm_l1.yaml}, {@code gemm_layer.yaml}), built from the
 * files' values by hand.
 */
final class GemmCase {
  private GemmCase() {
  }

  static MemoryPort port(String name, MemoryPort.Type type, int min, int max, MemoryOperand op,
      DataDirection... directions) {
    return new MemoryPort(name, type, min, max,
        java.util.Arrays.stream(directions).map(d -> new PortAllocation(op, d)).toList());
  }

  static Core core() {
    MemoryLevel regO = new MemoryLevel("reg_O", 32, 0.02, 0.02, Set.of(MemoryOperand.O), List.of(
        port("w_port_1", MemoryPort.Type.WRITE, 32, 32, MemoryOperand.O, DataDirection.FH),
        port("r_port_1", MemoryPort.Type.READ, 32, 32, MemoryOperand.O, DataDirection.TL),
        port("w_port_2", MemoryPort.Type.WRITE, 32, 32, MemoryOperand.O, DataDirection.FL),
        port("r_port_2", MemoryPort.Type.READ, 32, 32, MemoryOperand.O, DataDirection.TH)), Set.of("D2"));
    MemoryLevel l1 = new MemoryLevel("l1", 4194304, 22.9, 52.01,
        Set.of(MemoryOperand.I1, MemoryOperand.I2, MemoryOperand.O), List.of(
        port("rw_port_1", MemoryPort.Type.READ_WRITE, 64, 512, MemoryOperand.I1, DataDirection.TL),
        port("rw_port_2", MemoryPort.Type.READ_WRITE, 64, 512, MemoryOperand.I2, DataDirection.TL),
        port("rw_port_3", MemoryPort.Type.READ_WRITE, 64, 2048, MemoryOperand.O, DataDirection.TL,
            DataDirection.FL)), Set.of("D1", "D2", "D3"));
    OperationalArray array = new OperationalArray(0.04, orderedMap("D1", 8, "D2", 8, "D3", 8));
    return new Core(0, "gemm_l1", array, List.of(regO, l1), SpatialUnrolling.NONE);
  }

  static Map<String, Integer> orderedMap(Object... keyValues) {
    java.util.LinkedHashMap<String, Integer> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], (Integer) keyValues[i + 1]);
    }
    return map;
  }

  static Layer layer() {
    return new Layer(0, "gemm", OperatorType.GEMM, "Gemm",
        Map.of(LoopDim.OY, 128, LoopDim.K, 128, LoopDim.C, 128), 1, 1, 1, 1, Padding.NONE,
        new Precision(8, 8, 32, 8), Map.of());
  }

  static LayerMapping mapping() {
    java.util.LinkedHashMap<String, List<Unroll>> spatial = new java.util.LinkedHashMap<>();
    spatial.put("D1", List.of(new Unroll(LoopDim.OY, 8)));
    spatial.put("D2", List.of(new Unroll(LoopDim.C, 8)));
    spatial.put("D3", List.of(new Unroll(LoopDim.K, 8)));
    return new LayerMapping(new SpatialUnrolling(spatial), List.of(TemporalLoop.remaining(LoopDim.K),
        TemporalLoop.remaining(LoopDim.C), TemporalLoop.remaining(LoopDim.OY)), LayerMapping.DEFAULT_LINKS);
  }
}
