package org.laminar.io;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Input that Laminar accepts although it is probably not what was meant, because the tools whose
 * files it reads accept it too (docs/BAD-INPUT.md): each is one line on the running command's
 * standard error, {@code laminar: warning: <file>: <what was done>}, and the run goes on. The
 * command line routes the lines to its own error stream for the length of a command
 * ({@link #to}); outside a command (a benchmark, a test reading a file) they go to
 * {@link System#err}. Readers run on the command's thread, which is the one whose stream is used.
 */
public final class InputWarnings {
  private static final String PREFIX = "laminar: warning: ";
  private static final ThreadLocal<Consumer<String>> SINK = new ThreadLocal<>();

  private InputWarnings() {
  }

  /** Warns about {@code what}, which starts with the place (file, entry, core). */
  public static void warn(String what) {
    Consumer<String> sink = SINK.get();
    if (sink == null) {
      System.err.println(PREFIX + what);
    } else {
      sink.accept(PREFIX + what);
    }
  }

  /**
   * Sends this thread's warnings to {@code err} until the scope is closed, each once (a core file
   * that a Stream accelerator names for four cores is read four times).
   */
  public static Scope to(PrintWriter err) {
    Consumer<String> previous = SINK.get();
    Set<String> said = new HashSet<>();
    SINK.set(line -> {
      if (said.add(line)) {
        err.println(line);
        err.flush();
      }
    });
    return () -> {
      if (previous == null) {
        SINK.remove();
      } else {
        SINK.set(previous);
      }
    };
  }

  /** The span of a command, during which warnings go to its error stream. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
