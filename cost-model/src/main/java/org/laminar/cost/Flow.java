package org.laminar.cost;

/**
 * Periodic data transfer of one operand through one memory in one direction.
 *
 * @param elements elements moved per period, per memory instance
 * @param bits bits per element (0 when nothing moves)
 * @param period cycles between transfers
 * @param periods number of periods over the layer (0 when nothing moves)
 */
record Flow(double elements, int bits, long period, long periods) {
  static final Flow NONE = new Flow(0, 0, 0, 0);

  /** Bits moved per period, per instance. */
  double bitsPerPeriod() {
    return elements * bits;
  }

  boolean active() {
    return periods > 0 && elements > 0;
  }
}
