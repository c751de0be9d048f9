package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.ImcArray;
import org.laminar.workload.Workload;

/** Every hardware and workload file of Stream and ZigZag in ../shared/instances loads. */
class AllSharedInstancesTest {

  static List<Path> files(String kind) throws IOException {
    try (Stream<Path> all = Stream.concat(Files.walk(SharedInstances.path("stream")),
        Files.walk(SharedInstances.path("zigzag")))) {
      return all.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> p.getParent().getFileName().toString().equals(kind)
              || kind.equals("cores") && p.getParent().getFileName().toString().equals("hardware")
                  && p.toString().contains("zigzag"))
          .filter(p -> !(kind.equals("hardware") && p.toString().contains("zigzag")))
          .sorted().toList();
    }
  }

  static List<Path> workloads() throws IOException {
    return files("workload");
  }

  static List<Path> accelerators() throws IOException {
    return files("hardware");
  }

  static List<Path> cores() throws IOException {
    return files("cores").stream().filter(p -> !inMemoryComputing(p)).toList();
  }

  /** ZigZag's current in-memory-computing cores. */
  static List<Path> imcCores() throws IOException {
    return files("cores").stream().filter(AllSharedInstancesTest::inMemoryComputing).toList();
  }

  private static boolean inMemoryComputing(Path file) {
    String name = file.getFileName().toString();
    return name.equals("aimc.yaml") || name.equals("dimc.yaml");
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void workloadLoads(Path file) {
    Workload w = ZigZagWorkloadReader.read(file);
    assertTrue(w.macs() > 0);
  }

  @ParameterizedTest
  @MethodSource("accelerators")
  void acceleratorLoads(Path file) {
    Accelerator a = StreamAcceleratorReader.read(file);
    assertFalse(a.cores().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("cores")
  void coreLoads(Path file) {
    Core core = ZigZagCoreReader.read(file);
    assertFalse(core.memories().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("imcCores")
  void imcCoreLoads(Path file) {
    Core core = ZigZagCoreReader.read(file);
    ImcArray macro = core.array().imc().orElseThrow();
    // Both files: 128 x 128 cells (D1 wordlines, D2 bitlines), 8-bit inputs and weights.
    assertEquals(List.of(128, 128, 8, 8), List.of(macro.columns(), macro.rows(), macro.activationBits(),
        macro.weightBits()));
    assertEquals(file.getFileName().toString().equals("aimc.yaml") ? ImcArray.Type.ANALOG : ImcArray.Type.DIGITAL,
        macro.type());
  }

  @Test
  void everyFileIsCovered() throws IOException {
    // 8 workloads, 12 Stream accelerators; 15 Stream cores + 4 ZigZag cores + 2 current ZigZag
    // digital cores; 2 current ZigZag IMC cores.
    assertTrue(workloads().size() == 8 && accelerators().size() == 12 && cores().size() == 21
            && imcCores().size() == 2,
        workloads().size() + " " + accelerators().size() + " " + cores().size() + " " + imcCores().size());
  }
}
