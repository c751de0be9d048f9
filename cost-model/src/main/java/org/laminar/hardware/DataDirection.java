package org.laminar.hardware;

/**
 * A direction of data through a memory port, in ZigZag's terms: {@code FH} written from the
 * level above, {@code TL} read towards the level below, {@code FL} written from below (partial
 * sums coming back), {@code TH} read towards the level above (outputs leaving).
 */
public enum DataDirection {
  FH, TL, FL, TH;

  /** Whether data flowing this way is written into the memory. */
  public boolean writes() {
    return this == FH || this == FL;
  }
}
