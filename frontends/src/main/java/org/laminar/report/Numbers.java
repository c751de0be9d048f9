package org.laminar.report;

import java.util.Locale;

/** How reports print numbers for people. */
public final class Numbers {
  private Numbers() {
  }

  /** Three significant digits, {@code 1.23e6} style above 10⁴. */
  public static String sci(double value) {
    if (Math.abs(value) < 1e4) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    int exponent = (int) Math.floor(Math.log10(Math.abs(value)));
    double mantissa = value / Math.pow(10, exponent);
    if (Math.abs(mantissa) >= 9.995) {
      mantissa /= 10;
      exponent++;
    }
    return String.format(Locale.ROOT, "%.2fe%d", mantissa, exponent);
  }
}
