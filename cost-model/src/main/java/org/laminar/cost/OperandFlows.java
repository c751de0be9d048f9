package org.laminar.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.laminar.hardware.DataDirection;
import org.laminar.workload.Operand;

/**
 * The data movement of one operand through its memory hierarchy under one complete mapping
 * (spatial loops per architectural level, temporal loops per memory level): data held per memory
 * instance, instance counts, and the four periodic flows (ZigZag's {@code tl}, {@code fl},
 * {@code th}, {@code fh}) at each memory.
 *
 * <p>Architectural level {@code a = 0} is the PE array, {@code a = m + 1} memory {@code m}.
 */
final class OperandFlows {
  final Operand op;
  /** Memory levels. */
  final int n;
  /** Memory instances per architectural level: {@code instances[m + 1]} copies of memory m. */
  final double[] instances;
  /** Elements held in one instance of memory m: {@code held[m + 1]}. */
  final double[] held;
  /** Bits per element at each architectural level. */
  final int[] bits;
  /** Temporal loops per memory level after the stationary merge-down. */
  final List<List<Loop>> temporal;
  /** Product of the outermost relevant / irrelevant temporal loops of memory m: index m + 1. */
  final double[] topRelevant;
  final double[] topIrrelevant;
  /** Cycles of the temporal loops of all levels ≤ m ({@code cycles[m + 1]}); {@code cycles[0]} the stationary cycles at the PEs. */
  final long[] cycles;
  final long totalCycles;
  private final Flow[][] flows;

  OperandFlows(Problem p, Operand op, List<List<Loop>> allocatedTemporal, boolean fractional) {
    this.op = op;
    this.n = allocatedTemporal.size();
    List<List<Loop>> spatial = p.spatialLevels(op, fractional);
    this.temporal = new ArrayList<>();
    long stationaryAtPes = mergeDown(p, op, allocatedTemporal, temporal);

    // Loops per architectural level: "1s1t" keeps memory m's temporal loops with the spatial loops
    // above memory m (the level's total data), "1s2t" with the spatial loops below it (the data in
    // one instance).
    IntFunction<List<Loop>> temporalOf = a -> a == 0 ? List.of() : temporal.get(a - 1);
    double[][] splitAbove = p.relevance.split(op, n + 1, temporalOf, spatial::get);
    double[][] splitBelow = p.relevance.split(op, n + 1, temporalOf, a -> a == 0 ? List.of() : spatial.get(a - 1));
    double[][] splitSpatial = p.relevance.split(op, spatial);

    instances = new double[n + 1];
    double[] unique = new double[n + 2];
    unique[n + 1] = 1;
    double count = 1;
    for (int a = n; a >= 0; a--) {
      count *= MemoryAllocator.product(spatial.get(a));
      instances[a] = Math.round(count);
      unique[a] = unique[a + 1] * splitSpatial[a][0];
    }
    double[] boost = new double[n + 1];
    for (int a = 0; a < n; a++) {
      boost[a] = Math.round(unique[a] / unique[a + 1]);
    }
    boost[n] = 1;

    held = new double[n + 1];
    double cumulative = 1;
    for (int a = 0; a <= n; a++) {
      cumulative *= splitBelow[a][0];
      held[a] = Math.round(cumulative);
    }

    // Output: partial while an irrelevant loop remains at or above the level.
    boolean[] partialAt = new boolean[n + 1];
    double[] irrelevantAbove = new double[n + 3];
    irrelevantAbove[n + 1] = 1;
    irrelevantAbove[n + 2] = 1;
    for (int a = n; a >= 0; a--) {
      irrelevantAbove[a] = irrelevantAbove[a + 1] * splitAbove[a][1];
    }
    boolean irrelevantFound = false;
    for (int a = n; a >= 0; a--) {
      partialAt[a] = irrelevantFound;
      for (Loop l : temporalOf.apply(a)) {
        irrelevantFound |= l.size() > 1 && p.relevance.irrelevant(op, l.dim());
      }
      for (Loop l : spatial.get(a)) {
        irrelevantFound |= l.size() > 1 && p.relevance.irrelevant(op, l.dim());
      }
    }
    bits = new int[n + 1];
    for (int a = 0; a <= n; a++) {
      bits[a] = p.bits(op, op == Operand.O && partialAt[a]);
    }

    topRelevant = new double[n + 1];
    topIrrelevant = new double[n + 1];
    Arrays.fill(topRelevant, 1);
    Arrays.fill(topIrrelevant, 1);
    for (int m = 0; m < n; m++) {
      List<Loop> loops = temporal.get(m);
      for (int i = loops.size() - 1; i >= 0 && p.relevance.relevant(op, loops.get(i).dim()); i--) {
        topRelevant[m + 1] *= loops.get(i).size();
      }
      for (int i = loops.size() - 1; i >= 0 && p.relevance.irrelevant(op, loops.get(i).dim()); i--) {
        topIrrelevant[m + 1] *= loops.get(i).size();
      }
    }

    cycles = new long[n + 1];
    cycles[0] = op == Operand.O ? 1 : stationaryAtPes;
    long cabl = 1;
    for (int m = 0; m < n; m++) {
      cabl *= Math.round(MemoryAllocator.product(temporal.get(m)));
      cycles[m + 1] = cabl;
    }
    totalCycles = cabl;

    flows = new Flow[n][4];
    double outputElements = p.outputElements;
    for (int m = 0; m < n; m++) {
      boolean top = m == n - 1;
      Flow toLow = new Flow(held[m] * boost[m], p.bits(op, false), cycles[m], totalCycles / cycles[m]);
      Flow high = top ? Flow.NONE
          : new Flow(held[m + 1], p.bits(op, false), cycles[m + 1], totalCycles / cycles[m + 1]);
      Flow[] f = flows[m];
      if (op != Operand.O) {
        f[DataDirection.TL.ordinal()] = toLow;
        f[DataDirection.FH.ordinal()] = high;
        f[DataDirection.FL.ordinal()] = Flow.NONE;
        f[DataDirection.TH.ordinal()] = Flow.NONE;
        continue;
      }
      boolean readBackLow = outputElements * (irrelevantAbove[m + 1] - 1) > 1e-9;
      boolean readBackHigh = outputElements * (irrelevantAbove[m + 2] - 1) > 1e-9;
      int lowBits = p.bits(op, readBackLow);
      int highBits = p.bits(op, readBackHigh);
      f[DataDirection.FL.ordinal()] = withBits(toLow, lowBits);
      f[DataDirection.TL.ordinal()] = partialAt[m] ? withBits(toLow, readBackLow ? lowBits : 0) : Flow.NONE;
      f[DataDirection.TH.ordinal()] = withBits(high, highBits);
      f[DataDirection.FH.ordinal()] = partialAt[m + 1] && !top ? withBits(high, readBackHigh ? highBits : 0) : Flow.NONE;
    }
  }

  /** The flow at memory {@code m} (0 = innermost) in {@code direction}. */
  Flow flow(int m, DataDirection direction) {
    return flows[m][direction.ordinal()];
  }

  /** Bits one instance of memory {@code m} must keep for its current data (ZigZag's effective size). */
  double effectiveBits(int m) {
    return Math.floor(held[m + 1] * bits[m + 1] / topRelevant[m + 1]);
  }

  private static Flow withBits(Flow f, int bits) {
    return f.periods() == 0 ? Flow.NONE : new Flow(f.elements(), bits, f.period(), f.periods());
  }

  /**
   * Moves each level's innermost irrelevant loops down to the level below (they reuse the data
   * already there), repeatedly; returns the product of those that reach the PEs (cycles one
   * element stays at the PE inputs).
   */
  private static long mergeDown(Problem p, Operand op, List<List<Loop>> original, List<List<Loop>> out) {
    List<List<Loop>> previous = original;
    while (true) {
      List<List<Loop>> next = new ArrayList<>();
      for (int m = 0; m < previous.size(); m++) {
        next.add(new ArrayList<>());
      }
      double atPes = 1;
      for (int m = 0; m < previous.size(); m++) {
        List<Loop> loops = previous.get(m);
        int i = 0;
        while (i < loops.size() && p.relevance.irrelevant(op, loops.get(i).dim())) {
          if (m == 0) {
            atPes *= loops.get(i).size();
            next.get(0).add(loops.get(i));
          } else {
            next.get(m - 1).add(loops.get(i));
          }
          i++;
        }
        next.get(m).addAll(loops.subList(i, loops.size()));
      }
      if (next.equals(previous)) {
        out.addAll(next);
        return Math.round(atPes);
      }
      previous = next;
    }
  }
}
