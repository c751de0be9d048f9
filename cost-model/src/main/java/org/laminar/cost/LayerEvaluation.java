package org.laminar.cost;

import java.util.List;
import java.util.Optional;
import org.laminar.workload.Operand;

/**
 * The detailed cost of one layer shape on one core under one complete mapping.
 *
 * @param macs MAC operations
 * @param macEnergyPj MAC energy (pJ)
 * @param memoryEnergyPj energy of all memory accesses (pJ)
 * @param accesses per memory and operand: word accesses and their energy
 * @param idealCycles {@code ⌈MACs / PEs⌉} (cycles)
 * @param temporalCycles cycles of the temporal loops: compute with the spatial utilisation (cycles)
 * @param stallCycles cycles added where memory ports cannot keep up (cycles)
 * @param loadingCycles cycles to fill the lower memories before computing starts (cycles)
 * @param offloadingCycles cycles to drain the outputs after computing ends (cycles)
 * @param ordering the temporal loop ordering, innermost first
 */
public record LayerEvaluation(long macs, double macEnergyPj, double memoryEnergyPj, List<Access> accesses,
    long idealCycles, long temporalCycles, long stallCycles, double loadingCycles, double offloadingCycles,
    List<TemporalLoop> ordering) {

  /**
   * Accesses of one operand to one memory, in words of the port's full width.
   *
   * @param memory memory name
   * @param operand layer operand
   * @param reads words read, towards the PEs and towards the level above
   * @param writes words written, from above and from below
   * @param energyPj their energy (pJ)
   */
  public record Access(String memory, Operand operand, long reads, long writes, double energyPj) {
  }

  public LayerEvaluation {
    accesses = List.copyOf(accesses);
    ordering = List.copyOf(ordering);
  }

  /** Total energy (pJ). */
  public double energyPj() {
    return macEnergyPj + memoryEnergyPj;
  }

  /**
   * Latency: temporal cycles + stalls + on-loading + off-loading (cycles; fractional where
   * loading overlaps computing in part).
   */
  public double latencyCycles() {
    return temporalCycles + stallCycles + loadingCycles + offloadingCycles;
  }

  /** PE utilisation over the whole latency: ideal cycles / latency. */
  public double utilization() {
    return (double) idealCycles / latencyCycles();
  }

  /** Spatial utilisation alone: ideal cycles / temporal cycles. */
  public double spatialUtilization() {
    return (double) idealCycles / temporalCycles;
  }

  /** The access record of {@code operand} at {@code memory}, if the operand uses it. */
  public Optional<Access> access(String memory, Operand operand) {
    return accesses.stream().filter(a -> a.memory().equals(memory) && a.operand() == operand).findFirst();
  }

  /** As a {@link TileCost}. */
  public TileCost toTileCost() {
    return new TileCost((long) Math.ceil(latencyCycles() - 1e-9), macEnergyPj, memoryEnergyPj, utilization());
  }
}
