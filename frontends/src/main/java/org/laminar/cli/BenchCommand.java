package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.laminar.bench.Bench;
import org.laminar.bench.Scaling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code laminar bench}: measures Laminar's own speed — cost evaluations per second, tile-graph
 * generation, the greedy list scheduler and the checker in tiles per second, peak heap, the
 * end-to-end runs of the Stream examples — and, with {@code --scaling}, the scaling study.
 */
@Command(name = "bench",
    header = "Measure Laminar's speed: cost model, tiling, greedy, checker, end-to-end runs.",
    description = {"Prints a table of throughputs and times, measured in this JVM (CPU seconds of the whole "
        + "process, the steadier figure on a loaded machine) and, for the end-to-end rows, as ./laminar processes "
        + "under /usr/bin/time. Run it from the repository root on a quiet machine."},
    usageHelpAutoWidth = true,
    resourceBundle = "org.laminar.cli.BenchCommand$Texts")
public final class BenchCommand implements Callable<Integer> {
  /** What its JSON holds. */
  public static final class Texts extends CommandTexts {
    public Texts() {
      super(": an array of the rows (with --scaling, the study's figures)");
    }
  }

  @Option(names = "--instances", paramLabel = "DIR", defaultValue = "../shared/instances",
      description = "the shared instances (ONNX models, Stream examples) (default ${DEFAULT-VALUE})")
  Path instances;

  @Option(names = "--no-end-to-end", description = "leave out the end-to-end runs (minutes)")
  boolean noEndToEnd;

  @Option(names = "--scaling", paramLabel = "SVG",
      description = "run the scaling study instead (10^2 to 10^5 tiles) and write its chart to SVG")
  Path scaling;

  @Mixin
  JsonOption json = new JsonOption();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (scaling != null) {
      Scaling.Result result = Scaling.run(new int[] {100, 1_000, 10_000, 100_000}, err);
      try {
        Files.writeString(scaling, result.chart());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + scaling + ": " + e.getMessage(), e);
      }
      if (json.on) {
        out.println(JsonOption.text(result));
      } else {
        out.printf(Locale.ROOT, "%10s %12s %12s %12s %12s%n", "tiles", "tiling (s)", "costing (s)", "list (s)",
            "checker (s)");
        for (int i = 0; i < result.tiles().length; i++) {
          out.printf(Locale.ROOT, "%,10.0f %12.4f %12.4f %12.4f %12.4f%n", result.tiles()[i], result.seconds()[0][i],
              result.seconds()[1][i], result.seconds()[2][i], result.seconds()[3][i]);
        }
        out.println("CPU seconds of the whole process per phase; wrote " + scaling);
      }
      out.flush();
      return 0;
    }
    List<Bench.Row> rows = Bench.run(instances, !noEndToEnd, err);
    if (json.on) {
      out.println(JsonOption.text(rows));
    } else {
      out.printf(Locale.ROOT, "%-32s %14s  %-17s %s%n", "measurement", "value", "unit", "input");
      for (Bench.Row r : rows) {
        out.printf(Locale.ROOT, "%-32s %,14.2f  %-17s %s%n", r.measurement(), r.value(), r.unit(), r.note());
      }
    }
    out.flush();
    return 0;
  }
}
