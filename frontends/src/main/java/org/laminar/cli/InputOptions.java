package org.laminar.cli;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The workload and the accelerator a command reads ({@code --workload}, {@code --hardware}), for the
 * commands that take one of each ({@code schedule}, {@code cost}, {@code inspect}): one declaration,
 * so the commands cannot drift apart. What differs per command — a default, whether the option is
 * required — comes from the command's {@link CommandTexts}, named by its
 * {@code @Command(resourceBundle)}.
 */
final class InputOptions {
  /** Bundle keys: a default value, the text {@code --help} appends to the description, a requirement. */
  static final String WORKLOAD_DEFAULT = "input.workload.default";
  static final String WORKLOAD_NOTE = "input.workload.note";
  static final String HARDWARE_DEFAULT = "input.hardware.default";
  static final String HARDWARE_NOTE = "input.hardware.note";
  static final String WORKLOAD_REQUIRED = "input.workload.required";
  static final String HARDWARE_REQUIRED = "input.hardware.required";

  /** The descriptions every command shares; {@link CommandTexts} only append to them. */
  static final String WORKLOAD_TEXT = "workload file (.onnx, Laminar, ZigZag/Stream YAML) or bundled name";
  static final String HARDWARE_TEXT = "accelerator file (Laminar, Stream, ZigZag core YAML) or bundled name";

  // A variable that is the whole default and has no value resolves to null: no default.
  @Option(names = {"-w", "--workload"}, paramLabel = "FILE|NAME", defaultValue = "${bundle:" + WORKLOAD_DEFAULT + "}",
      description = WORKLOAD_TEXT + "${bundle:" + WORKLOAD_NOTE + ":-}")
  String workload;

  @Option(names = {"-a", "--hardware"}, paramLabel = "FILE|NAME", defaultValue = "${bundle:" + HARDWARE_DEFAULT + "}",
      description = HARDWARE_TEXT + "${bundle:" + HARDWARE_NOTE + ":-}")
  String hardware;

  /**
   * Fails as picocli does for a missing required option when an input the command's
   * {@link CommandTexts} call {@link Input#REQUIRED} is missing (picocli's own {@code required} cannot differ per command).
   */
  void checkRequired(CommandSpec spec) {
    List<String> missing = new ArrayList<>();
    if (workload == null && told(spec, WORKLOAD_REQUIRED)) {
      missing.add("'--workload=FILE|NAME'");
    }
    if (hardware == null && told(spec, HARDWARE_REQUIRED)) {
      missing.add("'--hardware=FILE|NAME'");
    }
    if (!missing.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "Missing required option" + (missing.size() > 1 ? "s: " : ": ") + String.join(", ", missing));
    }
  }

  private static boolean told(CommandSpec spec, String key) {
    return spec.resourceBundle() != null && spec.resourceBundle().containsKey(key);
  }

  /**
   * How one command takes an input: with a default, required, or neither.
   *
   * @param defaultValue the value when the option is not given, or null for none
   * @param required whether the command refuses to run without it
   */
  record Input(String defaultValue, boolean required) {
    /** Without a default, not required: nothing to say about it. */
    static final Input OPTIONAL = new Input(null, false);
    static final Input REQUIRED = new Input(null, true);

    Input {
      checkArgument(defaultValue == null || !required, "a required input has no default, got %s", defaultValue);
    }

    static Input defaultsTo(String value) {
      return new Input(value, false);
    }

    /** What {@code --help} appends to the option's description, or null for nothing. */
    String note() {
      return defaultValue != null ? " (default " + defaultValue + ")" : required ? " (required)" : null;
    }
  }
}
