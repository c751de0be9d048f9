package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.evaluate.Evaluator;

/**
 * The README's worked example against the program: the lines of {@code ./laminar schedule} that
 * are deterministic — the problem and bound lines, every greedy row, and CP-SAT's proven optimum
 * (status, latency, bound, gap; its energy and memory depend on which optimal schedule it finds).
 */
class ReadmeExampleTest {
  private static final Path README = Path.of(System.getProperty("laminar.root"), "README.md");

  /** The output block under {@code $ ./laminar schedule} in the README. */
  private static List<String> readmeBlock() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("$ ./laminar schedule\n");
    assertTrue(start >= 0, "the README has the worked example");
    start += "$ ./laminar schedule\n".length();
    return readme.substring(start, readme.indexOf("```", start)).lines().toList();
  }

  /** Table rows by scheduler name, split into columns. */
  private static Map<String, List<String>> rows(List<String> lines) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines) {
      List<String> columns = List.of(line.trim().split("\\s+"));
      if (!columns.isEmpty() && Evaluator.SCHEDULERS.contains(columns.get(0))) {
        rows.put(columns.get(0), columns);
      }
    }
    return rows;
  }

  @Test
  void theWorkedExampleIsWhatTheProgramPrints() throws IOException {
    List<String> readme = readmeBlock();
    // Two workers, as in the README: the figures compared do not depend on which optimum is found.
    Cli.Outcome o = Cli.run("schedule", "--time-limit", "120");
    assertEquals(0, o.code(), o.err());
    List<String> program = o.out().lines().toList();

    assertEquals(readme.subList(0, 2), program.subList(0, 2));
    Map<String, List<String>> expected = rows(readme);
    Map<String, List<String>> actual = rows(program);
    assertEquals(expected.keySet(), actual.keySet());
    for (String greedy : List.of("lbl", "list", "heft")) {
      assertEquals(expected.get(greedy), actual.get(greedy), greedy);
    }
    // status, valid, latency ... bound, gap: columns 1-3 and the last two.
    List<String> cp = expected.get("cpsat");
    List<String> got = actual.get("cpsat");
    assertEquals("optimal", cp.get(1));
    assertEquals(cp.subList(1, 4), got.subList(1, 4));
    assertEquals(cp.subList(cp.size() - 2, cp.size()), got.subList(got.size() - 2, got.size()));
  }
}
