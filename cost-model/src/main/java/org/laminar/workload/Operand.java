package org.laminar.workload;

/**
 * The operands of a layer: weights (or, for element-wise layers and activation-activation
 * products, the second input), input activations and outputs.
 */
public enum Operand {
  W, I, O
}
