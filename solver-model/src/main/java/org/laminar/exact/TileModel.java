package org.laminar.exact;

import com.google.common.math.LongMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Core;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryInstance;
import org.laminar.ir.Buffer;
import org.laminar.ir.Condition;
import org.laminar.ir.Hold;
import org.laminar.ir.Increment;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Precedence;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Usage;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.Movement;
import org.laminar.schedule.ProblemException;
import org.laminar.schedule.Routes;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPlacement;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.workload.Operand;

/**
 * A {@link SchedulingProblem} compiled to the scheduling IR, with the maps to turn IR solutions
 * into {@link Schedule}s and schedules back into IR solutions (hints).
 *
 * <h2>Tasks</h2>
 * <ul>
 *   <li>an <b>allocation</b> choice per layer ({@link Allocation#LAYER}) or per tile
 *       ({@link Allocation#TILE}), one mode per allowed core;
 *   <li>a <b>tile</b> task per tile, one mode per allowed core (the cost model's cycles and
 *       energy, on the core's unary resource), the mode its allocation's;
 *   <li>where a layer's weight slices on a core exceed its weight memory, no load: each tile there
 *       streams its slice ({@link SchedulingProblem#streamsWeights}): its mode holds the DRAM read
 *       port from the tile's start for the stream's cycles only ({@link Usage#prefix}), and lasts
 *       the longer of its cost model's cycles and the stream's. Where that depends on the allocation
 *       (how many of the layer's slices go to the core), a <b>load-or-stream</b> choice per (layer,
 *       core): each tile there has a loaded and a streamed mode, the choice's, and streaming is
 *       forbidden while the slices used there fit ({@link #addStreamingRules});
 *   <li>a <b>weight load</b> per (layer with weights, allowed core) on the DRAM read port, present
 *       iff a tile of the layer runs there, lasting exactly as long as the distinct weight slices of
 *       those tiles take (slices that may be apart from the others are increments of bits, rounded
 *       up to cycles once: {@link org.laminar.ir.Task#unitsPerCycle}); before every tile of the
 *       layer on that core;
 *   <li>an <b>input load</b> before each tile reading network input, a <b>store</b> after each
 *       sink tile;
 *   <li>per edge {@code u → v} a choice <em>keep</em> (on chip, in place in a memory the two cores
 *       share, or over links) or <em>read back</em> from DRAM; with keep and different cores that
 *       share no memory holding the data, a <b>hop</b> task per link of the
 *       route ({@link Routes}), present iff the ends are on those cores, one after the other between
 *       {@code u} and {@code v}; with read back, a <b>read-back</b> after the <b>spill</b> of
 *       {@code u}'s output, which is present iff some edge out of {@code u} is read back.
 * </ul>
 * Core pairs without a route must read back. Where a tile streams its activations on a core
 * ({@link SchedulingProblem#activationStreams}), its mode there holds the DRAM port(s) for the
 * streams from its start, a streamed input or second input (an activation read as operand W) is
 * streamed (a third choice of its edges) after its producers' spills, with no buffer on the
 * consumer's core, a streamed output is neither kept, spilled nor stored (section "Activation
 * streams" below). Where the policy fixes it, the tile's mode on the core says so; where the tile
 * may do either ({@code --stream choose}), a <b>stream-or-not</b> choice per tile decides, and
 * every mode, buffer and movement that depends on it is conditional on it. Every movement's
 * energy (bits × energy per bit) is in its mode, so the IR's energy is the checker's.
 *
 * <h2>Memory</h2>
 * A storage resource per physical memory (a core's own local memory, or one memory for all the
 * cores that share it: {@link SchedulingProblem#memoryInstance}), with the checker's occupancy
 * rules: weight slices
 * from the load's start to the last tile of the layer on the core; a tile's output from its start
 * to the end of its last consumer reading it in place, first hop, spill or store; a received input from the
 * start of its last hop (or read-back, or input load) to its consumer's end.
 */
public final class TileModel {
  private final SchedulingProblem problem;
  private final Allocation allocation;
  private final Routes routes;
  private final List<Tile> tiles;
  private final List<TileEdge> edges;
  /** The tiles of each layer, in tile order (so that no per-layer step scans every tile). */
  private final Map<Integer, List<Tile>> layerTiles = new HashMap<>();
  private final IrProblem.Builder builder;
  private final Map<Integer, Integer> coreResource = new HashMap<>();
  private final Map<String, Integer> linkResource = new HashMap<>();
  private final Map<String, Integer> memoryResource = new LinkedHashMap<>();
  /** How a layer's weights reach a core: loaded once, streamed tile by tile, or either by the allocation. */
  private enum Weights { LOAD, STREAM, EITHER }

  /** Per (layer, core): how the layer's weights reach the core. */
  private final Map<Long, Weights> streaming = new HashMap<>();
  /** Per (layer, core) whose weights reach it either way: the choice task, mode 0 load, 1 stream. */
  private final Map<Long, Integer> weightsChoice = new LinkedHashMap<>();
  /** Per layer: the tasks that tie its load-or-stream choices to the allocation. */
  private final Map<Integer, List<Integer>> streamingTasks = new HashMap<>();
  /** Per tile, per mode of its tile task: the core. */
  private final List<List<Integer>> modeCore = new ArrayList<>();
  /** Per tile, per mode of its tile task: whether its weights stream. */
  private final List<List<Boolean>> modeStreams = new ArrayList<>();
  /** Per tile, per mode of its tile task: whether its activations stream. */
  private final List<List<Boolean>> modeActivations = new ArrayList<>();
  /**
   * Per tile that may both stream its activations and keep them on chip on some allowed core
   * ({@link SchedulingProblem#choosesStreaming}): its stream-or-not choice, mode 0 on chip, 1
   * streamed; absent: the tile's cores each allow one way.
   */
  private final Map<Integer, Integer> activationChoice = new LinkedHashMap<>();
  /** Per tile: the allowed cores that the cost model can run it on. */
  private final int readPort;
  private final int writePort;

  /** Allocation group of each tile; the choice task of each group. */
  private final int[] groupOf;
  private final List<Integer> allocTask = new ArrayList<>();
  private final int[] tileTask;
  private final Map<Long, Integer> weightTask = new LinkedHashMap<>();
  private final int[] inputTask;
  private final int[] storeTask;
  private final int[] spillTask;
  private final int[] choiceTask;
  private final int[] readTask;
  /** Per edge: whether its consumer streams it in on some allowed core (its choice has a third mode, stream). */
  private final boolean[] streamable;
  private final List<List<Integer>> hopTasks = new ArrayList<>();
  /** Hop task → the (producer core, consumer core) pair of each of its modes. */
  private final Map<Integer, List<int[]>> hopPairs = new HashMap<>();
  /** (edge, core) pairs whose read-back onto the producer's own core is forbidden (kept on chip instead). */
  private final Set<Long> keptOnChip = new HashSet<>();
  private IrProblem ir;

  private TileModel(SchedulingProblem problem, Allocation allocation) {
    this.problem = problem;
    this.allocation = allocation;
    this.routes = new Routes(problem.accelerator());
    this.tiles = problem.graph().tiles();
    this.edges = problem.graph().edges();
    tiles.forEach(t -> layerTiles.computeIfAbsent(t.layer(), l -> new ArrayList<>()).add(t));
    this.builder = IrProblem.builder(problem.graph().workload().name() + " on " + problem.accelerator().name());
    for (Core core : problem.accelerator().cores()) {
      coreResource.put(core.id(), builder.addResource("core" + core.id(), ResourceKind.UNARY, 1));
    }
    for (Link link : problem.accelerator().links()) {
      linkResource.put(link.name(), builder.addResource(link.name(), ResourceKind.UNARY, 1));
    }
    readPort = builder.addResource(problem.dramPort(true), ResourceKind.UNARY, 1);
    writePort = problem.accelerator().dram().sharedPort() ? readPort
        : builder.addResource(problem.dramPort(false), ResourceKind.UNARY, 1);
    int n = tiles.size();
    groupOf = new int[n];
    tileTask = new int[n];
    inputTask = filled(n);
    storeTask = filled(n);
    spillTask = filled(n);
    choiceTask = filled(edges.size());
    readTask = filled(edges.size());
    streamable = new boolean[edges.size()];
  }

  private static int[] filled(int n) {
    int[] a = new int[n];
    Arrays.fill(a, -1);
    return a;
  }

  /** Compiles {@code problem} with the given allocation granularity, without symmetry breaking. */
  public static TileModel compile(SchedulingProblem problem, Allocation allocation) {
    return compile(problem, allocation, CoreSymmetry.none(problem));
  }

  /**
   * Compiles {@code problem} with the given allocation granularity, forbidding the allocations
   * that {@code symmetry} maps to lexicographically smaller ones.
   */
  public static TileModel compile(SchedulingProblem problem, Allocation allocation, CoreSymmetry symmetry) {
    return compile(problem, allocation, symmetry, true);
  }

  /**
   * As {@link #compile(SchedulingProblem, Allocation, CoreSymmetry)}, and, unless {@code
   * peakMatters}, without reading an output back onto the core that made it where that core's
   * output memory can never fill: keeping the output on chip instead takes no DRAM time or
   * energy and delays nothing, so the model still holds an optimal schedule for latency, energy
   * and EDP. The memory objective needs {@code peakMatters}: keeping can raise the peak.
   */
  public static TileModel compile(SchedulingProblem problem, Allocation allocation, CoreSymmetry symmetry,
      boolean peakMatters) {
    TileModel m = new TileModel(problem, allocation);
    m.addTiles();
    m.addStreamingRules();
    m.breakSymmetry(symmetry);
    m.addWeightLoads();
    m.addInputsAndStores();
    m.addEdges();
    m.addTransferLags();
    m.addOutputBuffers();
    if (!peakMatters) {
      m.forbidReadBackOntoTheSameCoreWhereMemoryIsSlack();
    }
    // Built once, after every part: each build validates the whole problem.
    m.ir = m.builder.build();
    return m;
  }

  private void forbidReadBackOntoTheSameCoreWhereMemoryIsSlack() {
    Set<Integer> slack = builder.slackStorage();
    for (int e = 0; e < edges.size(); e++) {
      TileEdge edge = edges.get(e);
      for (int core : allowed(tiles.get(edge.producer()))) {
        if (allowed(tiles.get(edge.consumer())).contains(core) && slack.contains(memory(core, Operand.O))
            && !streamsOutput(tiles.get(edge.producer()), core) && !streamedIn(edge, core)) {
          builder.forbid(all(at(edge.producer(), core), at(edge.consumer(), core), readBack(e)));
          keptOnChip.add(key(e, core));
        }
      }
    }
  }

  /** The compiled problem. */
  public IrProblem ir() {
    return ir;
  }

  /** The IR task that runs tile {@code tileId} (its compute, in one mode per allowed core). */
  public int tileTask(int tileId) {
    return tileTask[tileId];
  }

  /**
   * The IR tasks whose mode, presence or duration may depend on where and when the given tiles
   * run: their allocation choices (with every tile of the same allocation group), their tile
   * tasks, stream-or-not choices, input loads and stores; per edge touching them, its keep/read-back choice, hops and
   * read-back, and the spill of its producer; the weight loads of their layers on every core.
   * Every other task's mode follows from the choices of the other tiles alone, so a large
   * neighbourhood search may fix those and re-optimise these ({@code org.laminar.lns}).
   */
  public Set<Integer> tasksOf(Set<Integer> tileIds) {
    Set<Integer> groups = new HashSet<>();
    tileIds.forEach(t -> groups.add(groupOf[t]));
    Set<Integer> free = new TreeSet<>();
    Set<Integer> layers = new HashSet<>();
    for (Tile tile : tiles) {
      int t = tile.id();
      if (!groups.contains(groupOf[t])) {
        continue;
      }
      layers.add(tile.layer());
      free.add(allocTask.get(groupOf[t]));
      free.add(tileTask[t]);
      if (activationChoice.containsKey(t)) {
        free.add(activationChoice.get(t));
      }
      for (int task : new int[] {inputTask[t], storeTask[t], spillTask[t]}) {
        if (task >= 0) {
          free.add(task);
        }
      }
    }
    for (int e = 0; e < edges.size(); e++) {
      TileEdge edge = edges.get(e);
      if (groups.contains(groupOf[edge.producer()]) || groups.contains(groupOf[edge.consumer()])) {
        free.add(choiceTask[e]);
        free.addAll(hopTasks.get(e));
        free.add(readTask[e]);
        free.add(spillTask[edge.producer()]);
      }
    }
    weightTask.forEach((k, task) -> {
      if (layers.contains((int) (k >> 32))) {
        free.add(task);
      }
    });
    weightsChoice.forEach((k, task) -> {
      if (layers.contains((int) (k >> 32))) {
        free.add(task);
      }
    });
    layers.forEach(l -> free.addAll(streamingTasks.getOrDefault(l, List.of())));
    return free;
  }

  /** The first tile of each allocation group, in group order. */
  public List<Integer> representatives() {
    List<Integer> first = new ArrayList<>();
    for (Tile tile : tiles) {
      if (groupOf[tile.id()] == first.size()) {
        first.add(tile.id());
      }
    }
    return first;
  }

  /**
   * A lower bound on the energy of any schedule (pJ): each tile at its least energy over its
   * allowed cores, its network input and sink output moved once through DRAM (or streamed, where it
   * streams them), each weight slice read once.
   */
  public double leastEnergyPj() {
    double energy = 0;
    Set<Long> slices = new HashSet<>();
    double read = problem.accelerator().dram().readEnergyPerBitPj();
    double write = problem.accelerator().dram().writeEnergyPerBitPj();
    for (Tile tile : tiles) {
      boolean sink = problem.graph().isSink(tile);
      // On a core where it streams an operand, the stream's bits replace that operand's load or store.
      double least = Double.POSITIVE_INFINITY;
      for (int c : allowed(tile)) {
        for (boolean streamed : problem.activationModes(tile, problem.accelerator().core(c))) {
          least = Math.min(least, problem.cost(tile, problem.accelerator().core(c), streamed).energyPj()
              + (streamed ? activationStreamPj(tile, c) : 0)
              + (streamed && streamsInput(tile, c) ? 0 : tile.dramInputBits() * read)
              + (sink && !(streamed && streamsOutput(tile, c)) ? tile.outputBits() * write : 0));
        }
      }
      energy += least;
      if (slices.add(key(tile.layer(), tile.weightSlice()))) {
        energy += tile.weightBits() * read;
      }
    }
    return energy;
  }

  /** The tiles of {@code layer}, in tile order. */
  private List<Tile> tilesOfLayer(int layer) {
    return layerTiles.getOrDefault(layer, List.of());
  }

  /** The cores {@code tile} may run on: the problem's, which the cost model can all run it on. */
  private List<Integer> allowed(Tile tile) {
    return problem.allowedCores(tile);
  }

  /** "tile runs on core": the allocation choice's mode, or null when the core is not allowed. */
  private ModeRef at(int tile, int core) {
    int index = allowed(tiles.get(tile)).indexOf(core);
    return index < 0 ? null : new ModeRef(allocTask.get(groupOf[tile]), index);
  }

  private ModeRef keep(int edge) {
    return new ModeRef(choiceTask[edge], 0);
  }

  private ModeRef readBack(int edge) {
    return new ModeRef(choiceTask[edge], 1);
  }

  /** The conjunction of the given references, FALSE when one is null (a core not allowed). */
  private static Condition all(ModeRef... refs) {
    for (ModeRef r : refs) {
      if (r == null) {
        return Condition.FALSE;
      }
    }
    return Condition.allOf(refs);
  }

  // ---- Shared memories (issue #16): one storage resource per physical memory. ----
  // A memory several cores share is one resource, so the buffers of all its cores bind one
  // capacity; an edge whose consumer reads the producer's output in place there needs no hop
  // (addHops) and keeps the output until the consumer ends (addOutputBuffers).

  /** The storage resource of the physical memory in which {@code core} keeps {@code operand}. */
  private int memory(int core, Operand operand) {
    MemoryInstance instance = problem.memoryInstance(problem.accelerator().core(core), operand);
    return memoryResource.computeIfAbsent(instance.name(), k -> builder.addResource(
        instance.isShared() ? "mem_shared_" + instance.name() : "mem_c" + core + "_" + instance.level().name(),
        ResourceKind.STORAGE, instance.sizeBits()));
  }

  /** The cores of {@code consumer}'s allowed ones that read {@code edge}'s data in place from {@code producerCore}. */
  private List<Integer> inPlaceConsumerCores(TileEdge edge, int producerCore) {
    return allowed(tiles.get(edge.consumer())).stream()
        .filter(b -> problem.readsInPlace(edge, producerCore, b)).toList();
  }

  // ---- End of shared memories. ----

  // ---- Activation streams (issue #18): a tile homed in DRAM on a core, as the policy or the schedule decides. ----
  // Where a tile streams its input, second input or output on a core (SchedulingProblem#activationStreams),
  // its mode there holds the DRAM port(s) for the streams' cycles from its start (StreamPlacement), its
  // streamed input or second input comes from DRAM after its producers' outputs are there (the edge's choice
  // "stream": no hop, no read-back), its streamed output is neither spilled nor stored and every consumer
  // reads it back or streams it in, and the streamed operands take no local memory. Where the tile may also
  // keep them on chip there (--stream choose), each of these holds only with its stream-or-not choice
  // "streamed", and the on-chip rules only with "on chip" (runs).

  private Optional<ActivationStreams> streams(Tile tile, int core) {
    return problem.activationStreams(tile, problem.accelerator().core(core));
  }

  /** Whether {@code tile} may stream its input from DRAM on {@code core}. */
  private boolean streamsInput(Tile tile, int core) {
    return streams(tile, core).map(ActivationStreams::input).orElse(false);
  }

  /** Whether {@code tile} may stream its output to DRAM on {@code core}. */
  private boolean streamsOutput(Tile tile, int core) {
    return streams(tile, core).map(ActivationStreams::output).orElse(false);
  }

  /**
   * "{@code tile} runs on {@code core} with its activations streamed ({@code streamed}) or on chip"
   * as a clause: the allocation's mode, and the tile's stream-or-not choice where it has one; null
   * when the tile cannot run so there.
   */
  private List<ModeRef> runs(int tile, int core, boolean streamed) {
    ModeRef on = at(tile, core);
    if (on == null || !problem.activationModes(tiles.get(tile), problem.accelerator().core(core)).contains(streamed)) {
      return null;
    }
    Integer choice = activationChoice.get(tile);
    return choice == null ? List.of(on) : List.of(on, new ModeRef(choice, streamed ? 1 : 0));
  }

  /**
   * "{@code tile} runs on {@code core} without streaming {@code operand}s ({@code I}: its input,
   * {@code O}: its output)": on chip, or streamed in a view that keeps that operand on chip, as a
   * clause; null when it cannot.
   */
  private List<ModeRef> keepsOnChip(Tile tile, int core, Operand operand) {
    boolean mayStream = operand == Operand.O ? streamsOutput(tile, core) : streamsInput(tile, core);
    return mayStream ? runs(tile.id(), core, false) : List.of(at(tile.id(), core));
  }

  /** The clause {@code clause} and {@code more}; FALSE when the clause is null (the tile cannot run so). */
  private static Condition and(List<ModeRef> clause, ModeRef... more) {
    if (clause == null) {
      return Condition.FALSE;
    }
    List<ModeRef> refs = new ArrayList<>(clause);
    refs.addAll(List.of(more));
    return Condition.allOf(refs.toArray(ModeRef[]::new));
  }

  /**
   * Whether {@code edge}'s consumer, on {@code core}, may stream the edge's data in from DRAM: as
   * its input, or as its second input (an activation it reads as operand W).
   */
  private boolean streamedIn(TileEdge edge, int core) {
    Operand operand = problem.receivingOperand(edge);
    return streams(tiles.get(edge.consumer()), core).map(a -> a.streamsIn(operand)).orElse(false);
  }

  private ModeRef streamIn(int edge) {
    return new ModeRef(choiceTask[edge], 2);
  }

  /**
   * The resources {@code tile}'s mode on {@code core} uses: the core for its whole run, and the
   * DRAM port(s) for its streams (weights when {@code streamedWeights}, activations when {@code
   * streamedActivations}) from its start, as {@link StreamPlacement} places them.
   */
  private List<Usage> modeUsages(Tile tile, int core, boolean streamedWeights, boolean streamedActivations) {
    StreamPlacement streams = StreamPlacement.of(problem, tile, problem.accelerator().core(core), streamedWeights,
        streamedActivations);
    List<Usage> usages = new ArrayList<>(List.of(new Usage(coreResource.get(core), 1)));
    if (streams.readCycles() > 0) {
      usages.add(Usage.prefix(readPort, 1, streams.readCycles()));
    }
    if (streams.writeCycles() > 0) {
      usages.add(Usage.prefix(writePort, 1, streams.writeCycles()));
    }
    return usages;
  }

  /** The DRAM energy of {@code tile}'s activation streams on {@code core} (pJ; 0 when it streams none). */
  private double activationStreamPj(Tile tile, int core) {
    return streams(tile, core).map(a -> (a.readBits() + a.secondBits()) * problem.accelerator().dram().readEnergyPerBitPj()
        + a.writeBits() * problem.accelerator().dram().writeEnergyPerBitPj()).orElse(0.0);
  }

  /**
   * A task in {@code mode} that {@code tile} needs where one of {@code when} holds (per allowed
   * core, in allowed-core order: the clause under which it needs it there, null for never):
   * mandatory when each is the plain allocation, else optional, present iff one holds.
   */
  private int addWhen(String name, Mode mode, Tile tile, List<List<ModeRef>> when) {
    boolean always = true;
    for (int i = 0; i < when.size(); i++) {
      always &= List.of(at(tile.id(), allowed(tile).get(i))).equals(when.get(i));
    }
    if (always) {
      return builder.addTask(name, List.of(mode));
    }
    return builder.addOptionalTask(name, List.of(mode), List.of(anyClause(when)));
  }

  /**
   * Forbids, for edge {@code e}, what the checker forbids around a streamed operand: keeping or
   * reading back data that the consumer's core streams in, streaming it in elsewhere, and keeping
   * on chip an output that the producer's core streams out.
   */
  private void addStreamRules(int e) {
    TileEdge edge = edges.get(e);
    int v = edge.consumer();
    for (int b : allowed(tiles.get(v))) {
      if (streamedIn(edge, b)) {
        builder.forbid(and(runs(v, b, true), keep(e)));
        builder.forbid(and(runs(v, b, true), readBack(e)));
        builder.forbid(and(runs(v, b, false), streamIn(e)));
      } else if (streamable[e]) {
        builder.forbid(all(at(v, b), streamIn(e)));
      }
    }
    Tile u = tiles.get(edge.producer());
    for (int a : allowed(u)) {
      if (streamsOutput(u, a)) {
        builder.forbid(and(runs(u.id(), a, true), keep(e)));
      }
    }
  }

  /**
   * When {@code tile}'s output is spilled: some edge out of it ({@code out}) is read back or
   * streamed in, and the tile runs on a core where it does not stream its output out (where it
   * does, the output is in DRAM from the tile's end without a spill).
   */
  private Condition spillCondition(Tile tile, List<Integer> out) {
    boolean everywhere = allowed(tile).stream().noneMatch(a -> streamsOutput(tile, a));
    List<List<ModeRef>> spilling = allowed(tile).stream().map(a -> keepsOnChip(tile, a, Operand.O))
        .filter(c -> c != null).toList();
    List<List<ModeRef>> clauses = new ArrayList<>();
    for (int e : out) {
      List<ModeRef> inDram = streamable[e] ? List.of(readBack(e), streamIn(e)) : List.of(readBack(e));
      for (ModeRef how : inDram) {
        if (everywhere) {
          clauses.add(List.of(how));
        } else {
          spilling.forEach(c -> clauses.add(and(c, how).anyOf().get(0)));
        }
      }
    }
    return new Condition(clauses.stream().distinct().toList());
  }

  // ---- End of activation streams. ----

  // ---- Tiles and their allocation. ----

  private void addTiles() {
    // Per layer: one group per set of allowed cores (pinned channel parts are groups of their own).
    record LayerCores(int layer, List<Integer> cores) {}
    Map<LayerCores, Integer> layerGroup = new HashMap<>();
    for (Tile tile : tiles) {
      int group = allocation == Allocation.LAYER
          ? layerGroup.computeIfAbsent(new LayerCores(tile.layer(), allowed(tile)), l -> allocTask.size())
          : allocTask.size();
      if (group == allocTask.size()) {
        String name = allocation == Allocation.LAYER ? "alloc_l" + tile.layer() + "_g" + group : "alloc_t" + tile.id();
        allocTask.add(builder.addChoice(name, allowed(tile).stream().map(c -> "core" + c).toArray(String[]::new)));
      }
      groupOf[tile.id()] = group;
    }
    double read = problem.accelerator().dram().readEnergyPerBitPj();
    for (Tile tile : tiles) {
      if (allowed(tile).stream().anyMatch(c -> problem.choosesStreaming(tile, problem.accelerator().core(c)))) {
        int choice = builder.addChoice("acts_t" + tile.id(), "on-chip", "streamed");
        activationChoice.put(tile.id(), choice);
        // On a core that allows one way, the choice is that way's: no two solutions for one schedule.
        for (int core : allowed(tile)) {
          List<Boolean> ways = problem.activationModes(tile, problem.accelerator().core(core));
          if (ways.size() == 1) {
            builder.forbid(all(at(tile.id(), core), new ModeRef(choice, ways.get(0) ? 0 : 1)));
          }
        }
      }
      List<Mode> modes = new ArrayList<>();
      List<Condition> triggers = new ArrayList<>();
      List<Integer> cores = new ArrayList<>();
      List<Boolean> streamed = new ArrayList<>();
      List<Boolean> activations = new ArrayList<>();
      for (int core : allowed(tile)) {
        for (boolean acts : problem.activationModes(tile, problem.accelerator().core(core))) {
          TileCost cost = problem.cost(tile, problem.accelerator().core(core), acts);
          double streamsPj = acts ? activationStreamPj(tile, core) : 0;
          String name = "core" + core + (acts && problem.choosesStreaming(tile, problem.accelerator().core(core))
              ? "+acts" : "");
          List<ModeRef> where = runs(tile.id(), core, acts);
          Weights how = weights(tile, core);
          if (how != Weights.STREAM) {
            modes.add(new Mode(name, cost.cycles(), cost.energyPj() + streamsPj, modeUsages(tile, core, false, acts)));
            triggers.add(how == Weights.LOAD ? and(where) : and(where,
                new ModeRef(weightsChoice.get(key(tile.layer(), core)), 0)));
            cores.add(core);
            streamed.add(false);
            activations.add(acts);
          }
          if (how != Weights.LOAD) {
            // As the checker has it: the stream starts with the tile and holds the read port only while it
            // lasts; the tile lasts at least as long.
            long bits = tile.weightBits();
            modes.add(new Mode(name + "+stream", problem.tileCycles(tile, problem.accelerator().core(core), true, acts),
                cost.energyPj() + bits * read + streamsPj, modeUsages(tile, core, true, acts)));
            triggers.add(how == Weights.STREAM ? and(where) : and(where,
                new ModeRef(weightsChoice.get(key(tile.layer(), core)), 1)));
            cores.add(core);
            streamed.add(true);
            activations.add(acts);
          }
        }
      }
      modeCore.add(cores);
      modeStreams.add(streamed);
      modeActivations.add(activations);
      // Optional rather than derived (mandatory): measured faster to prove (diamond4 on quad-core: optimal in
      // 48 s against no proof in 60 s), although exactly one trigger always holds.
      tileTask[tile.id()] = builder.addOptionalTask("tile" + tile.id(), modes, triggers);
    }
  }

  /**
   * How {@code tile}'s layer gets its weights onto {@code core} ({@link
   * SchedulingProblem#streamsWeights}: streamed when the distinct slices of the layer's tiles there
   * exceed the core's weight memory). When that depends on the allocation — some sets of the
   * layer's allocation groups that may share the core exceed it, others do not — a choice task
   * decides (mode 0 load, 1 stream), which {@link #addStreamingRules} ties to the slices used.
   */
  private Weights weights(Tile tile, int core) {
    if (tile.weightBits() == 0) {
      return Weights.LOAD;
    }
    return streaming.computeIfAbsent(key(tile.layer(), core), k -> {
      Core c = problem.accelerator().core(core);
      Map<Integer, List<Tile>> byGroup = new LinkedHashMap<>();
      tilesOfLayer(tile.layer()).stream().filter(t -> allowed(t).contains(core))
          .forEach(t -> byGroup.computeIfAbsent(groupOf[t.id()], g -> new ArrayList<>()).add(t));
      long most = SchedulingProblem.weightBits(byGroup.values().stream().flatMap(List::stream).toList());
      long least = byGroup.values().stream().mapToLong(SchedulingProblem::weightBits).min().orElse(0);
      if (!problem.streamsWeights(c, most)) {
        return Weights.LOAD;
      }
      if (problem.streamsWeights(c, least)) {
        return Weights.STREAM;
      }
      weightsChoice.put(k, builder.addChoice("weights_l" + tile.layer() + "_c" + core, "load", "stream"));
      return Weights.EITHER;
    });
  }

  /** Most distinct weight slices of one layer on one core for which the exact streaming rule is built. */
  private static final int MAX_CHOICE_SLICES = 12;

  /**
   * Ties each load-or-stream choice to the allocation, as the checker decides it: streaming is
   * forbidden while the slices used on the core fit its weight memory. For every maximal set Y of
   * the layer's slices that fits, "stream, and no slice outside Y is used there" is forbidden
   * (then the used slices lie in Y and fit); "slice unused" is an optional task present iff every
   * tile of the slice runs elsewhere. Loading slices that do not fit needs no rule: their buffers
   * overflow the memory's {@code Cumulative}.
   *
   * @throws IllegalArgumentException naming the layer and core when the layer has more than
   *     {@value #MAX_CHOICE_SLICES} slices there (the maximal sets are enumerated)
   */
  private void addStreamingRules() {
    weightsChoice.forEach((k, choice) -> {
      int layer = (int) (k >> 32);
      int core = (int) (long) k;
      Map<Integer, List<Tile>> slices = new LinkedHashMap<>();
      tilesOfLayer(layer).stream().filter(t -> allowed(t).contains(core))
          .forEach(t -> slices.computeIfAbsent(t.weightSlice(), s -> new ArrayList<>()).add(t));
      if (slices.size() > MAX_CHOICE_SLICES) {
        throw new ProblemException(String.format("layer '%s' streams its weights onto core %s for some "
            + "allocations and loads them for others, over %s weight slices (the exact model handles up to %s); use "
            + "--allocation layer or a coarser channel split", problem.graph().workload().layer(layer).name(), core,
            slices.size(), MAX_CHOICE_SLICES));
      }
      List<Integer> helpers = streamingTasks.computeIfAbsent(layer, l -> new ArrayList<>());
      List<ModeRef> unused = new ArrayList<>();
      List<Long> bits = new ArrayList<>();
      Mode none = new Mode("yes", 0, 0, List.of());
      for (Map.Entry<Integer, List<Tile>> slice : slices.entrySet()) {
        List<ModeRef> away = new ArrayList<>();
        for (Tile t : slice.getValue()) {
          List<ModeRef> elsewhere = allowed(t).stream().filter(c -> c != core).map(c -> at(t.id(), c)).toList();
          int task = builder.addOptionalTask("away_t" + t.id() + "_c" + core, List.of(none),
              List.of(Condition.anyMode(elsewhere)));
          helpers.add(task);
          away.add(new ModeRef(task, 0));
        }
        int task = builder.addOptionalTask("unused_l" + layer + "_s" + slice.getKey() + "_c" + core, List.of(none),
            List.of(Condition.allOf(away.toArray(ModeRef[]::new))));
        helpers.add(task);
        unused.add(new ModeRef(task, 0));
        bits.add(slice.getValue().get(0).weightBits());
      }
      Core c = problem.accelerator().core(core);
      int n = slices.size();
      for (int set = 0; set < 1 << n; set++) {
        if (!fits(c, bits, set)) {
          continue;
        }
        boolean maximal = true;
        List<ModeRef> clause = new ArrayList<>(List.of(new ModeRef(choice, 1)));
        for (int i = 0; i < n; i++) {
          if ((set & 1 << i) == 0) {
            maximal &= !fits(c, bits, set | 1 << i);
            clause.add(unused.get(i));
          }
        }
        if (maximal) {
          builder.forbid(Condition.allOf(clause.toArray(ModeRef[]::new)));
        }
      }
    });
  }

  /** Whether the slices in bit set {@code set} fit the weight memory of {@code core}. */
  private boolean fits(Core core, List<Long> bits, int set) {
    long total = 0;
    for (int i = 0; i < bits.size(); i++) {
      if ((set & 1 << i) != 0) {
        total += bits.get(i);
      }
    }
    return !problem.streamsWeights(core, total);
  }

  private void breakSymmetry(CoreSymmetry symmetry) {
    List<Integer> first = representatives();
    List<List<Integer>> allowedCores = first.stream().map(t -> allowed(tiles.get(t))).toList();
    for (List<Integer> prefix : symmetry.forbiddenPrefixes(allowedCores)) {
      ModeRef[] refs = new ModeRef[prefix.size()];
      for (int i = 0; i < refs.length; i++) {
        refs[i] = at(first.get(i), prefix.get(i));
      }
      builder.forbid(all(refs));
    }
  }

  // ---- Weight loads: per (layer, core), the slices used there. ----

  private void addWeightLoads() {
    Map<Integer, Map<Integer, List<Tile>>> slicesByLayer = new LinkedHashMap<>();
    for (Tile tile : tiles) {
      if (tile.weightBits() > 0) {
        slicesByLayer.computeIfAbsent(tile.layer(), l -> new LinkedHashMap<>())
            .computeIfAbsent(tile.weightSlice(), s -> new ArrayList<>()).add(tile);
      }
    }
    slicesByLayer.forEach((layer, slices) -> {
      List<Tile> layerTiles = slices.values().stream().flatMap(List::stream).toList();
      Set<Integer> cores = new TreeSet<>();
      layerTiles.forEach(t -> cores.addAll(allowed(t)));
      for (int core : cores) {
        if (weights(layerTiles.stream().filter(t -> allowed(t).contains(core)).findFirst().orElseThrow(), core)
            != Weights.STREAM) {
          addWeightLoad(layer, core, slices, layerTiles);
        }
      }
    });
  }

  private void addWeightLoad(int layer, int core, Map<Integer, List<Tile>> slices, List<Tile> layerTiles) {
    Condition used = anyClause(layerTiles.stream().map(t -> loadedOn(t, core)).toList());
    double energyPerBit = problem.accelerator().dram().readEnergyPerBitPj();
    long bandwidth = problem.accelerator().dram().readBandwidthBits();
    long alwaysBits = 0;
    Map<Integer, Condition> sliceUsed = new LinkedHashMap<>();
    Map<Condition, Long> optionalBits = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Tile>> slice : slices.entrySet()) {
      Condition c = anyClause(slice.getValue().stream().map(t -> loadedOn(t, core)).toList());
      long bits = slice.getValue().get(0).weightBits();
      sliceUsed.put(slice.getKey(), c);
      if (c.equals(used)) {
        alwaysBits += bits;
      } else {
        optionalBits.merge(c, bits, Long::sum);
      }
    }
    // The load moves the bits of the slices used there in one transfer of ⌈bits / bandwidth⌉ cycles,
    // as the checker times it: the work is counted in bits (in units of their common divisor with
    // the bandwidth, to keep the numbers small) and rounded up once.
    long unit = optionalBits.values().stream().reduce(LongMath.gcd(bandwidth, alwaysBits), LongMath::gcd);
    List<Increment> increments = new ArrayList<>();
    optionalBits.forEach((c, bits) -> increments.add(new Increment(c, bits / unit, bits * energyPerBit)));
    Mode load = new Mode("load", increments.isEmpty() ? problem.dramCycles(alwaysBits, true) : alwaysBits / unit,
        alwaysBits * energyPerBit, List.of(new Usage(readPort, 1)));
    int task = builder.addTask("w_l" + layer + "_c" + core, List.of(load), List.of(used), true, increments,
        increments.isEmpty() ? 1 : bandwidth / unit);
    weightTask.put(key(layer, core), task);
    List<Hold> holds = new ArrayList<>();
    for (Tile t : layerTiles) {
      Condition there = all(at(t.id(), core));
      builder.add(new Precedence(task, tileTask[t.id()], 0, there));
      holds.add(new Hold(tileTask[t.id()], there));
    }
    for (Map.Entry<Integer, Condition> slice : sliceUsed.entrySet()) {
      long bits = slices.get(slice.getKey()).get(0).weightBits();
      builder.addBuffer(new Buffer("w_l" + layer + "_s" + slice.getKey() + "_c" + core, memory(core, Operand.W), bits,
          task, holds, slice.getValue()));
    }
  }

  /**
   * "{@code t} runs on {@code core}, and its layer's weights are loaded there" as a clause; null
   * when the core is not allowed.
   */
  private List<ModeRef> loadedOn(Tile t, int core) {
    ModeRef on = at(t.id(), core);
    if (on == null) {
      return null;
    }
    Integer choice = weightsChoice.get(key(t.layer(), core));
    return choice == null ? List.of(on) : List.of(on, new ModeRef(choice, 0));
  }

  /** The disjunction of the distinct non-null clauses. */
  private static Condition anyClause(List<List<ModeRef>> clauses) {
    return new Condition(clauses.stream().filter(c -> c != null).distinct().toList());
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  // ---- Network inputs and sink outputs. ----

  private void addInputsAndStores() {
    double read = problem.accelerator().dram().readEnergyPerBitPj();
    double write = problem.accelerator().dram().writeEnergyPerBitPj();
    for (Tile tile : tiles) {
      int t = tile.id();
      List<List<ModeRef>> loads = allowed(tile).stream().map(c -> keepsOnChip(tile, c, Operand.I)).toList();
      if (tile.dramInputBits() > 0 && loads.stream().anyMatch(c -> c != null)) {
        long bits = tile.dramInputBits();
        inputTask[t] = addWhen("in_t" + t, new Mode("load", problem.dramCycles(bits, true), bits * read,
            List.of(new Usage(readPort, 1))), tile, loads);
        builder.precede(inputTask[t], tileTask[t]);
        for (int i = 0; i < loads.size(); i++) {
          if (loads.get(i) != null) {
            builder.addBuffer(new Buffer("in_t" + t + "_c" + allowed(tile).get(i), memory(allowed(tile).get(i),
                Operand.I), bits, inputTask[t], List.of(Hold.until(tileTask[t])), and(loads.get(i))));
          }
        }
      }
      List<List<ModeRef>> stores = allowed(tile).stream().map(c -> keepsOnChip(tile, c, Operand.O)).toList();
      if (problem.graph().isSink(tile) && stores.stream().anyMatch(c -> c != null)) {
        long bits = tile.outputBits();
        storeTask[t] = addWhen("store_t" + t, new Mode("store", problem.dramCycles(bits, false), bits * write,
            List.of(new Usage(writePort, 1))), tile, stores);
        builder.precede(tileTask[t], storeTask[t]);
      }
    }
  }

  // ---- Edges: on chip, over the route's links, or spilled and read back. ----

  private void addEdges() {
    List<List<Integer>> outgoing = new ArrayList<>();
    tiles.forEach(t -> outgoing.add(new ArrayList<>()));
    for (int e = 0; e < edges.size(); e++) {
      TileEdge edge = edges.get(e);
      outgoing.get(edge.producer()).add(e);
      streamable[e] = allowed(tiles.get(edge.consumer())).stream().anyMatch(b -> streamedIn(edge, b));
      String name = "via_" + edge.producer() + "_" + edge.consumer();
      choiceTask[e] = streamable[e] ? builder.addChoice(name, "keep", "read-back", "stream")
          : builder.addChoice(name, "keep", "read-back");
      builder.precede(tileTask[edge.producer()], tileTask[edge.consumer()]);
      addStreamRules(e);
      hopTasks.add(addHops(e));
    }
    double write = problem.accelerator().dram().writeEnergyPerBitPj();
    double read = problem.accelerator().dram().readEnergyPerBitPj();
    for (Tile tile : tiles) {
      List<Integer> out = outgoing.get(tile.id());
      if (out.isEmpty()) {
        continue;
      }
      long bits = tile.outputBits();
      Condition spilled = spillCondition(tile, out);
      int spill = spilled.anyOf().isEmpty() ? -1 : builder.addOptionalTask("spill_t" + tile.id(), List.of(new Mode(
          "spill", problem.dramCycles(bits, false), bits * write, List.of(new Usage(writePort, 1)))), List.of(spilled));
      spillTask[tile.id()] = spill;
      if (spill >= 0) {
        builder.precede(tileTask[tile.id()], spill);
      }
      boolean mayStreamOut = allowed(tile).stream().anyMatch(a -> streamsOutput(tile, a));
      for (int e : out) {
        TileEdge edge = edges.get(e);
        readTask[e] = builder.addOptionalTask("read_" + edge.producer() + "_" + edge.consumer(),
            List.of(new Mode("read", problem.dramCycles(edge.bits(), true), edge.bits() * read,
                List.of(new Usage(readPort, 1)))), List.of(all(readBack(e))));
        if (spill >= 0) {
          builder.precede(spill, readTask[e]);
        }
        if (mayStreamOut) {
          // A streamed output is in DRAM from the producer's end, with no spill to wait for.
          builder.precede(tileTask[tile.id()], readTask[e]);
        }
        if (spill >= 0 && streamable[e]) {
          builder.add(new Precedence(spill, tileTask[edge.consumer()], 0, Condition.allOf(streamIn(e))));
        }
        builder.precede(readTask[e], tileTask[edge.consumer()]);
        for (int core : allowed(tiles.get(edge.consumer()))) {
          builder.addBuffer(new Buffer("recv_r" + e + "_c" + core, memory(core, problem.receivingOperand(edge)),
              edge.bits(), readTask[e], List.of(Hold.until(tileTask[edge.consumer()])),
              all(at(edge.consumer(), core))));
        }
      }
    }
  }

  /**
   * Redundant lags that let the solver see a transfer's time before it knows how the data moves:
   * for an edge u → v with u on core a, v starts at least {@link #transferLag} cycles after u ends
   * unless v reads u's output in place. Both ways of moving it take that long: the route's hops
   * run one after the other between u's end and v's start, and a read-back follows the spill of
   * u's whole output, which starts after u ends. Without these precedences the lag appears only
   * once the keep/read-back choice is made (docs/EXACT.md, "Transfer lags").
   *
   * <p>One precedence per (edge, a, distinct lag): "u on a and v on one of the cores at least that
   * far" (a disjunction over v's allocation, which the CP-SAT translation enforces as "v on none of
   * the nearer cores").
   */
  private void addTransferLags() {
    for (TileEdge edge : edges) {
      int u = edge.producer();
      int v = edge.consumer();
      if (groupOf[u] == groupOf[v]) {
        continue;
      }
      for (int a : allowed(tiles.get(u))) {
        Map<Long, List<ModeRef>> byLag = new TreeMap<>();
        for (int b : allowed(tiles.get(v))) {
          byLag.computeIfAbsent(transferLag(edge, a, b), l -> new ArrayList<>()).add(at(v, b));
        }
        List<ModeRef> farther = new ArrayList<>();
        List<Long> lags = new ArrayList<>(byLag.keySet());
        for (int i = lags.size() - 1; i >= 0 && lags.get(i) > 0; i--) {
          farther.addAll(byLag.get(lags.get(i)));
          List<List<ModeRef>> clauses = farther.stream().map(r -> List.of(at(u, a), r)).toList();
          builder.add(new Precedence(tileTask[u], tileTask[v], lags.get(i), new Condition(clauses)));
        }
      }
    }
  }

  /**
   * The least time (cycles) between the end of {@code edge}'s producer on core {@code a} and the
   * start of its consumer on core {@code b}: 0 when the consumer reads the data in place, else the
   * shorter of the route's hops (when there is a route) and the spill of the producer's output
   * followed by the edge's read-back.
   */
  private long transferLag(TileEdge edge, int a, int b) {
    Tile u = tiles.get(edge.producer());
    Tile v = tiles.get(edge.consumer());
    long least = Long.MAX_VALUE;
    // The least over the ways the two tiles may run there.
    for (boolean out : problem.activationModes(u, problem.accelerator().core(a))) {
      for (boolean in : problem.activationModes(v, problem.accelerator().core(b))) {
        least = Math.min(least, transferLag(edge, a, b, out && streamsOutput(u, a), in && streamedIn(edge, b)));
      }
    }
    return least;
  }

  /**
   * {@link #transferLag(TileEdge, int, int)} when the producer streams its output ({@code
   * streamedOut}) or not, and the consumer streams the edge's data in ({@code streamedIn}) or not.
   */
  private long transferLag(TileEdge edge, int a, int b, boolean streamedOut, boolean streamedIn) {
    Tile u = tiles.get(edge.producer());
    if (streamedIn) {
      return streamedOut ? 0 : problem.dramCycles(u.outputBits(), false);
    }
    if (streamedOut) {
      return problem.dramCycles(edge.bits(), true);
    }
    if (problem.readsInPlace(edge, a, b)) {
      return 0;
    }
    long lag = problem.dramCycles(u.outputBits(), false) + problem.dramCycles(edge.bits(), true);
    Optional<List<Routes.Hop>> route = routes.route(a, b);
    if (route.isPresent()) {
      long hops = 0;
      for (Routes.Hop hop : route.get()) {
        hops += SchedulingProblem.transferCycles(edge.bits(), hop.link().bandwidthBits());
      }
      lag = Math.min(lag, hops);
    }
    return lag;
  }

  /** The hop tasks of edge {@code e}, one per hop index of the longest route its cores may need. */
  private List<Integer> addHops(int e) {
    TileEdge edge = edges.get(e);
    int u = edge.producer();
    int v = edge.consumer();
    List<List<int[]>> pairsByHop = new ArrayList<>();
    for (int a : allowed(tiles.get(u))) {
      for (int b : allowed(tiles.get(v))) {
        if (problem.readsInPlace(edge, a, b)) {
          continue;
        }
        Optional<List<Routes.Hop>> route = routes.route(a, b);
        if (route.isEmpty()) {
          builder.forbid(all(at(u, a), at(v, b), keep(e)));
          continue;
        }
        for (int h = 0; h < route.get().size(); h++) {
          if (pairsByHop.size() <= h) {
            pairsByHop.add(new ArrayList<>());
          }
          pairsByHop.get(h).add(new int[] {a, b});
        }
      }
    }
    List<Integer> hops = new ArrayList<>();
    for (int h = 0; h < pairsByHop.size(); h++) {
      List<Mode> modes = new ArrayList<>();
      List<Condition> triggers = new ArrayList<>();
      for (int[] pair : pairsByHop.get(h)) {
        Link link = routes.route(pair[0], pair[1]).orElseThrow().get(h).link();
        modes.add(new Mode(pair[0] + "->" + pair[1], SchedulingProblem.transferCycles(edge.bits(),
            link.bandwidthBits()), edge.bits() * link.energyPerBitPj(),
            List.of(new Usage(linkResource.get(link.name()), 1))));
        triggers.add(all(at(u, pair[0]), at(v, pair[1]), keep(e)));
      }
      int task = builder.addOptionalTask("hop_" + u + "_" + v + "_" + h, modes, triggers);
      hopPairs.put(task, pairsByHop.get(h));
      builder.precede(h == 0 ? tileTask[u] : hops.get(h - 1), task).precede(task, tileTask[v]);
      hops.add(task);
    }
    // The received copy lives on the consumer's core from the start of the last hop.
    for (int b : allowed(tiles.get(v))) {
      for (int h = 0; h < hops.size(); h++) {
        List<List<ModeRef>> clauses = new ArrayList<>();
        for (int[] pair : pairsByHop.get(h)) {
          if (pair[1] == b && routes.route(pair[0], b).orElseThrow().size() == h + 1) {
            clauses.add(all(at(u, pair[0]), at(v, b), keep(e)).anyOf().get(0));
          }
        }
        if (!clauses.isEmpty()) {
          builder.addBuffer(new Buffer("recv_e" + e + "_h" + h + "_c" + b, memory(b, problem.receivingOperand(edge)),
              edge.bits(), hops.get(h), List.of(Hold.until(tileTask[v])), new Condition(clauses)));
        }
      }
    }
    return hops;
  }

  // ---- Output buffers: from the tile's start until its data has left or been consumed. ----

  private void addOutputBuffers() {
    List<List<Integer>> outgoing = new ArrayList<>();
    tiles.forEach(t -> outgoing.add(new ArrayList<>()));
    for (int e = 0; e < edges.size(); e++) {
      outgoing.get(edges.get(e).producer()).add(e);
    }
    for (Tile tile : tiles) {
      int u = tile.id();
      for (int core : allowed(tile)) {
        List<ModeRef> kept = keepsOnChip(tile, core, Operand.O);
        if (kept == null) {
          continue;
        }
        List<Hold> holds = new ArrayList<>();
        for (int e : outgoing.get(u)) {
          int v = edges.get(e).consumer();
          for (int b : inPlaceConsumerCores(edges.get(e), core)) {
            holds.add(new Hold(tileTask[v], all(at(v, b), keep(e))));
          }
          if (!hopTasks.get(e).isEmpty()) {
            holds.add(Hold.until(hopTasks.get(e).get(0)));
          }
        }
        if (spillTask[u] >= 0) {
          holds.add(Hold.until(spillTask[u]));
        }
        if (storeTask[u] >= 0) {
          holds.add(Hold.until(storeTask[u]));
        }
        builder.addBuffer(new Buffer("out_t" + u + "_c" + core, memory(core, Operand.O), tile.outputBits(),
            tileTask[u], holds, and(kept)));
      }
    }
  }

  // ---- Solutions to schedules and back. ----

  /** The core of each tile in {@code solution}. */
  private int[] cores(IrSolution solution) {
    int[] core = new int[tiles.size()];
    for (Tile tile : tiles) {
      core[tile.id()] = modeCore.get(tile.id()).get(solution.modes().get(tileTask[tile.id()]));
    }
    return core;
  }

  /** The schedule that {@code solution} (valid for {@link #ir()}) describes. */
  public Schedule toSchedule(IrSolution solution) {
    int[] core = cores(solution);
    List<ScheduledTile> placed = new ArrayList<>();
    List<Movement> movements = new ArrayList<>();
    String read = problem.dramPort(true);
    String write = problem.dramPort(false);
    for (Tile tile : tiles) {
      long start = solution.starts().get(tileTask[tile.id()]);
      int mode = solution.modes().get(tileTask[tile.id()]);
      boolean streamed = modeStreams.get(tile.id()).get(mode);
      boolean activations = modeActivations.get(tile.id()).get(mode);
      Core on = problem.accelerator().core(core[tile.id()]);
      placed.add(new ScheduledTile(tile.id(), core[tile.id()], start,
          start + problem.tileCycles(tile, on, streamed, activations)));
      movements.addAll(StreamPlacement.of(problem, tile, on, streamed, activations).movements(start));
    }
    weightTask.forEach((k, task) -> {
      if (solution.isPresent(task)) {
        int layer = (int) (k >> 32);
        int c = (int) (long) k;
        long bits = SchedulingProblem.weightBits(tilesOfLayer(layer).stream().filter(t -> core[t.id()] == c).toList());
        long start = solution.starts().get(task);
        movements.add(new Movement.WeightLoad(layer, c, bits, read, start, start + problem.dramCycles(bits, true)));
      }
    });
    for (Tile tile : tiles) {
      int t = tile.id();
      if (inputTask[t] >= 0 && solution.isPresent(inputTask[t])) {
        long s = solution.starts().get(inputTask[t]);
        movements.add(new Movement.InputLoad(t, core[t], tile.dramInputBits(), read, s,
            s + problem.dramCycles(tile.dramInputBits(), true)));
      }
      if (spillTask[t] >= 0 && solution.isPresent(spillTask[t])) {
        long s = solution.starts().get(spillTask[t]);
        movements.add(new Movement.SpillWrite(t, core[t], tile.outputBits(), write, s,
            s + problem.dramCycles(tile.outputBits(), false)));
      }
      if (storeTask[t] >= 0 && solution.isPresent(storeTask[t])) {
        long s = solution.starts().get(storeTask[t]);
        movements.add(new Movement.SinkStore(t, core[t], tile.outputBits(), write, s,
            s + problem.dramCycles(tile.outputBits(), false)));
      }
    }
    for (int e = 0; e < edges.size(); e++) {
      TileEdge edge = edges.get(e);
      if (solution.isPresent(readTask[e])) {
        long s = solution.starts().get(readTask[e]);
        movements.add(new Movement.SpillRead(edge.producer(), edge.consumer(), core[edge.consumer()], edge.bits(),
            read, s, s + problem.dramCycles(edge.bits(), true)));
      }
      List<Integer> hops = hopTasks.get(e);
      for (int h = 0; h < hops.size(); h++) {
        int task = hops.get(h);
        if (!solution.isPresent(task)) {
          continue;
        }
        int[] pair = hopPairs.get(task).get(solution.modes().get(task));
        Routes.Hop hop = routes.route(pair[0], pair[1]).orElseThrow().get(h);
        long s = solution.starts().get(task);
        movements.add(new Movement.LinkHop(edge.producer(), edge.consumer(), h, hop.from(), hop.to(), edge.bits(),
            hop.link().name(), s, s + SchedulingProblem.transferCycles(edge.bits(), hop.link().bandwidthBits())));
      }
    }
    return new Schedule(placed, movements);
  }

  /**
   * The IR solution closest to {@code schedule}: its cores (per allocation group, the core of the
   * group's first tile), its read-backs, and the start of each of its tiles and movements. Exact
   * when the schedule lies in the model (one core per group, the routes of {@link Routes}); else a
   * partial hint for the solver to repair. One exception keeps a valid schedule valid: a read-back
   * onto the producer's own core that the model forbids (its output memory never fills) becomes
   * keep, a solution that moves less and is no later.
   */
  public IrSolution toSolution(Schedule schedule) {
    int n = ir.size();
    Integer[] modes = new Integer[n];
    Long[] starts = new Long[n];
    for (int t = 0; t < n; t++) {
      modes[t] = ir.tasks().get(t).isOptional() ? IrSolution.ABSENT : 0;
    }
    Arrays.fill(starts, 0L);
    int[] core = new int[tiles.size()];
    for (ScheduledTile st : schedule.tiles()) {
      core[st.tile()] = st.core();
      starts[tileTask[st.tile()]] = st.start();
    }
    // As the checker reads it: a tile streams its activations when it has a stream, or must on its core.
    boolean[] streamsActivations = new boolean[tiles.size()];
    for (Movement m : schedule.movements()) {
      if (m instanceof Movement.InputStream i) {
        streamsActivations[i.tile()] = true;
      } else if (m instanceof Movement.SecondInputStream i) {
        streamsActivations[i.tile()] = true;
      } else if (m instanceof Movement.OutputStream o) {
        streamsActivations[o.tile()] = true;
      }
    }
    for (Tile tile : tiles) {
      streamsActivations[tile.id()] |= problem.streamsByDefault(tile, problem.accelerator().core(core[tile.id()]));
    }
    activationChoice.forEach((t, task) -> modes[task] = streamsActivations[t] ? 1 : 0);
    Set<Integer> decided = new LinkedHashSet<>();
    for (Tile tile : tiles) {
      int task = allocTask.get(groupOf[tile.id()]);
      if (decided.add(task)) {
        modes[task] = Math.max(0, allowed(tile).indexOf(core[tile.id()]));
      }
    }
    weightsChoice.forEach((k, task) -> {
      int c = (int) (long) k;
      long bits = SchedulingProblem.weightBits(tilesOfLayer((int) (k >> 32)).stream().filter(t -> core[t.id()] == c)
          .toList());
      modes[task] = problem.streamsWeights(problem.accelerator().core(c), bits) ? 1 : 0;
    });
    Map<Long, Integer> edgeIndex = new HashMap<>();
    for (int e = 0; e < edges.size(); e++) {
      edgeIndex.put(key(edges.get(e).producer(), edges.get(e).consumer()), e);
      modes[choiceTask[e]] = 0;
    }
    for (Movement m : schedule.movements()) {
      if (m instanceof Movement.SpillRead r && edgeIndex.containsKey(key(r.producer(), r.consumer()))) {
        int e = edgeIndex.get(key(r.producer(), r.consumer()));
        modes[choiceTask[e]] = 1;
        starts[readTask[e]] = r.start();
      } else if (m instanceof Movement.WeightLoad w && weightTask.containsKey(key(w.layer(), w.core()))) {
        starts[weightTask.get(key(w.layer(), w.core()))] = w.start();
      } else if (m instanceof Movement.InputLoad l && inputTask[l.tile()] >= 0) {
        starts[inputTask[l.tile()]] = l.start();
      } else if (m instanceof Movement.SpillWrite s && spillTask[s.tile()] >= 0) {
        starts[spillTask[s.tile()]] = s.start();
      } else if (m instanceof Movement.SinkStore s && storeTask[s.tile()] >= 0) {
        starts[storeTask[s.tile()]] = s.start();
      } else if (m instanceof Movement.LinkHop h && edgeIndex.containsKey(key(h.producer(), h.consumer()))) {
        List<Integer> hops = hopTasks.get(edgeIndex.get(key(h.producer(), h.consumer())));
        if (h.hop() < hops.size()) {
          starts[hops.get(h.hop())] = h.start();
        }
      }
    }
    for (int e = 0; e < edges.size(); e++) {
      int u = edges.get(e).producer();
      boolean onItsOwnCore = core[u] == core[edges.get(e).consumer()];
      if (modes[choiceTask[e]] == 1 && onItsOwnCore && keptOnChip.contains(key(e, core[u]))) {
        modes[choiceTask[e]] = 0;
      }
      int v = edges.get(e).consumer();
      if (streamable[e] && streamsActivations[v] && streamedIn(edges.get(e), core[v])) {
        modes[choiceTask[e]] = 2;
      }
    }
    List<Integer> current = Arrays.asList(modes);
    for (int t : ir.triggerOrder()) {
      if (ir.tasks().get(t).hasTriggers()) {
        for (int m = 0; m < ir.tasks().get(t).modes().size(); m++) {
          if (ir.tasks().get(t).triggers().get(m).holds(current)) {
            modes[t] = m;
            break;
          }
        }
      }
    }
    for (int t = 0; t < n; t++) {
      if (modes[t] == IrSolution.ABSENT) {
        starts[t] = 0L;
      }
    }
    return new IrSolution(List.of(modes), List.of(starts));
  }
}
