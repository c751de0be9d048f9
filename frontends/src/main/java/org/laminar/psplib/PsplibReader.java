package org.laminar.psplib;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.laminar.io.InputException;
import org.laminar.ir.IrProblem;
import org.laminar.ir.Mode;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Usage;

/**
 * Reads PSPLIB single-mode RCPSP files ({@code .sm}, Kolisch and Sprecher 1996) into the
 * scheduling IR: one task per job ({@code job1..jobN}, durations in periods read as cycles), one
 * renewable resource per {@code R k} column ({@code R1..}), and the listed precedences. Also reads
 * the optimum tables ({@code j30opt.sm}) that PSPLIB publishes per instance set.
 *
 * <p>The format is fixed-layout text: sections introduced by a title line ({@code PRECEDENCE
 * RELATIONS:}, {@code REQUESTS/DURATIONS:}, {@code RESOURCEAVAILABILITIES:}) followed by a header
 * and whitespace-separated integer rows. Every error names the file and the line.
 */
public final class PsplibReader {
  private PsplibReader() {}

  /** Reads an {@code .sm} file; the problem is named after the file without its extension. */
  public static IrProblem read(Path file) {
    Lines lines = new Lines(file, readLines(file));
    int projects = lines.intAfterColon("projects");
    if (projects != 1) {
      throw lines.error(lines.lineOf("projects"), "only single-project files are supported, found " + projects);
    }
    int jobs = lines.intAfterColon("jobs (incl. supersource/sink )");
    int renewable = lines.intAfterColon("  - renewable");
    for (String kind : List.of("  - nonrenewable", "  - doubly constrained")) {
      if (lines.intAfterColon(kind) != 0) {
        throw lines.error(lines.lineOf(kind), "non-renewable resources are not supported (RCPSP only)");
      }
    }
    String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    IrProblem.Builder builder = IrProblem.builder(name);
    int availabilities = lines.lineOf("RESOURCEAVAILABILITIES:") + 2;
    long[] capacity = lines.ints(availabilities, renewable, renewable);
    for (int r = 0; r < renewable; r++) {
      builder.addResource("R" + (r + 1), ResourceKind.RENEWABLE, capacity[r]);
    }
    // Requests: header, dashed line, then one row per job: job, mode, duration, demands.
    int requests = lines.lineOf("REQUESTS/DURATIONS:") + 3;
    for (int j = 0; j < jobs; j++) {
      long[] row = lines.ints(requests + j, 3 + renewable, 3 + renewable);
      lines.expect(requests + j, row[0] == j + 1, "expected job " + (j + 1) + ", found job " + row[0]);
      lines.expect(requests + j, row[1] == 1, "job " + row[0] + " has mode " + row[1]
          + ": multi-mode files are not supported");
      lines.expect(requests + j, row[2] >= 0, "job " + row[0] + " has a negative duration");
      List<Usage> usages = new ArrayList<>();
      for (int r = 0; r < renewable; r++) {
        lines.expect(requests + j, row[3 + r] >= 0, "job " + row[0] + " has a negative demand for R" + (r + 1));
        if (row[3 + r] > 0) {
          usages.add(new Usage(r, row[3 + r]));
        }
      }
      builder.addTask("job" + (j + 1), List.of(new Mode("mode1", row[2], 0, usages)));
    }
    // Precedences: header, then one row per job: job, #modes, #successors, successors.
    int precedences = lines.lineOf("PRECEDENCE RELATIONS:") + 2;
    for (int j = 0; j < jobs; j++) {
      long[] row = lines.ints(precedences + j, 3, Integer.MAX_VALUE);
      lines.expect(precedences + j, row[0] == j + 1, "expected job " + (j + 1) + ", found job " + row[0]);
      lines.expect(precedences + j, row[1] == 1, "job " + row[0] + " has " + row[1]
          + " modes: multi-mode files are not supported");
      lines.expect(precedences + j, row.length == 3 + row[2], "job " + row[0] + " announces " + row[2]
          + " successors but lists " + (row.length - 3));
      for (int k = 3; k < row.length; k++) {
        lines.expect(precedences + j, row[k] >= 1 && row[k] <= jobs, "job " + row[0] + ": successor " + row[k]
            + " is not a job (1.." + jobs + ")");
        builder.precede(j, (int) row[k] - 1);
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw InputException.in(file, e.getMessage(), e);
    }
  }

  /**
   * Reads a PSPLIB optimum table ({@code j30opt.sm}): rows {@code parameter instance makespan
   * cpu-time} under a dashed line, keyed by instance name, e.g. {@code j301_1} for set
   * {@code j30}, parameter 1, instance 1.
   */
  public static Map<String, Long> readOptima(Path file) {
    Lines lines = new Lines(file, readLines(file));
    int setLine = lines.lineOf("Instance Set");
    String set = lines.text(setLine).substring(lines.text(setLine).indexOf(':') + 1).trim();
    // PSPLIB spells the header "Paramter".
    int first = lines.lineOf("Param") + 2;
    ImmutableMap.Builder<String, Long> optima = ImmutableMap.builder();
    for (int i = first; i < lines.count() && !lines.text(i).isBlank(); i++) {
      String[] row = lines.tokens(i, 4, 4);
      optima.put(set + lines.parse(i, row[0]) + "_" + lines.parse(i, row[1]), lines.parse(i, row[2]));
    }
    return optima.buildOrThrow();
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw InputException.in(file, "cannot read the file: " + e.getMessage(), e);
    }
  }

  /** The file's lines, with errors that name the file and a 1-based line number. */
  private record Lines(Path file, List<String> all) {
    int count() {
      return all.size();
    }

    String text(int index) {
      if (index >= all.size()) {
        throw InputException.in(file, "unexpected end of file at line " + (index + 1));
      }
      return all.get(index);
    }

    /** Index of the first line starting with {@code prefix}, indentation ignored. */
    int lineOf(String prefix) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).trim().startsWith(prefix.trim())) {
          return i;
        }
      }
      throw InputException.in(file, "no line starting with '" + prefix.trim() + "': not a PSPLIB file?");
    }

    /** The first integer after the colon on the line starting with {@code prefix}. */
    int intAfterColon(String prefix) {
      int index = lineOf(prefix);
      String line = text(index);
      String[] tokens = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
      return (int) parse(index, tokens[0]);
    }

    /** The whitespace-separated fields of a line; between {@code min} and {@code max} of them. */
    String[] tokens(int index, int min, int max) {
      String line = text(index).trim();
      String[] tokens = line.isEmpty() ? new String[0] : line.split("\\s+");
      if (tokens.length < min || tokens.length > max) {
        throw error(index, "expected " + (min == max ? "" + min : "at least " + min) + " numbers, found "
            + tokens.length + ": '" + line + "'");
      }
      return tokens;
    }

    /** The integers of a line; between {@code min} and {@code max} of them. */
    long[] ints(int index, int min, int max) {
      String[] tokens = tokens(index, min, max);
      long[] values = new long[tokens.length];
      for (int k = 0; k < tokens.length; k++) {
        values[k] = parse(index, tokens[k]);
      }
      return values;
    }

    long parse(int index, String token) {
      try {
        return Long.parseLong(token);
      } catch (NumberFormatException e) {
        throw error(index, "expected an integer, found '" + token + "'");
      }
    }

    void expect(int index, boolean condition, String problem) {
      if (!condition) {
        throw error(index, problem);
      }
    }

    InputException error(int index, String problem) {
      return InputException.in(file, "line " + (index + 1) + ": " + problem);
    }
  }
}
