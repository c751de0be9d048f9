package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.cli.Cli.Outcome;

/**
 * The same inputs, {@code --seed} and {@code --workers 1} give the same {@code result.json} twice,
 * byte for byte once the wall-clock times are removed: {@code wall_time_s} and the exact
 * scheduler's {@code solver.search_wall_time_s}. CP-SAT runs to a proven optimum, so the
 * wall-clock limit does not end its search.
 */
class DeterministicResultTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"cpsat, 0", "cpsat, 7", "list, 0", "heft, 0", "lbl, 0"})
  void twoRunsWriteTheSameResult(String scheduler, int seed) throws IOException {
    String first = resultWithoutWallTimes(scheduler, seed, dir.resolve("first"));
    String second = resultWithoutWallTimes(scheduler, seed, dir.resolve("second"));

    assertEquals(first, second, scheduler + " --seed " + seed + ": the two result.json differ");
  }

  private static String resultWithoutWallTimes(String scheduler, int seed, Path out) throws IOException {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", "quad-core", "--scheduler", scheduler,
        "--workers", "1", "--seed", String.valueOf(seed), "--time-limit", "60", "--out", out.toString());
    assertEquals(0, o.code(), scheduler + " --seed " + seed + ": " + o.err());
    ObjectNode root = (ObjectNode) JSON.readTree(out.resolve("result.json").toFile());
    if (scheduler.equals("cpsat")) {
      assertEquals("OPTIMAL", root.get("status").asText(), scheduler + " --seed " + seed + ": not proven optimal");
      ((ObjectNode) root.get("solver")).remove("search_wall_time_s");
    }
    root.remove("wall_time_s");
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}
