package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.SharedMemory;
import org.laminar.io.InputException;

class StreamAcceleratorReaderTest {

  @Test
  void tpuLikeQuadCore() {
    Accelerator a = StreamAcceleratorReader.read(SharedInstances.path("stream", "examples", "hardware",
        "tpu_like_quad_core.yaml"));
    assertEquals("tpu_like_quad_core", a.name());
    assertEquals(List.of(0, 1, 2, 3, 4, 5), a.cores().stream().map(Core::id).toList());
    // pooling.yaml and simd.yaml both declare the name "pooling": the file names tell them apart.
    assertEquals(List.of("tpu_like", "tpu_like", "tpu_like", "tpu_like", "pooling", "simd"),
        a.cores().stream().map(Core::name).toList());
    assertEquals(12, a.links().size());
    assertEquals(new Link("link_3_0", List.of(3, 0), 32, 0), a.links().get(3));
    // offchip.yaml: one read-write port of 64 bits/cycle, 1000 pJ per access.
    assertEquals(new Dram(64, 64, true, 1000.0 / 64, 1000.0 / 64), a.dram());
  }

  @Test
  void twoDimensionalMeshGeneration() {
    Accelerator quad = StreamAcceleratorReader.read(SharedInstances.path("stream", "testing", "hardware",
        "quad_testing_core_offchip.yaml"));
    assertEquals(4, quad.cores().size());
    assertEquals(List.of("link_0_1", "link_0_2", "link_1_3", "link_2_3"),
        quad.links().stream().map(Link::name).toList());
    assertEquals(64, quad.links().get(0).bandwidthBits());

    Accelerator simple = StreamAcceleratorReader.read(SharedInstances.path("stream", "testing", "hardware",
        "simple_example_hw.yaml"));
    // A 1x2 mesh of the two meta_prototype cores; pooling (2) and SIMD (3) linked to both.
    assertEquals(List.of("link_0_1", "link_0_2", "link_1_2", "link_0_3", "link_1_3"),
        simple.links().stream().map(Link::name).toList());
    assertEquals(List.of(0, 1, 2, 3), simple.cores().stream().map(Core::id).toList());
  }

  @Test
  void repositoryPathsAndMemorySharing() {
    Accelerator fusemax = StreamAcceleratorReader.read(SharedInstances.path("stream", "examples", "hardware",
        "fusemax.yaml"));
    assertEquals(List.of("generic_array", "vec"), fusemax.cores().stream().map(Core::name).toList());
    // core_memory_sharing "0, 1": the two cores' top memory (sram, all operands) is one instance; no link.
    assertEquals(List.of(), fusemax.links());
    assertEquals(List.of(new SharedMemory("sram_0_1", List.of(0, 1), "sram")), fusemax.sharedMemories());
    assertEquals(new Dram(3200, 3200, true, 10, 10), fusemax.dram());
  }

  @Test
  void sharedCoresWhoseTopMemoriesDifferAreRefused(@TempDir Path dir) throws IOException {
    Path cores = SharedInstances.path("stream", "examples", "hardware", "cores");
    Path file = SharedInstances.write(dir, "acc.yaml", "name: mixed\ncores:\n  0: " + cores.resolve("tpu_like.yaml")
        + "\n  1: " + cores.resolve("simd.yaml") + "\noffchip_core: " + cores.resolve("offchip.yaml")
        + "\ncore_connectivity: []\ncore_memory_sharing:\n  - 0, 1\nbandwidth: 64\n");
    InputException e = assertThrows(InputException.class, () -> StreamAcceleratorReader.read(file));
    assertEquals(file + ": core_memory_sharing [0, 1]: the cores keep operand I1 in top memories of different names "
        + "{0=sram_2MB, 1=sram_128KB_2rw}; a shared memory has one name in every core", e.getMessage());
  }

  @Test
  void aMissingCoreFileSaysWhereItLooked(@TempDir Path dir) throws IOException {
    Path file = SharedInstances.write(dir, "acc.yaml", """
        name: broken
        cores:
          0: nowhere.yaml
        offchip_core: nowhere.yaml
        """);
    InputException e = assertThrows(InputException.class, () -> StreamAcceleratorReader.read(file));
    assertTrue(e.getMessage().startsWith(file + ": core file 'nowhere.yaml' not found (looked in " + dir),
        e.getMessage());
  }

  @Test
  void identicalFilesKeepTheirDeclaredName() {
    Accelerator a = StreamAcceleratorReader.read(SharedInstances.path("stream", "examples", "hardware",
        "simba_small.yaml"));
    assertEquals(4, a.cores().size());
    assertTrue(a.cores().stream().allMatch(c -> c.name().equals("simba_chiplet")));
  }
}
