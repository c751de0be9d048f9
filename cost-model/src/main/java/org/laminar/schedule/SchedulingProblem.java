package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Maps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.laminar.cost.CostModel;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryInstance;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.Operand;

/**
 * Everything a scheduler needs: the tile graph, the accelerator, which cores each tile may use,
 * the cost model, and the memory operand each layer operand is kept in.
 *
 * @param graph the tiles and their data edges
 * @param accelerator cores, links and DRAM
 * @param allowedCores by tile id: ids of the cores the tile may run on, ascending (an empty list on
 *     input means every core); cores the cost model cannot run the tile on are left out. One
 *     allowed core fixes the tile's allocation.
 * @param costModel cycles and energy of a tile on a core; the problem keeps it behind a table of its
 *     tiles' costs, filled on construction in parallel (the same costs, looked up by index)
 * @param memoryOperands layer operand → the memory operand ({@code I1}, {@code I2}, {@code O}) whose
 *     local memory holds it; defaults {@code W → I2, I → I1, O → O}
 * @param copyPhases whether a tile holds its core during its off-chip copies ({@link CopyPhases})
 * @param streaming where tiles stream their activations from and to DRAM ({@link #activationStreams})
 */
public record SchedulingProblem(TileGraph graph, Accelerator accelerator, List<List<Integer>> allowedCores,
    CostModel costModel, Map<Operand, MemoryOperand> memoryOperands, CopyPhases copyPhases,
    StreamPolicy streaming) {

  /** The usual operand links: weights in {@code I2}, input activations in {@code I1}, outputs in {@code O}. */
  public static final Map<Operand, MemoryOperand> DEFAULT_MEMORY_OPERANDS = Maps.immutableEnumMap(
      Map.of(Operand.W, MemoryOperand.I2, Operand.I, MemoryOperand.I1, Operand.O, MemoryOperand.O));

  public SchedulingProblem {
    checkNotNull(graph, "tile graph is missing");
    checkNotNull(accelerator, "accelerator is missing");
    checkNotNull(costModel, "cost model is missing");
    checkNotNull(copyPhases, "copy phases are missing");
    checkNotNull(streaming, "stream policy is missing");
    EnumMap<Operand, MemoryOperand> links = new EnumMap<>(DEFAULT_MEMORY_OPERANDS);
    links.putAll(memoryOperands);
    memoryOperands = Maps.immutableEnumMap(links);
    checkArgument(allowedCores.size() == graph.tiles().size(), "allowed cores are given for %s tiles, but the tile "
        + "graph has %s", allowedCores.size(), graph.tiles().size());
    List<Integer> all = accelerator.cores().stream().map(Core::id).collect(ImmutableList.toImmutableList());
    Map<List<Integer>, List<Integer>> canonical = new HashMap<>();
    List<List<Integer>> given = new ArrayList<>(graph.tiles().size());
    for (Tile tile : graph.tiles()) {
      List<Integer> cores = allowedCores.get(tile.id());
      cores = cores.isEmpty() ? all : canonical.computeIfAbsent(ImmutableList.copyOf(new TreeSet<>(cores)), c -> c);
      for (int id : cores) {
        require(all.contains(id), "tile %s (layer '%s') is allowed on core %s, which accelerator %s does not "
            + "have", tile.id(), graph.workload().layer(tile.layer()).name(), id, accelerator.name());
      }
      given.add(cores);
    }
    CostModel model = costModel;
    TileCosts costs = TileCosts.of(model, graph.tiles(), given, accelerator,
        (tile, core) -> cost(tile, core, model, links));
    costModel = costs;
    ImmutableList.Builder<List<Integer>> allowed = ImmutableList.builder();
    Set<Integer> used = new TreeSet<>();
    Map<List<Object>, Optional<ActivationStreams>> streamedBy = new HashMap<>();
    for (Tile tile : graph.tiles()) {
      boolean streamable = streaming == StreamPolicy.ALWAYS || streaming == StreamPolicy.CHOOSE
          || streaming == StreamPolicy.WHEN_NEEDED && given.get(tile.id()).stream().allMatch(
              id -> costs.refusal(tile, id) != null);
      if (streamable) {
        for (int id : given.get(tile.id())) {
          Core core = accelerator.core(id);
          // The DRAM input's bits, not only whether there are any: serial copies of an input left on
          // chip add its transfer to the streamed cost, and so can change which view is best.
          streamedBy.computeIfAbsent(List.of(tile.shape(), tile.weightBits(), graph.isSink(tile),
              tile.dramInputBits(), id), k -> StreamedViews.best(tile, core, model, links, accelerator, copyPhases,
                  graph.isSink(tile))).ifPresent(how -> costs.streamOn(tile, id, how));
        }
      }
      List<Integer> runnable = runnableCores(tile, given.get(tile.id()), costs, graph, accelerator, streamable);
      used.addAll(runnable);
      allowed.add(canonical.computeIfAbsent(runnable, c -> c));
    }
    for (int id : used) {
      for (Operand operand : Operand.values()) {
        require(accelerator.core(id).localMemory(memoryOperands.get(operand)).isPresent(),
            "core %s has no memory for operand %s (%s), but tiles may run on it", id, operand,
            memoryOperands.get(operand));
      }
    }
    allowedCores = allowed.build();
    for (Link link : accelerator.links()) {
      for (DramPort port : DramPort.values()) {
        require(!link.name().equals(port.resource()), "accelerator %s: link name '%s' is reserved for a DRAM "
            + "port", accelerator.name(), link.name());
      }
    }
  }

  /** A problem whose tiles never stream their activations ({@link StreamPolicy#NEVER}). */
  public SchedulingProblem(TileGraph graph, Accelerator accelerator, List<List<Integer>> allowedCores,
      CostModel costModel, Map<Operand, MemoryOperand> memoryOperands, CopyPhases copyPhases) {
    this(graph, accelerator, allowedCores, costModel, memoryOperands, copyPhases, StreamPolicy.NEVER);
  }

  /**
   * The cores among {@code cores} on which the cost model can run {@code tile} (a core may lack,
   * say, the weight registers an operator needs): a heterogeneous accelerator's cores need not all
   * run every layer, and every scheduler, bound and the checker must agree on which do.
   *
   * @param streamable whether streamed views of {@code tile} were tried, which the refusal then says
   * @throws IllegalArgumentException naming the tile, its layer and the cost model's reason for
   *     the first core, when it runs on none of them
   */
  private static List<Integer> runnableCores(Tile tile, List<Integer> cores, TileCosts costs, TileGraph graph,
      Accelerator accelerator, boolean streamable) {
    List<Integer> runnable = new ArrayList<>(cores.size());
    String firstReason = null;
    for (int id : cores) {
      IllegalArgumentException refusal = costs.refusal(tile, id);
      if (refusal == null || costs.streams(tile, accelerator.core(id)) != null) {
        runnable.add(id);
      } else {
        firstReason = firstReason != null ? firstReason : "core " + id + ": " + refusal.getMessage();
      }
    }
    require(!runnable.isEmpty(), "tile %s (layer '%s') cannot run on any of its allowed cores %s (%s)%s",
        tile.id(), graph.workload().layer(tile.layer()).name(), cores, firstReason, streamable
            ? ", nor with its activations (input, output" + (tile.shape().producersOf(Operand.W).isEmpty() ? ""
                : ", second input") + ") streamed from DRAM" : "");
    return runnable.size() == cores.size() ? cores : ImmutableList.copyOf(runnable);
  }

  /** A problem where every tile may use every core, with the default operand links. */
  public static SchedulingProblem of(TileGraph graph, Accelerator accelerator, CostModel costModel) {
    List<List<Integer>> any = Collections.nCopies(graph.tiles().size(), List.of());
    return new SchedulingProblem(graph, accelerator, any, costModel, Map.of(), CopyPhases.OVERLAPPED);
  }

  /**
   * The problem of a tiled workload: its tile graph, each tile allowed on the cores {@code tiling}
   * gives it ({@link Tiling#allowedCores}), default operand links.
   *
   * @throws ProblemException when the tiling names a core the accelerator does not have
   */
  public static SchedulingProblem of(Tiling tiling, Accelerator accelerator, CostModel costModel) {
    return of(tiling, accelerator, costModel, ProblemProgress.NONE);
  }

  /**
   * As {@link #of(Tiling, Accelerator, CostModel)}, telling {@code progress} when the tile graph is
   * built and as the distinct (tile shape, core) pairs are costed (in parallel).
   */
  public static SchedulingProblem of(Tiling tiling, Accelerator accelerator, CostModel costModel,
      ProblemProgress progress) {
    return of(tiling, accelerator, costModel, progress, StreamPolicy.NEVER);
  }

  /** As {@link #of(Tiling, Accelerator, CostModel, ProblemProgress)}, tiles streaming their activations as {@code streaming} says. */
  public static SchedulingProblem of(Tiling tiling, Accelerator accelerator, CostModel costModel,
      ProblemProgress progress, StreamPolicy streaming) {
    try {
      tiling.checkCores(accelerator);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(e.getMessage(), e);
    }
    TileGraph graph = TileGraphBuilder.build(tiling);
    progress.tiled(graph);
    List<List<Integer>> cores = graph.tiles().stream().map(tiling::allowedCores).toList();
    return new SchedulingProblem(graph, accelerator, cores, new TileCosts.Reporting(costModel, progress), Map.of(),
        CopyPhases.OVERLAPPED, streaming);
  }

  /**
   * The same problem where the tiles of each layer in {@code coresByLayer} may use only those cores
   * (other layers: every core).
   *
   * @throws IllegalArgumentException for a layer the workload does not have
   */
  public SchedulingProblem withLayerCores(Map<Integer, List<Integer>> coresByLayer) {
    Map<Integer, Layer> layers = graph.workload().byId();
    for (int id : coresByLayer.keySet()) {
      checkArgument(layers.containsKey(id), "cores are given for layer %s, which workload %s does not have", id,
          graph.workload().name());
    }
    List<List<Integer>> cores = graph.tiles().stream()
        .map(t -> coresByLayer.getOrDefault(t.layer(), List.of())).toList();
    return new SchedulingProblem(graph, accelerator, cores, costModel, memoryOperands, copyPhases, streaming);
  }

  /** The same problem with off-chip copies {@code phases} (the tile costs are kept). */
  public SchedulingProblem withCopyPhases(CopyPhases phases) {
    return new SchedulingProblem(graph, accelerator, allowedCores, costModel, memoryOperands, phases, streaming);
  }

  /** The same problem with activations streamed from DRAM where {@code policy} says (the tiles are costed again). */
  public SchedulingProblem withStreaming(StreamPolicy policy) {
    return policy == streaming ? this
        : new SchedulingProblem(graph, accelerator, allowedCores, costModel, memoryOperands, copyPhases, policy);
  }

  /**
   * How {@code tile} may stream its activations from and to DRAM on {@code core}, empty when it
   * keeps them on chip there: with {@link StreamPolicy#WHEN_NEEDED}, a tile that can run on none of
   * its allowed cores with its activations on chip streams on every core that accepts a streamed
   * view; with {@link StreamPolicy#ALWAYS} every tile does, where a streamed view is accepted; with
   * {@link StreamPolicy#CHOOSE} every tile may, where a streamed view is accepted, and keeps them on
   * chip instead where {@link #mayKeepOnChip} and its schedule says so. Of the views with input,
   * output, or both in DRAM (and, for a layer that reads an activation as operand {@code W}, each of
   * these with that second input in DRAM too, or the second input alone), the tile takes the one of
   * fewest cycles, then fewest DRAM bits (in that order on ties).
   */
  public Optional<ActivationStreams> activationStreams(Tile tile, Core core) {
    return costModel instanceof TileCosts table ? Optional.ofNullable(table.streams(tile, core)) : Optional.empty();
  }

  /**
   * Whether {@code tile} may run on {@code core} with its activations on chip: where it has no
   * streamed view ({@link #activationStreams}), and under {@link StreamPolicy#CHOOSE} also where it
   * has one and the cost model accepts the on-chip view.
   */
  public boolean mayKeepOnChip(Tile tile, Core core) {
    if (activationStreams(tile, core).isEmpty()) {
      return true;
    }
    return streaming == StreamPolicy.CHOOSE && ((TileCosts) costModel).lookup(tile, core, false) != null;
  }

  /**
   * Whether {@code tile} on {@code core} may both stream its activations and keep them on chip, so
   * that its schedule decides ({@link StreamPolicy#CHOOSE}).
   */
  public boolean choosesStreaming(Tile tile, Core core) {
    return activationStreams(tile, core).isPresent() && mayKeepOnChip(tile, core);
  }

  /**
   * The ways {@code tile} may run on {@code core}, as whether its activations stream there: on chip
   * ({@code false}) and/or streamed ({@code true}), in that order.
   */
  public List<Boolean> activationModes(Tile tile, Core core) {
    if (activationStreams(tile, core).isEmpty()) {
      return ON_CHIP;
    }
    return mayKeepOnChip(tile, core) ? EITHER : STREAMED;
  }

  private static final List<Boolean> ON_CHIP = List.of(false);
  private static final List<Boolean> STREAMED = List.of(true);
  private static final List<Boolean> EITHER = List.of(false, true);

  /**
   * Whether {@code tile} streams its activations on {@code core} unless its schedule decides
   * otherwise: where it may not keep them on chip. A scheduler that does not weigh the choice
   * runs every tile so.
   */
  public boolean streamsByDefault(Tile tile, Core core) {
    return !mayKeepOnChip(tile, core);
  }

  /** Whether some tile may stream its activations on some core. */
  public boolean streamsActivations() {
    return someTileOnSomeCore((tile, core) -> activationStreams(tile, core).isPresent());
  }

  /** Whether some tile may both stream its activations and keep them on chip on some allowed core. */
  public boolean choosesStreaming() {
    return someTileOnSomeCore(this::choosesStreaming);
  }

  private boolean someTileOnSomeCore(BiPredicate<Tile, Core> test) {
    for (Tile tile : graph.tiles()) {
      for (int id : allowedCores(tile)) {
        if (test.test(tile, accelerator.core(id))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Ids of the cores {@code tile} may run on, ascending. */
  public List<Integer> allowedCores(Tile tile) {
    return allowedCores.get(tile.id());
  }

  /** Cost of {@code tile} on {@code core} as it runs there by default ({@link #streamsByDefault}). */
  public TileCost cost(Tile tile, Core core) {
    return cost(tile, core, streamsByDefault(tile, core));
  }

  /**
   * Cost of {@code tile} on {@code core}, its activations streamed ({@code streamedActivations}:
   * its {@link #activationStreams} view's, which has its copy phases) or on chip: the cost
   * model's, plus {@link #copyCycles} where the core waits for the tile's off-chip copies (the
   * utilisation is over the longer time; energies unchanged).
   *
   * @throws IllegalArgumentException when {@code streamedActivations} and the tile has no streamed view there
   */
  public TileCost cost(Tile tile, Core core, boolean streamedActivations) {
    TileCost known = costModel instanceof TileCosts table ? table.lookup(tile, core, streamedActivations) : null;
    if (streamedActivations) {
      checkArgument(known != null, "tile %s has no streamed view on core %s", tile.id(), core.id());
      return known;
    }
    TileCost model = known != null ? known : cost(tile, core, costModel, memoryOperands);
    long copies = copyCycles(tile);
    return copies == 0 ? model : new TileCost(model.cycles() + copies, model.macEnergyPj(), model.memoryEnergyPj(),
        model.utilization() * model.cycles() / (model.cycles() + copies));
  }

  /**
   * Cycles {@code tile} holds its core for its off-chip copies (a tile that streams its activations
   * has this in its streamed cost, without the copies of what it streams): 0 with {@link CopyPhases#OVERLAPPED};
   * with {@link CopyPhases#SERIAL} the on-loading of its network input, {@code ⌈dramInputBits / read
   * bandwidth⌉}, plus, for a sink tile, the off-loading of its output, {@code ⌈outputBits / write
   * bandwidth⌉} (cycles).
   */
  public long copyCycles(Tile tile) {
    if (copyPhases == CopyPhases.OVERLAPPED) {
      return 0;
    }
    long in = tile.dramInputBits() > 0 ? dramCycles(tile.dramInputBits(), true) : 0;
    long out = graph.isSink(tile) ? dramCycles(tile.outputBits(), false) : 0;
    return in + out;
  }

  /**
   * The cost model's reason for refusing {@code tile} on {@code core} as a problem with the default
   * operand links would cost it (weights larger than the weight memory streamed from DRAM), or
   * empty when the tile can run there.
   */
  public static Optional<String> refusal(Tile tile, Core core, CostModel costModel) {
    try {
      cost(tile, core, costModel, DEFAULT_MEMORY_OPERANDS);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The smallest size (bits, to within 1/64) of {@code core}'s local memory for activations (operand
   * {@code I}) at which the cost model accepts {@code tile}, the local memories of {@code I} and
   * {@code O} grown by the same factor (weights that do not fit stream, as in {@link #refusal});
   * empty when no size up to {@link #LARGEST_HINT_BITS} does (a level below them is too small), or
   * the core has no such memory.
   */
  public static OptionalLong smallestActivationMemory(Tile tile, Core core, CostModel costModel) {
    Optional<MemoryLevel> input = core.localMemory(DEFAULT_MEMORY_OPERANDS.get(Operand.I));
    if (input.isEmpty()) {
      return OptionalLong.empty();
    }
    long size = input.get().sizeBits();
    if (!fitsSomeMemorySize(tile, core, costModel)) {
      return OptionalLong.empty();
    }
    long hi = Math.max(2 * size, 1);
    while (refusal(tile, grown(core, (double) hi / size), costModel).isPresent()) {
      hi *= 2;
    }
    long lo = hi / 2;
    while (hi - lo > hi / 64) {
      long mid = lo + (hi - lo) / 2;
      if (refusal(tile, grown(core, (double) mid / size), costModel).isPresent()) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return OptionalLong.of(hi);
  }

  /**
   * Whether the cost model accepts {@code tile} on {@code core} with its local memories for
   * activations grown to {@link #LARGEST_HINT_BITS}: when it does not, the refusal is not one that
   * a larger memory, or a smaller tile of the same layer, is expected to lift (no PEs, a level below
   * the local memories too small for the array's unrolling).
   */
  public static boolean fitsSomeMemorySize(Tile tile, Core core, CostModel costModel) {
    Optional<MemoryLevel> input = core.localMemory(DEFAULT_MEMORY_OPERANDS.get(Operand.I));
    return input.isPresent()
        && refusal(tile, grown(core, (double) LARGEST_HINT_BITS / input.get().sizeBits()), costModel).isEmpty();
  }

  /** The largest local memory {@link #smallestActivationMemory} tries (bits): 2^48, 32 TiB. */
  public static final long LARGEST_HINT_BITS = 1L << 48;

  /** {@code core} with the local memories of operands I and O {@code factor} times as large. */
  private static Core grown(Core core, double factor) {
    Set<MemoryLevel> activations = new HashSet<>();
    core.localMemory(DEFAULT_MEMORY_OPERANDS.get(Operand.I)).ifPresent(activations::add);
    core.localMemory(DEFAULT_MEMORY_OPERANDS.get(Operand.O)).ifPresent(activations::add);
    List<MemoryLevel> memories = core.memories().stream()
        .map(m -> !activations.contains(m) ? m : new MemoryLevel(m.name(), (long) Math.ceil(m.sizeBits() * factor),
            m.readEnergyPj(), m.writeEnergyPj(), m.operands(), m.ports(), m.servedDimensions()))
        .collect(ImmutableList.toImmutableList());
    return new Core(core.id(), core.name(), core.array(), memories, core.dataflow());
  }

  private static TileCost cost(Tile tile, Core core, CostModel costModel, Map<Operand, MemoryOperand> operands) {
    Optional<MemoryLevel> weights = core.localMemory(operands.get(Operand.W));
    if (weights.isEmpty() || tile.weightBits() <= weights.get().sizeBits()) {
      return costModel.cost(tile.shape(), core);
    }
    // The tile's weights are streamed from DRAM (the schedule's WeightStream carries their DRAM
    // traffic and energy); on chip they pass through the weight memory as if it could hold them,
    // so the cost model must not reject the tile for their size.
    return costModel.cost(tile.shape(), withRoomFor(core, weights.get(), tile.weightBits()));
  }

  /** {@code core} with {@code extraBits} more room in {@code memory}. */
  static Core withRoomFor(Core core, MemoryLevel memory, long extraBits) {
    List<MemoryLevel> memories = core.memories().stream()
        .map(m -> m != memory ? m : new MemoryLevel(m.name(), m.sizeBits() + extraBits, m.readEnergyPj(),
            m.writeEnergyPj(), m.operands(), m.ports(), m.servedDimensions()))
        .collect(ImmutableList.toImmutableList());
    return new Core(core.id(), core.name(), core.array(), memories, core.dataflow());
  }

  /** The local memory of {@code core} that holds layer operand {@code operand}. */
  public MemoryLevel memory(Core core, Operand operand) {
    return core.localMemory(memoryOperands.get(operand)).orElseThrow(() -> new NoSuchElementException(
        "core " + core.id() + " has no memory for operand " + operand));
  }

  /** The physical memory ({@link Accelerator#instance}) of {@code core} that holds layer operand {@code operand}. */
  public MemoryInstance memoryInstance(Core core, Operand operand) {
    return accelerator.instance(core.id(), memory(core, operand));
  }

  /**
   * Whether the consumer of {@code edge}, running on core {@code consumerCore}, reads the data where
   * its producer, running on {@code producerCore}, left it, so that the edge needs no movement: the
   * same core, or cores sharing the memory that holds the producer's output and the operand the
   * consumer reads it through.
   */
  public boolean readsInPlace(TileEdge edge, int producerCore, int consumerCore) {
    return producerCore == consumerCore || !accelerator.sharedMemories().isEmpty()
        && memoryInstance(accelerator.core(producerCore), Operand.O)
            .equals(memoryInstance(accelerator.core(consumerCore), receivingOperand(edge)));
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

  /**
   * Whether a layer whose tiles on {@code core} use {@code weightBits} of distinct weight slices
   * (bits) streams them from DRAM, tile by tile, instead of loading them once: when they exceed the
   * core's local memory for weights on their own (as Stream treats operands too large for a core).
   */
  public boolean streamsWeights(Core core, long weightBits) {
    return weightBits > memory(core, Operand.W).sizeBits();
  }

  /**
   * Cycles of {@code tile} on {@code core} in a schedule, its activations streamed ({@code
   * streamedActivations}) or on chip: the cost model's cycles, or, when its weights are streamed, at
   * least the cycles of its streams on the DRAM port(s): the weight stream and, after it on the read
   * port, a streamed input and second input; a streamed output on the write port (after them when
   * reads and writes share one port).
   */
  public long tileCycles(Tile tile, Core core, boolean streamedWeights, boolean streamedActivations) {
    long cycles = cost(tile, core, streamedActivations).cycles();
    if (!streamedWeights) {
      return cycles;
    }
    Optional<ActivationStreams> streams = streamedActivations ? activationStreams(tile, core) : Optional.empty();
    long read = dramCycles(tile.weightBits(), true) + streams.map(a -> dramCycles(a.readBits(), true)
        + dramCycles(a.secondBits(), true)).orElse(0L);
    long write = streams.map(a -> dramCycles(a.writeBits(), false)).orElse(0L);
    return Math.max(cycles, accelerator.dram().sharedPort() ? read + write : Math.max(read, write));
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

  /**
   * A check of the problem as the user gave it (not of the program's own invariants): failing it
   * is bad input, see {@link ProblemException}.
   */
  private static void require(boolean holds, String format, Object... args) {
    if (!holds) {
      throw new ProblemException(String.format(Locale.ROOT, format, args));
    }
  }
}
