package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input}, listed in its {@code cases.tsv}):
 * malformed files of every format and bad command-line options. Each must end with exit code 2
 * and one message line that names the place (the file and the field, layer, core or option) —
 * nothing on stdout, no stack trace, no Java type.
 */
class BadInputCorpusTest {
  private static final Path CORPUS = Path.of(System.getProperty("laminar.root"), "frontends", "src", "test",
      "resources", "bad-input");
  private static final String SHARED = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances")
      .normalize().toString();

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String line : Files.readAllLines(CORPUS.resolve("cases.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      cases.add(Arguments.of(fields[0], fields[1], fields[2]));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void exitsTwoWithOneLineNamingThePlace(String file, String arguments, String fragments) {
    String path = file.equals("-") ? "" : CORPUS.resolve(file).toString();
    String[] args = Arrays.stream(arguments.split(" "))
        .map(a -> a.replace("{}", path).replace("{shared}", SHARED)).toArray(String[]::new);
    Cli.Outcome o = Cli.run(args);

    assertEquals(Laminar.BAD_INPUT, o.code(), o.err());
    assertEquals("", o.out());
    List<String> lines = o.err().lines().filter(l -> !l.startsWith("Try '")).toList();
    assertEquals(1, lines.size(), o.err());
    String message = lines.get(0);
    assertTrue(message.startsWith("laminar: "), message);
    if (!file.equals("-")) {
      assertTrue(message.contains(Path.of(file).getFileName().toString()), "names the file: " + message);
    }
    for (String fragment : fragments.split("\\|")) {
      assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
    }
    for (String internal : List.of("Exception", "java.", "\tat ", "Jackson", "`")) {
      assertFalse(message.contains(internal), "no internals (" + internal + ") in: " + message);
    }
  }

  @Test
  void theCorpusHasAtLeastSixtyFilesAcrossEveryFormat() {
    try (Stream<Path> files = Files.walk(CORPUS)) {
      List<Path> all = files.filter(Files::isRegularFile).filter(f -> !f.endsWith("cases.tsv")).toList();
      assertTrue(all.size() >= 60, all.size() + " files");
      for (String format : List.of("onnx", "laminar-workload", "laminar-json", "laminar-accelerator",
          "stream-workload", "zigzag-workload", "zigzag-core", "stream-mapping", "zigzag-mapping", "psplib")) {
        assertTrue(all.stream().anyMatch(f -> f.startsWith(CORPUS.resolve(format))), format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
