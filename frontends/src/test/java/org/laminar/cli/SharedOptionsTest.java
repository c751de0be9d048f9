package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shared {@code --workload}/{@code --hardware} and {@code --json} options: one declaration each, with each
 * command's own defaults and JSON shape.
 */
class SharedOptionsTest {

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

  /** The command's help with all whitespace removed: picocli wraps lines wherever the width ends. */
  private static String help(String command) {
    Cli.Outcome help = Cli.run(command, "--help");
    assertEquals(0, help.code(), help.err());
    return help.out().replaceAll("\\s", "");
  }

  private static String squeezed(String text) {
    return text.replaceAll("\\s", "");
  }

  @Test
  void everySingleInputCommandTakesTheOptionsFromTheMixin() {
    Map<String, CommandSpec> commands = singleInputCommands();
    assertEquals(List.of("cost", "inspect", "schedule"), List.copyOf(commands.keySet()));
    for (Map.Entry<String, CommandSpec> command : commands.entrySet()) {
      for (String name : List.of("--workload", "--hardware")) {
        assertTrue(command.getValue().mixins().values().stream().filter(m -> m.userObject() instanceof InputOptions)
            .anyMatch(m -> m.findOption(name) != null),
            command.getKey() + " declares its own " + name + " instead of the InputOptions mixin");
      }
    }
  }

  @Test
  void everyCommandThatPrintsJsonTakesTheOneJsonOptionAndSaysWhatItHolds() {
    List<String> withJson = new ArrayList<>();
    for (Map.Entry<String, CommandLine> sub : Laminar.commandLine().getSubcommands().entrySet()) {
      CommandSpec spec = sub.getValue().getCommandSpec();
      OptionSpec json = spec.findOption("--json");
      if (json == null) {
        continue;
      }
      withJson.add(sub.getKey());
      assertTrue(spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof JsonOption
          && m.findOption("--json") != null), sub.getKey() + " declares its own --json");
      // The shared words, then the command's own shape: the shared text with nothing after it says nothing.
      String description = String.join(" ", json.description());
      assertTrue(description.startsWith(JsonOption.TEXT + ": ") && description.length() > JsonOption.TEXT.length() + 2,
          sub.getKey() + ": " + description);
    }
    assertEquals(List.of("bench", "cost", "explore", "inspect", "rcpsp", "schedule", "validate"),
        withJson.stream().sorted().toList());
  }

  @Test
  void noCommandsHelpShowsAnUnresolvedVariableOrANullDefault() {
    for (String command : Laminar.commandLine().getSubcommands().keySet()) {
      String help = Cli.run(command, "--help").out();
      assertFalse(help.contains("${") || help.contains("null") || help.contains("_NULL_"), command + "\n" + help);
    }
  }

  @Test
  void theSharedOptionsReadTheSameInEveryCommandUpToItsOwnNote() {
    Map<String, CommandSpec> commands = singleInputCommands();
    Map<String, String> shared = Map.of("--workload", InputOptions.WORKLOAD_TEXT, "--hardware",
        InputOptions.HARDWARE_TEXT);
    for (Map.Entry<String, String> option : shared.entrySet()) {
      OptionSpec expected = commands.get("inspect").findOption(option.getKey());
      for (Map.Entry<String, CommandSpec> command : commands.entrySet()) {
        OptionSpec actual = command.getValue().findOption(option.getKey());
        String where = command.getKey() + " " + option.getKey();
        assertEquals(List.of(expected.names()), List.of(actual.names()), where);
        assertEquals(expected.paramLabel(), actual.paramLabel(), where);
        assertEquals(1, actual.description().length, where);
        // Only a default or "required" may follow the shared text; anything else is a drifted description.
        assertTrue(actual.description()[0].matches("\\Q" + option.getValue() + "\\E( \\(default [^)]+\\)| \\(required\\))?"),
            where + ": " + actual.description()[0]);
      }
    }
  }

  @Test
  void everyCommandsHelpShowsTheDefaultItApplies() {
    for (Map.Entry<String, CommandSpec> command : singleInputCommands().entrySet()) {
      String help = help(command.getKey());
      for (String name : List.of("--workload", "--hardware")) {
        OptionSpec option = command.getValue().findOption(name);
        String where = command.getKey() + " " + name;
        if (option.defaultValue() != null) {
          assertTrue(help.contains(squeezed(option.description()[0])), where + "\n" + help);
          assertTrue(help.contains(squeezed("(default " + option.defaultValue() + ")")), where + "\n" + help);
        } else {
          assertFalse(option.description()[0].contains("(default"), where + ": " + option.description()[0]);
        }
      }
    }
  }

  @Test
  void scheduleRunsAndShowsItsBundledDefaults() {
    // The command's description promises these: "With no arguments: ... chain5 ..., on hetero-quad".
    ScheduleCommand schedule = new ScheduleCommand();
    new CommandLine(schedule).parseArgs();
    assertEquals("chain5", schedule.input.workload);
    assertEquals("hetero-quad", schedule.input.hardware);
    String help = help("schedule");
    assertTrue(help.contains(squeezed("--workload=FILE|NAME " + InputOptions.WORKLOAD_TEXT + " (default chain5)")), help);
    assertTrue(help.contains(squeezed("--hardware=FILE|NAME " + InputOptions.HARDWARE_TEXT + " (default hetero-quad)")),
        help);
    // The other commands see none of schedule's defaults: the bundle is schedule's alone.
    InspectCommand inspect = new InspectCommand();
    new CommandLine(inspect).parseArgs();
    assertNull(inspect.input.workload);
    assertNull(inspect.input.hardware);
    assertFalse(help("inspect").contains("(defaultchain5)"));
  }

  @Test
  void costStillNeedsBothSaysSoInItsHelpAndSaysWhichIsMissing() {
    String help = help("cost");
    assertTrue(help.contains(squeezed(InputOptions.WORKLOAD_TEXT + " (required)")), help);
    assertTrue(help.contains(squeezed(InputOptions.HARDWARE_TEXT + " (required)")), help);
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
