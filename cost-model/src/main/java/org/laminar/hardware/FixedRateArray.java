package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;

/**
 * A compute tile that runs a layer at a fixed rate of MACs per cycle for its operands' precision,
 * scaled by the utilisation of the kernel that implements the layer: Stream's AIE compute tile
 * ({@code aie2.compute}), which has no PE array or memory hierarchy to model. Its cost equation is
 * in {@code cost-model/README.md} ("AIE compute tiles").
 *
 * @param macsPerCycle operand precision (bits, the same for every input and the output) → MACs per
 *     cycle at full utilisation
 * @param kernelUtilization layer name → the utilisation of its kernel (percent, in {@code (0, 100]});
 *     a layer not named runs at 100 %
 */
public record FixedRateArray(Map<Integer, Integer> macsPerCycle, Map<String, Double> kernelUtilization) {
  /** The utilisation of a layer whose kernel gives none (percent): Stream's default. */
  public static final double DEFAULT_UTILIZATION = 100;

  public FixedRateArray {
    checkArgument(!macsPerCycle.isEmpty(), "a fixed-rate array needs the MACs per cycle of some precision");
    macsPerCycle.forEach((bits, rate) -> checkArgument(bits != null && bits > 0 && rate != null && rate > 0,
        "a fixed-rate array runs > 0 MACs per cycle at > 0 bits, got %s at %s bits", rate, bits));
    kernelUtilization.forEach((layer, percent) -> checkArgument(percent != null && percent > 0 && percent <= 100,
        "layer %s: a kernel's utilisation is a percentage in (0, 100], got %s", layer, percent));
    macsPerCycle = ImmutableSortedMap.copyOf(macsPerCycle);
    kernelUtilization = ImmutableMap.copyOf(kernelUtilization);
  }

  /** The utilisation (percent) of the kernel running {@code layer}. */
  public double utilization(String layer) {
    return kernelUtilization.getOrDefault(layer, DEFAULT_UTILIZATION);
  }

  /** This array running the kernels {@code utilization} gives (layer name → percent). */
  public FixedRateArray withKernels(Map<String, Double> utilization) {
    return new FixedRateArray(macsPerCycle, utilization);
  }
}
