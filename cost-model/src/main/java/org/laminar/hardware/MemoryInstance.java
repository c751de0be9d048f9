package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One physical memory of an accelerator: a core's own memory, or a memory several cores share
 * ({@link SharedMemory}). Data held by any of its cores count against its one capacity. Two
 * instances are the same memory iff they are equal; {@link Accelerator#instance} is the one place
 * that says which memory of which core is which instance.
 *
 * @param name {@code c<core>/<memory>} for a core's own memory, the shared memory's name otherwise
 * @param cores ids of the cores that use it, ascending (one for a core's own memory)
 * @param level the memory as the first of those cores describes it (its size is the capacity)
 */
public record MemoryInstance(String name, List<Integer> cores, MemoryLevel level) {
  public MemoryInstance {
    checkNotNull(name, "memory instance name is missing");
    checkNotNull(level, "memory instance %s: memory is missing", name);
    cores = List.copyOf(cores);
    checkArgument(!cores.isEmpty(), "memory instance %s has no core", name);
  }

  /**
   * Consistent with the record's equality (equal instances have equal names and cores) without
   * hashing the memory's description, which would walk its ports on every look-up of a buffer.
   */
  @Override
  public int hashCode() {
    return 31 * name.hashCode() + cores.hashCode();
  }

  /** Its capacity (bits). */
  public long sizeBits() {
    return level.sizeBits();
  }

  /** Whether several cores share it. */
  public boolean isShared() {
    return cores.size() > 1;
  }

  /** How messages and reports name it: {@code core 0 memory sram}, or {@code shared memory l2 (cores 0, 1)}. */
  public String describe() {
    return isShared()
        ? "shared memory " + name + " (cores " + cores.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + ")"
        : "core " + cores.get(0) + " memory " + level.name();
  }
}
