package org.laminar.check;

/**
 * Energy of a schedule by where it is spent (pJ).
 *
 * @param computePj MAC operations (pJ)
 * @param onChipMemoryPj on-chip memory accesses, as the cost model charges them per tile (pJ)
 * @param interconnectPj link and bus transfers: bits × energy per bit, per hop (pJ)
 * @param dramPj DRAM reads and writes: bits × energy per bit (pJ)
 */
public record EnergyBreakdown(double computePj, double onChipMemoryPj, double interconnectPj, double dramPj) {

  /** Total energy (pJ). */
  public double totalPj() {
    return computePj + onChipMemoryPj + interconnectPj + dramPj;
  }
}
