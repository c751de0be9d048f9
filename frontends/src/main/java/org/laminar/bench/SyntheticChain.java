package org.laminar.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * A generated workload of any size for throughput and scaling measurements: a chain of
 * {@value #LAYERS} 3×3 convolutions (8 channels in and out, 16 columns, padding 1, 8-bit), as
 * tall as needed, fused into one stack and split into single output rows, so that the tile count
 * is {@value #LAYERS} × rows and the few distinct tile shapes keep costing cheap.
 */
public final class SyntheticChain {
  /** Layers of the chain. */
  public static final int LAYERS = 10;

  private SyntheticChain() {
  }

  /** The tiling with about {@code tiles} tiles (rounded up to a multiple of {@value #LAYERS}). */
  public static Tiling tiling(int tiles) {
    checkArgument(tiles >= LAYERS, "a synthetic chain has at least %s tiles, got %s", LAYERS, tiles);
    int rows = (tiles + LAYERS - 1) / LAYERS;
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
      dims.put(LoopDim.K, 8);
      dims.put(LoopDim.C, 8);
      dims.put(LoopDim.OY, rows);
      dims.put(LoopDim.OX, 16);
      dims.put(LoopDim.FY, 3);
      dims.put(LoopDim.FX, 3);
      Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
      producers.put(Operand.I, i == 0 ? List.of() : List.of(i - 1));
      layers.add(new Layer(i, "conv" + i, OperatorType.CONV, "Conv", dims, 1, 1, 1, 1, new Padding(1, 1, 1, 1),
          new Precision(8, 8, 16, 8), producers));
    }
    Workload workload = new Workload("chain" + LAYERS + "x" + rows, layers);
    return Tiling.uniform(workload, LayerTiling.parse("oy=all"), new FusionPolicy.All());
  }
}
