package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import org.laminar.hardware.ImcArray;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;

/**
 * ZigZag's in-memory-computing array model (KULeuven-MICAS/zigzag,
 * {@code zigzag/hardware/architecture/imc_array.py} and {@code imc_unit.py}; Houshmand et al.,
 * "Benchmarking and modeling of analog and digital SRAM in-memory computing architectures",
 * arXiv:2305.18335): the energy of the array's circuits for one layer, its clock period, and the
 * bit-serial latency. The equations and what Laminar simplifies are in {@code cost-model/README.md},
 * section "In-memory-computing cores".
 *
 * <p>Energies count switched 1-bit gates per macro activation and input slice. A macro is
 * activated {@code n = MACs / (columns × rows mapped)} times, each activation takes
 * {@code s = activationBits / bitSerialBits} input slices.
 */
public final class ImcModel {
  /** DAC energy per input bit (pF × V²), ZigZag's fitted {@code k0}. */
  private static final double DAC_CAP_PER_BIT_PF = 50e-3;
  /** ADC energy fit {@code (k5·bits + k6·4^bits)·V²} (fF), ZigZag's constants validated on 28 nm AIMC designs. */
  private static final double ADC_LINEAR_FF = 100;
  private static final double ADC_EXPONENTIAL_FF = 0.001;
  /** ADC delay fit {@code bits × (k3·rows + k4)} (ns). */
  private static final double ADC_DELAY_PER_ROW_NS = 0.00653;
  private static final double ADC_DELAY_BASE_NS = 0.640;

  private final ImcArray macro;
  private final ImcTechnology tech;

  /** The model of {@code macro} in technology {@code tech}. */
  public ImcModel(ImcArray macro, ImcTechnology tech) {
    this.macro = checkNotNull(macro, "IMC array is missing");
    this.tech = checkNotNull(tech, "technology is missing");
  }

  /** The model of {@code macro} with ZigZag's 28 nm parameters. */
  public ImcModel(ImcArray macro) {
    this(macro, ImcTechnology.ZIGZAG_28NM);
  }

  /**
   * The array's energy for a layer of {@code macs} MACs whose spatial unrolling uses
   * {@code mappedColumns} columns and {@code mappedRows} rows of a macro (the rows including the
   * extra ones a diagonal mapping of a sliding window stores), {@code unrolledInMacro} being the
   * MACs one macro activation does.
   */
  public ImcEnergy energy(long macs, double mappedColumns, double mappedRows, double unrolledInMacro) {
    checkArgument(macs >= 0 && mappedColumns >= 1 && mappedRows >= 1 && unrolledInMacro >= 1,
        "IMC energy: need macs >= 0 and at least one column, row and MAC per activation");
    int w = macro.weightBits();
    int b = macro.bitSerialBits();
    boolean analog = macro.type() == ImcArray.Type.ANALOG;
    // Input slices over all macro activations.
    double slices = macro.cyclesPerMac() * (macs / unrolledInMacro);
    double dacs = analog ? dacPj() * mappedRows * slices : 0;
    double adcs = analog ? adcPj() * w * mappedColumns * slices : 0;
    double multipliers = tech.multiplierPj() * slices
        * (analog ? (double) w * macro.columns() * mappedRows
            // A digital array switches every multiplier of the macro, used or not (as ZigZag counts).
            : (double) b * w * macro.columns() * macro.rows());
    double bitlines = analog ? tech.energyPj(tech.bitlineCapPf()) * w * mappedColumns * macro.rows() * slices : 0;
    double adderTrees = analog ? 0
        : adderTreePj(w, mappedRows, macro.rows()) * b * mappedColumns * slices;
    double placeValue = tech.fullAdderPj() * placeValueAdders() * mappedColumns * slices;
    double accumulators = accumulates()
        ? (tech.fullAdderPj() + tech.registerPj()) * accumulatorBits() * mappedColumns * slices : 0;
    return new ImcEnergy(dacs, adcs, multipliers, bitlines, adderTrees, placeValue, accumulators);
  }

  /** One DAC conversion of a {@code bitSerialBits} input slice (pJ); 1-bit inputs need no DAC. */
  double dacPj() {
    return macro.bitSerialBits() == 1 ? 0 : tech.energyPj(DAC_CAP_PER_BIT_PF) * macro.bitSerialBits();
  }

  /** One ADC conversion (pJ). */
  double adcPj() {
    int bits = macro.adcBits();
    return bits == 0 ? 0
        : (ADC_LINEAR_FF * bits + ADC_EXPONENTIAL_FF * Math.pow(4, bits)) * tech.vddV() * tech.vddV() / 1000;
  }

  /**
   * Energy of one ripple-carry adder tree over {@code inputs} (a power of two) words of
   * {@code inputBits} bits of which {@code active} carry data (pJ). The tree has
   * {@code inputs·(inputBits+1) − (inputBits + log2(inputs) + 1)} 1-bit adders. With fewer active
   * inputs than leaves, the active ones fill the tree from one side: a subtree whose leaves are all
   * active switches fully, an adder joining an active subtree to an idle one switches half (its
   * carry stays quiet), an idle subtree not at all.
   */
  double adderTreePj(int inputBits, double active, int inputs) {
    if (active < 1) {
      return 0;
    }
    double full = 0;
    double half = 0;
    double left = Math.min(Math.ceil(active - 1e-9), inputs);
    int subtree = inputs;
    while (left > 0) {
      if (left >= subtree) {
        full += treeAdders(inputBits, subtree);
        break;
      }
      // The adder joining this subtree's halves; the left half fills first.
      int halfTree = subtree / 2;
      int joinBits = inputBits + log2(halfTree);
      if (left > halfTree) {
        full += treeAdders(inputBits, halfTree) + joinBits;
        left -= halfTree;
      } else {
        half += joinBits;
      }
      subtree = halfTree;
    }
    return full * tech.fullAdderPj() + half * tech.halfActiveAdderPj();
  }

  /** 1-bit adders of a full tree over {@code inputs} words of {@code bits} bits. */
  private static double treeAdders(int bits, int inputs) {
    return (double) inputs * (bits + 1) - (bits + log2(inputs) + 1);
  }

  /** Inputs of the place-value adder of one column: the weight bits (analog) or the slices computed at once (digital). */
  private int placeValueInputs() {
    return macro.type() == ImcArray.Type.ANALOG ? macro.weightBits() : macro.bitSerialBits();
  }

  /** Bits of each place-value adder input: the ADC's (analog) or the adder tree's output (digital). */
  private int placeValueInputBits() {
    return macro.type() == ImcArray.Type.ANALOG ? macro.adcBits() : macro.weightBits() + log2(macro.rows());
  }

  /** 1-bit adders of one place-value adder tree: {@code bits·(inputs−1) + inputs·(log2(inputs) − ½)}. */
  private double placeValueAdders() {
    int inputs = placeValueInputs();
    return inputs == 1 ? 0 : (double) placeValueInputBits() * (inputs - 1) + inputs * (log2(inputs) - 0.5);
  }

  /** Whether the inputs arrive in more than one slice, so partial sums are shifted and added. */
  private boolean accumulates() {
    return macro.bitSerialBits() != macro.activationBits();
  }

  /** Width of the accumulator: input bits + the sum's bits + weight bits. */
  private int accumulatorBits() {
    int sumBits = macro.type() == ImcArray.Type.ANALOG ? macro.adcBits() : log2(macro.rows());
    return macro.activationBits() + sumBits + macro.weightBits();
  }

  /**
   * The clock period: the critical path DAC → multiplier → ADC or adder tree → place-value adder
   * → accumulator (ns). Laminar counts latency in cycles; the period is reported beside it.
   */
  public double clockNs() {
    double multiplier = tech.nand2DelayNs();
    double adc = macro.adcBits() == 0 ? 0
        : macro.adcBits() * (ADC_DELAY_PER_ROW_NS * macro.rows() + ADC_DELAY_BASE_NS);
    double tree = 0;
    if (macro.type() == ImcArray.Type.DIGITAL) {
      int depth = log2(macro.rows());
      tree = rippleTreeNs(depth, macro.weightBits() + depth - 2);
    }
    int inputs = placeValueInputs();
    int placeValueOut = inputs == 1 ? placeValueInputBits() : placeValueInputBits() + inputs;
    double placeValue = inputs == 1 ? 0 : rippleTreeNs(log2(inputs), inputs - 1);
    double accumulator = 0;
    if (accumulates()) {
      int carries = accumulatorBits() - placeValueOut - 1;
      checkArgument(carries >= 0, "IMC array: the accumulator (%s bits) must be wider than its input (%s bits)",
          accumulatorBits(), placeValueOut);
      accumulator = tech.adderInToCarryNs() + carries * tech.adderCarryToCarryNs();
    }
    return (macro.type() == ImcArray.Type.ANALOG ? adc : 0) + multiplier + tree + placeValue + accumulator;
  }

  /** Worst path of a ripple-carry tree: sums down {@code depth − 1} levels, one carry out, {@code carries} carry hops (ns). */
  private double rippleTreeNs(int depth, int carries) {
    return (depth - 1) * tech.adderInToSumNs() + tech.adderInToCarryNs() + carries * tech.adderCarryToCarryNs();
  }

  /**
   * The layer on the IMC array: the memory model's accesses and cycles (which already count
   * {@link ImcArray#cyclesPerMac()} cycles per temporal iteration, see {@code LayerEvaluator}),
   * with the array's circuit energy in place of a unit MAC energy.
   */
  LayerEvaluation apply(Problem p, LayerEvaluation memories) {
    return new LayerEvaluation(memories.macs(), energy(p).totalPj(), memories.memoryEnergyPj(), memories.accesses(),
        memories.idealCycles(), memories.temporalCycles(), memories.stallCycles(), memories.loadingCycles(),
        memories.offloadingCycles(), memories.ordering());
  }

  /** The array energy of {@code p}'s layer under {@code p}'s spatial unrolling. */
  ImcEnergy energy(Problem p) {
    List<Loop> columns = p.spatialLoops(macro.wordlineDimension());
    List<Loop> rows = p.spatialLoops(macro.bitlineDimension());
    double mappedColumns = product(columns);
    double mappedRows = Math.ceil(product(rows) - 1e-9);
    boolean window = p.layer.type() == OperatorType.CONV || p.layer.type() == OperatorType.POOL;
    if (window && mappedRows > 1) {
      // A sliding-window output position unrolled over the columns shifts its kernel rows by one
      // row per position: FX unrolled over the rows with OX over the columns needs FXu + OXu − 1
      // rows (ZigZag's diagonal mapping), likewise FY with OY.
      double diagonal = 1;
      for (Loop row : rows) {
        LoopDim paired = row.dim() == LoopDim.FX ? LoopDim.OX : row.dim() == LoopDim.FY ? LoopDim.OY : null;
        double shift = paired == null ? 1 : product(columns.stream().filter(c -> c.dim() == paired).toList());
        diagonal *= row.size() + shift - 1;
      }
      mappedRows = Math.ceil(diagonal - 1e-9);
    }
    return energy(p.layer.macs(), Math.max(1, mappedColumns), Math.max(1, mappedRows),
        Math.max(1, product(columns) * product(rows)));
  }

  private static double product(List<Loop> loops) {
    return loops.stream().mapToDouble(Loop::size).reduce(1, (a, b) -> a * b);
  }

  private static int log2(int powerOfTwo) {
    return Integer.numberOfTrailingZeros(powerOfTwo);
  }
}
