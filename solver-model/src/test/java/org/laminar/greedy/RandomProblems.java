package org.laminar.greedy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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
import org.laminar.tiling.Region;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * Seeded random scheduling problems: 'same'-padded conv chains (with occasional skip inputs)
 * split into row bands and channel slices, on 1–4 cores with shared or separate SRAMs, buses,
 * point-to-point links or none, and memories sized from tight (forcing spills) to roomy.
 */
public final class RandomProblems {
  private RandomProblems() {}

  /**
   * The system property that sets how many random instances every property test draws (the
   * nightly profile, {@code mvn -B verify -Pnightly}, sets 1,000); without it each test draws its
   * own {@code mvn verify} count.
   */
  public static final String INSTANCES_PROPERTY = "laminar.random.instances";

  /** How many random instances a property test draws: {@value #INSTANCES_PROPERTY}, else {@code inVerify}. */
  public static int instances(int inVerify) {
    return Integer.getInteger(INSTANCES_PROPERTY, inVerify);
  }

  static final Precision PRECISION = new Precision(8, 8, 16, 8);

  /** cycles = ⌈MACs / PEs⌉, doubled on odd cores; 1 pJ per MAC·pJ/MAC; memory 0.1 pJ per MAC. */
  static final CostModel COST = (shape, core) -> {
    long pes = core.array().size();
    long cycles = (shape.macs() + pes - 1) / pes * (1 + core.id() % 2);
    return new TileCost(Math.max(1, cycles), shape.macs() * core.array().macEnergyPj(), 0.1 * shape.macs(),
        Math.min(1, (double) shape.macs() / (Math.max(1, cycles) * pes)));
  };

  static Layer conv(int id, int k, int c, int oy, int ox, int f, List<Integer> producers) {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.K, k);
    dims.put(LoopDim.C, c);
    dims.put(LoopDim.OY, oy);
    dims.put(LoopDim.OX, ox);
    dims.put(LoopDim.FY, f);
    dims.put(LoopDim.FX, f);
    int pad = f / 2;
    return new Layer(id, "l" + id, OperatorType.CONV, "Conv", dims, 1, 1, 1, 1, new Padding(pad, pad, pad, pad),
        PRECISION, producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  /**
   * Tiles of {@code w} (same-padded, stride-1 convs with equal OY and OX) in {@code bands} row
   * bands × {@code slices} channel slices per layer, and their halo edges; {@code stackOf} gives
   * each layer's fused stack.
   */
  static TileGraph tile(Workload w, Map<Integer, Integer> bands, Map<Integer, Integer> slices,
      Map<Integer, Integer> stackOf) {
    List<Tile> tiles = new ArrayList<>();
    List<TileEdge> edges = new ArrayList<>();
    Map<Integer, List<Tile>> byLayer = new HashMap<>();
    for (Layer layer : w.layers()) {
      int oy = layer.size(LoopDim.OY);
      int ox = layer.size(LoopDim.OX);
      int k = layer.size(LoopDim.K);
      int f = layer.size(LoopDim.FY);
      List<Tile> mine = new ArrayList<>();
      int nb = bands.get(layer.id());
      int ns = slices.get(layer.id());
      for (int b = 0; b < nb; b++) {
        int r0 = oy * b / nb;
        int r1 = oy * (b + 1) / nb;
        int in0 = Math.max(0, r0 - f / 2);
        int in1 = Math.min(oy, r1 + f / 2);
        for (int s = 0; s < ns; s++) {
          int k0 = k * s / ns;
          int k1 = k * (s + 1) / ns;
          Layer shape = layer.withDims(Map.of(LoopDim.K, k1 - k0, LoopDim.C, layer.size(LoopDim.C), LoopDim.OY,
              r1 - r0, LoopDim.OX, ox, LoopDim.FY, f, LoopDim.FX, f));
          long weightBits = (long) (k1 - k0) * layer.size(LoopDim.C) * f * f * PRECISION.weightBits();
          long input = layer.producersOf(Operand.I).isEmpty()
              ? (long) (in1 - in0) * ox * layer.size(LoopDim.C) * PRECISION.inputBits() : 0;
          Tile t = new Tile(tiles.size(), layer.id(), new Region(k0, k1, r0, r1), shape, s, weightBits,
              (long) (k1 - k0) * (r1 - r0) * ox * PRECISION.finalOutputBits(), input, stackOf.get(layer.id()));
          tiles.add(t);
          mine.add(t);
          for (int p : layer.producersOf(Operand.I)) {
            for (Tile u : byLayer.get(p)) {
              int rows = Math.min(in1, u.output().rowEnd()) - Math.max(in0, u.output().rowStart());
              if (rows > 0) {
                edges.add(new TileEdge(u.id(), t.id(), (long) rows * ox * u.output().channels()
                    * PRECISION.finalOutputBits()));
              }
            }
          }
        }
      }
      byLayer.put(layer.id(), mine);
    }
    return new TileGraph(w, tiles, edges);
  }

  static Core core(int id, int pes, List<MemoryLevel> memories) {
    return new Core(id, "c" + pes, new OperationalArray(0.5 + id % 2, Map.of("D1", pes)), memories,
        SpatialUnrolling.NONE);
  }

  static MemoryLevel sram(String name, long bits, MemoryOperand... operands) {
    List<PortAllocation> flows = new ArrayList<>();
    for (MemoryOperand op : operands) {
      flows.add(new PortAllocation(op, DataDirection.TL));
    }
    return new MemoryLevel(name, bits, 1, 1, Set.of(operands),
        List.of(new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, flows)), Set.of("D1"));
  }

  public static SchedulingProblem random(long seed) {
    Random rnd = new Random(seed);
    int layers = 2 + rnd.nextInt(4);
    int oy = 2 + rnd.nextInt(7);
    int ox = 1 + rnd.nextInt(4);
    List<Layer> list = new ArrayList<>();
    Map<Integer, Integer> bands = new HashMap<>();
    Map<Integer, Integer> slices = new HashMap<>();
    Map<Integer, Integer> stackOf = new HashMap<>();
    int stack = 0;
    int previousK = 1 + rnd.nextInt(3);
    for (int i = 0; i < layers; i++) {
      int k = 1 + rnd.nextInt(4);
      List<Integer> producers = new ArrayList<>();
      int c = previousK;
      if (i > 0) {
        producers.add(i - 1);
        if (i > 1 && rnd.nextInt(4) == 0) {
          producers.add(i - 2);
          c += list.get(i - 2).size(LoopDim.K);
        }
      }
      list.add(conv(i, k, c, oy, ox, rnd.nextBoolean() ? 3 : 1, producers));
      previousK = k;
      bands.put(i, 1 + rnd.nextInt(oy));
      slices.put(i, rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(k) : 1);
      if (i > 0 && rnd.nextInt(3) == 0) {
        stack++;
      }
      stackOf.put(i, stack);
    }
    TileGraph graph = tile(new Workload("random" + seed, list), bands, slices, stackOf);
    long maxWeights = list.stream().mapToLong(Layer::weightBits).max().orElseThrow();
    long maxTile = 0;
    for (Tile t : graph.tiles()) {
      long in = t.dramInputBits() + graph.incoming().get(t.id()).stream().mapToLong(TileEdge::bits).sum();
      maxTile = Math.max(maxTile, in + t.outputBits());
    }
    int nCores = 1 + rnd.nextInt(4);
    boolean split = rnd.nextBoolean();
    double slack = 1 + 3 * rnd.nextDouble();
    // A weight memory below the largest layer's weights makes that layer stream them.
    double weightShare = rnd.nextInt(4) == 0 ? 0.3 : 1;
    List<Core> cores = new ArrayList<>();
    for (int i = 0; i < nCores; i++) {
      int pes = 1 << (1 + rnd.nextInt(4));
      List<MemoryLevel> memories = split
          ? List.of(sram("w", (long) (maxWeights * slack * weightShare) + 1, MemoryOperand.I2),
              sram("act", (long) (maxTile * slack), MemoryOperand.I1, MemoryOperand.O))
          : List.of(sram("sram", (long) ((maxWeights + maxTile) * slack), MemoryOperand.I1, MemoryOperand.I2,
              MemoryOperand.O));
      cores.add(core(i, pes, memories));
    }
    List<Link> links = new ArrayList<>();
    int topology = rnd.nextInt(3);
    if (nCores > 1 && topology == 1 && nCores > 2) {
      List<Integer> all = cores.stream().map(Core::id).toList();
      links.add(new Link("bus", all, 8 + rnd.nextInt(57), 0.25));
    } else if (nCores > 1 && topology > 0) {
      for (int i = 0; i + 1 < nCores; i++) {
        links.add(new Link("l" + i, List.of(i, i + 1), 8 + rnd.nextInt(57), 0.5));
      }
    }
    Dram dram = new Dram(8 + rnd.nextInt(57), 8 + rnd.nextInt(57), rnd.nextBoolean(), 2, 3);
    Accelerator acc = new Accelerator("acc" + seed, cores, links, dram);
    Map<Integer, List<Integer>> allowed = new HashMap<>();
    for (Layer l : list) {
      if (nCores > 1 && rnd.nextInt(3) == 0) {
        allowed.put(l.id(), List.of(rnd.nextInt(nCores)));
      }
    }
    return SchedulingProblem.of(graph, acc, COST).withLayerCores(allowed);
  }
}
