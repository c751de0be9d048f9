package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * A core's PE array.
 *
 * @param macEnergyPj energy of one MAC (pJ)
 * @param dimensions array dimension name → size (PEs), in declaration order
 */
public record OperationalArray(double macEnergyPj, Map<String, Integer> dimensions) {
  public OperationalArray {
    checkArgument(macEnergyPj >= 0, "MAC energy must be >= 0 pJ, got %s", macEnergyPj);
    dimensions.forEach((d, size) -> checkArgument(size != null && size >= 0,
        "array dimension %s must be >= 0 PEs, got %s", d, size));
    dimensions = ImmutableMap.copyOf(dimensions);
  }

  /** Number of PEs (product of the dimension sizes). */
  public long size() {
    long size = 1;
    for (int s : dimensions.values()) {
      size *= s;
    }
    return size;
  }
}
