package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The gate-level technology an in-memory-computing array is costed with: supply voltage, switched
 * capacitances and gate delays. Every IMC energy term is a count of switched gates × C·V², every
 * delay a sum of gate delays.
 *
 * @param vddV supply voltage (V)
 * @param nand2CapPf switched capacitance of a NAND2 gate (pF)
 * @param wordlineCapPf wordline capacitance per SRAM cell (pF)
 * @param bitlineCapPf bitline capacitance per SRAM cell (pF)
 * @param xor2CapPf switched capacitance of an XOR2 gate (pF)
 * @param dffCapPf switched capacitance of a D flip-flop (pF)
 * @param nand2DelayNs NAND2 delay (ns)
 * @param xor2DelayNs XOR2 delay (ns)
 */
public record ImcTechnology(double vddV, double nand2CapPf, double wordlineCapPf, double bitlineCapPf,
    double xor2CapPf, double dffCapPf, double nand2DelayNs, double xor2DelayNs) {

  /**
   * ZigZag's 28 nm parameters ({@code ImcUnit.TECH_PARAM_28NM} in KULeuven-MICAS/zigzag,
   * {@code zigzag/hardware/architecture/imc_unit.py}): 0.9 V, NAND2 0.7 fF, a cell's wordline and
   * bitline half a NAND2 each, XOR2 1.5 and DFF 3 NAND2s; NAND2 delay 0.0478 ns, XOR2 2.4 of it.
   */
  public static final ImcTechnology ZIGZAG_28NM =
      new ImcTechnology(0.9, 0.7e-3, 0.35e-3, 0.35e-3, 1.05e-3, 2.1e-3, 0.0478, 0.0478 * 2.4);

  public ImcTechnology {
    checkArgument(vddV > 0, "supply voltage must be > 0 V, got %s", vddV);
    for (double value : new double[] {nand2CapPf, wordlineCapPf, bitlineCapPf, xor2CapPf, dffCapPf,
        nand2DelayNs, xor2DelayNs}) {
      checkArgument(value >= 0, "capacitances and delays must be >= 0, got %s", value);
    }
  }

  /** Energy of switching {@code capPf} once (pJ). */
  double energyPj(double capPf) {
    return capPf * vddV * vddV;
  }

  /** A 1-bit full adder, both inputs active: 3 NAND2 + 2 XOR2 (pJ). */
  double fullAdderPj() {
    return energyPj(3 * nand2CapPf + 2 * xor2CapPf);
  }

  /** A 1-bit full adder with one input 0: the carry path does not switch, 2 XOR2 (pJ). */
  double halfActiveAdderPj() {
    return energyPj(2 * xor2CapPf);
  }

  /** A 1-bit multiplier (a NOR, costed as a NAND2), halved as the weight input stays constant (pJ). */
  double multiplierPj() {
    return 0.5 * energyPj(nand2CapPf);
  }

  /** A 1-bit register (pJ). */
  double registerPj() {
    return energyPj(dffCapPf);
  }

  /** A full adder from an input to its sum: two XOR2 (ns). */
  double adderInToSumNs() {
    return 2 * xor2DelayNs;
  }

  /** A full adder from an input to its carry-out: one XOR2 and two NAND2 (ns). */
  double adderInToCarryNs() {
    return xor2DelayNs + 2 * nand2DelayNs;
  }

  /** A full adder from carry-in to carry-out: two NAND2 (ns). */
  double adderCarryToCarryNs() {
    return 2 * nand2DelayNs;
  }
}
