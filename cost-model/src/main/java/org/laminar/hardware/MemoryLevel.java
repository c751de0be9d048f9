package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One memory of a core's hierarchy.
 *
 * @param name memory name, unique within the core
 * @param sizeBits capacity (bits), shared by all operands it serves
 * @param readEnergyPj energy per read access of a port's full width (pJ)
 * @param writeEnergyPj energy per write access of a port's full width (pJ)
 * @param operands the memory operands it holds
 * @param ports its ports and the operand flows each carries
 * @param servedDimensions operational-array dimensions over which one instance is shared; the
 *     memory is replicated along every other array dimension
 */
public record MemoryLevel(String name, long sizeBits, double readEnergyPj, double writeEnergyPj,
    Set<MemoryOperand> operands, List<MemoryPort> ports, Set<String> servedDimensions) {

  public MemoryLevel {
    checkNotNull(name, "memory name is missing");
    checkArgument(sizeBits > 0, "memory %s: size must be > 0 bits, got %s", name, sizeBits);
    checkArgument(readEnergyPj >= 0 && writeEnergyPj >= 0, "memory %s: access energies must be >= 0 pJ", name);
    checkArgument(!operands.isEmpty(), "memory %s serves no operand", name);
    checkArgument(!ports.isEmpty(), "memory %s has no port", name);
    operands = Set.copyOf(operands);
    ports = List.copyOf(ports);
    servedDimensions = Set.copyOf(servedDimensions);
    for (MemoryPort port : ports) {
      for (PortAllocation a : port.allocations()) {
        checkArgument(operands.contains(a.operand()),
            "memory %s: port %s carries operand %s, which the memory does not serve", name, port.name(), a.operand());
      }
    }
  }

  /** Whether this memory holds {@code operand}. */
  public boolean serves(MemoryOperand operand) {
    return operands.contains(operand);
  }

  /** The port carrying {@code operand} in {@code direction}, if any. */
  public Optional<MemoryPort> port(MemoryOperand operand, DataDirection direction) {
    PortAllocation wanted = new PortAllocation(operand, direction);
    return ports.stream().filter(p -> p.allocations().contains(wanted)).findFirst();
  }
}
