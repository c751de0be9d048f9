package org.laminar.io;

import java.nio.file.Path;

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
}
