package org.laminar.workload;

import static com.google.common.base.Preconditions.checkArgument;

/** Zero padding of the input, in rows ({@code top}, {@code bottom}) and columns. */
public record Padding(int top, int bottom, int left, int right) {
  public static final Padding NONE = new Padding(0, 0, 0, 0);

  public Padding {
    checkArgument(top >= 0 && bottom >= 0 && left >= 0 && right >= 0,
        "padding must be >= 0, got top=%s bottom=%s left=%s right=%s", top, bottom, left, right);
  }
}
