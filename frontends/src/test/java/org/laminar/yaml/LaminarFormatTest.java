package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.hardware.Accelerator;
import org.laminar.io.InputException;
import org.laminar.workload.Workload;

class LaminarFormatTest {
  @TempDir
  Path dir;

  @Test
  void workloadRoundTripsThroughYamlAndJson() throws IOException {
    Workload resnet = ZigZagWorkloadReader.read(SharedInstances.path("zigzag", "workload", "resnet18.yaml"));
    assertEquals(resnet, LaminarFormat.readWorkload(YamlFiles.file(write("w.yaml", LaminarFormat.write(resnet, false)))));
    assertEquals(resnet, LaminarFormat.readWorkload(YamlFiles.file(write("w.json", LaminarFormat.write(resnet, true)))));
  }

  @Test
  void acceleratorRoundTripsWithCoreTypes() throws IOException {
    Accelerator quad = StreamAcceleratorReader.read(SharedInstances.path("stream", "examples", "hardware",
        "tpu_like_quad_core.yaml"));
    String yaml = LaminarFormat.write(quad, false);
    assertEquals(1, yaml.lines().filter(l -> l.equals("  tpu_like:")).count(), yaml);
    assertEquals(quad, LaminarFormat.readAccelerator(YamlFiles.file(write("a.yaml", yaml))));
    assertEquals(quad, LaminarFormat.readAccelerator(YamlFiles.file(write("a.json", LaminarFormat.write(quad, true)))));
  }

  @Test
  void sharedMemoriesRoundTripAndAreLeftOutWhenThereAreNone() throws IOException {
    Accelerator fusemax = StreamAcceleratorReader.read(SharedInstances.path("stream", "examples", "hardware",
        "fusemax.yaml"));
    String yaml = LaminarFormat.write(fusemax, false);
    assertTrue(yaml.contains("shared_memories:"), yaml);
    assertEquals(fusemax, LaminarFormat.readAccelerator(YamlFiles.file(write("f.yaml", yaml))));
    assertEquals(fusemax, LaminarFormat.readAccelerator(YamlFiles.file(write("f.json", LaminarFormat.write(fusemax,
        true)))));
    Accelerator quad = StreamAcceleratorReader.read(SharedInstances.path("stream", "examples", "hardware",
        "tpu_like_quad_core.yaml"));
    assertFalse(LaminarFormat.write(quad, false).contains("shared_memories"));
  }

  @Test
  void anImcCoreIsNotWrittenAsADigitalOne() throws Exception {
    Accelerator mixed = StreamAcceleratorReader.read(Path.of(LaminarFormatTest.class
        .getResource("/org/laminar/imc/imc_hetero.yaml").toURI()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LaminarFormat.write(mixed, false));
    assertTrue(e.getMessage().startsWith("core aimc_small: Laminar's format cannot describe an in-memory-computing"),
        e.getMessage());
  }

  @Test
  void everyFieldIsRequired() throws IOException {
    Path file = write("w.yaml", """
        format: laminar/1
        name: w
        layers:
          - {id: 0, name: a, type: CONV, op: Conv, dims: {K: 2}, stride: [1, 1], dilation: [1, 1],
             padding: [0, 0, 0, 0], sources: {}}
        """);
    InputException e = assertThrows(InputException.class, () -> LaminarFormat.readWorkload(YamlFiles.file(file)));
    assertEquals(file + ": line 5, column 40: at layers[0]: missing field 'precision'", e.getMessage());
  }

  @Test
  void aTypoGetsTheClosestFieldName() throws IOException {
    Path file = write("w.yaml", """
        format: laminar/1
        name: w
        layers:
          - id: 0
            name: a
            type: CONV
            op: Conv
            dims: {K: 2}
            strides: [1, 1]
        """);
    InputException e = assertThrows(InputException.class, () -> LaminarFormat.readWorkload(YamlFiles.file(file)));
    assertEquals(file + ": line 10, column 1: at layers[0]: missing field 'stride' (did you mean it instead of "
        + "'strides'?)",
        e.getMessage());
  }

  @Test
  void anUnknownFormatVersionIsRefused() throws IOException {
    Path file = write("w.yaml", "format: laminar/9\nname: w\nlayers: []\n");
    InputException e = assertThrows(InputException.class, () -> LaminarFormat.readWorkload(YamlFiles.file(file)));
    assertEquals(file + ": format 'laminar/9' is not supported; expected laminar/1", e.getMessage());
  }

  private Path write(String name, String text) throws IOException {
    return SharedInstances.write(dir, name, text);
  }
}
