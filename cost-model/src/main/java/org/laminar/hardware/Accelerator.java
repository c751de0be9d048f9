package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * A multi-core accelerator: cores, the links between them, and DRAM.
 *
 * @param name accelerator name
 * @param cores the compute cores (ids unique)
 * @param links point-to-point links and buses; a route between two cores is a shortest path
 * @param dram off-chip memory, reachable from every core through its own port(s)
 * @param sharedMemories memories that several cores share (names unique); every other memory of a
 *     core is its own
 */
public record Accelerator(String name, List<Core> cores, List<Link> links, Dram dram,
    List<SharedMemory> sharedMemories) {
  public Accelerator {
    checkNotNull(name, "accelerator name is missing");
    checkArgument(!cores.isEmpty(), "accelerator %s has no cores", name);
    checkNotNull(dram, "accelerator %s: DRAM is missing", name);
    cores = List.copyOf(cores);
    links = List.copyOf(links);
    sharedMemories = List.copyOf(sharedMemories);
    Set<Integer> ids = new HashSet<>();
    for (Core c : cores) {
      checkArgument(ids.add(c.id()), "accelerator %s: duplicate core id %s", name, c.id());
    }
    Set<String> linkNames = new HashSet<>();
    for (Link l : links) {
      checkArgument(linkNames.add(l.name()), "accelerator %s: duplicate link name %s", name, l.name());
      for (int c : l.cores()) {
        checkArgument(ids.contains(c), "accelerator %s: link %s connects core %s, which does not exist", name,
            l.name(), c);
      }
    }
    checkSharedMemories(name, cores, ids, sharedMemories);
  }

  /** An accelerator whose cores share no memory. */
  public Accelerator(String name, List<Core> cores, List<Link> links, Dram dram) {
    this(name, cores, links, dram, List.of());
  }

  /**
   * This accelerator with its fixed-rate tiles ({@link FixedRateArray}) running the kernels
   * {@code utilization} gives (layer name → percent); its other cores unchanged.
   */
  public Accelerator withKernels(Map<String, Double> utilization) {
    List<Core> withKernels = cores.stream().map(c -> c.array().fixedRate().map(a -> new Core(c.id(), c.name(),
        OperationalArray.fixedRate(a.withKernels(utilization)), c.memories(), c.dataflow())).orElse(c)).toList();
    return new Accelerator(name, withKernels, links, dram, sharedMemories);
  }

  private static void checkSharedMemories(String name, List<Core> cores, Set<Integer> ids, List<SharedMemory> shared) {
    Set<String> names = new HashSet<>();
    Set<String> members = new HashSet<>();
    for (SharedMemory s : shared) {
      checkArgument(names.add(s.name()), "accelerator %s: duplicate shared memory name %s", name, s.name());
      Long size = null;
      for (int c : s.cores()) {
        checkArgument(ids.contains(c), "accelerator %s: shared memory %s is shared by core %s, which does not exist",
            name, s.name(), c);
        Optional<MemoryLevel> level = level(cores, c, s.memory());
        checkArgument(level.isPresent(), "accelerator %s: shared memory %s is memory '%s' of core %s, which has no "
            + "memory of that name", name, s.name(), s.memory(), c);
        checkArgument(members.add(c + "/" + s.memory()), "accelerator %s: memory '%s' of core %s is in two shared "
            + "memories", name, s.memory(), c);
        long bits = level.get().sizeBits();
        checkArgument(size == null || size == bits, "accelerator %s: shared memory %s is one memory, but its cores "
            + "give it different sizes (%s and %s bits, core %s)", name, s.name(), size, bits, c);
        size = bits;
      }
    }
  }

  private static Optional<MemoryLevel> level(List<Core> cores, int core, String memory) {
    return cores.stream().filter(c -> c.id() == core).findFirst()
        .flatMap(c -> c.memories().stream().filter(m -> m.name().equals(memory)).findFirst());
  }

  /** Whether cores {@code a} and {@code b} share some memory. */
  public boolean shareMemory(int a, int b) {
    return sharedMemories.stream().anyMatch(s -> s.cores().contains(a) && s.cores().contains(b));
  }

  /**
   * The physical memory that {@code level}, a memory of core {@code core}, is: the shared memory
   * that lists it, else the core's own.
   */
  public MemoryInstance instance(int core, MemoryLevel level) {
    for (SharedMemory s : sharedMemories) {
      if (s.memory().equals(level.name()) && s.cores().contains(core)) {
        List<Integer> sorted = s.cores().stream().sorted().toList();
        return new MemoryInstance(s.name(), sorted, level(cores, sorted.get(0), s.memory()).orElseThrow());
      }
    }
    return new MemoryInstance("c" + core + "/" + level.name(), List.of(core), level);
  }

  /** The core with this id. */
  public Core core(int id) {
    return cores.stream().filter(c -> c.id() == id).findFirst()
        .orElseThrow(() -> new NoSuchElementException("accelerator " + name + " has no core " + id));
  }
}
