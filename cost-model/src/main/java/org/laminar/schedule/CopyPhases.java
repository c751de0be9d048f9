package org.laminar.schedule;

import org.laminar.OptionNames;

/**
 * Whether a core waits for the off-chip copies of its tiles, the two models of Laminar's peer
 * tools for a depth-first tile whose data crosses the chip boundary.
 *
 * <p>{@link #OVERLAPPED} (Stream's model, the default): a tile's load of network input and the
 * store of a sink tile's output are transfers on the DRAM port, which the computing of other
 * tiles may overlap; a tile holds its core for the cost model's cycles only.
 *
 * <p>{@link #SERIAL} (DeFiNES' model, Mei et al., HPCA 2023, arXiv:2212.05344): the operands of a
 * tile that live off chip have DRAM as their top memory level for that tile, and the tile's
 * latency includes their on-loading and off-loading, one transfer of the tile's data each, in
 * series with its computing (as the ZigZag model DeFiNES extends charges on-/off-loading). A tile
 * then holds its core for {@link SchedulingProblem#copyCycles} more cycles: {@code ⌈network-input
 * bits / DRAM read bandwidth⌉ + ⌈output bits / DRAM write bandwidth⌉} (the latter for a sink tile
 * only). The transfers themselves stay on the DRAM port as in the overlapped model, so DRAM
 * traffic, its energy and the port's occupancy are unchanged; no energy is added.
 */
public enum CopyPhases {
  OVERLAPPED,
  SERIAL;

  /** The value named {@code name} ({@code overlapped} or {@code serial}, any case). */
  public static CopyPhases parse(String name) {
    return OptionNames.parse(CopyPhases.class, name);
  }

  @Override
  public String toString() {
    return OptionNames.of(this);
  }
}
