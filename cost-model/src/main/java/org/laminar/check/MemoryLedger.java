package org.laminar.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.Core;
import org.laminar.hardware.MemoryInstance;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.workload.Operand;

/**
 * The checker's record of what each physical memory holds: the rules add the buffers they find
 * (bits over {@code [start, end)} cycles), and this ledger replays them into one occupancy trace
 * per memory, tells the rules where a memory's size is exceeded, and gives each core's peak (bits).
 * Physical memories get dense indices in the order they are first asked for; equal memories (one
 * that several cores share) have equal indices.
 */
final class MemoryLedger {
  /** Called when occupancy exceeds capacity because buffer {@code cause} starts. */
  private interface RiseListener {
    void rise(long cycle, long bits, int cause);
  }

  /** Called for the first cycle of each episode in which {@code memory} holds more than its size. */
  interface ExcessListener {
    void exceeds(MemoryInstance memory, long cycle, long bits, int cause);
  }

  private final SchedulingProblem problem;
  /** Core id → by operand ordinal, the dense index of the physical memory holding it (-1: not asked yet). */
  private final Map<Integer, int[]> memoryIndex = new HashMap<>();
  /** The physical memories by dense index, and the index of each. */
  private final List<MemoryInstance> memories = new ArrayList<>();
  private final Map<MemoryInstance, Integer> memoryIds = new HashMap<>();
  private final Buffers buffers;
  /** By memory's dense index: its buffers that last at least a cycle, ascending (set by {@link #traces}). */
  private int[][] held;
  /** By memory's dense index: the peak of its trace (bits; set by {@link #traces}). */
  private long[] peakOf;

  /** An empty ledger for {@code problem}'s memories, with room for about {@code expected} buffers. */
  MemoryLedger(SchedulingProblem problem, int expected) {
    this.problem = problem;
    this.buffers = new Buffers(expected);
  }

  /** The buffers added so far, for messages that name one. */
  Buffers buffers() {
    return buffers;
  }

  /** The physical memory of dense index {@code index}. */
  MemoryInstance instance(int index) {
    return memories.get(index);
  }

  /**
   * The dense index of the physical memory in which {@code core} keeps {@code operand} (asked once
   * per core and operand); equal memories have equal indices.
   */
  int memory(Core core, Operand operand) {
    int[] own = memoryIndex.computeIfAbsent(core.id(), id -> {
      int[] none = new int[Operand.values().length];
      Arrays.fill(none, -1);
      return none;
    });
    if (own[operand.ordinal()] < 0) {
      MemoryInstance instance = problem.accelerator().instance(core.id(), problem.memory(core, operand));
      own[operand.ordinal()] = memoryIds.computeIfAbsent(instance, m -> {
        memories.add(m);
        return memories.size() - 1;
      });
    }
    return own[operand.ordinal()];
  }

  /**
   * Records that {@code core} holds {@code bits} bits in memory {@code memory} (dense index) during
   * {@code [start, end)} (cycles); {@code kind}, {@code a} and {@code b} say what, for messages.
   */
  void add(int core, int memory, long bits, long start, long end, Buffers.Kind kind, int a, int b) {
    buffers.add(core, memory, bits, start, end, kind, a, b);
  }

  /**
   * The occupancy trace of every memory that holds a buffer for at least a cycle, by core then
   * memory name; {@code onExcess} hears, memory by memory in the order of their first such buffer,
   * of every episode above a memory's size. Call once, after the last {@link #add}.
   */
  List<MemoryTrace> traces(ExcessListener onExcess) {
    // The buffers of each memory that last at least a cycle, in buffer order; memories in the
    // order of their first such buffer.
    int[] count = new int[memories.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < buffers.size(); i++) {
      if (buffers.end(i) > buffers.start(i) && count[buffers.memory(i)]++ == 0) {
        order.add(buffers.memory(i));
      }
    }
    held = new int[memories.size()][];
    for (int k = 0; k < held.length; k++) {
      held[k] = new int[count[k]];
      count[k] = 0;
    }
    for (int i = 0; i < buffers.size(); i++) {
      if (buffers.end(i) > buffers.start(i)) {
        held[buffers.memory(i)][count[buffers.memory(i)]++] = i;
      }
    }
    peakOf = new long[memories.size()];
    List<MemoryTrace> traces = new ArrayList<>();
    for (int k : order) {
      MemoryInstance memory = memories.get(k);
      long capacity = memory.sizeBits();
      List<MemoryTrace.Step> steps = sweep(held[k], capacity, (cycle, bits, cause) -> {
        if (bits > capacity) {
          onExcess.exceeds(memory, cycle, bits, cause);
        }
      });
      peakOf[k] = steps.stream().mapToLong(MemoryTrace.Step::bits).max().orElse(0);
      String name = memory.isShared() ? memory.name() : memory.level().name();
      traces.add(new MemoryTrace(memory.cores().get(0), name, capacity, steps, memory.cores()));
    }
    traces.sort(Comparator.comparingInt(MemoryTrace::core).thenComparing(MemoryTrace::memory));
    return traces;
  }

  /**
   * Occupancy steps of the buffers {@code members} (indices, ascending); ends before starts at
   * equal cycles. Reports the first cycle of each episode in which occupancy exceeds {@code
   * capacity} (bits), naming the buffer that tips it.
   */
  private List<MemoryTrace.Step> sweep(int[] members, long capacity, RiseListener onExcess) {
    // Event 2j is the start of members[j], 2j + 1 its end; equal (cycle, delta) keep that order.
    int n = 2 * members.length;
    long[] cycle = new long[n];
    long[] delta = new long[n];
    for (int j = 0; j < members.length; j++) {
      int b = members[j];
      cycle[2 * j] = buffers.start(b);
      delta[2 * j] = buffers.bits(b);
      cycle[2 * j + 1] = buffers.end(b);
      delta[2 * j + 1] = -buffers.bits(b);
    }
    int[] events = IndexSort.sort(cycle, delta, n);
    List<MemoryTrace.Step> steps = new ArrayList<>();
    long bits = 0;
    boolean over = false;
    for (int i = 0; i < n; i++) {
      int e = events[i];
      bits += delta[e];
      boolean lastAtCycle = i + 1 == n || cycle[events[i + 1]] != cycle[e];
      if (delta[e] > 0 && bits > capacity && !over) {
        onExcess.rise(cycle[e], bits, members[e / 2]);
        over = true;
      }
      if (lastAtCycle) {
        over = over && bits > capacity;
        steps.add(new MemoryTrace.Step(cycle[e], bits));
      }
    }
    return steps;
  }

  /**
   * The highest total that {@code core}'s memories hold at the end of any cycle (bits): a sweep
   * over the buffers of all of them, or the peak of its one memory's trace when it uses only one.
   * Call after {@link #traces}.
   */
  long peak(int core) {
    int only = -1;
    int used = 0;
    for (int k = 0; k < held.length; k++) {
      if (held[k].length > 0 && memories.get(k).cores().contains(core)) {
        only = k;
        used++;
      }
    }
    if (used <= 1) {
      return used == 0 ? 0 : peakOf[only];
    }
    int[] mine = new int[buffers.size()];
    int n = 0;
    for (int i = 0; i < buffers.size(); i++) {
      if (buffers.end(i) > buffers.start(i) && memories.get(buffers.memory(i)).cores().contains(core)) {
        mine[n++] = i;
      }
    }
    return sweep(Arrays.copyOf(mine, n), Long.MAX_VALUE, (c, b, cause) -> { }).stream()
        .mapToLong(MemoryTrace.Step::bits).max().orElse(0);
  }
}
