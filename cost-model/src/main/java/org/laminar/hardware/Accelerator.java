package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A multi-core accelerator: cores, the links between them, and DRAM.
 *
 * @param name accelerator name
 * @param cores the compute cores (ids unique)
 * @param links point-to-point links and buses; a route between two cores is a shortest path
 * @param dram off-chip memory, reachable from every core through its own port(s)
 */
public record Accelerator(String name, List<Core> cores, List<Link> links, Dram dram) {
  public Accelerator {
    checkNotNull(name, "accelerator name is missing");
    checkArgument(!cores.isEmpty(), "accelerator %s has no cores", name);
    checkNotNull(dram, "accelerator %s: DRAM is missing", name);
    cores = List.copyOf(cores);
    links = List.copyOf(links);
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
  }

  /** The core with this id. */
  public Core core(int id) {
    return cores.stream().filter(c -> c.id() == id).findFirst()
        .orElseThrow(() -> new NoSuchElementException("accelerator " + name + " has no core " + id));
  }
}
