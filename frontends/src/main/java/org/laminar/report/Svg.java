package org.laminar.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small SVG writer: elements are appended in order, coordinates rounded to two decimals, text
 * and attributes escaped. The same calls always give the same bytes.
 */
final class Svg {
  private final StringBuilder out = new StringBuilder();

  /** A blank document whose {@code title} is also written as a heading at {@code headingX}. */
  Svg(double width, double height, String title, double headingX) {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(width)).append("\" height=\"")
        .append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
    out.append("<title>").append(escape(title)).append("</title>\n");
    rect(0, 0, width, height, "#ffffff", null);
    text(headingX, 22, "start", title);
  }

  /** A rectangle; {@code tooltip} (may be null) becomes its {@code <title>}. */
  Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
    out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
        .append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill).append('"');
    return close("rect", tooltip);
  }

  /** A straight line; {@code dash} (may be null) is its {@code stroke-dasharray}. */
  Svg line(double x1, double y1, double x2, double y2, String stroke, String dash) {
    out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
        .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke).append('"');
    if (dash != null) {
      out.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    return close("line", null);
  }

  /** A filled path with the outline {@code d}. */
  Svg path(String d, String fill, String stroke) {
    out.append("<path d=\"").append(d).append("\" fill=\"").append(fill).append("\" stroke=\"").append(stroke)
        .append('"');
    return close("path", null);
  }

  /** Text at {@code (x, y)}; {@code anchor} is {@code start}, {@code middle} or {@code end}. */
  Svg text(double x, double y, String anchor, String text) {
    out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
        .append(anchor).append("\">").append(escape(text)).append("</text>\n");
    return this;
  }

  /** The finished document. */
  String finish() {
    return out + "</svg>\n";
  }

  private Svg close(String element, String tooltip) {
    if (tooltip == null) {
      out.append("/>\n");
    } else {
      out.append("><title>").append(escape(tooltip)).append("</title></").append(element).append(">\n");
    }
    return this;
  }

  /** {@code value} with at most two decimals, no trailing zeros. */
  static String num(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /**
   * {@code value} with an SI prefix and three significant digits, e.g. {@code 6.18 M} for 6,180,000
   * and {@code 950} for 950.
   */
  static String si(double value) {
    String[] prefixes = {"", " k", " M", " G", " T", " P"};
    double v = Math.abs(value);
    int p = 0;
    while (v >= 999.5 && p < prefixes.length - 1) {
      v /= 1000;
      p++;
    }
    String digits = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    return (value < 0 ? "-" : "") + digits + prefixes[p];
  }

  /** An energy given in pJ, in the unit that suits it: {@code 7.6 µJ}, {@code 950 pJ}. */
  static String energy(double pj) {
    String[] units = {"pJ", "nJ", "µJ", "mJ", "J"};
    double v = pj;
    int u = 0;
    while (Math.abs(v) >= 999.5 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString() + " " + units[u];
  }

  /** A distinct colour for item {@code index} of a series (hues spaced by the golden angle). */
  static String colour(int index) {
    double hue = (index * 137.508) % 360;
    return String.format(Locale.ROOT, "hsl(%.1f,62%%,%d%%)", hue, 48 + (index % 3) * 8);
  }

  /**
   * Tick positions for an axis from 0 to {@code max}: steps of 1, 2 or 5 × 10ⁿ, about {@code count}
   * of them.
   */
  static double tickStep(double max, int count) {
    if (max <= 0) {
      return 1;
    }
    double raw = max / count;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** A horizontal axis at {@code y} from {@code x0} (value 0) to {@code x0 + width} (value {@code max}). */
  Svg xAxis(double x0, double y, double width, double max, String unit) {
    line(x0, y, x0 + width, y, "#333333", null);
    double step = tickStep(max, 8);
    for (int i = 0; i * step <= max * (1 + 1e-9); i++) {
      double x = x0 + (max == 0 ? 0 : i * step / max * width);
      line(x, y, x, y + 4, "#333333", null);
      text(x, y + 16, "middle", si(i * step));
    }
    return text(x0 + width, y + 32, "end", unit);
  }

  /**
   * A legend from {@code (x, y)} down: a square of {@link #colour} i and name i per entry, 20 px
   * apart; returns the y of the row below the last.
   */
  double legend(double x, double y, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      double ly = y + i * 20;
      rect(x, ly - 9, 12, 12, colour(i), null);
      text(x + 18, ly + 1, "start", names.get(i));
    }
    return y + names.size() * 20;
  }

  /**
   * Horizontal grid lines from {@code x0}, {@code width} wide, at each tick of {@code range} (low,
   * high, step: {@link #range}), each labelled by {@code label} left of {@code x0}.
   */
  Svg yGrid(double x0, double width, double[] range, Scale y, DoubleFunction<String> label) {
    for (double v = range[0]; v <= range[1] * (1 + 1e-9); v += range[2]) {
      line(x0, y.at(v), x0 + width, y.at(v), "#e4e4e4", null);
      text(x0 - 6, y.at(v) + 4, "end", label.apply(v));
    }
    return this;
  }

  /** Axis limits around {@code values} on a tick grid: low, high, step. */
  static double[] range(double[] values) {
    double lo = Arrays.stream(values).min().orElse(0);
    double hi = Arrays.stream(values).max().orElse(1);
    double span = hi > lo ? hi - lo : Math.max(1, Math.abs(hi));
    double step = tickStep(span * 1.1, 6);
    double low = Math.max(0, Math.floor((lo - span * 0.05) / step) * step);
    double high = Math.ceil((hi + span * 0.05) / step) * step;
    return new double[] {low, high == low ? low + step : high, step};
  }

  /** A linear map from values to pixels. */
  record Scale(double lo, double hi, double from, double to) {
    double at(double v) {
      return from + (v - lo) / (hi - lo) * (to - from);
    }
  }
}
