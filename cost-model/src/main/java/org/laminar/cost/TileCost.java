package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The cost of running one tile (or a whole layer) on one core, data already on chip.
 *
 * @param cycles latency (cycles), compute plus the stalls and on/off-loading the model charges
 * @param macEnergyPj energy of the MAC operations (pJ)
 * @param memoryEnergyPj energy of on-chip memory accesses (pJ)
 * @param utilization spatial × temporal PE utilisation in {@code [0, 1]}
 */
public record TileCost(long cycles, double macEnergyPj, double memoryEnergyPj, double utilization) {
  public TileCost {
    checkArgument(cycles > 0, "a tile takes > 0 cycles, got %s", cycles);
    checkArgument(macEnergyPj >= 0 && memoryEnergyPj >= 0, "energies must be >= 0 pJ");
    checkArgument(utilization >= 0 && utilization <= 1 + 1e-9, "utilization must be in [0, 1], got %s", utilization);
  }

  /** Total energy (pJ). */
  public double energyPj() {
    return macEnergyPj + memoryEnergyPj;
  }
}
