package org.laminar.report;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Link;
import org.laminar.schedule.DramPort;

/**
 * The timeline rows of an accelerator: its cores, then its links and buses, then its DRAM ports,
 * each in the accelerator's order.
 */
final class Tracks {

  /** What a track shows. */
  enum Group {
    CORES("cores"), INTERCONNECT("interconnect"), DRAM("DRAM");

    final String label;

    Group(String label) {
      this.label = label;
    }
  }

  /**
   * One row.
   *
   * @param group cores, interconnect or DRAM
   * @param index position within its group (0 first)
   * @param label the row's name, e.g. {@code core 0 (tpu_like)}, {@code link c0-c1}, {@code dram}
   */
  record Track(Group group, int index, String label) {}

  private final List<Track> all;
  private final Map<Integer, Integer> coreRows = new HashMap<>();
  private final Map<String, Integer> resourceRows = new HashMap<>();

  Tracks(Accelerator accelerator) {
    List<Track> tracks = new ArrayList<>();
    for (Core c : accelerator.cores()) {
      coreRows.put(c.id(), tracks.size());
      tracks.add(new Track(Group.CORES, coreRows.size() - 1, "core " + c.id() + " (" + c.name() + ")"));
    }
    for (Link l : accelerator.links()) {
      resourceRows.put(l.name(), tracks.size());
      tracks.add(new Track(Group.INTERCONNECT, resourceRows.size() - 1, (l.isBus() ? "bus " : "link ") + l.name()));
    }
    List<DramPort> ports = accelerator.dram().sharedPort() ? List.of(DramPort.SHARED)
        : List.of(DramPort.READ, DramPort.WRITE);
    for (int i = 0; i < ports.size(); i++) {
      resourceRows.put(ports.get(i).resource(), tracks.size());
      tracks.add(new Track(Group.DRAM, i, ports.get(i).resource()));
    }
    all = ImmutableList.copyOf(tracks);
  }

  List<Track> all() {
    return all;
  }

  /** The row of core {@code id}; -1 when the accelerator has none. */
  int ofCore(int id) {
    return coreRows.getOrDefault(id, -1);
  }

  /** The row of a link, bus or DRAM port named {@code resource}; -1 when the accelerator has none. */
  int ofResource(String resource) {
    return resourceRows.getOrDefault(resource, -1);
  }
}
