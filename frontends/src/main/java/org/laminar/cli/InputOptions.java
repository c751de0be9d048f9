package org.laminar.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The workload and the accelerator a command reads ({@code --workload}, {@code --hardware}), for the
 * commands that take one of each ({@code schedule}, {@code cost}, {@code inspect}): one description, so
 * the commands cannot drift apart. A command with defaults gives them with a {@link Defaults} provider;
 * {@code --help} shows them, or "none".
 */
final class InputOptions {
  @Option(names = {"-w", "--workload"}, paramLabel = "FILE|NAME",
      description = "workload file (.onnx, Laminar, ZigZag/Stream YAML) or bundled name")
  String workload;

  @Option(names = {"-a", "--hardware"}, paramLabel = "FILE|NAME",
      description = "accelerator file (Laminar, Stream, ZigZag core YAML) or bundled name")
  String hardware;

  /**
   * Defaults for a command's {@code @Command(defaultValueProvider)}: picocli applies them to these
   * options and shows them in {@code --help}.
   */
  abstract static class Defaults implements IDefaultValueProvider {
    private final String workload;
    private final String hardware;

    Defaults(String workload, String hardware) {
      this.workload = workload;
      this.hardware = hardware;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
      if (argSpec instanceof OptionSpec option) {
        return switch (option.longestName()) {
          case "--workload" -> workload;
          case "--hardware" -> hardware;
          default -> null;
        };
      }
      return null;
    }
  }
}
