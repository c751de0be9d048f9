package org.laminar.schedule;

/**
 * A problem that is well formed but cannot be scheduled as asked: a tile that fits none of its
 * allowed cores, a tiling that names a core the accelerator lacks, or a scheduler that cannot take
 * the problem. It is the user's input that must change, so the command line reports the message
 * alone with the bad-input exit code; every other {@link IllegalArgumentException} is a broken
 * invariant inside the program.
 */
public final class ProblemException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ProblemException(String message) {
    super(message);
  }

  public ProblemException(String message, Throwable cause) {
    super(message, cause);
  }
}
