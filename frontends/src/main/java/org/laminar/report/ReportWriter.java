package org.laminar.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.laminar.io.InputException;

/**
 * Writes the output folder of a run: {@code result.json}, and for a run with a schedule
 * {@code trace.json}, {@code gantt.svg}, {@code memory.svg} and {@code energy.svg}.
 */
public final class ReportWriter {
  private ReportWriter() {
  }

  /**
   * Writes {@code run}'s files into {@code dir} (created if missing) and returns their paths.
   *
   * @param inputs names of what was scheduled (workload, hardware, ...) for {@code result.json}
   * @param options the scheduler options for {@code result.json}
   */
  public static List<Path> write(Path dir, Run run, Map<String, Object> inputs, Map<String, Object> options) {
    return write(dir, run, inputs, options, Map.of());
  }

  /** As {@link #write(Path, Run, Map, Map)}, with the exact scheduler's {@code solver} figures for {@code result.json}. */
  public static List<Path> write(Path dir, Run run, Map<String, Object> inputs, Map<String, Object> options,
      Map<String, Object> solver) {
    try {
      Files.createDirectories(dir);
      Path result = dir.resolve("result.json");
      ResultFile.write(ResultFile.of(run, inputs, options, solver), new TileNames(run.problem().graph()), result);
      if (run.result().schedule().isEmpty()) {
        return List.of(result);
      }
      Path trace = dir.resolve("trace.json");
      try (OutputStream out = Files.newOutputStream(trace)) {
        TraceWriter.write(run, out);
      }
      return List.of(result, trace, text(dir.resolve("gantt.svg"), GanttChart.render(run)),
          text(dir.resolve("memory.svg"), MemoryChart.render(run)),
          text(dir.resolve("energy.svg"), EnergyChart.render(List.of(run))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes {@code dir} ready for {@link #write} before any work starts, so that a long solve is
   * never thrown away for an output folder that cannot be written: creates it if missing and
   * writes and removes a probe file in it.
   *
   * @throws InputException naming {@code dir} when it is a file or cannot be created or written
   */
  public static void prepare(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new InputException("--out " + dir + ": exists and is not a directory");
    }
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".laminar-probe", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw new InputException("--out " + dir + ": cannot write there (" + reason(e) + ")", e);
    }
  }

  /** What went wrong, without the exception's class name. */
  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage();
  }

  /** Writes {@code energy.svg} into {@code dir} comparing the energy of {@code runs}. */
  public static Path writeEnergyComparison(Path dir, List<Run> runs) {
    try {
      Files.createDirectories(dir);
      return text(dir.resolve("energy.svg"), EnergyChart.render(runs));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path text(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
