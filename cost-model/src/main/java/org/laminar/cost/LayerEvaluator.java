package org.laminar.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.ImcArray;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.PortAllocation;
import org.laminar.workload.Operand;

/**
 * Energy and latency of one complete mapping (the equations of {@code cost-model/README.md}).
 * Energy uses the fractional spatial loops, latency the integer ones.
 */
final class LayerEvaluator {
  /** Longest memory-updating window simulated cycle by cycle; longer ones are estimated. */
  private static final long EXACT_UNION_LIMIT = 1 << 16;
  private static final double EPS = 1e-9;

  private final Problem p;
  /**
   * Cycles one temporal iteration takes: 1 on a digital array, the input slices
   * {@link ImcArray#cyclesPerMac()} on a bit-serial in-memory-computing one. As ZigZag's
   * {@code cycles_per_op}, it stretches the temporal cycles and every transfer period and window.
   */
  private final int cyclesPerOp;
  /** Busy cycles per longest period for each combination of (period, allowed) windows; they recur across orderings. */
  private final Map<List<Long>, Long> busy = new HashMap<>();

  LayerEvaluator(Problem p) {
    this.p = p;
    this.cyclesPerOp = p.core.array().imc().map(ImcArray::cyclesPerMac).orElse(1);
  }

  LayerEvaluation evaluate(Map<Operand, List<List<Loop>>> temporal, List<Loop> ordering) {
    Map<Operand, OperandFlows> energyFlows = new EnumMap<>(Operand.class);
    Map<Operand, OperandFlows> timeFlows = new EnumMap<>(Operand.class);
    for (Operand op : p.operands) {
      OperandFlows fractional = new OperandFlows(p, op, temporal.get(op), true);
      energyFlows.put(op, fractional);
      // Where every unrolling divides its dimension both variants of the spatial loops are the same
      // loops, and so are the flows.
      timeFlows.put(op, p.integerSpatial(op) ? fractional : new OperandFlows(p, op, temporal.get(op), false));
    }
    List<LayerEvaluation.Access> accesses = new ArrayList<>();
    double memoryEnergy = 0;
    for (Operand op : p.operands) {
      OperandFlows f = energyFlows.get(op);
      List<MemoryLevel> memories = p.hierarchy.get(op);
      for (int m = 0; m < f.n; m++) {
        MemoryLevel memory = memories.get(m);
        long reads = words(f, m, DataDirection.TL) + words(f, m, DataDirection.TH);
        long writes = words(f, m, DataDirection.FL) + words(f, m, DataDirection.FH);
        double energy = reads * memory.readEnergyPj() + writes * memory.writeEnergyPj();
        memoryEnergy += energy;
        accesses.add(new LayerEvaluation.Access(memory.name(), op, reads, writes, energy));
      }
    }
    long macs = p.layer.macs();
    long ideal = (macs + p.peCount() - 1) / p.peCount() * cyclesPerOp;
    long temporalCycles = timeFlows.get(Operand.O).totalCycles * cyclesPerOp;
    Map<Operand, boolean[]> doubleBuffered = doubleBuffering(energyFlows);
    long stall = stalls(timeFlows, doubleBuffered);
    Boundary boundary = boundary(timeFlows, temporalCycles + stall);
    return new LayerEvaluation(macs, macs * p.core.array().macEnergyPj(), memoryEnergy, accesses, ideal,
        temporalCycles, stall, loading(boundary, timeFlows), offloading(boundary, timeFlows.get(Operand.O)),
        orderingOf(ordering));
  }

  private static List<TemporalLoop> orderingOf(List<Loop> ordering) {
    return ordering.stream().map(l -> new TemporalLoop(l.dim(), (int) Math.round(l.size()))).toList();
  }

  /** {@code ⌊⌈bits per period / min width⌉ · (min width / max width) · periods · instances⌋}. */
  private long words(OperandFlows f, int m, DataDirection d) {
    Flow flow = f.flow(m, d);
    if (!flow.active() || flow.bits() == 0) {
      return 0;
    }
    MemoryPort port = p.port(f.op, m, d);
    double min = port.minBandwidthBits();
    double max = port.maxBandwidthBits();
    return (long) (Math.ceil(flow.bitsPerPeriod() / min - EPS) * (min / max) * flow.periods() * f.instances[m + 1]
        + EPS);
  }

  /** Cycles one period's transfer takes at the port's full width. */
  private long realCycles(OperandFlows f, int m, DataDirection d) {
    Flow flow = f.flow(m, d);
    if (flow.bitsPerPeriod() <= 0) {
      return 0;
    }
    MemoryPort port = p.port(f.op, m, d);
    return (long) Math.ceil(flow.bitsPerPeriod() / port.maxBandwidthBits() - EPS);
  }

  /**
   * Whether each memory level can double-buffer each operand: when its current data takes at
   * most half of the memory (counting the other operands sharing it), or fits twice next to them.
   * Index 0 is the PE array (never); index m + 1 memory m.
   */
  private Map<Operand, boolean[]> doubleBuffering(Map<Operand, OperandFlows> flows) {
    Map<Operand, double[]> own = new EnumMap<>(Operand.class);
    Map<Operand, double[]> shared = new EnumMap<>(Operand.class);
    for (Operand op : p.operands) {
      OperandFlows f = flows.get(op);
      double[] u = new double[f.n];
      for (int m = 0; m < f.n; m++) {
        u[m] = f.effectiveBits(m) / p.hierarchy.get(op).get(m).sizeBits();
      }
      own.put(op, u);
    }
    for (Operand op : p.operands) {
      double[] s = new double[flows.get(op).n];
      for (int m = 0; m < s.length; m++) {
        s[m] = sharedUse(own, p.hierarchy.get(op).get(m));
      }
      shared.put(op, s);
    }
    Map<Operand, boolean[]> result = new EnumMap<>(Operand.class);
    for (Operand op : p.operands) {
      boolean[] db = new boolean[flows.get(op).n + 1];
      for (int m = 0; m < flows.get(op).n; m++) {
        double s = shared.get(op)[m];
        double u = own.get(op)[m];
        if (s <= 0.5) {
          db[m + 1] = true;
        } else if (u <= 1 - s) {
          db[m + 1] = true;
          MemoryLevel memory = p.hierarchy.get(op).get(m);
          for (Operand other : p.operands) {
            int level = p.level(other, memory);
            if (level >= 0) {
              shared.get(other)[level] += u;
            }
          }
        }
      }
      result.put(op, db);
    }
    return result;
  }

  private double sharedUse(Map<Operand, double[]> own, MemoryLevel memory) {
    double use = 0;
    for (Operand op : p.operands) {
      int level = p.level(op, memory);
      if (level >= 0) {
        use += own.get(op)[level];
      }
    }
    return use;
  }

  /** One periodic transfer on a port: cycles needed and allowed per period. */
  private record Activity(long real, long allowed, long period, long periods) {
    long stall() {
      return (real - allowed) * (periods - 1);
    }

    long window() {
      return allowed * (periods - 1);
    }
  }

  /**
   * Stall cycles: per physical port, the transfers it carries need {@code real} cycles per
   * period but may only use {@code allowed} (the whole period when double-buffered, else the
   * period divided by the outermost irrelevant loops), periods and windows counted in temporal
   * iterations of {@link #cyclesPerOp} cycles; a port's stall is the sum of its transfers' excess
   * beyond the union of their windows; ports work in parallel (maximum).
   */
  private long stalls(Map<Operand, OperandFlows> flows, Map<Operand, boolean[]> doubleBuffered) {
    long worst = 0;
    for (MemoryLevel memory : p.core.memories()) {
      for (MemoryPort port : memory.ports()) {
        List<Activity> activities = new ArrayList<>();
        for (PortAllocation a : port.allocations()) {
          Operand op = operandOf(a.operand());
          if (op == null || p.level(op, memory) < 0) {
            continue;
          }
          int m = p.level(op, memory);
          OperandFlows f = flows.get(op);
          Flow flow = f.flow(m, a.direction());
          if (flow.periods() == 0) {
            continue;
          }
          boolean low = a.direction() == DataDirection.TL || a.direction() == DataDirection.FL;
          int level = low ? m : m + 1;
          long allowed = doubleBuffered.get(op)[level] ? flow.period()
              : (long) Math.floor(flow.period() / f.topIrrelevant[level]);
          activities.add(new Activity(realCycles(f, m, a.direction()), allowed * cyclesPerOp,
              flow.period() * cyclesPerOp, flow.periods()));
        }
        worst = Math.max(worst, combinedStall(activities));
      }
    }
    return worst;
  }

  private long combinedStall(List<Activity> activities) {
    if (activities.isEmpty()) {
      return 0;
    }
    if (activities.size() == 1) {
      return activities.get(0).stall();
    }
    long positive = 0;
    long negative = 0;
    long windows = 0;
    for (Activity a : activities) {
      long s = a.stall();
      if (s > 0) {
        positive += s;
      } else {
        negative += s;
      }
      windows += a.window();
    }
    return positive + Math.max(0, negative + windows - windowUnion(activities));
  }

  /** Cycles in which at least one transfer may use the port, over the whole layer. */
  private long windowUnion(List<Activity> activities) {
    for (Activity a : activities) {
      if (a.period() == a.allowed()) {
        return a.period() * a.periods();
      }
    }
    Activity longest = activities.get(0);
    List<Long> key = new ArrayList<>();
    for (Activity a : activities) {
      if (a.period() > longest.period()) {
        longest = a;
      }
      key.add(a.period());
      key.add(a.allowed());
    }
    long period = longest.period();
    return busy.computeIfAbsent(key, k -> busyCycles(activities, period)) * longest.periods();
  }

  /** Cycles of one {@code period} (the longest) in which at least one transfer may use the port. */
  private static long busyCycles(List<Activity> activities, long period) {
    long count;
    if (period <= EXACT_UNION_LIMIT) {
      count = 0;
      for (long t = 0; t < period; t++) {
        for (Activity a : activities) {
          if (t % a.period() < a.allowed()) {
            count++;
            break;
          }
        }
      }
    } else {
      double idle = 1;
      for (Activity a : activities) {
        idle *= 1 - (double) a.allowed() / a.period();
      }
      count = Math.round(period * (1 - idle));
    }
    return count;
  }

  private Operand operandOf(MemoryOperand memoryOperand) {
    for (Operand op : p.operands) {
      if (p.links.get(op) == memoryOperand) {
        return op;
      }
    }
    return null;
  }

  /** One operand's flow through one memory in one direction. */
  private record Transfer(Operand op, int level, DataDirection direction) {
  }

  /** Cycles of the one-off transfers before and after computing, and whether their port serves both inputs. */
  private record Boundary(Map<Transfer, Double> cycles, Map<Transfer, Boolean> sharedByInputs) {
    double cycles(Operand op, int level, DataDirection d) {
      return cycles.getOrDefault(new Transfer(op, level, d), 0.0);
    }

    boolean shared(Operand op, int level, DataDirection d) {
      return sharedByInputs.getOrDefault(new Transfer(op, level, d), false);
    }
  }

  /**
   * The cycles of each transfer that matters for on- and off-loading (inputs downwards, final
   * outputs upwards), per port. A transfer that happens once (one period) may overlap the
   * computation where its port has bandwidth to spare: its cycles shrink, the longest first, by
   * up to {@code (1 − average bandwidth of the port's periodic transfers / port width) ×
   * computing cycles}, but not below the cycles to fill the innermost level once.
   */
  private Boundary boundary(Map<Operand, OperandFlows> flows, double computingCycles) {
    Map<Transfer, Double> cycles = new HashMap<>();
    Map<Transfer, Boolean> shared = new HashMap<>();
    for (MemoryLevel memory : p.core.memories()) {
      for (MemoryPort port : memory.ports()) {
        boolean bothInputs = port.allocations().stream().map(PortAllocation::operand)
            .filter(o -> o != MemoryOperand.O).distinct().count() > 1;
        List<Transfer> once = new ArrayList<>();
        double periodicBitsPerCycle = 0;
        for (PortAllocation a : port.allocations()) {
          Operand op = operandOf(a.operand());
          if (op == null || p.level(op, memory) < 0 || (op == Operand.O
              && (a.direction() == DataDirection.TL || a.direction() == DataDirection.FH))) {
            continue;
          }
          Transfer t = new Transfer(op, p.level(op, memory), a.direction());
          Flow flow = flows.get(op).flow(t.level(), t.direction());
          if (flow.periods() == 0) {
            continue;
          }
          shared.put(t, bothInputs);
          if (flow.periods() == 1) {
            once.add(t);
          } else {
            // As ZigZag: each flow's average bandwidth in whole bits per temporal iteration
            // (truncated), spread over the cycles of one iteration (rounded up).
            periodicBitsPerCycle += Math.ceil(Math.floor(flow.bitsPerPeriod() / flow.period()) / cyclesPerOp);
            cycles.put(t, (double) realCycles(flows.get(op), t.level(), t.direction()));
          }
        }
        if (once.isEmpty()) {
          continue;
        }
        double width = port.maxBandwidthBits();
        double surplus = Math.max(0, (width - periodicBitsPerCycle) / width * computingCycles);
        double[] needed = new double[once.size()];
        double[] minimum = new double[once.size()];
        for (int i = 0; i < once.size(); i++) {
          Transfer t = once.get(i);
          OperandFlows f = flows.get(t.op());
          needed[i] = realCycles(f, t.level(), t.direction());
          minimum[i] = Math.ceil(f.held[1] * f.bits[1] / width - EPS);
        }
        double[] reduced = reduceBalanced(needed, minimum, surplus);
        for (int i = 0; i < once.size(); i++) {
          cycles.put(once.get(i), reduced[i]);
        }
      }
    }
    return new Boundary(cycles, shared);
  }

  /**
   * ZigZag's balanced reduction: in decreasing order of value, the i-th value's slack above its
   * minimum is taken from it and from each larger one (i + 1 times in all), as long as the
   * budget lasts; the last step shares what is left evenly. As in ZigZag, the larger values follow
   * every later cut, so they may end below their own minimum (even below 0).
   */
  static double[] reduceBalanced(double[] values, double[] minimums, double budget) {
    double[] result = values.clone();
    if (budget <= 0 || values.length == 0) {
      return result;
    }
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    double left = budget;
    for (int i = 0; i < order.length && left > 0; i++) {
      double step = result[order[i]] - minimums[order[i]];
      double all = step * (i + 1);
      double cut = left >= all ? step : left / (i + 1);
      for (int j = 0; j <= i; j++) {
        result[order[j]] -= cut;
      }
      left = left >= all ? left - all : 0;
    }
    return result;
  }

  /**
   * Cycles to fill the memories below the top before computing starts: per input operand and
   * per pair of adjacent levels the slower of the write and the read side; transfers of the two
   * inputs run in parallel unless they share a port.
   */
  private double loading(Boundary b, Map<Operand, OperandFlows> flows) {
    List<Operand> inputs = p.operands.stream().filter(op -> op != Operand.O).toList();
    Map<Operand, double[]> parts = new EnumMap<>(Operand.class);
    for (Operand op : inputs) {
      double[] part = new double[3];
      for (int m = 0; m + 1 < flows.get(op).n; m++) {
        double longest = Math.max(b.cycles(op, m, DataDirection.FH), b.cycles(op, m + 1, DataDirection.TL));
        boolean sharedLow = b.shared(op, m, DataDirection.FH);
        boolean sharedHigh = b.shared(op, m + 1, DataDirection.TL);
        if (!sharedLow && !sharedHigh) {
          part[0] += longest;
        } else if (sharedLow && sharedHigh) {
          part[2] += longest;
        } else {
          part[1] = longest;
        }
      }
      parts.put(op, part);
    }
    if (inputs.size() == 1) {
      // A weightless layer: ZigZag keeps its W operand at precision 0 (nothing to load), and its
      // two-operand rule below then adds every part of I, shared ports included.
      double[] only = parts.get(inputs.get(0));
      return only[0] + only[1] + only[2];
    }
    double[] a = parts.get(inputs.get(0));
    double[] c = parts.get(inputs.get(1));
    double first = a[2] + Math.max(c[2] + c[1] + c[0], a[1] + a[0]);
    double second = c[2] + Math.max(a[2] + a[1] + a[0], c[1] + c[0]);
    return Math.min(first, second);
  }

  /** Cycles to drain the final outputs level by level: the slower side of each transfer, in series. */
  private double offloading(Boundary b, OperandFlows o) {
    double cycles = 0;
    for (int m = 0; m + 1 < o.n; m++) {
      cycles += Math.max(b.cycles(Operand.O, m, DataDirection.TH), b.cycles(Operand.O, m + 1, DataDirection.FL));
    }
    return cycles;
  }

}
