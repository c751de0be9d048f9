package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.workload.Layer;
import org.laminar.workload.Operand;

/**
 * Everything a scheduler needs: the tile graph, the accelerator, which cores each layer may use,
 * the cost model, and the memory operand each layer operand is kept in.
 *
 * @param graph the tiles and their data edges
 * @param accelerator cores, links and DRAM
 * @param allowedCores layer id → ids of the cores its tiles may run on; a layer absent here may use
 *     every core. A single allowed core fixes the layer's allocation.
 * @param costModel cycles and energy of a tile on a core
 * @param memoryOperands layer operand → the memory operand ({@code I1}, {@code I2}, {@code O}) whose
 *     local memory holds it; defaults {@code W → I2, I → I1, O → O}
 */
public record SchedulingProblem(TileGraph graph, Accelerator accelerator, Map<Integer, List<Integer>> allowedCores,
    CostModel costModel, Map<Operand, MemoryOperand> memoryOperands) {

  /** The usual operand links: weights in {@code I2}, input activations in {@code I1}, outputs in {@code O}. */
  public static final Map<Operand, MemoryOperand> DEFAULT_MEMORY_OPERANDS = Maps.immutableEnumMap(
      Map.of(Operand.W, MemoryOperand.I2, Operand.I, MemoryOperand.I1, Operand.O, MemoryOperand.O));

  public SchedulingProblem {
    checkNotNull(graph, "tile graph is missing");
    checkNotNull(accelerator, "accelerator is missing");
    checkNotNull(costModel, "cost model is missing");
    EnumMap<Operand, MemoryOperand> links = new EnumMap<>(DEFAULT_MEMORY_OPERANDS);
    links.putAll(memoryOperands);
    memoryOperands = Maps.immutableEnumMap(links);
    ImmutableMap.Builder<Integer, List<Integer>> allowed = ImmutableMap.builder();
    Map<Integer, Layer> layers = graph.workload().byId();
    for (Layer layer : graph.workload().layers()) {
      List<Integer> cores = allowedCores.containsKey(layer.id())
          ? ImmutableList.copyOf(new TreeSet<>(allowedCores.get(layer.id())))
          : accelerator.cores().stream().map(Core::id).collect(ImmutableList.toImmutableList());
      checkArgument(!cores.isEmpty(), "layer '%s' is allowed on no core", layer.name());
      for (int id : cores) {
        checkArgument(accelerator.cores().stream().anyMatch(c -> c.id() == id),
            "layer '%s' is allowed on core %s, which accelerator %s does not have", layer.name(), id,
            accelerator.name());
        Core core = accelerator.core(id);
        for (Operand operand : Operand.values()) {
          checkArgument(core.localMemory(memoryOperands.get(operand)).isPresent(),
              "layer '%s' may run on core %s, which has no memory for operand %s (%s)", layer.name(), id, operand,
              memoryOperands.get(operand));
        }
      }
      allowed.put(layer.id(), cores);
    }
    for (Integer id : allowedCores.keySet()) {
      checkArgument(layers.containsKey(id), "allowed cores given for layer %s, which the workload does not have", id);
    }
    allowedCores = allowed.buildOrThrow();
  }

  /** A problem where every layer may use every core, with the default operand links. */
  public static SchedulingProblem of(TileGraph graph, Accelerator accelerator, CostModel costModel) {
    return new SchedulingProblem(graph, accelerator, Map.of(), costModel, Map.of());
  }

  /** The same problem with other allowed cores. */
  public SchedulingProblem withAllowedCores(Map<Integer, List<Integer>> cores) {
    return new SchedulingProblem(graph, accelerator, cores, costModel, memoryOperands);
  }

  /** Ids of the cores {@code layer}'s tiles may run on, ascending. */
  public List<Integer> allowedCores(int layer) {
    List<Integer> cores = allowedCores.get(layer);
    if (cores == null) {
      throw new NoSuchElementException("workload " + graph.workload().name() + " has no layer " + layer);
    }
    return cores;
  }

  /** Cost of {@code tile} on {@code core}. */
  public TileCost cost(Tile tile, Core core) {
    return costModel.cost(tile.shape(), core);
  }

  /** The local memory of {@code core} that holds layer operand {@code operand}. */
  public MemoryLevel memory(Core core, Operand operand) {
    return core.localMemory(memoryOperands.get(operand)).orElseThrow(() -> new NoSuchElementException(
        "core " + core.id() + " has no memory for operand " + operand));
  }

  /**
   * The operand under which the consumer of {@code edge} receives its data: {@link Operand#W} when
   * the producer's layer feeds the consumer layer's second operand, else {@link Operand#I}.
   */
  public Operand receivingOperand(TileEdge edge) {
    Layer consumer = graph.workload().layer(graph.tiles().get(edge.consumer()).layer());
    int producerLayer = graph.tiles().get(edge.producer()).layer();
    boolean viaInput = consumer.producersOf(Operand.I).contains(producerLayer);
    return !viaInput && consumer.producersOf(Operand.W).contains(producerLayer) ? Operand.W : Operand.I;
  }

  /** Bits of the distinct weight slices used by {@code tiles} (bits). */
  public static long weightBits(Iterable<Tile> tiles) {
    Set<Integer> slices = new TreeSet<>();
    long bits = 0;
    for (Tile t : tiles) {
      if (slices.add(t.weightSlice())) {
        bits += t.weightBits();
      }
    }
    return bits;
  }

  /** Cycles to move {@code bits} at {@code bandwidth} bits/cycle: {@code ⌈bits / bandwidth⌉}. */
  public static long transferCycles(long bits, long bandwidth) {
    return (bits + bandwidth - 1) / bandwidth;
  }

  /** Cycles of a DRAM read ({@code read}) or write of {@code bits}. */
  public long dramCycles(long bits, boolean read) {
    return transferCycles(bits, read ? accelerator.dram().readBandwidthBits() : accelerator.dram().writeBandwidthBits());
  }

  /** Resource name of the DRAM port used by a read ({@code read}) or a write. */
  public String dramPort(boolean read) {
    return DramPort.of(accelerator.dram(), read).resource();
  }
}
