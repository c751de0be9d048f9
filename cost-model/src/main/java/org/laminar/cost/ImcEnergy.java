package org.laminar.cost;

/**
 * The energy of an in-memory-computing array running one layer, by circuit (pJ). Memory accesses
 * (weights written into the cells included) are not part of it: the memory model charges them.
 *
 * @param dacsPj DACs driving the input slices onto the wordlines (analog)
 * @param adcsPj ADCs converting each column's bitline per weight bit (analog)
 * @param multipliersPj 1-bit multipliers (cell × input bit)
 * @param bitlinesPj charge sharing on the bitlines (analog)
 * @param adderTreesPj the adder trees summing a column's rows (digital)
 * @param placeValueAddersPj the adders weighting the bit columns (analog: the ADC outputs of the
 *     weight bits; digital: the bit-serial slices computed at once)
 * @param accumulatorsPj shift-and-add registers over the input slices
 */
public record ImcEnergy(double dacsPj, double adcsPj, double multipliersPj, double bitlinesPj, double adderTreesPj,
    double placeValueAddersPj, double accumulatorsPj) {

  /** Total (pJ). */
  public double totalPj() {
    return dacsPj + adcsPj + multipliersPj + bitlinesPj + adderTreesPj + placeValueAddersPj + accumulatorsPj;
  }
}
