package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Off-chip DRAM as seen by the scheduler.
 *
 * @param readBandwidthBits bits per cycle read
 * @param writeBandwidthBits bits per cycle written
 * @param sharedPort whether reads and writes share one port (one transfer at a time in all) or
 *     have a port each
 * @param readEnergyPerBitPj energy per bit read (pJ)
 * @param writeEnergyPerBitPj energy per bit written (pJ)
 */
public record Dram(long readBandwidthBits, long writeBandwidthBits, boolean sharedPort,
    double readEnergyPerBitPj, double writeEnergyPerBitPj) {
  public Dram {
    checkArgument(readBandwidthBits > 0 && writeBandwidthBits > 0,
        "DRAM bandwidth must be > 0 bits/cycle, got read %s, write %s", readBandwidthBits, writeBandwidthBits);
    checkArgument(readEnergyPerBitPj >= 0 && writeEnergyPerBitPj >= 0, "DRAM energy must be >= 0 pJ/bit");
  }
}
