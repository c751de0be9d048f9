package org.laminar.cost;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.PortAllocation;

/**
 * The accelerator's DRAM as the top memory of a core, for costing whole layers layer by layer
 * (each reads its operands from DRAM and writes its outputs back), as Stream adds its off-chip
 * core's memory on top of every core when it costs a layer.
 */
public final class OffChip {
  /** Name of the added memory level. */
  public static final String NAME = "dram";

  private OffChip() {
  }

  /**
   * {@code core} with {@code dram} on top of its memories; {@code core} itself when its outermost
   * memory already is that DRAM (a ZigZag core file, whose hierarchy ends in DRAM).
   */
  public static Core withDram(Core core, Dram dram) {
    if (!core.memories().isEmpty() && isDram(core.memories().get(core.memories().size() - 1), dram)) {
      return core;
    }
    List<MemoryLevel> memories = new ArrayList<>(core.memories());
    memories.add(level(dram, core.array().dimensions().keySet()));
    return new Core(core.id(), core.name(), core.array(), memories, core.dataflow());
  }

  /**
   * The core view of a tile whose operands {@code streamed} are homed in DRAM: each loses its
   * outermost on-chip memory (a memory left with no operand is dropped) and has {@code dram} as its
   * top level instead, so that the levels below it read from and write to DRAM during the
   * computing, with the temporal loops above them re-fetching from DRAM (ZigZag's model with DRAM
   * as that operand's top memory). The other operands keep their hierarchy.
   *
   * @throws IllegalArgumentException when {@code core}'s hierarchy already ends in DRAM
   */
  public static Core streaming(Core core, Dram dram, Set<MemoryOperand> streamed) {
    List<MemoryLevel> memories = new ArrayList<>(core.memories());
    if (!memories.isEmpty() && isDram(memories.get(memories.size() - 1), dram)) {
      throw new IllegalArgumentException("core " + core.id() + " keeps its operands in DRAM already");
    }
    for (MemoryOperand operand : streamed) {
      int at = memories.size() - 1;
      while (at >= 0 && !memories.get(at).serves(operand)) {
        at--;
      }
      if (at >= 0) {
        MemoryLevel level = memories.get(at);
        Set<MemoryOperand> kept = EnumSet.noneOf(MemoryOperand.class);
        kept.addAll(level.operands());
        kept.remove(operand);
        memories.set(at, kept.isEmpty() ? null : new MemoryLevel(level.name(), level.sizeBits(), level.readEnergyPj(),
            level.writeEnergyPj(), kept, ports(level.ports(), kept), level.servedDimensions()));
        memories.removeIf(Objects::isNull);
      }
    }
    MemoryLevel all = level(dram, core.array().dimensions().keySet());
    memories.add(new MemoryLevel(all.name(), all.sizeBits(), all.readEnergyPj(), all.writeEnergyPj(), streamed,
        ports(all.ports(), streamed), all.servedDimensions()));
    return new Core(core.id(), core.name(), core.array(), memories, core.dataflow());
  }

  /** {@code ports} carrying only the flows of {@code operands}. */
  private static List<MemoryPort> ports(List<MemoryPort> ports, Set<MemoryOperand> operands) {
    return ports.stream().map(p -> new MemoryPort(p.name(), p.type(), p.minBandwidthBits(), p.maxBandwidthBits(),
        p.allocations().stream().filter(a -> operands.contains(a.operand())).toList())).toList();
  }

  /**
   * DRAM as a memory level holding every operand, shared by the whole array: one port per
   * direction kind (or one shared port), each as wide as the DRAM's bandwidth; an access moves a
   * port's full width (energy = energy per bit × width).
   */
  static MemoryLevel level(Dram dram, Set<String> arrayDims) {
    List<MemoryPort> ports = new ArrayList<>();
    if (dram.sharedPort()) {
      ports.add(new MemoryPort("rw", MemoryPort.Type.READ_WRITE, (int) dram.readBandwidthBits(),
          (int) dram.readBandwidthBits(), allocations(DataDirection.values())));
    } else {
      ports.add(new MemoryPort("r", MemoryPort.Type.READ, (int) dram.readBandwidthBits(),
          (int) dram.readBandwidthBits(), allocations(DataDirection.TL, DataDirection.TH)));
      ports.add(new MemoryPort("w", MemoryPort.Type.WRITE, (int) dram.writeBandwidthBits(),
          (int) dram.writeBandwidthBits(), allocations(DataDirection.FH, DataDirection.FL)));
    }
    return new MemoryLevel(NAME, Long.MAX_VALUE, dram.readEnergyPerBitPj() * dram.readBandwidthBits(),
        dram.writeEnergyPerBitPj() * (dram.sharedPort() ? dram.readBandwidthBits() : dram.writeBandwidthBits()),
        Set.of(MemoryOperand.values()), ports, arrayDims);
  }

  private static List<PortAllocation> allocations(DataDirection... directions) {
    List<PortAllocation> allocations = new ArrayList<>();
    for (MemoryOperand operand : MemoryOperand.values()) {
      for (DataDirection d : directions) {
        allocations.add(new PortAllocation(operand, d));
      }
    }
    return allocations;
  }

  /** Whether {@code memory} holds every operand at the DRAM's read bandwidth and energy per bit. */
  private static boolean isDram(MemoryLevel memory, Dram dram) {
    if (!memory.operands().containsAll(Set.of(MemoryOperand.values()))) {
      return false;
    }
    int widestRead = memory.ports().stream().filter(p -> p.type() != MemoryPort.Type.WRITE)
        .mapToInt(MemoryPort::maxBandwidthBits).max().orElse(0);
    return widestRead == dram.readBandwidthBits()
        && Math.abs(memory.readEnergyPj() / widestRead - dram.readEnergyPerBitPj()) <= 1e-9 * memory.readEnergyPj();
  }
}
