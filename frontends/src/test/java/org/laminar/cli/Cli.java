package org.laminar.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code laminar} command line in-process, as {@link Laminar#main} would, capturing its output. */
final class Cli {

  /** Exit code, stdout and stderr of one run. */
  record Outcome(int code, String out, String err) {}

  private Cli() {
  }

  /** Runs {@code args}, appending what the command prints to {@code out} and {@code err}; the exit code. */
  static int execute(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Laminar.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  /** Runs {@code args} and returns what happened. */
  static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = execute(out, err, args);
    return new Outcome(code, out.toString(), err.toString());
  }
}
