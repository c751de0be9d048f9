package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * A communication channel between cores: a point-to-point link (two cores) or a shared bus (more).
 * It carries one transfer at a time, in either direction.
 *
 * @param name link name, unique within the accelerator
 * @param cores ids of the cores it connects (at least two)
 * @param bandwidthBits bits per cycle
 * @param energyPerBitPj energy per transferred bit (pJ)
 */
public record Link(String name, List<Integer> cores, long bandwidthBits, double energyPerBitPj) {
  public Link {
    checkNotNull(name, "link name is missing");
    cores = List.copyOf(cores);
    checkArgument(cores.size() >= 2, "link %s must connect at least two cores, got %s", name, cores);
    checkArgument(cores.stream().distinct().count() == cores.size(), "link %s connects a core twice: %s", name, cores);
    checkArgument(bandwidthBits > 0, "link %s: bandwidth must be > 0 bits/cycle, got %s", name, bandwidthBits);
    checkArgument(energyPerBitPj >= 0, "link %s: energy must be >= 0 pJ/bit, got %s", name, energyPerBitPj);
  }

  /** Whether this is a bus shared by more than two cores. */
  public boolean isBus() {
    return cores.size() > 2;
  }
}
