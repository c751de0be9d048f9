package org.laminar.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.laminar.check.Violation.Rule;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Core;
import org.laminar.hardware.Link;
import org.laminar.schedule.Movement;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.Movement.InputLoad;
import org.laminar.schedule.Movement.InputStream;
import org.laminar.schedule.Movement.OutputStream;
import org.laminar.schedule.Movement.SecondInputStream;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Movement.SinkStore;
import org.laminar.schedule.Movement.SpillRead;
import org.laminar.schedule.Movement.SpillWrite;
import org.laminar.schedule.Movement.WeightLoad;
import org.laminar.schedule.Movement.WeightStream;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.workload.Layer;
import org.laminar.workload.Operand;

/**
 * One check of a schedule against its problem: the rules of {@link ScheduleChecker}, judged in
 * turn, each broken one a {@link Violation}. The buffers the rules find go to a {@link
 * MemoryLedger}, whose sweep judges the memory rule and records the traces; {@link MetricsMeter}
 * then measures the schedule as given. Times are cycles, sizes bits.
 */
final class RuleCheck {
  private final SchedulingProblem problem;
  private final Schedule schedule;
  private final List<Tile> tiles;
  private final Map<Integer, Core> cores = new LinkedHashMap<>();
  private final Map<String, Link> links = new HashMap<>();
  private final List<Violation> violations = new ArrayList<>();
  private final ScheduledTile[] placed;
  private final TileCost[] costs;
  /** Per tile: the latest end of anything that reads its output from its core's memory. */
  private final long[] holdUntil;
  private final MemoryLedger ledger;
  private final Map<Long, WeightLoad> weightLoads = new LinkedHashMap<>();
  private final Map<Integer, WeightStream> weightStreams = new HashMap<>();
  /** Per tile: whether its layer streams its weights onto its core. */
  private final boolean[] streamed;
  private final Map<Integer, InputLoad> inputLoads = new HashMap<>();
  private final Map<Integer, InputStream> inputStreams = new HashMap<>();
  private final Map<Integer, SecondInputStream> secondInputStreams = new HashMap<>();
  private final Map<Integer, OutputStream> outputStreams = new HashMap<>();
  /** Per tile: how it streams its activations on its core (null: it keeps them on chip). */
  private final ActivationStreams[] streams;
  private final PairIndex<List<LinkHop>> hops;
  private final Map<Integer, SpillWrite> spills = new HashMap<>();
  private final PairIndex<SpillRead> readBacks;
  /** Edges into each tile, by consumer id; made when first needed. */
  private List<List<TileEdge>> incoming;
  /** Per tile: the position of its layer in the workload. */
  private final int[] layerAt;
  /** By layer position: whether it is a sink layer (a tile graph's answer scans the workload); null: not asked yet. */
  private final Boolean[] sinkLayers;
  /**
   * By consumer layer position: the producer layer positions asked so far and the operand through
   * which the consumer receives each ({@link SchedulingProblem#receivingOperand} scans the workload).
   */
  private final int[][] receivedFrom;
  private final Operand[][] receivedAs;
  private final String readPort;
  private final String writePort;
  private final Map<Integer, SinkStore> stores = new HashMap<>();

  RuleCheck(SchedulingProblem problem, Schedule schedule) {
    this.problem = problem;
    this.schedule = schedule;
    this.tiles = problem.graph().tiles();
    problem.accelerator().cores().forEach(c -> cores.put(c.id(), c));
    problem.accelerator().links().forEach(l -> links.put(l.name(), l));
    placed = new ScheduledTile[tiles.size()];
    costs = new TileCost[tiles.size()];
    holdUntil = new long[tiles.size()];
    streamed = new boolean[tiles.size()];
    streams = new ActivationStreams[tiles.size()];
    hops = new PairIndex<>(tiles.size());
    readBacks = new PairIndex<>(tiles.size());
    // About one buffer per tile output and per edge, plus weights and network inputs.
    ledger = new MemoryLedger(problem, 2 * tiles.size() + problem.graph().edges().size());
    Map<Integer, Integer> positions = new HashMap<>();
    List<Layer> layers = problem.graph().workload().layers();
    for (int i = 0; i < layers.size(); i++) {
      positions.put(layers.get(i).id(), i);
    }
    layerAt = new int[tiles.size()];
    for (int i = 0; i < tiles.size(); i++) {
      // Tiles of a layer are mostly consecutive: ask the map only when the layer changes.
      int layer = tiles.get(i).layer();
      layerAt[i] = i > 0 && tiles.get(i - 1).layer() == layer ? layerAt[i - 1] : positions.get(layer);
    }
    sinkLayers = new Boolean[layers.size()];
    receivedFrom = new int[layers.size()][0];
    receivedAs = new Operand[layers.size()][0];
    readPort = problem.dramPort(true);
    writePort = problem.dramPort(false);
  }

  CheckReport run() {
    checkTiles();
    indexMovements();
    checkActivationStreams();
    checkWeights();
    checkDurations();
    checkCoreOverlap();
    checkResourceOverlap();
    checkEdges();
    checkSpills();
    checkInputLoads();
    checkStores();
    addOutputBuffers();
    List<MemoryTrace> traces = checkMemory();
    return new CheckReport(violations, MetricsMeter.measure(problem, schedule, placed, costs,
        new ArrayList<>(cores.keySet()), links, ledger::peak), traces);
  }

  private void violation(Rule rule, String subject, long cycle, String format, Object... args) {
    violations.add(new Violation(rule, subject, cycle, String.format(format, args)));
  }

  private String tileName(int id) {
    Tile t = tiles.get(id);
    return "tile " + id + " (layer '" + problem.graph().workload().layer(t.layer()).name() + "')";
  }

  // Rule 1: tiles, allowed cores, durations.
  private void checkTiles() {
    for (ScheduledTile st : schedule.tiles()) {
      if (st.tile() < 0 || st.tile() >= tiles.size()) {
        violation(Rule.TILES, "tile " + st.tile(), st.start(), "tile %s is not in the tile graph", st.tile());
        continue;
      }
      if (placed[st.tile()] != null) {
        violation(Rule.TILES, "tile " + st.tile(), st.start(), "%s is scheduled twice", tileName(st.tile()));
        continue;
      }
      Tile tile = tiles.get(st.tile());
      Core core = cores.get(st.core());
      if (core == null) {
        violation(Rule.ALLOWED_CORE, "tile " + st.tile(), st.start(), "%s runs on core %s, which does not exist",
            tileName(st.tile()), st.core());
        continue;
      }
      if (!problem.allowedCores(tile).contains(st.core())) {
        violation(Rule.ALLOWED_CORE, "tile " + st.tile(), st.start(), "%s runs on core %s; it may use cores %s",
            tileName(st.tile()), st.core(), problem.allowedCores(tile));
      }
      placed[st.tile()] = st;
    }
    for (int i = 0; i < tiles.size(); i++) {
      if (placed[i] == null) {
        violation(Rule.TILES, "tile " + i, 0, "%s is not scheduled", tileName(i));
      }
    }
  }

  private void checkCoreOverlap() {
    Map<Integer, List<ScheduledTile>> byCore = new TreeMap<>();
    for (ScheduledTile st : placed) {
      if (st != null) {
        byCore.computeIfAbsent(st.core(), c -> new ArrayList<>()).add(st);
      }
    }
    byCore.forEach((core, list) -> sweepOverlaps(list, times(list, ScheduledTile::start),
        times(list, ScheduledTile::end), (a, b) -> violation(Rule.CORE_OVERLAP, "core " + core, b.start(),
            "core %s runs %s [%s, %s) and %s [%s, %s) at once at cycle %s", core, tileName(a.tile()), a.start(),
            a.end(), tileName(b.tile()), b.start(), b.end(), b.start())));
  }

  /** {@code time} of each of {@code items}, in their order. */
  private static <T> long[] times(List<T> items, ToLongFunction<T> time) {
    long[] times = new long[items.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = time.applyAsLong(items.get(i));
    }
    return times;
  }

  /**
   * Reports each item that starts before an earlier-starting one on the same resource has ended;
   * {@code start[i]} and {@code end[i]} are those of {@code items.get(i)}. Items are taken by
   * start, then end, then list order.
   */
  private static <T> void sweepOverlaps(List<T> items, long[] start, long[] end, BiConsumer<T, T> report) {
    int latest = -1;
    for (int i : IndexSort.sort(start, end, items.size())) {
      if (start[i] == end[i]) {
        continue;
      }
      if (latest >= 0 && start[i] < end[latest]) {
        report.accept(items.get(latest), items.get(i));
      }
      if (latest < 0 || end[i] > end[latest]) {
        latest = i;
      }
    }
  }

  // Rule 2: resources and durations of movements; index them for the coverage rules.
  private void indexMovements() {
    for (Movement m : schedule.movements()) {
      if (m instanceof LinkHop h) {
        checkHopResource(h);
      } else {
        checkDramResource(m);
      }
      if (m instanceof WeightLoad w) {
        putOnce(weightLoads, key(w.layer(), w.core()), w);
      } else if (m instanceof WeightStream w) {
        putOnce(weightStreams, w.tile(), w);
      } else if (m instanceof InputLoad l) {
        putOnce(inputLoads, l.tile(), l);
      } else if (m instanceof InputStream i) {
        putOnce(inputStreams, i.tile(), i);
      } else if (m instanceof SecondInputStream i) {
        putOnce(secondInputStreams, i.tile(), i);
      } else if (m instanceof OutputStream o) {
        putOnce(outputStreams, o.tile(), o);
      } else if (m instanceof SpillWrite s) {
        putOnce(spills, s.tile(), s);
      } else if (m instanceof SpillRead r) {
        once(readBacks.putIfAbsent(r.producer(), r.consumer(), r), r);
      } else if (m instanceof SinkStore s) {
        putOnce(stores, s.tile(), s);
      } else if (m instanceof LinkHop h) {
        // Most routes are one hop long.
        hops.computeIfAbsent(h.producer(), h.consumer(), () -> new ArrayList<>(1)).add(h);
      }
    }
  }

  private <K, M extends Movement> void putOnce(Map<K, M> index, K key, M m) {
    once(index.putIfAbsent(key, m), m);
  }

  /** Reports {@code m} as a second copy of {@code previous}, if there was one. */
  private void once(Movement previous, Movement m) {
    if (previous != null) {
      violation(Rule.UNEXPECTED_TRANSFER, m.describe(), m.start(), "%s appears twice (at cycles %s and %s)",
          m.describe(), previous.start(), m.start());
    }
  }

  private void checkHopResource(LinkHop h) {
    Link link = links.get(h.resource());
    if (link == null) {
      violation(Rule.RESOURCE, h.resource(), h.start(), "%s uses link %s, which does not exist", h.describe(),
          h.resource());
      return;
    }
    if (h.fromCore() == h.toCore() || !link.cores().contains(h.fromCore()) || !link.cores().contains(h.toCore())) {
      violation(Rule.RESOURCE, h.resource(), h.start(), "%s: link %s joins cores %s, not core %s and core %s",
          h.describe(), link.name(), link.cores(), h.fromCore(), h.toCore());
    }
    checkDuration(h, link.bandwidthBits());
  }

  private void checkDramResource(Movement m) {
    String port = m.readsDram() ? readPort : writePort;
    if (!m.resource().equals(port)) {
      violation(Rule.RESOURCE, m.resource(), m.start(), "%s uses %s; a DRAM %s goes through port %s", m.describe(),
          m.resource(), m.readsDram() ? "read" : "write", port);
    }
    checkDuration(m, m.readsDram() ? problem.accelerator().dram().readBandwidthBits()
        : problem.accelerator().dram().writeBandwidthBits());
  }

  private void checkDuration(Movement m, long bandwidth) {
    long cycles = SchedulingProblem.transferCycles(m.bits(), bandwidth);
    if (m.end() - m.start() != cycles) {
      violation(Rule.DURATION, m.describe(), m.start(),
          "%s lasts %s cycles [%s, %s); %s bits at %s bits/cycle take %s", m.describe(), m.end() - m.start(),
          m.start(), m.end(), m.bits(), bandwidth, cycles);
    }
  }

  private void checkResourceOverlap() {
    Map<String, List<Movement>> grouped = new HashMap<>();
    schedule.movements().forEach(m -> grouped.computeIfAbsent(m.resource(), r -> new ArrayList<>()).add(m));
    // Grouped by hash (a sorted map compared names per movement), reported in name order.
    Map<String, List<Movement>> byResource = new TreeMap<>(grouped);
    byResource.forEach((resource, list) -> sweepOverlaps(list, times(list, Movement::start),
        times(list, Movement::end), (a, b) -> violation(Rule.RESOURCE_OVERLAP, resource, b.start(),
            "%s carries %s [%s, %s) and %s [%s, %s) at once at cycle %s", resource, a.describe(), a.start(),
            a.end(), b.describe(), b.start(), b.end(), b.start())));
  }

  // Rule 3: every edge on chip, over a route, or through a spill and read-back.
  private void checkEdges() {
    for (TileEdge e : problem.graph().edges()) {
      ScheduledTile u = placed[e.producer()];
      ScheduledTile v = placed[e.consumer()];
      if (u == null || v == null) {
        continue;
      }
      SpillRead read = readBacks.get(e.producer(), e.consumer());
      List<LinkHop> route = hops.get(e.producer(), e.consumer());
      Operand operand = receivingOperand(e);
      if (streamsIn(v.tile(), operand)) {
        checkStreamedIn(e, operand, u, v, read != null ? read : route != null ? route.get(0) : null);
      } else if (read != null) {
        if (route != null) {
          violation(Rule.UNEXPECTED_TRANSFER, edgeName(e), route.get(0).start(),
              "%s is both read back from DRAM and sent over links", edgeName(e));
        }
        checkReadBack(e, read, u, v);
      } else if (streamsOutput(u.tile())) {
        violation(Rule.MISSING_TRANSFER, edgeName(e), v.start(), "%s streams its output to DRAM, but %s does not "
            + "read it back before it starts at cycle %s", tileName(u.tile()), tileName(v.tile()), v.start());
      } else if (u.core() == v.core() || shared(e, u, v) >= 0) {
        if (route != null) {
          violation(Rule.UNEXPECTED_TRANSFER, edgeName(e), route.get(0).start(), "%s has link transfers although %s",
              edgeName(e), onChip(e, u, v));
        }
        if (v.start() < u.end()) {
          violation(Rule.PRECEDENCE, edgeName(e), v.start(), "%s starts at cycle %s, before %s ends at cycle %s (%s)",
              tileName(v.tile()), v.start(), tileName(u.tile()), u.end(), onChip(e, u, v));
        }
        holdUntil[u.tile()] = Math.max(holdUntil[u.tile()], v.end());
      } else if (route == null) {
        violation(Rule.MISSING_TRANSFER, edgeName(e), v.start(),
            "%s (%s bits) from core %s to core %s has no transfer before %s starts at cycle %s", edgeName(e),
            e.bits(), u.core(), v.core(), tileName(v.tile()), v.start());
      } else {
        checkRoute(e, route, u, v);
      }
    }
    hops.entries().forEach(h -> unexpectedUnless(isEdge(h.producer(), h.consumer()), h.value().get(0),
        "no such edge"));
    readBacks.entries().forEach(r -> unexpectedUnless(isEdge(r.producer(), r.consumer()), r.value(),
        "no such edge"));
  }

  /** Whether tile {@code id} streams its output to DRAM. */
  private boolean streamsOutput(int id) {
    return streams[id] != null && streams[id].output();
  }

  /** Whether tile {@code id} streams its input from DRAM. */
  private boolean streamsInput(int id) {
    return streams[id] != null && streams[id].input();
  }

  /** Whether tile {@code id} streams in from DRAM what it receives as {@code operand}. */
  private boolean streamsIn(int id, Operand operand) {
    return streams[id] != null && streams[id].streamsIn(operand);
  }

  /**
   * The cycle from which tile {@code u}'s output is in DRAM: its end when it streams it out, the
   * end of its spill, or -1 when it never gets there.
   */
  private long inDram(ScheduledTile u) {
    if (streamsOutput(u.tile())) {
      return u.end();
    }
    SpillWrite spill = spills.get(u.tile());
    return spill == null ? -1 : spill.end();
  }

  /**
   * Edge {@code e} into a tile that streams in what it receives as {@code operand}: {@code u}'s
   * output read from DRAM by that stream, no other movement.
   */
  private void checkStreamedIn(TileEdge e, Operand operand, ScheduledTile u, ScheduledTile v, Movement extra) {
    Movement stream = operand == Operand.I ? inputStreams.get(e.consumer()) : secondInputStreams.get(e.consumer());
    long at = stream != null ? stream.start() : v.start();
    String in = stream != null ? stream.describe() : tileName(v.tile());
    String what = operand == Operand.I ? "input" : "second input";
    if (extra != null) {
      unexpectedUnless(false, extra, tileName(e.consumer()) + " streams its " + what + " from DRAM");
    }
    long ready = inDram(u);
    if (ready < 0) {
      violation(Rule.MISSING_TRANSFER, edgeName(e), at, "%s streams its %s from DRAM, but the output of "
          + "%s is never written there", tileName(e.consumer()), what, tileName(u.tile()));
    } else if (ready > at) {
      violation(Rule.PRECEDENCE, edgeName(e), at, "%s starts at cycle %s, before the output of %s is in "
          + "DRAM at cycle %s", in, at, tileName(u.tile()), ready);
    }
  }

  // Rule 5b: streamed activations, each tile as its own streams say; and the tiles' costs, which depend on them.
  private void checkActivationStreams() {
    for (ScheduledTile st : placed) {
      if (st == null) {
        continue;
      }
      Tile tile = tiles.get(st.tile());
      Core core = cores.get(st.core());
      ActivationStreams how = problem.activationStreams(tile, core).orElse(null);
      boolean claimed = inputStreams.containsKey(st.tile()) || secondInputStreams.containsKey(st.tile())
          || outputStreams.containsKey(st.tile());
      // A tile that may stream does so when it has a stream, or when it may not keep its activations on chip
      // (then a missing stream is reported below).
      how = how != null && (claimed || !problem.mayKeepOnChip(tile, core)) ? how : null;
      streams[st.tile()] = how;
      costs[st.tile()] = problem.cost(tile, core, how != null);
      if (how != null) {
        checkActivationStream(st, inputStreams.get(st.tile()), InputStream::core, how.input(), how.readBits(),
            "input");
        checkActivationStream(st, secondInputStreams.get(st.tile()), SecondInputStream::core, how.second(),
            how.secondBits(), "second input");
        checkActivationStream(st, outputStreams.get(st.tile()), OutputStream::core, how.output(), how.writeBits(),
            "output");
      }
    }
    inputStreams.forEach((id, m) -> unexpectedUnless(id >= 0 && id < tiles.size() && streamsInput(id), m,
        "the tile does not stream its input on that core"));
    secondInputStreams.forEach((id, m) -> unexpectedUnless(id >= 0 && id < tiles.size()
        && streamsIn(id, Operand.W), m, "the tile does not stream its second input on that core"));
    outputStreams.forEach((id, m) -> unexpectedUnless(id >= 0 && id < tiles.size() && streamsOutput(id), m,
        "the tile does not stream its output on that core"));
  }

  /**
   * The stream {@code m} of {@code st}'s {@code operand}, which it needs when {@code needed};
   * {@code core} gives the core the stream names.
   */
  private <M extends Movement> void checkActivationStream(ScheduledTile st, M m, ToIntFunction<M> core,
      boolean needed, long bits, String operand) {
    String name = tileName(st.tile());
    if (needed && m == null) {
      violation(Rule.MISSING_TRANSFER, name, st.start(), "%s streams its %s from DRAM on core %s, but has no %s "
          + "stream", name, operand, st.core(), operand);
    }
    if (!needed || m == null) {
      return;
    }
    checkCore(m, core.applyAsInt(m), st);
    checkBits(m, bits, "the streamed " + operand + " of " + name);
    if (m.start() < st.start() || m.end() > st.end()) {
      violation(Rule.PRECEDENCE, m.describe(), m.start(), "%s [%s, %s) is not within %s [%s, %s)", m.describe(),
          m.start(), m.end(), name, st.start(), st.end());
    }
  }

  private boolean isEdge(int producer, int consumer) {
    if (consumer < 0 || consumer >= tiles.size()) {
      return false;
    }
    if (incoming == null) {
      incoming = problem.graph().incoming();
    }
    List<TileEdge> in = incoming.get(consumer);
    for (int i = 0; i < in.size(); i++) {
      if (in.get(i).producer() == producer) {
        return true;
      }
    }
    return false;
  }

  private static String edgeName(TileEdge e) {
    return "edge " + e.producer() + "->" + e.consumer();
  }

  /** Why edge {@code e} needs no movement: the words of a message. */
  private String onChip(TileEdge e, ScheduledTile u, ScheduledTile v) {
    return u.core() == v.core() ? "both tiles run on core " + u.core()
        : "core " + v.core() + " reads it in " + ledger.instance(shared(e, u, v)).describe();
  }

  /**
   * The dense index of the memory that {@code u}'s core and {@code v}'s, two different cores,
   * share and that holds both {@code u}'s output and the operand {@code v} reads the edge through;
   * -1 when there is none (then the data must move).
   */
  private int shared(TileEdge e, ScheduledTile u, ScheduledTile v) {
    int output = ledger.memory(cores.get(u.core()), Operand.O);
    return u.core() != v.core() && ledger.instance(output).isShared()
        && output == ledger.memory(cores.get(v.core()), receivingOperand(e)) ? output : -1;
  }

  /** {@link SchedulingProblem#receivingOperand} of {@code e}, asked once per (producer layer, consumer layer). */
  private Operand receivingOperand(TileEdge e) {
    int consumer = layerAt[e.consumer()];
    int producer = layerAt[e.producer()];
    int[] from = receivedFrom[consumer];
    for (int i = 0; i < from.length; i++) {
      if (from[i] == producer) {
        return receivedAs[consumer][i];
      }
    }
    Operand operand = problem.receivingOperand(e);
    receivedFrom[consumer] = Arrays.copyOf(from, from.length + 1);
    receivedFrom[consumer][from.length] = producer;
    receivedAs[consumer] = Arrays.copyOf(receivedAs[consumer], from.length + 1);
    receivedAs[consumer][from.length] = operand;
    return operand;
  }

  private void unexpectedUnless(boolean expected, Movement m, String why) {
    if (!expected) {
      violation(Rule.UNEXPECTED_TRANSFER, m.describe(), m.start(), "%s is not needed: %s", m.describe(), why);
    }
  }

  private void checkRoute(TileEdge e, List<LinkHop> route, ScheduledTile u, ScheduledTile v) {
    List<LinkHop> sorted = route;
    if (!inHopOrder(route)) {
      sorted = new ArrayList<>(route);
      sorted.sort(Comparator.comparingInt(LinkHop::hop));
    }
    int at = u.core();
    long ready = u.end();
    for (int i = 0; i < sorted.size(); i++) {
      LinkHop h = sorted.get(i);
      if (h.hop() != i || h.fromCore() != at) {
        violation(Rule.RESOURCE, transferName(e), h.start(),
            "%s: hop %s leaves core %s, but the route so far (hops 0..%s) has reached core %s", transferName(e),
            h.hop(), h.fromCore(), i - 1, at);
      }
      if (h.bits() != e.bits()) {
        wrongBits(h, e.bits(), edgeName(e));
      }
      if (h.start() < ready) {
        violation(Rule.PRECEDENCE, transferName(e), h.start(), "%s starts at cycle %s, before %s ends at cycle %s",
            h.describe(), h.start(), i == 0 ? tileName(u.tile()) : "hop " + (i - 1), ready);
      }
      at = h.toCore();
      ready = h.end();
    }
    LinkHop first = sorted.get(0);
    LinkHop last = sorted.get(sorted.size() - 1);
    if (at != v.core()) {
      violation(Rule.RESOURCE, transferName(e), last.end(), "%s ends on core %s, but %s runs on core %s",
          transferName(e), at, tileName(v.tile()), v.core());
    }
    if (ready > v.start()) {
      violation(Rule.PRECEDENCE, transferName(e), v.start(), "%s arrives at cycle %s, after %s starts at cycle %s",
          transferName(e), ready, tileName(v.tile()), v.start());
    }
    holdUntil[u.tile()] = Math.max(holdUntil[u.tile()], first.end());
    received(e, v, last.start(), Buffers.Kind.TRANSFER);
  }

  /** Whether the hops of {@code route} are already in hop order (as a scheduler lists them). */
  private static boolean inHopOrder(List<LinkHop> route) {
    for (int i = 1; i < route.size(); i++) {
      if (route.get(i).hop() < route.get(i - 1).hop()) {
        return false;
      }
    }
    return true;
  }

  private static String transferName(TileEdge e) {
    return "transfer " + e.producer() + "->" + e.consumer();
  }

  private static String readBackName(TileEdge e) {
    return "read-back " + e.producer() + "->" + e.consumer();
  }

  private void checkReadBack(TileEdge e, SpillRead read, ScheduledTile u, ScheduledTile v) {
    String edge = readBackName(e);
    long ready = inDram(u);
    if (ready < 0) {
      violation(Rule.MISSING_TRANSFER, edge, read.start(), "%s reads tile %s from DRAM, but it is never spilled",
          edge, e.producer());
    } else if (read.start() < ready) {
      violation(Rule.PRECEDENCE, edge, read.start(), "%s starts at cycle %s, before the %s of tile %s ends at %s",
          edge, read.start(), streamsOutput(u.tile()) ? "output stream" : "spill", e.producer(), ready);
    }
    checkCore(read, read.core(), v);
    checkBits(read, e.bits(), edgeName(e));
    if (read.end() > v.start()) {
      violation(Rule.PRECEDENCE, edge, v.start(), "%s arrives at cycle %s, after %s starts at cycle %s", edge,
          read.end(), tileName(v.tile()), v.start());
    }
    received(e, v, read.start(), Buffers.Kind.READ_BACK);
  }

  /** A movement to or from {@code tile}'s memory must be on its core. */
  private void checkCore(Movement m, int core, ScheduledTile tile) {
    if (core != tile.core()) {
      violation(Rule.RESOURCE, m.describe(), m.start(), "%s is on core %s, but %s runs on core %s", m.describe(),
          core, tileName(tile.tile()), tile.core());
    }
  }

  private void checkBits(Movement m, long bits, String what) {
    if (m.bits() != bits) {
      wrongBits(m, bits, what);
    }
  }

  private void wrongBits(Movement m, long bits, String what) {
    violation(Rule.DATA_SIZE, m.describe(), m.start(), "%s carries %s bits; %s has %s", m.describe(), m.bits(),
        what, bits);
  }

  private void received(TileEdge e, ScheduledTile v, long from, Buffers.Kind kind) {
    Core core = cores.get(v.core());
    ledger.add(v.core(), ledger.memory(core, receivingOperand(e)), e.bits(), from, v.end(), kind, e.producer(),
        e.consumer());
  }

  private void checkSpills() {
    spills.forEach((id, s) -> {
      ScheduledTile u = id >= 0 && id < placed.length ? placed[id] : null;
      if (u == null) {
        unexpectedUnless(false, s, "tile " + id + " is not scheduled");
        return;
      }
      unexpectedUnless(!streamsOutput(id), s, "the tile streams its output to DRAM");
      checkOutgoing(s, u, "spill");
      holdUntil[id] = Math.max(holdUntil[id], s.end());
    });
  }

  /** Core, size and start of a movement of a tile's whole output (spill or store). */
  private void checkOutgoing(Movement m, ScheduledTile u, String kind) {
    checkCore(m, m instanceof SpillWrite s ? s.core() : ((SinkStore) m).core(), u);
    long bits = tiles.get(u.tile()).outputBits();
    if (m.bits() != bits) {
      wrongBits(m, bits, "the output of " + tileName(u.tile()));
    }
    if (m.start() < u.end()) {
      violation(Rule.PRECEDENCE, m.describe(), m.start(), "%s of %s starts at cycle %s, before it ends at %s", kind,
          tileName(u.tile()), m.start(), u.end());
    }
  }

  // Rule 4: network inputs and sink outputs.
  private void checkInputLoads() {
    for (ScheduledTile v : placed) {
      if (v == null || tiles.get(v.tile()).dramInputBits() == 0 || streamsInput(v.tile())) {
        continue;
      }
      Tile t = tiles.get(v.tile());
      InputLoad load = inputLoads.get(v.tile());
      if (load == null) {
        violation(Rule.MISSING_TRANSFER, "tile " + v.tile(), v.start(),
            "%s reads %s bits of network input but has no input load before it starts at cycle %s",
            tileName(v.tile()), t.dramInputBits(), v.start());
        continue;
      }
      checkCore(load, load.core(), v);
      if (load.bits() != t.dramInputBits()) {
        wrongBits(load, t.dramInputBits(), "the network input of " + tileName(v.tile()));
      }
      if (load.end() > v.start()) {
        violation(Rule.PRECEDENCE, load.describe(), v.start(), "%s arrives at cycle %s, after %s starts at cycle %s",
            load.describe(), load.end(), tileName(v.tile()), v.start());
      }
      ledger.add(v.core(), ledger.memory(cores.get(v.core()), Operand.I), load.bits(), load.start(), v.end(),
          Buffers.Kind.INPUT, load.tile(), load.core());
    }
    inputLoads.forEach((id, load) -> unexpectedUnless(
        id >= 0 && id < tiles.size() && tiles.get(id).dramInputBits() > 0, load, "the tile reads no network input"));
    inputLoads.forEach((id, load) -> unexpectedUnless(id < 0 || id >= tiles.size() || !streamsInput(id), load,
        "the tile streams its input from DRAM"));
  }

  private boolean isSink(Tile t) {
    int layer = layerAt[t.id()];
    if (sinkLayers[layer] == null) {
      sinkLayers[layer] = problem.graph().isSink(t);
    }
    return sinkLayers[layer];
  }

  private void checkStores() {
    for (ScheduledTile u : placed) {
      if (u == null || !isSink(tiles.get(u.tile())) || streamsOutput(u.tile())) {
        continue;
      }
      SinkStore store = stores.get(u.tile());
      if (store == null) {
        violation(Rule.MISSING_TRANSFER, "tile " + u.tile(), u.end(),
            "%s is a sink tile, but its output is never stored to DRAM after it ends at cycle %s",
            tileName(u.tile()), u.end());
        continue;
      }
      checkOutgoing(store, u, "store");
      holdUntil[u.tile()] = Math.max(holdUntil[u.tile()], store.end());
    }
    stores.forEach((id, s) -> unexpectedUnless(
        id >= 0 && id < placed.length && placed[id] != null && isSink(tiles.get(id)), s,
        "the tile is not a scheduled sink tile"));
    stores.forEach((id, s) -> unexpectedUnless(id < 0 || id >= placed.length || !streamsOutput(id), s,
        "the tile streams its output to DRAM"));
  }

  // Rule 5: weights loaded before the first tile of the layer on the core, or streamed per tile.
  private void checkWeights() {
    // The tiles of each (layer, core), groups in order of their first tile; slots by layer position and core.
    List<Integer> coreIds = new ArrayList<>(cores.keySet());
    Map<Integer, Integer> coreAt = new HashMap<>();
    coreIds.forEach(c -> coreAt.put(c, coreAt.size()));
    int[] groupAt = new int[sinkLayers.length * coreIds.size()];
    Arrays.fill(groupAt, -1);
    List<List<ScheduledTile>> byLayerCore = new ArrayList<>();
    for (ScheduledTile st : placed) {
      if (st != null) {
        int slot = layerAt[st.tile()] * coreIds.size() + coreAt.get(st.core());
        if (groupAt[slot] < 0) {
          groupAt[slot] = byLayerCore.size();
          byLayerCore.add(new ArrayList<>());
        }
        byLayerCore.get(groupAt[slot]).add(st);
      }
    }
    Set<Long> loaded = new HashSet<>();
    for (List<ScheduledTile> list : byLayerCore) {
      long bits = SchedulingProblem.weightBits(list.stream().map(st -> tiles.get(st.tile())).toList());
      if (bits == 0) {
        continue;
      }
      int layer = tiles.get(list.get(0).tile()).layer();
      int core = list.get(0).core();
      long k = key(layer, core);
      String layerName = "layer '" + problem.graph().workload().layer(layer).name() + "'";
      if (problem.streamsWeights(cores.get(core), bits)) {
        list.forEach(st -> checkStream(st, layerName, bits));
        continue;
      }
      loaded.add(k);
      ScheduledTile first = list.stream().min(Comparator.comparingLong(ScheduledTile::start)).orElseThrow();
      long lastEnd = list.stream().mapToLong(ScheduledTile::end).max().orElseThrow();
      WeightLoad load = weightLoads.get(k);
      if (load == null) {
        violation(Rule.WEIGHTS, layerName, first.start(),
            "the weights of %s (%s bits) are never loaded onto core %s, but %s starts there at cycle %s", layerName,
            bits, core, tileName(first.tile()), first.start());
        continue;
      }
      checkBits(load, bits, "the weight slices of " + layerName + " used on core " + core);
      if (load.end() > first.start()) {
        violation(Rule.WEIGHTS, layerName, first.start(),
            "the weights of %s arrive on core %s at cycle %s, after %s starts at cycle %s", layerName, core,
            load.end(), tileName(first.tile()), first.start());
      }
      ledger.add(core, ledger.memory(cores.get(core), Operand.W), load.bits(), load.start(),
          Math.max(lastEnd, load.end()), Buffers.Kind.WEIGHTS, layer, core);
    }
    weightLoads.forEach((k, w) -> unexpectedUnless(loaded.contains(k), w,
        "no tile of a layer with weights that fit runs on that core"));
    weightStreams.forEach((id, w) -> unexpectedUnless(id >= 0 && id < streamed.length && streamed[id], w,
        "the tile does not stream its weights"));
  }

  private void checkStream(ScheduledTile st, String layerName, long layerBits) {
    Tile t = tiles.get(st.tile());
    if (t.weightBits() == 0) {
      return;
    }
    streamed[st.tile()] = true;
    WeightStream stream = weightStreams.get(st.tile());
    String name = tileName(st.tile());
    if (stream == null) {
      violation(Rule.WEIGHTS, name, st.start(), "the weights of %s (%s bits) exceed the weight memory of core %s, "
          + "but %s streams no weights when it starts at cycle %s", layerName, layerBits, st.core(), name,
          st.start());
      return;
    }
    checkCore(stream, stream.core(), st);
    checkBits(stream, t.weightBits(), "the weight slice of " + name);
    if (stream.start() != st.start()) {
      violation(Rule.WEIGHTS, name, st.start(), "%s starts at cycle %s, but %s starts at cycle %s", stream.describe(),
          stream.start(), name, st.start());
    }
  }

  private void checkDurations() {
    for (ScheduledTile st : placed) {
      if (st == null) {
        continue;
      }
      long cycles = problem.tileCycles(tiles.get(st.tile()), cores.get(st.core()), streamed[st.tile()],
          streams[st.tile()] != null);
      if (st.end() - st.start() != cycles) {
        violation(Rule.DURATION, "tile " + st.tile(), st.start(),
            "%s on core %s lasts %s cycles [%s, %s); %s %s", tileName(st.tile()), st.core(), st.end() - st.start(),
            st.start(), st.end(), streamed[st.tile()] ? "with its weight stream it takes" : "the cost model says",
            cycles);
      }
    }
  }

  private void addOutputBuffers() {
    for (ScheduledTile u : placed) {
      if (u != null && !streamsOutput(u.tile())) {
        ledger.add(u.core(), ledger.memory(cores.get(u.core()), Operand.O), tiles.get(u.tile()).outputBits(),
            u.start(), Math.max(u.end(), holdUntil[u.tile()]), Buffers.Kind.OUTPUT, u.tile(), u.core());
      }
    }
  }

  /** What buffer {@code i} holds, for a message. */
  private String describe(int i) {
    Buffers buffers = ledger.buffers();
    int a = buffers.a(i);
    int b = buffers.b(i);
    return switch (buffers.kind(i)) {
      case WEIGHTS -> "weights of layer '" + problem.graph().workload().layer(a).name() + "'";
      case INPUT -> inputLoads.get(a).describe();
      case OUTPUT -> "output of " + tileName(a);
      case TRANSFER -> "transfer " + a + "->" + b;
      case READ_BACK -> "read-back " + a + "->" + b;
    };
  }

  // Rule 6: memory occupancy, by the ledger's sweep over buffer starts and ends per memory.
  private List<MemoryTrace> checkMemory() {
    return ledger.traces((memory, cycle, bits, cause) -> violation(Rule.MEMORY, memory.describe(), cycle,
        "%s (%s bits) holds %s bits at cycle %s, when %s arrives%s", memory.describe(), memory.sizeBits(), bits,
        cycle, describe(cause), memory.isShared() ? " from core " + ledger.buffers().core(cause) : ""));
  }

  /**
   * A map key for the pair {@code (a, b)}: the packed pair times an odd constant, a bijection, so
   * keys stay distinct. The packed pair alone hashes to {@code a ^ b} ({@link Long#hashCode}), which
   * puts the edges of a fused chain, {@code (i, i + d)}, into a few buckets.
   */
  private static long key(int a, int b) {
    return (((long) a << 32) | (b & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
  }
}
