package org.laminar.hardware;

/**
 * The operand names memories use, as in ZigZag: {@code I1} input activations, {@code I2}
 * weights, {@code O} outputs and partial sums. A mapping links layer operands to these.
 */
public enum MemoryOperand {
  I1, I2, O
}
