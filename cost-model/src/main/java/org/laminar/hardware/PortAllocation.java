package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkNotNull;

/** One (operand, direction) pair served by a memory port. */
public record PortAllocation(MemoryOperand operand, DataDirection direction) {
  public PortAllocation {
    checkNotNull(operand, "port allocation operand is missing");
    checkNotNull(direction, "port allocation direction is missing");
  }
}
