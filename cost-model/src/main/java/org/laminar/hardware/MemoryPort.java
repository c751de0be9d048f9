package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * A memory port.
 *
 * @param name port name, unique within its memory
 * @param type what the port can do
 * @param minBandwidthBits access granularity: bits per access at least (bits/cycle)
 * @param maxBandwidthBits bits per cycle at most; the memory's access energies are per access of
 *     this width
 * @param allocations the operand flows the port carries
 */
public record MemoryPort(String name, Type type, int minBandwidthBits, int maxBandwidthBits,
    List<PortAllocation> allocations) {

  /** Read, write or both. */
  public enum Type {
    READ, WRITE, READ_WRITE
  }

  public MemoryPort {
    checkNotNull(name, "port name is missing");
    checkNotNull(type, "port %s: type is missing", name);
    checkArgument(maxBandwidthBits > 0, "port %s: bandwidth must be > 0 bits/cycle, got %s", name, maxBandwidthBits);
    checkArgument(minBandwidthBits > 0 && minBandwidthBits <= maxBandwidthBits,
        "port %s: minimum bandwidth must be in 1..%s bits/cycle, got %s", name, maxBandwidthBits, minBandwidthBits);
    allocations = List.copyOf(allocations);
    for (PortAllocation a : allocations) {
      checkArgument(type != Type.READ || !a.direction().writes(),
          "port %s: a read port cannot carry %s %s", name, a.operand(), a.direction());
      checkArgument(type != Type.WRITE || a.direction().writes(),
          "port %s: a write port cannot carry %s %s", name, a.operand(), a.direction());
    }
  }
}
