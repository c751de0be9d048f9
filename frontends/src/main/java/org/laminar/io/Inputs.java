package org.laminar.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.onnx.OnnxReader;
import org.laminar.workload.Workload;
import org.laminar.yaml.LaminarFormat;
import org.laminar.yaml.StreamAcceleratorReader;
import org.laminar.yaml.YamlFiles;
import org.laminar.yaml.ZigZagCoreReader;
import org.laminar.yaml.ZigZagWorkloadReader;

/**
 * Resolves what a user names on the command line — a file path or the name of a bundled
 * instance — to a {@link Workload} or an {@link Accelerator}.
 *
 * <p>An existing file is read by its extension and content: {@code .onnx} by the ONNX reader;
 * {@code .yaml}, {@code .yml} and {@code .json} files with a top-level {@code format: laminar/1}
 * in Laminar's format; other YAML by its shape — a list of layers with {@code equation}s is a
 * ZigZag/Stream workload, a map with {@code cores} a Stream accelerator, a map with
 * {@code memories} a ZigZag core. A ZigZag core file becomes a one-core accelerator (core id 0)
 * whose DRAM is described by the core's outermost memory (ZigZag puts DRAM at the top of the
 * hierarchy; the core keeps that level so that its cost is as ZigZag's).
 *
 * <p>Anything else is looked up among the bundled instances ({@link #bundled()}).
 */
public final class Inputs {
  private static final String ROOT = "org/laminar/instances/";

  private Inputs() {
  }

  /** A bundled instance: its kind ({@code workload} or {@code accelerator}), name and description. */
  public record Bundled(String kind, String name, String description) {
  }

  record Index(
      @JsonProperty(value = "workloads", required = true) List<IndexEntry> workloads,
      @JsonProperty(value = "accelerators", required = true) List<IndexEntry> accelerators) {
  }

  record IndexEntry(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "description", required = true) String description) {
  }

  /** The workload in the file at {@code pathOrName}, or the bundled workload of that name. */
  public static Workload workload(String pathOrName) {
    Path file = Path.of(pathOrName);
    notADirectory(file, "workload");
    if (Files.isRegularFile(file)) {
      return switch (extension(file)) {
        case "onnx" -> OnnxReader.read(file);
        case "yaml", "yml", "json" -> yamlWorkload(file);
        default -> throw InputException.in(file, "unknown workload file type; expected .onnx, .yaml, .yml or .json");
      };
    }
    return LaminarFormat.readWorkload(bundledSource("workload", pathOrName));
  }

  /** The accelerator in the file at {@code pathOrName}, or the bundled accelerator of that name. */
  public static Accelerator accelerator(String pathOrName) {
    Path file = Path.of(pathOrName);
    notADirectory(file, "hardware");
    if (Files.isRegularFile(file)) {
      if (!List.of("yaml", "yml", "json").contains(extension(file))) {
        throw InputException.in(file, "unknown hardware file type; expected .yaml, .yml or .json");
      }
      JsonNode tree = YamlFiles.tree(YamlFiles.file(file));
      if (tree.has("format")) {
        return LaminarFormat.readAccelerator(YamlFiles.file(file));
      } else if (StreamAcceleratorReader.recognises(tree)) {
        return StreamAcceleratorReader.read(file);
      } else if (tree.has("memories")) {
        return singleCore(file);
      }
      throw InputException.in(file, "not an accelerator: expected a Laminar accelerator (format: "
          + LaminarFormat.VERSION + "), a Stream accelerator (cores:) or a ZigZag core (memories:)");
    }
    return LaminarFormat.readAccelerator(bundledSource("accelerator", pathOrName));
  }

  /** The bundled instances, workloads first, in the order of the index. */
  public static List<Bundled> bundled() {
    Index index = YamlFiles.read(YamlFiles.resource("bundled instance index", ROOT + "index.yaml"), YamlFiles.yaml(),
        Index.class);
    return Stream.concat(
        index.workloads().stream().map(e -> new Bundled("workload", e.name(), e.description())),
        index.accelerators().stream().map(e -> new Bundled("accelerator", e.name(), e.description()))).toList();
  }

  private static Workload yamlWorkload(Path file) {
    JsonNode tree = YamlFiles.tree(YamlFiles.file(file));
    if (tree.has("format")) {
      return LaminarFormat.readWorkload(YamlFiles.file(file));
    } else if (ZigZagWorkloadReader.recognises(tree)) {
      return ZigZagWorkloadReader.read(file);
    }
    throw InputException.in(file, "not a workload: expected a Laminar workload (format: " + LaminarFormat.VERSION
        + ") or a ZigZag/Stream workload (a list of layers with an equation each)");
  }

  private static Accelerator singleCore(Path file) {
    Core core = ZigZagCoreReader.read(file);
    return new Accelerator(core.name(), List.of(core), List.of(), StreamAcceleratorReader.dram(file, core));
  }

  private static YamlFiles.Source bundledSource(String kind, String name) {
    List<Bundled> bundled = bundled().stream().filter(b -> b.kind().equals(kind)).toList();
    if (bundled.stream().noneMatch(b -> b.name().equals(name))) {
      throw new InputException(name + ": no such file, and no bundled " + kind + " of that name (bundled: "
          + bundled.stream().map(Bundled::name).collect(Collectors.joining(", ")) + ")");
    }
    return YamlFiles.resource("bundled " + kind + " " + name, ROOT + kind + "s/" + name + ".yaml");
  }

  private static void notADirectory(Path file, String kind) {
    if (Files.isDirectory(file)) {
      throw InputException.in(file, "is a directory; give a " + kind + " file or a bundled name");
    }
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
