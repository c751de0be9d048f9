package org.laminar.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.laminar.io.InputException;
import org.laminar.io.InputWarnings;
import org.laminar.schedule.ProblemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code laminar} command: schedules layer-fused DNN workloads on multi-core accelerators.
 *
 * <p>Exit codes: 0 success, 1 internal error, 2 bad input (file, option or problem). Bad input is
 * an {@link InputException} (a file or option) or a {@link ProblemException} (inputs that cannot
 * be scheduled as asked); every other exception is an internal error.
 */
@Command(
    name = "laminar",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    version = "laminar 0.1.0",
    description = "Schedules layer-fused DNN workloads on multi-core and heterogeneous accelerators: "
        + "exactly with constraint programming where the problem is small, with a proven bound on the gap where "
        + "it is not. Every number printed comes from the independent checker.",
    usageHelpAutoWidth = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:internal error (a bug: please report it with LAMINAR_DEBUG=1 output)",
        "2:bad input: a file, an option or an infeasible problem"})
public final class Laminar implements Callable<Integer> {

  /** Exit code for bad input. */
  public static final int BAD_INPUT = 2;

  /** The subcommands, in the order {@code --help} lists them. */
  private static final List<Class<?>> COMMANDS = List.of(CommandLine.HelpCommand.class, InspectCommand.class,
      CostCommand.class, ScheduleCommand.class, ExploreCommand.class, RcpspCommand.class, ValidateCommand.class,
      BenchCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs {@code args} on the standard streams and returns the exit code. Numbers print the same on
   * every machine (1,234.5, never a locale's 1.234,5), so that output can be compared and parsed.
   */
  static int execute(String... args) {
    Locale.setDefault(Locale.ROOT);
    return commandLine(args).execute(args);
  }

  /** The configured command line, with every subcommand and the exit-code and error handling used by {@link #main}. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line that runs {@code args}: when they start with a subcommand's name, with that
   * subcommand alone, else with all of them (to list them, to show one's help, or to suggest one for
   * a misspelt name).
   * Picocli builds the model of every subcommand it is given, which a run of one does not need
   * (docs/PERFORMANCE.md, "Start-up").
   */
  public static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new Laminar());
    Optional<Class<?>> named = args.length == 0 ? Optional.empty()
        : COMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class)
            .filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).findFirst();
    named.map(List::<Class<?>>of).orElse(COMMANDS).forEach(cli::addSubcommand);
    cli.setExecutionExceptionHandler(Laminar::handle);
    // The readers' warnings go to the command's own error stream (the one tests capture).
    cli.setExecutionStrategy(parsed -> {
      try (InputWarnings.Scope scope = InputWarnings.to(cli.getErr())) {
        return new CommandLine.RunLast().execute(parsed);
      }
    });
    cli.setParameterExceptionHandler((ex, unmatched) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("laminar: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return BAD_INPUT;
    });
    return cli;
  }

  private static int handle(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (ex instanceof InputException || ex instanceof ProblemException) {
      err.println("laminar: error: " + ex.getMessage());
      debugTrace(ex, err);
      return BAD_INPUT;
    }
    // Anything else is a broken invariant of the program, an IllegalArgumentException from a
    // Preconditions check included: never the user's fault, so never exit code 2.
    err.println("laminar: internal error: " + ex + " (a bug: please report it)");
    if (!debugTrace(ex, err)) {
      err.println("(set LAMINAR_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  private static boolean debugTrace(Exception ex, PrintWriter err) {
    if (System.getenv("LAMINAR_DEBUG") == null) {
      return false;
    }
    ex.printStackTrace(err);
    return true;
  }
}
