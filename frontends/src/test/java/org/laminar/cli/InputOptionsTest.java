package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The shared {@code --workload}/{@code --hardware} options: one declaration, one description. */
class InputOptionsTest {

  /** The commands that take one workload and one accelerator, by name, with their specs. */
  private static Map<String, CommandSpec> singleInputCommands() {
    Map<String, CommandSpec> commands = new TreeMap<>();
    for (Map.Entry<String, CommandLine> sub : Laminar.commandLine().getSubcommands().entrySet()) {
      CommandSpec spec = sub.getValue().getCommandSpec();
      OptionSpec workload = spec.findOption("--workload");
      // explore sweeps lists of workloads and accelerators: a different option on purpose.
      if (workload != null && !workload.isMultiValue()) {
        commands.put(sub.getKey(), spec);
      }
    }
    return commands;
  }

  @Test
  void everySingleInputCommandTakesTheOptionsFromTheMixin() {
    Map<String, CommandSpec> commands = singleInputCommands();
    assertEquals(List.of("cost", "inspect", "schedule"), List.copyOf(commands.keySet()));
    for (Map.Entry<String, CommandSpec> command : commands.entrySet()) {
      CommandSpec spec = command.getValue();
      assertTrue(spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof InputOptions),
          command.getKey() + " declares its own --workload/--hardware instead of the InputOptions mixin");
      assertTrue(spec.findOption("--hardware") != null, command.getKey());
    }
  }

  @Test
  void theSharedOptionsReadTheSameInEveryCommand() {
    Map<String, CommandSpec> commands = singleInputCommands();
    for (String name : List.of("--workload", "--hardware")) {
      CommandSpec first = commands.get("inspect");
      OptionSpec expected = first.findOption(name);
      for (Map.Entry<String, CommandSpec> command : commands.entrySet()) {
        OptionSpec option = command.getValue().findOption(name);
        assertEquals(List.of(expected.names()), List.of(option.names()), command.getKey() + " " + name);
        assertEquals(expected.paramLabel(), option.paramLabel(), command.getKey() + " " + name);
        assertEquals(List.of(expected.description()), List.of(option.description()), command.getKey() + " " + name);
      }
    }
  }

  @Test
  void scheduleKeepsItsBundledDefaults() {
    assertEquals("chain5", singleInputCommands().get("schedule").findOption("--workload").defaultValueString());
    assertEquals("hetero-quad", singleInputCommands().get("schedule").findOption("--hardware").defaultValueString());
    // The per-option "(default ...)" cannot be shown for only some users of the mixin: the command says it.
    String help = Cli.run("schedule", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("With no arguments: all schedulers on the bundled chain5 network, fused, on hetero-quad"),
        help);
  }

  @Test
  void costStillNeedsBothAndSaysWhichIsMissing() {
    Cli.Outcome none = Cli.run("cost");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("Missing required options: '--workload=FILE|NAME', '--hardware=FILE|NAME'"),
        none.err());
    Cli.Outcome noHardware = Cli.run("cost", "-w", "chain5");
    assertEquals(2, noHardware.code());
    assertTrue(noHardware.err().contains("Missing required option: '--hardware=FILE|NAME'"), noHardware.err());
  }

  @Test
  void theShortNamesInspectHadNowWorkInCost() {
    Cli.Outcome shortNames = Cli.run("cost", "-w", "chain5", "-a", "hetero-quad", "--json");
    assertEquals(0, shortNames.code(), shortNames.err());
    assertTrue(shortNames.out().contains("\"layers\""), shortNames.out());
    assertEquals(Cli.run("cost", "--workload", "chain5", "--hardware", "hetero-quad", "--json").out(),
        shortNames.out());
  }
}
