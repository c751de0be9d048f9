package org.laminar.yaml;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.laminar.io.InputException;

/** Small helpers shared by the readers. */
final class Readers {
  private Readers() {
  }

  /** Builds a domain record, reporting its validation failure as bad input in {@code file}. */
  static <T> T domain(Path file, Supplier<T> build) {
    return domain(file.toString(), build);
  }

  /** Builds a domain record, reporting its validation failure as bad input in the labelled source. */
  static <T> T domain(String label, Supplier<T> build) {
    return InputException.at(label, build);
  }

  /** Parses an integer written as text in {@code file}. */
  static int integer(Path file, String text, String where) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw InputException.in(file, where + ": '" + text.trim() + "' is not an integer", e);
    }
  }
}
