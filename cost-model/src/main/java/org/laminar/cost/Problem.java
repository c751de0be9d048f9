package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;

/**
 * One layer shape on one core under one spatial unrolling: the operands that take part, the
 * memories holding each, and the spatial loops, clipped to the layer's sizes.
 *
 * <p>An unrolling wider than its array dimension is cut to the array; a dimension smaller than
 * its unrolling uses only as many PEs as it has elements; a dimension
 * that does not divide by its unrolling runs {@code ⌈size/unroll⌉} temporal iterations. The
 * spatial loops exist in two variants: integer unrollings ({@code ⌊size / iterations⌋}, the PEs
 * busy in every temporal iteration; used for latency) and fractional ones whose product with the
 * temporal iterations is exactly the dimension size (used for energy, so that access counts stay
 * proportional to the work), as in ZigZag.
 */
final class Problem {
  final Layer layer;
  final Core core;
  final Relevance relevance;
  /** Operands that move data, in ZigZag's order (output first). */
  final List<Operand> operands = new ArrayList<>();
  final Map<Operand, MemoryOperand> links;
  final Map<Operand, List<MemoryLevel>> hierarchy = new EnumMap<>(Operand.class);
  /** Output elements of the whole layer. */
  final double outputElements;
  /** Temporal iterations per dimension (indexed by {@link LoopDim#ordinal()}). */
  final int[] temporalSize = new int[LoopDim.values().length];
  private final List<SpatialLoop> spatialLoops = new ArrayList<>();
  private final Map<Operand, List<List<Loop>>> fractionalLevels = new EnumMap<>(Operand.class);
  private final Map<Operand, List<List<Loop>>> integerLevels = new EnumMap<>(Operand.class);
  private final Map<Operand, MemoryPort[][]> portCache = new EnumMap<>(Operand.class);

  private record SpatialLoop(String arrayDim, LoopDim dim, int factor, double fraction) {
  }

  Problem(Layer layer, Core core, LayerMapping mapping) {
    // Stream's off-chip pseudo-core has a zero-size array: it holds data but computes nothing.
    checkArgument(core.array().size() > 0, "core %s has no PEs (its array is %s)", core.name(),
        core.array().dimensions());
    this.layer = layer;
    this.core = core;
    this.relevance = new Relevance(layer);
    this.links = mapping.operandLinks();
    operands.add(Operand.O);
    if (layer.type().hasWeightOperand() && layer.precision().weightBits() > 0) {
      operands.add(Operand.W);
    }
    operands.add(Operand.I);
    for (Operand op : operands) {
      List<MemoryLevel> levels = core.hierarchy(links.get(op));
      checkArgument(!levels.isEmpty(), "layer %s: core %s has no memory for operand %s (memory operand %s)",
          layer.name(), core.name(), op, links.get(op));
      hierarchy.put(op, levels);
    }
    placeSpatialLoops(mapping);
    double[] sizes = new double[LoopDim.values().length];
    for (LoopDim d : LoopDim.values()) {
      sizes[d.ordinal()] = layer.size(d);
    }
    this.outputElements = relevance.elements(Operand.O, sizes);
  }

  private void placeSpatialLoops(LayerMapping mapping) {
    int[] remaining = new int[LoopDim.values().length];
    for (LoopDim d : LoopDim.values()) {
      remaining[d.ordinal()] = layer.size(d);
    }
    List<SpatialLoop> integer = new ArrayList<>();
    mapping.spatial().byArrayDimension().forEach((arrayDim, unrolls) -> {
      Integer arraySize = core.array().dimensions().get(arrayDim);
      checkArgument(arraySize != null, "layer %s: the mapping unrolls over array dimension %s, which core %s does not have",
          layer.name(), arrayDim, core.name());
      long product = 1;
      for (Unroll u : unrolls) {
        // As ZigZag: an unrolling wider than the array dimension is cut to it.
        int rem = remaining[u.dim().ordinal()];
        int factor = Math.min(Math.min(u.factor(), arraySize), rem);
        product *= factor;
        remaining[u.dim().ordinal()] = (rem + factor - 1) / factor;
        if (factor > 1) {
          integer.add(new SpatialLoop(arrayDim, u.dim(), factor, factor));
        }
      }
      checkArgument(product <= arraySize, "layer %s: the mapping unrolls %s PEs over array dimension %s of core %s, which has %s",
          layer.name(), product, arrayDim, core.name(), arraySize);
    });
    System.arraycopy(remaining, 0, temporalSize, 0, remaining.length);
    for (int i = 0; i < integer.size(); i++) {
      SpatialLoop loop = integer.get(i);
      int d = loop.dim().ordinal();
      boolean lastOfDim = integer.subList(i + 1, integer.size()).stream().noneMatch(l -> l.dim() == loop.dim());
      double fraction = loop.factor();
      int factor = loop.factor();
      if (lastOfDim) {
        double unrolled = integer.stream().filter(l -> l.dim() == loop.dim()).mapToDouble(SpatialLoop::factor)
            .reduce(1, (a, b) -> a * b);
        fraction *= layer.size(loop.dim()) / ((double) temporalSize[d] * unrolled);
        // As ZigZag: the PEs busy in every temporal iteration (the last one is partly idle).
        factor = (int) Math.floor(fraction + 1e-9);
      }
      spatialLoops.add(new SpatialLoop(loop.arrayDim(), loop.dim(), factor, fraction));
    }
  }

  /** The spatial loops over array dimension {@code arrayDim} in mapping order, with their fractional sizes. */
  List<Loop> spatialLoops(String arrayDim) {
    return spatialLoops.stream().filter(l -> l.arrayDim().equals(arrayDim))
        .map(l -> new Loop(l.dim(), l.fraction())).toList();
  }

  /** Number of memory levels holding {@code op}. */
  int levels(Operand op) {
    return hierarchy.get(op).size();
  }

  /**
   * The spatial loops of {@code op} per architectural level {@code 0..levels(op)}: level
   * {@code l} holds the loops over array dimensions that memory {@code l} is shared over and
   * memory {@code l−1} is not (level 0: shared by the innermost memory; the top level: loops over
   * dimensions no memory of the operand spans).
   */
  List<List<Loop>> spatialLevels(Operand op, boolean fractional) {
    return (fractional ? fractionalLevels : integerLevels).computeIfAbsent(op, o -> placeSpatial(o, fractional));
  }

  /** Whether the fractional spatial loops of {@code op} are its integer ones (every unrolling divides its dimension). */
  boolean integerSpatial(Operand op) {
    return spatialLevels(op, true).equals(spatialLevels(op, false));
  }

  /** Index of {@code memory} in the hierarchy of {@code op} (by identity), or −1. */
  int level(Operand op, MemoryLevel memory) {
    List<MemoryLevel> memories = hierarchy.get(op);
    for (int i = 0; i < memories.size(); i++) {
      if (memories.get(i) == memory) {
        return i;
      }
    }
    return -1;
  }

  private List<List<Loop>> placeSpatial(Operand op, boolean fractional) {
    List<MemoryLevel> memories = hierarchy.get(op);
    List<List<Loop>> levels = new ArrayList<>();
    for (int lv = 0; lv <= memories.size(); lv++) {
      levels.add(new ArrayList<>());
    }
    for (SpatialLoop loop : spatialLoops) {
      int lv = 0;
      while (lv < memories.size() && !memories.get(lv).servedDimensions().contains(loop.arrayDim())) {
        lv++;
      }
      levels.get(lv).add(new Loop(loop.dim(), fractional ? loop.fraction() : loop.factor()));
    }
    List<List<Loop>> frozen = new ArrayList<>();
    levels.forEach(l -> frozen.add(List.copyOf(l)));
    return List.copyOf(frozen);
  }

  /** Bits per element of {@code op}; for O, {@code partial} selects the partial-sum precision. */
  int bits(Operand op, boolean partial) {
    return switch (op) {
      case W -> layer.precision().weightBits();
      case I -> layer.precision().inputBits();
      case O -> partial ? layer.precision().partialOutputBits() : layer.precision().finalOutputBits();
    };
  }

  /**
   * The port of memory {@code level} carrying {@code op} in direction {@code d}; a memory that
   * names none uses its first port able to read (or write).
   */
  MemoryPort port(Operand op, int level, DataDirection d) {
    MemoryPort[][] ports = portCache.computeIfAbsent(op, o -> new MemoryPort[levels(o)][DataDirection.values().length]);
    MemoryPort port = ports[level][d.ordinal()];
    if (port == null) {
      MemoryLevel memory = hierarchy.get(op).get(level);
      MemoryOperand operand = links.get(op);
      port = memory.port(operand, d).orElseGet(() -> memory.ports().stream()
          .filter(candidate -> candidate.type() == MemoryPort.Type.READ_WRITE
              || (candidate.type() == MemoryPort.Type.WRITE) == d.writes())
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("core " + core.name() + ": memory " + memory.name()
              + " has no port that can " + (d.writes() ? "write" : "read") + " operand " + operand)));
      ports[level][d.ordinal()] = port;
    }
    return port;
  }

  /** PEs the array has. */
  long peCount() {
    return core.array().size();
  }
}
