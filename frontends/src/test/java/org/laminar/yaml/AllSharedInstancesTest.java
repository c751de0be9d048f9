package org.laminar.yaml;

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
    return files("cores");
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

  @Test
  void everyFileIsCovered() throws IOException {
    // 8 workloads, 12 Stream accelerators, 15 Stream cores + 4 ZigZag cores.
    assertTrue(workloads().size() == 8 && accelerators().size() == 12 && cores().size() == 19,
        workloads().size() + " " + accelerators().size() + " " + cores().size());
  }
}
