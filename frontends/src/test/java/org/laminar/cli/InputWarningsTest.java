package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three leniencies kept on purpose (docs/BAD-INPUT.md): the run goes on, exit code 0, and
 * stderr has one warning line naming the file and what was done, once.
 */
class InputWarningsTest {
  private static final Path SHARED = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances");

  @TempDir
  Path dir;

  private static List<String> warnings(Cli.Outcome run) {
    return run.err().lines().filter(l -> l.startsWith("laminar: warning: ")).toList();
  }

  @Test
  void aKeyGivenTwiceInAZigZagCoreIsWarnedAboutOnceAndTheLastOneIsUsed() {
    String core = SHARED.resolve("zigzag/hardware/tpu_like.yaml").toString();
    Cli.Outcome run = Cli.run("inspect", "--workload", "chain5", "--hardware", core);

    assertEquals(0, run.code(), run.err());
    assertEquals(List.of("laminar: warning: " + core + ": line 74: key 'ports' given twice in /memories/sram_2MB; "
        + "the last one is used, as in ZigZag and Stream"), warnings(run));
  }

  @Test
  void aDuplicateKeyInLaminarsOwnFormatIsStillAnError() {
    Path file = Path.of(System.getProperty("laminar.root"), "frontends", "src", "test", "resources", "bad-input",
        "laminar-workload", "duplicate-key.yaml");
    Cli.Outcome run = Cli.run("inspect", "--workload", file.toString());

    assertEquals(2, run.code(), run.err());
    assertTrue(warnings(run).isEmpty(), run.err());
  }

  @Test
  void anUnrollingWiderThanTheArrayIsCutWithOneWarningForTheIdenticalCores() {
    String hardware = SHARED.resolve("stream/examples/hardware/eyeriss_like_quad_core.yaml").toString();
    Cli.Outcome run = Cli.run("inspect", "--workload", "chain5", "--hardware", hardware);

    assertEquals(0, run.code(), run.err());
    assertEquals(List.of("laminar: warning: " + hardware + ": cores 0, 1, 2, 3 (eyeriss_like): the dataflow unrolls "
        + "K 16 over D1 of 14 PEs, C 16 over D2 of 12 PEs; cut to the array, as ZigZag and Stream do"), warnings(run));
  }

  @Test
  void aSharedMappingEntryThatOverSplitsALayerIsCutWithAWarningNamingTheLayers() throws Exception {
    // chain5: conv0, conv1 and conv4 have 16 output channels, conv3 32; the pool's channels are its 16 groups.
    Path mapping = dir.resolve("mapping.yaml");
    Files.writeString(mapping, """
        - name: default
          core_allocation: [0, 1, 2, 3]
          inter_core_tiling:
            - K, 20
        """);
    Cli.Outcome run = Cli.run("schedule", "--scheduler", "lbl", "--mapping", mapping.toString());

    assertEquals(0, run.code(), run.err());
    assertEquals(List.of("laminar: warning: " + mapping + ": entry 'default' splits K into 20 parts; cut to the size "
        + "of layers 'conv0' (16), 'conv1' (16), 'pool' (16), 'conv4' (16), as "
        + "Stream does"), warnings(run));
    assertTrue(run.out().contains("lbl "), run.out());
  }

  @Test
  void anEntryNamedAfterTheLayerThatOverSplitsItIsStillRefused() throws Exception {
    Path mapping = dir.resolve("mapping.yaml");
    Files.writeString(mapping, """
        - name: default
          core_allocation: [0, 1, 2, 3]
        - name: conv0
          core_allocation: [0, 1]
          inter_core_tiling:
            - K, 20
        """);
    Cli.Outcome run = Cli.run("schedule", "--scheduler", "lbl", "--mapping", mapping.toString());

    assertEquals(2, run.code(), run.err());
    assertEquals("laminar: error: " + mapping + ": entry 'conv0': splits K into 20 parts, but the layer has 16 (use "
        + "'all' for one part per element)", run.err().strip());
  }
}
