package org.laminar.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.SharedMemory;
import org.laminar.io.InputException;

/**
 * The memory cores of a Stream accelerator ({@code type: zigzag.memory}) as Laminar models them.
 *
 * <p>In Stream a memory core is a tile that computes nothing and holds tensors for the compute
 * cores: its scheduler stages constant inputs from DRAM in it before they go on to the compute
 * cores, gathers outputs in it on their way to DRAM, and counts what it holds against its one
 * capacity (its top memory's size); the compute cores reach it over the connections it is on.
 * Stream's {@code tpu_v7_ironwood} describes its VMEM so: the one scratchpad its TensorCore's
 * arrays share, its capacity counted once.
 *
 * <p>Here it is that memory: its (one) memory becomes the outermost on-chip level of every compute
 * core that shares a connection with it (its <em>group</em>), and, for a group of two or more, one
 * {@link SharedMemory} named {@code <memory>_<memory core id>}. So its capacity binds everything
 * the group holds there, a consumer in the group reads a producer's output in place, DRAM data is
 * loaded into it (at the DRAM's ports), and each core's cost model counts its accesses to it as
 * to its top memory. A connection that names the memory core joins its group's cores: data moving
 * between two groups crosses it, as it crosses it in Stream between the two memory cores.
 */
final class MemoryCores {
  /** Memory core id → the compute cores sharing a connection with it, in order of appearance. */
  private final Map<Integer, List<Integer>> groups;
  /** Memory core id → its memory. */
  private final Map<Integer, MemoryLevel> levels;

  private MemoryCores(Map<Integer, List<Integer>> groups, Map<Integer, MemoryLevel> levels) {
    this.groups = groups;
    this.levels = levels;
  }

  /** An accelerator without memory cores. */
  static MemoryCores none() {
    return new MemoryCores(Map.of(), Map.of());
  }

  /**
   * The memory cores {@code files} (id → core file) of the accelerator in {@code file}, grouped
   * with the compute cores ({@code compute}) that share one of {@code connections} (each a list of
   * core ids) with them.
   */
  static MemoryCores of(Path file, Map<Integer, Path> files, Set<Integer> compute, List<List<Integer>> connections) {
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    Map<Integer, MemoryLevel> levels = new LinkedHashMap<>();
    Map<Integer, Integer> memoryOf = new LinkedHashMap<>();
    files.forEach((id, coreFile) -> {
      Core core = ZigZagCoreReader.read(coreFile, id);
      if (core.memories().size() != 1) {
        throw InputException.in(file, "memory core " + id + " (" + coreFile.getFileName() + ") has "
            + core.memories().size() + " memories; Laminar gives the cores it serves one memory of it");
      }
      Set<Integer> group = new LinkedHashSet<>();
      connections.stream().filter(c -> c.contains(id)).forEach(c -> c.stream().filter(compute::contains)
          .forEach(group::add));
      if (group.isEmpty()) {
        throw InputException.in(file, "memory core " + id + " shares no connection with a compute core, so no core "
            + "can use its memory");
      }
      for (int member : group) {
        Integer other = memoryOf.put(member, id);
        if (other != null) {
          throw InputException.in(file, "core " + member + " is connected to memory cores " + other + " and " + id
              + "; Laminar gives a core the memory of one memory core");
        }
      }
      groups.put(id, List.copyOf(group));
      levels.put(id, core.memories().get(0));
    });
    return new MemoryCores(groups, levels);
  }

  /** {@code cores} with the memory of their memory core, if any, as their outermost level. */
  List<Core> attach(List<Core> cores) {
    List<Core> attached = new ArrayList<>();
    for (Core core : cores) {
      List<MemoryLevel> memories = new ArrayList<>(core.memories());
      groups.forEach((id, group) -> {
        if (group.contains(core.id())) {
          MemoryLevel m = levels.get(id);
          // One instance for the whole array, as the top memory of a ZigZag core is.
          memories.add(new MemoryLevel(m.name(), m.sizeBits(), m.readEnergyPj(), m.writeEnergyPj(), m.operands(),
              m.ports(), core.array().dimensions().keySet()));
        }
      });
      attached.add(new Core(core.id(), core.name(), core.array(), memories, core.dataflow()));
    }
    return attached;
  }

  /** The memory of each memory core that serves two or more cores, as one shared memory. */
  List<SharedMemory> sharedMemories() {
    List<SharedMemory> shared = new ArrayList<>();
    groups.forEach((id, group) -> {
      if (group.size() > 1) {
        shared.add(new SharedMemory(levels.get(id).name() + "_" + id, group, levels.get(id).name()));
      }
    });
    return shared;
  }

  /** {@code cores} (a connection's) with each memory core replaced by its group, each core once. */
  List<Integer> substitute(List<Integer> cores) {
    Set<Integer> result = new LinkedHashSet<>();
    cores.forEach(c -> result.addAll(groups.getOrDefault(c, List.of(c))));
    return List.copyOf(result);
  }
}
