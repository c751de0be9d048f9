package org.laminar.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The end-to-end runs, each as {@code ./laminar schedule ...} in its own process under
 * {@code /usr/bin/time} (JVM start, reading, tiling, costing, scheduling and checking included):
 * wall seconds, CPU seconds (user + system) and peak resident memory.
 */
final class EndToEnd {
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final Path LAUNCHER = Path.of("laminar");

  private EndToEnd() {
  }

  static List<Bench.Row> run(Path instances, PrintWriter log) {
    List<Bench.Row> rows = new ArrayList<>();
    if (!Files.isExecutable(TIME) || !Files.isExecutable(LAUNCHER)) {
      log.println("bench: end-to-end runs left out: they need " + TIME + " and ./laminar (run from the repository root)");
      return rows;
    }
    Path examples = instances.resolve("stream").resolve("examples");
    String tpu = examples.resolve("hardware").resolve("tpu_like_quad_core.yaml").toString();
    String tpuMapping = examples.resolve("mapping").resolve("tpu_like_quad_core.yaml").toString();
    Path onnx = instances.resolve("onnx");
    List<List<String>> runs = new ArrayList<>();
    runs.add(List.of("resnet18.onnx x tpu_like_quad_core + mapping, list", "--workload",
        onnx.resolve("resnet18.onnx").toString(), "--hardware", tpu, "--mapping", tpuMapping, "--scheduler", "list"));
    runs.add(List.of("fsrcnn.onnx x tpu_like_quad_core + mapping, fuse all, list", "--workload",
        onnx.resolve("fsrcnn.onnx").toString(), "--hardware", tpu, "--mapping", tpuMapping, "--fuse", "all",
        "--scheduler", "list"));
    try (Stream<Path> files = Files.list(examples.resolve("hardware"))) {
      files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(h -> runs.add(List.of(
          "mobilenetv2.onnx x " + h.getFileName().toString().replace(".yaml", "") + ", list", "--workload",
          onnx.resolve("mobilenetv2.onnx").toString(), "--hardware", h.toString(), "--scheduler", "list")));
    } catch (IOException e) {
      log.println("bench: cannot list " + examples.resolve("hardware") + ": " + e.getMessage());
    }
    runs.add(List.of("fsrcnn-depfin x depfin, oy=all, fuse all, list", "--workload", "fsrcnn-depfin", "--hardware",
        "depfin", "--tiling", "oy=all", "--fuse", "all", "--scheduler", "list"));
    runs.add(List.of("schedule (bundled default, all schedulers, CP-SAT proof)"));
    for (List<String> r : runs) {
      log.println("bench: ./laminar schedule " + String.join(" ", r.subList(1, r.size())));
      log.flush();
      measure(r.get(0), r.subList(1, r.size())).ifPresent(rows::addAll);
    }
    return rows;
  }

  private static Optional<List<Bench.Row>> measure(String name, List<String> args) {
    try {
      Path times = Files.createTempFile("laminar-bench", ".txt");
      List<String> command = new ArrayList<>(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", times.toString(),
          "./" + LAUNCHER, "schedule"));
      command.addAll(args);
      int code = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      // The last line holds the figures; a failed command's status line comes before it.
      List<String> lines = Bench.read(times).orElse("").lines().filter(l -> !l.isBlank()).toList();
      String[] f = lines.isEmpty() ? new String[0] : lines.get(lines.size() - 1).trim().split("\\s+");
      Files.deleteIfExists(times);
      if (f.length < 4) {
        return Optional.empty();
      }
      String note = name + (code == 0 ? "" : " (exit code " + code + ")");
      double cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
      return Optional.of(List.of(
          new Bench.Row("end to end, wall", Double.parseDouble(f[0]), "s", note),
          new Bench.Row("end to end, CPU", cpu, "s", note),
          new Bench.Row("end to end, peak RSS", Double.parseDouble(f[3]) / 1024, "MiB", note)));
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
