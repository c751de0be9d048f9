package org.laminar.workload;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Operand precisions in bits.
 *
 * @param weightBits bits per weight (0 when the layer has no weights)
 * @param inputBits bits per input activation
 * @param partialOutputBits bits per partial sum while the output accumulates
 * @param finalOutputBits bits per output once complete (what consumers read)
 */
public record Precision(int weightBits, int inputBits, int partialOutputBits, int finalOutputBits) {
  public Precision {
    checkArgument(weightBits >= 0, "weight precision must be >= 0 bits, got %s", weightBits);
    checkArgument(inputBits > 0, "input precision must be > 0 bits, got %s", inputBits);
    checkArgument(partialOutputBits > 0, "partial-sum precision must be > 0 bits, got %s", partialOutputBits);
    checkArgument(finalOutputBits > 0, "output precision must be > 0 bits, got %s", finalOutputBits);
  }

  /** Bits of the given operand as stored (for O: the final precision). */
  public int bits(Operand operand) {
    return switch (operand) {
      case W -> weightBits;
      case I -> inputBits;
      case O -> finalOutputBits;
    };
  }
}
