package org.laminar.onnx;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A sliding window along one spatial axis of a convolution or pooling node, with the padding that
 * the window actually reads.
 *
 * <p>ONNX pads may include zeros that no window reaches (a stride that does not divide the input)
 * and {@code ceil_mode} may let the last window reach past the declared padding. Laminar's
 * {@link org.laminar.workload.Layer} derives the input rows it reads from
 * {@code stride·(out−1) + dilation·(kernel−1) + 1 − padBefore − padAfter}, so {@link #padAfter} is
 * the number of padding rows the last window really covers.
 *
 * @param kernel kernel size (elements)
 * @param stride stride (elements)
 * @param dilation kernel dilation
 * @param padBefore zero padding before the first input element that windows read (elements)
 * @param padAfter zero padding after the last input element that windows read (elements)
 * @param output number of window positions: the output size along the axis (elements)
 */
record Window(int kernel, int stride, int dilation, int padBefore, int padAfter, int output) {

  /** The window of a layer without a spatial kernel along this axis. */
  static Window identity(int size) {
    return new Window(1, 1, 1, 0, 0, size);
  }

  /**
   * The window for an input of {@code input} elements, following the ONNX rules for
   * {@code auto_pad} ({@code NOTSET}, {@code SAME_UPPER}, {@code SAME_LOWER}, {@code VALID}) and
   * {@code ceil_mode}.
   *
   * @param padBegin the declared {@code pads} begin value (ignored unless {@code autoPad} is NOTSET)
   * @param padEnd the declared {@code pads} end value
   * @throws IllegalArgumentException when the window does not fit or a value is out of range
   */
  static Window of(long input, long kernel, long stride, long dilation, long padBegin, long padEnd,
      String autoPad, boolean ceilMode) {
    checkArgument(kernel >= 1 && stride >= 1 && dilation >= 1,
        "kernel %s, stride %s and dilation %s must be >= 1", kernel, stride, dilation);
    checkArgument(padBegin >= 0 && padEnd >= 0, "pads must be >= 0, got %s and %s", padBegin, padEnd);
    long span = dilation * (kernel - 1) + 1;
    long before;
    long output;
    switch (autoPad) {
      case "NOTSET" -> {
        long room = input + padBegin + padEnd - span;
        checkArgument(room >= 0, "the kernel (%s elements with dilation) is larger than the padded input (%s)",
            span, input + padBegin + padEnd);
        before = padBegin;
        output = (ceilMode ? ceilDiv(room, stride) : room / stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + padBegin) {
          output--; // a window may not start in the end padding
        }
      }
      case "SAME_UPPER", "SAME_LOWER" -> {
        output = ceilDiv(input, stride);
        long total = Math.max(0, (output - 1) * stride + span - input);
        before = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
      }
      case "VALID" -> {
        checkArgument(input >= span, "the kernel (%s elements with dilation) is larger than the input (%s)",
            span, input);
        before = 0;
        output = (input - span) / stride + 1;
      }
      default -> throw new IllegalArgumentException("auto_pad '" + autoPad
          + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
    }
    long after = Math.max(0, (output - 1) * stride + span - input - before);
    return new Window(Math.toIntExact(kernel), Math.toIntExact(stride), Math.toIntExact(dilation),
        Math.toIntExact(before), Math.toIntExact(after), Math.toIntExact(output));
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
