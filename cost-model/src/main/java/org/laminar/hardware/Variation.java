package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One change that derives an accelerator variant from a base accelerator, for design-space sweeps:
 * every other figure of the base is kept. {@link #text()} is how the change is written ({@code
 * sram=2x}) and {@link #apply} refuses, with a message, a change that is not defined for the base.
 */
public sealed interface Variation {

  /** The base accelerator with this change; its name is the base's (the caller names the variant). */
  Accelerator apply(Accelerator base);

  /** The change as written in a sweep: {@code sram=2x}, {@code sram.sram_2MB=0.5x}, {@code cores=8}. */
  String text();

  /**
   * Every core's local memories scaled: the capacity (bits) times {@code factor}, rounded to the
   * nearest bit; access energies, ports and operands unchanged.
   *
   * @param level the memory of that name in every core that has one; empty: each core's local
   *     memories, i.e. the outermost on-chip memory of each operand ({@link Core#localMemory}), the
   *     capacities that schedules must respect (register files are left alone)
   * @param factor the scale, > 0
   */
  record Memory(Optional<String> level, double factor) implements Variation {
    public Memory {
      checkNotNull(level, "memory level is missing");
      checkArgument(factor > 0 && Double.isFinite(factor), "memory scale must be > 0, got %s", factor);
    }

    @Override
    public Accelerator apply(Accelerator base) {
      checkArgument(level.isEmpty() || base.cores().stream().anyMatch(c -> c.memories().stream()
          .anyMatch(m -> m.name().equals(level.get()))), "no core has a memory named '%s'", level.orElse(""));
      List<Core> cores = base.cores().stream().map(c -> {
        Set<MemoryLevel> scaled = new HashSet<>();
        for (MemoryLevel m : c.memories()) {
          boolean local = level.isEmpty() && java.util.Arrays.stream(MemoryOperand.values())
              .anyMatch(op -> c.localMemory(op).filter(l -> l == m).isPresent());
          if (local || level.filter(m.name()::equals).isPresent()) {
            scaled.add(m);
          }
        }
        return new Core(c.id(), c.name(), c.array(), c.memories().stream().map(m -> !scaled.contains(m) ? m
            : new MemoryLevel(m.name(), bits(m.sizeBits(), factor, "core " + c.id() + " memory " + m.name()),
                m.readEnergyPj(), m.writeEnergyPj(), m.operands(), m.ports(), m.servedDimensions())).toList(),
            c.dataflow());
      }).toList();
      return new Accelerator(base.name(), cores, base.links(), base.dram(), base.sharedMemories());
    }

    @Override
    public String text() {
      return "sram" + level.map(l -> "." + l).orElse("") + "=" + times(factor);
    }
  }

  /** Every link's bandwidth (bits/cycle) times {@code factor}, rounded, at least 1; energies unchanged. */
  record LinkBandwidth(double factor) implements Variation {
    public LinkBandwidth {
      checkArgument(factor > 0 && Double.isFinite(factor), "link bandwidth scale must be > 0, got %s", factor);
    }

    @Override
    public Accelerator apply(Accelerator base) {
      checkArgument(!base.links().isEmpty(), "it has no links whose bandwidth could change");
      return new Accelerator(base.name(), base.cores(), base.links().stream().map(l -> new Link(l.name(), l.cores(),
          bits(l.bandwidthBits(), factor, "link " + l.name()), l.energyPerBitPj())).toList(), base.dram(),
          base.sharedMemories());
    }

    @Override
    public String text() {
      return "link=" + times(factor);
    }
  }

  /** DRAM's read and write bandwidths (bits/cycle) times {@code factor}, rounded, at least 1; energies unchanged. */
  record DramBandwidth(double factor) implements Variation {
    public DramBandwidth {
      checkArgument(factor > 0 && Double.isFinite(factor), "DRAM bandwidth scale must be > 0, got %s", factor);
    }

    @Override
    public Accelerator apply(Accelerator base) {
      Dram d = base.dram();
      return new Accelerator(base.name(), base.cores(), base.links(), new Dram(bits(d.readBandwidthBits(), factor,
          "DRAM read bandwidth"), bits(d.writeBandwidthBits(), factor, "DRAM write bandwidth"), d.sharedPort(),
          d.readEnergyPerBitPj(), d.writeEnergyPerBitPj()), base.sharedMemories());
    }

    @Override
    public String text() {
      return "dram=" + times(factor);
    }
  }

  /**
   * {@code count} copies of a homogeneous accelerator's core (ids 0 to count − 1), connected as the
   * base connects its cores: a ring of point-to-point links (each core to the next, the last to the
   * first), one bus over all cores, every pair linked, or no links when all cores share one memory
   * (which then all {@code count} share). The links keep the base's bandwidth and energy; the DRAM
   * is the base's, shared by all cores as before. Refused for cores of different types or an
   * interconnect of another shape, where which copy goes where is not defined.
   *
   * @param count the number of cores, >= 1
   */
  record Cores(int count) implements Variation {
    public Cores {
      checkArgument(count >= 1, "the number of cores must be >= 1, got %s", count);
    }

    @Override
    public Accelerator apply(Accelerator base) {
      Core first = base.cores().get(0);
      for (Core c : base.cores()) {
        checkArgument(c.name().equals(first.name()) && c.array().equals(first.array())
            && c.memories().equals(first.memories()) && c.dataflow().equals(first.dataflow()),
            "cores=N copies identical cores, but core %s (%s) differs from core %s (%s): the accelerator is "
                + "heterogeneous", c.id(), c.name(), first.id(), first.name());
      }
      List<Core> cores = IntStream.range(0, count)
          .mapToObj(i -> new Core(i, first.name(), first.array(), first.memories(), first.dataflow())).toList();
      int n = base.cores().size();
      List<Link> links = base.links();
      List<SharedMemory> shared = base.sharedMemories();
      checkArgument(shared.isEmpty() || shared.size() == 1 && shared.get(0).cores().size() == n && links.isEmpty(),
          "cores=N copies a memory shared by all cores, with no links, but the accelerator shares memories "
              + "otherwise");
      if (!shared.isEmpty()) {
        SharedMemory s = shared.get(0);
        // One core alone does not share its memory.
        return new Accelerator(base.name(), cores, List.of(), base.dram(), count == 1 ? List.of()
            : List.of(new SharedMemory(s.name(), IntStream.range(0, count).boxed().toList(), s.memory())));
      }
      checkArgument(!links.isEmpty() || n == 1 && count == 1, "cores=N copies the links between the cores, but "
          + "the accelerator has none");
      if (links.isEmpty()) {
        return base;
      }
      Link l = links.get(0);
      checkArgument(links.stream().allMatch(k -> k.bandwidthBits() == l.bandwidthBits()
          && k.energyPerBitPj() == l.energyPerBitPj()), "cores=N copies one kind of link, but the links differ "
              + "in bandwidth or energy");
      List<Link> copied = new ArrayList<>();
      for (List<Integer> connected : groups(base)) {
        copied.add(new Link(connected.size() > 2 ? "bus" : "link_" + connected.get(0) + "_" + connected.get(1),
            connected, l.bandwidthBits(), l.energyPerBitPj()));
      }
      return new Accelerator(base.name(), cores, copied, base.dram(), List.of());
    }

    /** The cores each link of the variant connects, in the base's interconnect shape. */
    private List<List<Integer>> groups(Accelerator base) {
      List<Link> links = base.links();
      List<Integer> ids = base.cores().stream().map(Core::id).toList();
      int n = ids.size();
      Set<Set<Integer>> pairs = new HashSet<>();
      links.forEach(k -> pairs.add(Set.copyOf(k.cores())));
      boolean pointToPoint = links.stream().noneMatch(Link::isBus);
      List<List<Integer>> groups = new ArrayList<>();
      if (links.size() == 1 && links.get(0).cores().size() == n) {
        if (count > 1) {
          groups.add(IntStream.range(0, count).boxed().toList());
        }
      } else if (pointToPoint && n >= 3 && links.size() == n
          && IntStream.range(0, n).allMatch(i -> pairs.contains(Set.of(ids.get(i), ids.get((i + 1) % n))))) {
        // A ring of two cores is one link; of one core, none.
        int ring = count > 2 ? count : count - 1;
        for (int i = 0; i < ring; i++) {
          groups.add(List.of(i, (i + 1) % count));
        }
      } else if (pointToPoint && n >= 3 && links.size() == pairs.size() && pairs.size() == n * (n - 1) / 2) {
        for (int a = 0; a < count; a++) {
          for (int b = a + 1; b < count; b++) {
            groups.add(List.of(a, b));
          }
        }
      } else {
        throw new IllegalArgumentException("cores=N copies a ring, a bus over all cores or links between every "
            + "pair of cores, but the accelerator's " + links.size() + " links connect its cores otherwise");
      }
      return groups;
    }

    @Override
    public String text() {
      return "cores=" + count;
    }
  }

  /** {@code value × factor} rounded to the nearest whole unit; a result below 1 is refused, naming {@code what}. */
  private static long bits(long value, double factor, String what) {
    long scaled = Math.round(value * factor);
    checkArgument(scaled >= 1, "%s: %s x %s rounds to %s", what, value, factor, scaled);
    return scaled;
  }

  /** {@code 2x}, {@code 0.5x}: the factor without trailing zeros. */
  private static String times(double factor) {
    return BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString() + "x";
  }
}
