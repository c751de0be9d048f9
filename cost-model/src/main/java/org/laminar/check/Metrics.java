package org.laminar.check;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * The figures of merit of a schedule, computed only by {@link ScheduleChecker}.
 *
 * @param latencyCycles end of the last tile or movement (cycles)
 * @param energy energy by category (pJ)
 * @param peakMemoryBits core id → highest total occupancy of its local memories at any cycle (bits); a
 *     memory shared with other cores counts with everything they hold in it
 * @param utilization core id → busy cycles / latency, in {@code [0, 1]}
 */
public record Metrics(long latencyCycles, EnergyBreakdown energy, Map<Integer, Long> peakMemoryBits,
    Map<Integer, Double> utilization) {
  public Metrics {
    peakMemoryBits = ImmutableMap.copyOf(peakMemoryBits);
    utilization = ImmutableMap.copyOf(utilization);
  }

  /** Total energy (pJ). */
  public double energyPj() {
    return energy.totalPj();
  }

  /** Energy-delay product (pJ·cycles). */
  public double edp() {
    return energy.totalPj() * latencyCycles;
  }
}
