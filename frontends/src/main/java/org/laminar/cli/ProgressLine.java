package org.laminar.cli;

import java.io.PrintWriter;

/**
 * How the commands draw progress on stderr, in one place: on an interactive terminal ({@link
 * System#console()} present) one line redrawn in place, with a bar of how much is done; otherwise
 * each report is a plain line (a log, a pipe, CI), without the bar.
 */
final class ProgressLine {
  /** The bar's width (characters). */
  static final int BAR = 30;

  private ProgressLine() {
  }

  /** Whether stderr is an interactive terminal, where a line is redrawn in place. */
  static boolean interactive() {
    return System.console() != null;
  }

  /** {@code [######      ]}: {@code done} of {@code total} filled ({@code total} > 0). */
  static String bar(long done, long total) {
    int filled = (int) Math.min(BAR, Math.max(0, (long) BAR * done / total));
    return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "]";
  }

  /** Draws {@code line}: over the previous one on an interactive terminal, else as a line of its own. */
  static void draw(PrintWriter err, boolean interactive, String line) {
    if (interactive) {
      // Trailing spaces wipe what a longer previous line left.
      err.print("\r" + line + "   ");
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Ends a line drawn in place (nothing to do for plain lines). */
  static void end(PrintWriter err, boolean interactive) {
    if (interactive) {
      err.println();
      err.flush();
    }
  }
}
