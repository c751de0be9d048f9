package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link Laminar#commandLine(String...)} gives a run that starts with a subcommand's name that
 * subcommand alone, and every other run all of them; a subcommand alone says and accepts what it
 * does among all.
 */
class SubcommandLineTest {
  private static final List<String> ALL = List.of("help", "inspect", "cost", "schedule", "explore", "rcpsp",
      "validate", "bench");

  @Test
  void aRunOfOneSubcommandBuildsThatOneAlone() {
    for (String name : ALL.subList(1, ALL.size())) {
      assertEquals(List.of(name), List.copyOf(Laminar.commandLine(name, "--help").getSubcommands().keySet()));
    }
  }

  @Test
  void helpNoArgumentsOptionsFirstAndMisspeltNamesGetEverySubcommand() {
    for (String[] args : new String[][] {{}, {"help", "schedule"}, {"--version"}, {"schedul"}, {"Schedule"}}) {
      assertEquals(ALL, List.copyOf(Laminar.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
    }
  }

  @Test
  void aSubcommandAloneHasTheSameHelpAndErrorsAsAmongAll() {
    for (String name : ALL.subList(1, ALL.size())) {
      for (String[] tail : new String[][] {{"--help"}, {"--version"}, {"--no-such-option"}}) {
        String[] args = new String[] {name, tail[0]};
        assertEquals(run(Laminar.commandLine(), args), run(Laminar.commandLine(args), args), String.join(" ", args));
      }
    }
  }

  /** Exit code, stdout and stderr of {@code args} on {@code cli}. */
  private static String run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return code + "\n" + out + "\n--\n" + err;
  }
}
