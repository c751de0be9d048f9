package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An in-memory-computing (IMC) macro array, as ZigZag models one: weights stay in SRAM cells, the
 * activations are fed in {@code bitSerialBits} at a time over the wordlines, each column sums its
 * rows (an analog bitline read by ADCs, or a digital adder tree) and an accumulator shifts and
 * adds the partial sums of the input slices. Terms follow ZigZag's {@code ImcArray} (the
 * wordline dimension is the first array dimension by name, the bitline dimension the second, any
 * further ones count macros, "banks").
 *
 * @param type analog (DAC, bitline charge sharing, ADC) or digital (1-bit multipliers, adder trees)
 * @param activationBits input (activation) precision (bits), a power of two
 * @param weightBits weight precision (bits), a power of two
 * @param bitSerialBits activation bits applied per cycle (bits), a power of two, at most
 *     {@code activationBits}
 * @param adcBits ADC resolution (bits); 0 for a digital array
 * @param cellBits SRAM bits per cell group (one PE's weight storage), equal to {@code weightBits}
 * @param wordlineDimension the array dimension along the wordlines: one column per element,
 *     unrolled over output-channel-like loops
 * @param columns size of {@code wordlineDimension} (columns per macro)
 * @param bitlineDimension the array dimension along the bitlines: the rows one adder tree or
 *     bitline sums
 * @param rows size of {@code bitlineDimension} (rows per macro)
 * @param banks number of macros (product of the remaining array dimensions)
 */
public record ImcArray(Type type, int activationBits, int weightBits, int bitSerialBits, int adcBits, int cellBits,
    String wordlineDimension, int columns, String bitlineDimension, int rows, int banks) {

  /** How a column sums its rows. */
  public enum Type {
    ANALOG, DIGITAL
  }

  public ImcArray {
    checkNotNull(type, "IMC array: type is missing");
    checkNotNull(wordlineDimension, "IMC array: wordline dimension is missing");
    checkNotNull(bitlineDimension, "IMC array: bitline dimension is missing");
    checkArgument(powerOfTwo(activationBits), "IMC array: input precision must be a power of two bits, got %s",
        activationBits);
    checkArgument(powerOfTwo(weightBits), "IMC array: weight precision must be a power of two bits, got %s",
        weightBits);
    checkArgument(powerOfTwo(bitSerialBits) && bitSerialBits <= activationBits,
        "IMC array: bit_serial_precision must be a power of two bits at most the input precision %s, got %s",
        activationBits, bitSerialBits);
    checkArgument(adcBits >= 0, "IMC array: adc_resolution must be >= 0 bits, got %s", adcBits);
    checkArgument(type == Type.ANALOG || adcBits == 0,
        "IMC array: a digital array has no ADC, but adc_resolution is %s", adcBits);
    // ZigZag allows cell groups holding several weights; their local-bitline precharge energy
    // depends on ZigZag's temporal mapping inside the group, which Laminar does not model.
    checkArgument(cellBits == weightBits,
        "IMC array: Laminar models cell groups holding one weight: the cells' size must equal the weight "
            + "precision %s bits, got %s", weightBits, cellBits);
    checkArgument(columns > 0 && rows > 0 && banks > 0,
        "IMC array: columns, rows and banks must be > 0, got %s, %s, %s", columns, rows, banks);
    checkArgument(type == Type.ANALOG || powerOfTwo(rows),
        "IMC array: a digital array's adder tree needs a power-of-two number of rows, got %s", rows);
  }

  /** Cycles one MAC step takes: the input slices of {@code bitSerialBits} each. */
  public int cyclesPerMac() {
    return activationBits / bitSerialBits;
  }

  private static boolean powerOfTwo(int bits) {
    return bits > 0 && Integer.bitCount(bits) == 1;
  }
}
