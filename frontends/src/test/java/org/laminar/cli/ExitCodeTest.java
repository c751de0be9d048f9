package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Preconditions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.io.InputException;
import org.laminar.schedule.ProblemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Which failures are the user's (exit 2, one line) and which are the program's (exit 1). */
class ExitCodeTest {
  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    private final RuntimeException failure;

    Failing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }

  private static Cli.Outcome failWith(RuntimeException failure) {
    CommandLine cli = Laminar.commandLine();
    cli.addSubcommand(new CommandLine(new Failing(failure)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("fail");
    return new Cli.Outcome(code, out.toString(), err.toString());
  }

  @Test
  void aBrokenPreconditionInsideTheProgramIsAnInternalErrorNotBadInput() {
    IllegalArgumentException broken = null;
    try {
      Preconditions.checkArgument(false, "tile %s has no core", 3);
    } catch (IllegalArgumentException e) {
      broken = e;
    }
    Cli.Outcome o = failWith(broken);

    assertEquals(1, o.code());
    assertTrue(o.err().startsWith("laminar: internal error: java.lang.IllegalArgumentException: tile 3 has no core "
        + "(a bug: please report it)"), o.err());
  }

  @Test
  void inputAndProblemErrorsAreBadInputOnOneLine() {
    for (RuntimeException e : new RuntimeException[] {new InputException("net.yaml: layer 'c1': K must be > 0"),
        new ProblemException("tile 4 (layer 'c1') cannot run on any of its allowed cores [0]")}) {
      Cli.Outcome o = failWith(e);

      assertEquals(Laminar.BAD_INPUT, o.code());
      assertEquals("laminar: error: " + e.getMessage(), o.err().strip());
    }
  }

  @Test
  void outNamingAnExistingFileIsRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    // A workload that does not exist: refusing --out first shows nothing else was read.
    Cli.Outcome o = Cli.run("schedule", "--workload", "no-such-net", "--out", file.toString());

    assertEquals(Laminar.BAD_INPUT, o.code());
    assertEquals("laminar: error: --out " + file + ": exists and is not a directory", o.err().strip());
    assertEquals("x", Files.readString(file));
  }

  @Test
  void outBelowAFileIsRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    Path below = file.resolve("results");
    Cli.Outcome o = Cli.run("schedule", "--workload", "no-such-net", "--out", below.toString());

    assertEquals(Laminar.BAD_INPUT, o.code());
    assertTrue(o.err().strip().startsWith("laminar: error: --out " + below + ": cannot write there ("), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
  }

  @Test
  void outIsCreatedBeforeTheRunAndLeftWithoutProbeFiles(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("a/b");
    Cli.Outcome o = Cli.run("schedule", "--workload", "no-such-net", "--out", out.toString());

    assertEquals(Laminar.BAD_INPUT, o.code());
    assertTrue(Files.isDirectory(out));
    try (var files = Files.list(out)) {
      assertFalse(files.findAny().isPresent());
    }
  }
}
