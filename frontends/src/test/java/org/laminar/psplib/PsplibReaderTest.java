package org.laminar.psplib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.io.InputException;
import org.laminar.ir.IrProblem;
import org.laminar.ir.Mode;
import org.laminar.ir.Precedence;
import org.laminar.ir.Resource;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Usage;

class PsplibReaderTest {
  static final Path J30 = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "psplib", "j30");

  @TempDir
  Path dir;

  @Test
  void readsJobsResourcesAndPrecedencesOfJ301_1() {
    IrProblem p = PsplibReader.read(J30.resolve("j301_1.sm"));
    assertEquals("j301_1", p.name());
    assertEquals(List.of(new Resource("R1", ResourceKind.RENEWABLE, 12), new Resource("R2", ResourceKind.RENEWABLE, 13),
        new Resource("R3", ResourceKind.RENEWABLE, 4), new Resource("R4", ResourceKind.RENEWABLE, 12)), p.resources());
    assertEquals(32, p.size());
    // Job 2: 8 periods, 4 units of R1; job 32 is the zero-duration sink.
    assertEquals(List.of(new Mode("mode1", 8, 0, List.of(new Usage(0, 4)))), p.tasks().get(1).modes());
    assertEquals(0, p.tasks().get(31).maxDuration());
    // Successor lists: 3+3+3+3+1+... = 48 arcs; job 1 precedes 2, 3, 4.
    assertEquals(48, p.precedences().size());
    assertEquals(List.of(Precedence.of(0, 1), Precedence.of(0, 2), Precedence.of(0, 3)), p.precedences().subList(0, 3));
  }

  @Test
  void readsThePublishedOptima() {
    Map<String, Long> optima = PsplibReader.readOptima(J30.resolve("j30opt-subset.sm"));
    assertEquals(20, optima.size());
    assertEquals(43, optima.get("j301_1"));
    assertEquals(45, optima.get("j301_10"));
    assertEquals(58, optima.get("j3013_1"));
    assertEquals(106, optima.get("j3013_8"));
  }

  /** Replaces one line fragment of j301_1.sm and checks the message naming the file and line. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
      "  2      1     8       4|  2      1     x       4|line 56: expected an integer, found 'x'",
      "   2        1          3           6|   2        2          3           6"
          + "|line 20: job 2 has 2 modes: multi-mode files are not supported",
      "   5        1          1          20|   5        1          2          20"
          + "|line 23: job 5 announces 2 successors but lists 1",
      "RESOURCEAVAILABILITIES:|AVAILABILITIES:|no line starting with 'RESOURCEAVAILABILITIES:': not a PSPLIB file?",
      "  32        1          0        |  32        1          1           1"
          + "|broken: the precedences contain a cycle (through 32 of 32 tasks)"})
  void namesFileAndLineOfTheProblem(String from, String to, String message) throws IOException {
    String text = Files.readString(J30.resolve("j301_1.sm"));
    assertTrue(text.contains(from), from);
    Path file = dir.resolve("broken.sm");
    Files.writeString(file, text.replace(from, to));
    assertEquals(file + ": " + message, error(file));
  }

  private String error(Path file) {
    return assertThrows(InputException.class, () -> PsplibReader.read(file)).getMessage();
  }

  @Test
  void reportsAMissingFile() {
    Path file = dir.resolve("none.sm");
    assertEquals(file + ": cannot read the file: " + file, error(file));
  }
}
