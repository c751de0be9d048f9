package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.laminar.hardware.Core;
import org.laminar.hardware.FixedRateArray;
import org.laminar.hardware.MemoryLevel;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;

/**
 * Costs a layer shape on a {@link FixedRateArray} tile, as Stream's AIE cost estimator does
 * ({@code stream/stages/estimation/aie_cost_estimator.py}): {@code cycles = ceil(MACs / (rate ·
 * utilisation / 100))}, where the rate is the tile's MACs per cycle for the operands' precision and
 * the utilisation that of the layer's kernel; energy 0 (Stream gives none). No memory traffic is
 * charged, as in Stream; the shape is refused when its operands do not fit the core's top memories
 * together (the capacity a scheduler holds them in), or when its inputs and output differ in
 * precision or have one the tile has no rate for.
 */
final class FixedRateModel {
  private FixedRateModel() {
  }

  /** The evaluation of {@code layer} on {@code core}, whose array is fixed-rate; {@code lm} links its operands. */
  static LayerEvaluation evaluate(Layer layer, Core core, LayerMapping lm) {
    FixedRateArray array = core.array().fixedRate().orElseThrow();
    int rate = rate(layer, core, array);
    checkFits(layer, core, lm);
    long macs = layer.macs();
    long ideal = ceilDiv(macs, rate);
    // In Stream's order: the rate scaled first, then the MACs divided by it.
    double scaled = rate * (array.utilization(layer.name()) / 100);
    long cycles = (long) Math.ceil(macs / scaled);
    return new LayerEvaluation(macs, 0, 0, List.of(), ideal, Math.max(ideal, cycles), 0, 0, 0, List.of());
  }

  /** The MACs per cycle of {@code array} for the layer's precision: its inputs' and output's, one precision. */
  private static int rate(Layer layer, Core core, FixedRateArray array) {
    Map<Operand, Integer> bits = new LinkedHashMap<>();
    operands(layer).forEach(op -> bits.put(op, layer.precision().bits(op)));
    Integer rate = array.macsPerCycle().get(layer.precision().inputBits());
    checkArgument(bits.values().stream().distinct().count() == 1 && rate != null, "core %s has a MAC rate for "
        + "operands of %s bits, one precision for every input and the output; the layer's are %s", core.name(),
        array.macsPerCycle().keySet().stream().map(String::valueOf).collect(Collectors.joining(" or ")),
        bits.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
            + " bits");
    return rate;
  }

  /** Refuses {@code layer} when the operands a top memory of {@code core} holds exceed its size. */
  private static void checkFits(Layer layer, Core core, LayerMapping lm) {
    Relevance relevance = new Relevance(layer);
    double[] sizes = new double[LoopDim.values().length];
    for (LoopDim d : LoopDim.values()) {
      sizes[d.ordinal()] = layer.size(d);
    }
    Map<MemoryLevel, Double> held = new LinkedHashMap<>();
    Map<MemoryLevel, List<Operand>> holders = new LinkedHashMap<>();
    for (Operand op : operands(layer)) {
      MemoryLevel top = core.localMemory(lm.operandLinks().get(op)).orElseThrow(() -> new IllegalArgumentException(
          "core " + core.name() + " has no memory for operand " + op));
      held.merge(top, relevance.elements(op, sizes) * layer.precision().bits(op), Double::sum);
      holders.computeIfAbsent(top, m -> new ArrayList<>()).add(op);
    }
    held.forEach((memory, bits) -> checkArgument(bits <= memory.sizeBits(), "does not fit the memories of core %s: "
        + "operands %s need %s bits of memory %s, which holds %s", core.name(), holders.get(memory).stream()
            .map(Operand::name).collect(Collectors.joining(", ")), Math.round(Math.ceil(bits)), memory.name(),
        memory.sizeBits()));
  }

  /** The layer's operands: input, second input (weights or a produced tensor) if any, output. */
  private static List<Operand> operands(Layer layer) {
    List<Operand> operands = new ArrayList<>(List.of(Operand.I, Operand.O));
    if (layer.type().hasWeightOperand() && layer.precision().weightBits() > 0) {
      operands.add(1, Operand.W);
    }
    return operands;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
