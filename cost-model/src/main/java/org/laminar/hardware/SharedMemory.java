package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * One memory that several cores read and write (a shared L2 or global buffer, Stream's
 * {@code core_memory_sharing}): the memory named {@code memory} in the hierarchy of each of
 * {@code cores} is this single instance, with one capacity. A consumer on one of these cores reads
 * data a producer on another left there in place, with no transfer.
 *
 * @param name the instance's name, unique among the accelerator's shared memories
 * @param cores ids of the cores that share it (at least two, distinct)
 * @param memory the name of the {@link MemoryLevel} that stands for it in each of those cores
 */
public record SharedMemory(String name, List<Integer> cores, String memory) {
  public SharedMemory {
    checkNotNull(name, "shared memory name is missing");
    checkNotNull(memory, "shared memory %s: the name of the cores' memory is missing", name);
    cores = List.copyOf(cores);
    checkArgument(cores.size() >= 2, "shared memory %s must be shared by at least two cores, got %s", name, cores);
    checkArgument(cores.stream().distinct().count() == cores.size(), "shared memory %s lists a core twice: %s", name,
        cores);
  }
}
