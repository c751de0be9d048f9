package org.laminar.onnx;

import java.util.Arrays;
import java.util.Locale;
import org.laminar.io.InputException;

/**
 * Which loop dimensions an image tensor's spatial axes {@code [N, C, H, W]} become. Both
 * conventions are in use: Laminar reads H (rows) as {@code OY}, Stream's ONNX parser reads H as
 * {@code OX} and W as {@code OY}. The choice changes which axis row tiles cut (docs/ONNX.md).
 */
public enum OnnxAxes {
  /** H → {@code OY}, W → {@code OX} (the default). */
  LAMINAR,
  /** Stream's: H → {@code OX}, W → {@code OY}. */
  STREAM;

  /** The convention named {@code name} ({@code laminar} or {@code stream}, any case). */
  public static OnnxAxes parse(String name) {
    return Arrays.stream(values()).filter(a -> a.name().equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new InputException("--onnx-axes must be laminar or stream, got '" + name + "'"));
  }

  /** The option value naming this convention. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
