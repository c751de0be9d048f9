package org.laminar.io;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Bad user input: a file that cannot be read or does not describe a valid problem. The command
 * line prints the message alone (no stack trace) and exits with code 2, so the message must name
 * the file and, where known, the layer, core or field and what is wrong with it.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An error located in {@code file}: the message is prefixed with the file's path. */
  public static InputException in(Path file, String problem) {
    return new InputException(file + ": " + problem);
  }

  /** As {@link #in(Path, String)}, keeping the cause for debugging. */
  public static InputException in(Path file, String problem, Throwable cause) {
    return new InputException(file + ": " + problem, cause);
  }

  /**
   * Builds something from what the user gave at {@code where} (a file, an option such as
   * {@code --tiling}): the domain records validate themselves with {@code Preconditions}, and at
   * this boundary their refusal is the user's input error, reported as {@code where: message}.
   */
  public static <T> T at(String where, Supplier<T> build) {
    try {
      return build.get();
    } catch (InputException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InputException(where + ": " + e.getMessage(), e);
    }
  }
}
