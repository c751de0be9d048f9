package org.laminar.exact;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * Small tile-scheduling problems built in code: 'same'-padded 3×3 convolution chains tiled by the
 * real tile-graph generator, on cores of 64 PEs with one SRAM each, a simple cost model.
 */
public final class TileProblems {
  private TileProblems() {}

  static final Precision PRECISION = new Precision(8, 8, 16, 8);

  /** cycles = ⌈MACs / PEs⌉, × 2 on a core called "slow"; energy 1 pJ per MAC (× 2 on slow), 0.1 on memory. */
  static final CostModel COST = (shape, core) -> {
    long pes = core.array().size();
    int factor = core.name().equals("slow") ? 2 : 1;
    long cycles = (shape.macs() + pes - 1) / pes * factor;
    return new TileCost(cycles, shape.macs() * factor, 0.1 * shape.macs(), 1.0 / factor);
  };

  public static Layer conv(int id, int k, int c, int size, List<Integer> producers) {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.K, k);
    dims.put(LoopDim.C, c);
    dims.put(LoopDim.OY, size);
    dims.put(LoopDim.OX, size);
    dims.put(LoopDim.FY, 3);
    dims.put(LoopDim.FX, 3);
    return new Layer(id, "conv" + id, OperatorType.CONV, "Conv", dims, 1, 1, 1, 1, new Padding(1, 1, 1, 1),
        PRECISION, producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  /** A chain of {@code layers} convolutions of {@code channels} channels on {@code size}² maps. */
  static Workload chain(int layers, int channels, int size) {
    List<Layer> list = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      list.add(conv(i, channels, i == 0 ? 3 : channels, size, i == 0 ? List.of() : List.of(i - 1)));
    }
    return new Workload("chain" + layers, list);
  }

  /** {@code w} fused into one stack, every layer split as {@code split} (e.g. {@code oy=4,k=2}). */
  public static TileGraph tiles(Workload w, String split) {
    return TileGraphBuilder.build(Tiling.uniform(w, LayerTiling.parse(split), new FusionPolicy.All()));
  }

  static Core core(int id, String name, long sramBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel sram = new MemoryLevel("sram", sramBits, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.I2,
        MemoryOperand.O), List.of(port), Set.of("D1"));
    return new Core(id, name, new OperationalArray(1, Map.of("D1", 64)), List.of(sram), SpatialUnrolling.NONE);
  }

  /**
   * {@code n} cores named by {@code names} (cycled), each with {@code sramBits} of SRAM, on one bus
   * of 32 bits/cycle ({@code bus}) or a ring of such links; DRAM 64 bits/cycle through one port.
   */
  public static Accelerator accelerator(int n, List<String> names, long sramBits, boolean bus) {
    List<Core> cores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cores.add(core(i, names.get(i % names.size()), sramBits));
    }
    List<Link> links = new ArrayList<>();
    if (bus && n > 1) {
      links.add(new Link("bus", cores.stream().map(Core::id).toList(), 32, 0.1));
    } else if (n > 1) {
      for (int i = 0; i < (n == 2 ? 1 : n); i++) {
        links.add(new Link("ring_" + i, List.of(i, (i + 1) % n), 32, 0.1));
      }
    }
    return new Accelerator("test" + n, cores, links, new Dram(64, 64, true, 10, 12));
  }

  public static SchedulingProblem problem(TileGraph graph, Accelerator accelerator) {
    return SchedulingProblem.of(graph, accelerator, COST);
  }

  /**
   * A random chain or branch of 2–3 layers, 8–16 channels, 8×8 maps, 2–3 row bands (4–9 tiles), on
   * 2–4 fast or fast and slow cores with roomy (1 Mib) or tight (32 Kib) memories, on a bus or a ring.
   */
  static SchedulingProblem random(long seed) {
    Random random = new Random(seed);
    int layers = 2 + random.nextInt(2);
    List<Layer> list = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      List<Integer> producers = i == 0 ? List.of() : List.of(i == 1 || random.nextBoolean() ? i - 1 : i - 2);
      list.add(conv(i, 8 + 8 * random.nextInt(2), i == 0 ? 3 : list.get(producers.get(0)).size(LoopDim.K), 8,
          producers));
    }
    Workload w = new Workload("random" + seed, list);
    TileGraph graph = tiles(w, "oy=" + (2 + random.nextInt(2)));
    int cores = 2 + random.nextInt(3);
    Accelerator acc = accelerator(cores, random.nextBoolean() ? List.of("fast") : List.of("fast", "slow"),
        random.nextBoolean() ? 1 << 20 : 1 << 15, random.nextBoolean());
    return problem(graph, acc);
  }
}
