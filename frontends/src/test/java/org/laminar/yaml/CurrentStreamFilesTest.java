package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.FixedRateArray;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.SharedMemory;
import org.laminar.io.InputException;
import org.laminar.io.InputWarnings;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Workload;

/**
 * Files in Stream's current formats (accelerator with {@code offchip_core_id} and connection
 * maps, core types and extension fields, mappings with {@code layers} and {@code D<n>} splits),
 * written here from Stream's schema since ../shared/instances holds its journal-version files.
 */
class CurrentStreamFilesTest {

  /** One layer per operator class, with sizes that the splits below do not exceed. */
  private static final Workload NET = new Workload("net", List.of(
      StreamMappingReaderTest.layer(0, "conv", OperatorType.CONV, "Conv", 8, 4, 1, List.of()),
      StreamMappingReaderTest.layer(1, "pool", OperatorType.POOL, "MaxPool", 1, 1, 8, List.of(0)),
      StreamMappingReaderTest.layer(2, "relu", OperatorType.ACTIVATION, "Relu", 1, 1, 8, List.of(1)),
      StreamMappingReaderTest.layer(3, "add", OperatorType.ELEMENTWISE, "Add", 1, 1, 8, List.of(2)),
      StreamMappingReaderTest.layer(4, "fc", OperatorType.GEMM, "Gemm", 10, 8, 1, List.of(3)),
      StreamMappingReaderTest.layer(5, "mm", OperatorType.GEMM, "MatMul", 10, 10, 1, List.of(4))));

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(CurrentStreamFilesTest.class.getResource("/org/laminar/stream-current/" + name).toURI());
  }

  @Test
  void currentAcceleratorLoadsWithItsConnections() throws URISyntaxException {
    Path file = resource("hardware/current_quad.yaml");
    StringWriter err = new StringWriter();
    try (InputWarnings.Scope scope = InputWarnings.to(new PrintWriter(err))) {
      Accelerator a = StreamAcceleratorReader.read(file);
      // The off-chip core (5) is DRAM, not a compute core.
      assertEquals(List.of(0, 1, 2, 3, 4), a.cores().stream().map(Core::id).toList());
      assertEquals(List.of("array", "array", "array", "array", "vector"), a.cores().stream().map(Core::name).toList());
      // Links: the file's unit_energy_cost 0.5 unless a connection gives its own; the bus that
      // includes DRAM links cores 0-4; [3, 5] reaches only DRAM, so it is no link.
      // Two connections of cores 2 and 3: the second is named apart.
      assertEquals(List.of(new Link("link_0_1", List.of(0, 1), 64, 0.5), new Link("link_1_2", List.of(1, 2), 64, 0.25),
          new Link("link_2_3", List.of(2, 3), 64, 0.5), new Link("bus_0_1_2_3_4_5", List.of(0, 1, 2, 3, 4), 128, 0.5),
          new Link("link_2_3_2", List.of(2, 3), 32, 0.5)), a.links());
      // dram.yaml: one read-write port of 64 bits/cycle, 640 pJ per access = 10 pJ/bit.
      assertEquals(new Dram(64, 64, true, 10, 10), a.dram());
    }
    assertEquals(List.of("laminar: warning: " + file + ": core_connectivity [3, 5] reaches the off-chip core at 16 "
        + "bits/cycle, less than its ports' 64; Laminar moves DRAM data at the ports' bandwidth"),
        err.toString().lines().toList());
  }

  @Test
  void currentMappingSplitsByStreamDimensionPositions() throws URISyntaxException {
    Map<Integer, LayerTiling> layers = StreamMappingReader.read(resource("mapping/current_quad.yaml"),
        withoutMatMul());
    // Conv's D6 is K (4 parts), D2 is OY (2 parts); the listed cores are the ones it may use.
    assertEquals(new LayerTiling(Split.of(2), Split.of(4), List.of(0, 1, 2, 3), false), layers.get(0));
    // MaxPool's D1 is its channels.
    assertEquals(new LayerTiling(Split.ONE, Split.of(2), List.of(4), false), layers.get(1));
    // Relu's D3 is OX (b, k, oy, ox): four column tiles.
    assertEquals(new LayerTiling(Split.ONE, Split.ONE, List.of(4), false, false, Split.of(4)), layers.get(2));
    assertEquals(new LayerTiling(Split.ONE, Split.ONE, List.of(4), false), layers.get(3));
    // Gemm's D2 is n, the output channels.
    assertEquals(new LayerTiling(Split.ONE, Split.of(2), List.of(0, 1), false), layers.get(4));
  }

  private static Workload withoutMatMul() {
    return new Workload("net", NET.layers().subList(0, 5));
  }

  @Test
  void aMatMulDimensionByPositionIsRefusedNamingTheLaminarNames(@TempDir Path dir) throws IOException {
    String message = mappingFails(dir, """
        layers:
          - name: default
            core_allocation: [[0]]
            inter_core_tiling: [[{dim: D1, split: 2}]]
        """, NET);
    assertTrue(message.endsWith("entry 'default': D1 of layer 'mm' (MatMul): the order of a MatMul's dimensions "
        + "depends on its tensors' rank in Stream; name the dimension as Laminar does (OY, K)"), message);
  }

  @Test
  void aDimensionBeyondTheOperatorsIsRefused(@TempDir Path dir) throws IOException {
    String message = mappingFails(dir, """
        layers:
          - name: default
            core_allocation: [[0]]
            inter_core_tiling: [[{dim: D7, split: 2}]]
        """, withoutMatMul());
    assertTrue(message.endsWith("entry 'default': layer 'conv' (Conv) has dimensions D0 to D6, not D7"), message);
  }

  @Test
  void fusedGroupsGiveTileSizesAndSeveralOptionsAreRefused(@TempDir Path dir) throws IOException {
    // conv's OY (D2) is 4 rows: tiles of 3 rows are 2 parts; pool's channels (D1) are 8: tiles of
    // 2 are 4 parts (named by its operator); a plain D6 applies to the layers of the group's Conv
    // entry: K 8 in tiles of 8 is 1 part, so conv keeps its 2 channel parts.
    Path file = dir.resolve("fused.yaml");
    Files.writeString(file, """
        layers:
          - name: Conv
            core_allocation: [[0, 1]]
            inter_core_tiling: [[{dim: D6, split: 2}]]
          - name: default
            core_allocation: [[0]]
        fused_groups:
          - name: front
            layers: [Conv]
            intra_core_tiling:
              - {dim: conv.D2, tile: 3}
              - {dim: MaxPool.D1, tile: 2}
              - {dim: D6, tile: 8}
        """);
    StringWriter err = new StringWriter();
    Map<Integer, LayerTiling> layers;
    try (InputWarnings.Scope scope = InputWarnings.to(new PrintWriter(err))) {
      layers = StreamMappingReader.read(file, withoutMatMul());
    }
    assertEquals(new LayerTiling(Split.of(2), Split.of(2), List.of(0, 1), false), layers.get(0));
    assertEquals(new LayerTiling(Split.ONE, Split.of(4), List.of(0), false), layers.get(1));
    assertEquals(new LayerTiling(Split.ONE, Split.ONE, List.of(0), false), layers.get(2));
    assertEquals(List.of("laminar: warning: " + file + ": fused_groups: their tile sizes are applied, the grouping "
        + "is not: Laminar's --fuse (default auto) chooses the fused stacks"), err.toString().lines().toList());
    String options = mappingFails(dir, """
        layers:
          - name: default
            core_allocation: [[0], [1]]
        """, NET);
    assertTrue(options.endsWith("layer 'default': 2 core_allocation options and 0 inter_core_tiling options; "
        + "Laminar takes one of each (its schedulers choose the cores within the option)"), options);
  }

  @Test
  void aMisspeltFieldOfTheCurrentFormatsNamesTheClosestOne(@TempDir Path dir) throws IOException, URISyntaxException {
    String mapping = mappingFails(dir, """
        layers:
          - name: default
            core_allocation: [[0]]
            inter_core_tilling: [[{dim: D2, split: 2}]]
        """, NET);
    assertTrue(mapping.endsWith("at layers[0].inter_core_tilling: unknown field 'inter_core_tilling' (did you mean "
        + "'inter_core_tiling'?)"), mapping);
    Path accelerator = dir.resolve("accelerator.yaml");
    Files.writeString(accelerator, Files.readString(resource("hardware/current_quad.yaml"))
        .replace("technology_node", "technology_mode")
        .replace("./cores/", resource("hardware/cores").toString() + "/"));
    String message = assertThrows(InputException.class, () -> StreamAcceleratorReader.read(accelerator)).getMessage();
    assertTrue(message.startsWith(accelerator + ": line "), message);
    assertTrue(message.endsWith("unknown field 'technology_mode' (did you mean 'technology_node'?)"), message);
  }

  @Test
  void aMemoryCoreIsTheOuterMemoryOfTheCoresOnItsConnectionsSharedByThem() throws URISyntaxException {
    Accelerator a = StreamAcceleratorReader.read(resource("hardware/memory_core_pair.yaml"));
    // The memory core (2) and the shim (3, the off-chip core) are no compute cores.
    assertEquals(List.of(0, 1), a.cores().stream().map(Core::id).toList());
    for (Core core : a.cores()) {
      assertEquals(List.of("rf", "scratch"), core.memories().stream().map(MemoryLevel::name).toList());
      MemoryLevel scratch = core.memories().get(1);
      // staging.yaml's memory, one instance over the whole 4-PE array.
      assertEquals(4096, scratch.sizeBits());
      assertEquals(Set.of("D1"), scratch.servedDimensions());
      assertEquals(Optional.of(scratch), core.localMemory(MemoryOperand.I2));
    }
    assertEquals(List.of(new SharedMemory("scratch_2", List.of(0, 1), "scratch")), a.sharedMemories());
    // The bus keeps its compute cores; the memory core's link to the shim is the cores' path to DRAM.
    assertEquals(List.of(new Link("bus_0_1_2", List.of(0, 1), 64, 0)), a.links());
    // shim.yaml: one read-write port of 8 bits/cycle, 64 pJ per access = 8 pJ/bit.
    assertEquals(new Dram(8, 8, true, 8, 8), a.dram());
  }

  /** The accelerator in {@code file}, its warnings written to {@code err}. */
  private static Accelerator read(Path file, StringWriter err) {
    try (InputWarnings.Scope scope = InputWarnings.to(new PrintWriter(err))) {
      return StreamAcceleratorReader.read(file);
    }
  }

  @Test
  void aConnectionOfMemoryCoresJoinsTheirGroupsAndFurtherShimsAreIgnored() throws URISyntaxException {
    Path file = resource("hardware/two_memory_cores.yaml");
    StringWriter err = new StringWriter();
    Accelerator a = read(file, err);
    assertEquals(List.of(0, 1, 3, 4), a.cores().stream().map(Core::id).toList());
    assertEquals(List.of(new SharedMemory("scratch_2", List.of(0, 1), "scratch"),
        new SharedMemory("scratch_5", List.of(3, 4), "scratch")), a.sharedMemories());
    // [2, 5] joins the cores of both groups; [2, 5, 7] too, DRAM (7) reached by its ports.
    assertEquals(List.of(new Link("bus_0_1_2", List.of(0, 1), 64, 0), new Link("bus_3_4_5", List.of(3, 4), 64, 0),
        new Link("link_2_5", List.of(0, 1, 3, 4), 32, 0), new Link("bus_2_5_7", List.of(0, 1, 3, 4), 64, 0)),
        a.links());
    assertEquals(List.of("laminar: warning: " + file + ": shim cores [6] are ignored: Laminar reaches DRAM through "
        + "the off-chip core's ports alone, and a further shim is one more DMA channel to it, which Laminar does not "
        + "model"), err.toString().lines().toList());
  }

  @Test
  void memoryCoresLaminarCannotPlaceAreRefused(@TempDir Path dir) throws IOException, URISyntaxException {
    String cores = resource("hardware/cores").toString() + "/";
    String alone = acceleratorFails(dir, """
        name: alone
        cores: {0: %1$ssmall.yaml, 1: %1$sstaging.yaml, 2: %1$sdram.yaml}
        offchip_core_id: 2
        core_connectivity:
          - {type: link, cores: [1, 2], bandwidth: 64}
        """.formatted(cores));
    assertTrue(alone.endsWith(": memory core 1 shares no connection with a compute core, so no core can use its "
        + "memory"), alone);
    String two = acceleratorFails(dir, """
        name: two
        cores: {0: %1$ssmall.yaml, 1: %1$sstaging.yaml, 2: %1$sstaging.yaml, 3: %1$sdram.yaml}
        offchip_core_id: 3
        core_connectivity:
          - {type: link, cores: [0, 1], bandwidth: 64}
          - {type: link, cores: [0, 2], bandwidth: 64}
        """.formatted(cores));
    assertTrue(two.endsWith(": core 0 is connected to memory cores 1 and 2; Laminar gives a core the memory of one "
        + "memory core"), two);
    String journal = acceleratorFails(dir, """
        name: journal
        cores: [%1$ssmall.yaml, %1$sstaging.yaml]
        offchip_core: %1$sdram.yaml
        bandwidth: 64
        core_connectivity: ["0, 1"]
        """.formatted(cores));
    assertTrue(journal.endsWith(": core 1 is a memory core; Laminar reads memory and shim cores in Stream's current "
        + "format only (offchip_core_id and core_connectivity entries with type, cores and bandwidth)"), journal);
  }

  @Test
  void aMisspeltFieldOfAMemoryCoreNamesTheClosestOne(@TempDir Path dir) throws IOException, URISyntaxException {
    Path staging = dir.resolve("staging.yaml");
    Files.writeString(staging, Files.readString(resource("hardware/cores/staging.yaml"))
        .replace("served_dimensions", "served_dimension"));
    String cores = resource("hardware/cores").toString() + "/";
    String message = acceleratorFails(dir, """
        name: typo
        cores: {0: %1$ssmall.yaml, 1: %1$ssmall.yaml, 2: %2$s, 3: %1$sdram.yaml}
        offchip_core_id: 3
        core_connectivity:
          - {type: bus, cores: [0, 1, 2], bandwidth: 64}
        """.formatted(cores, staging));
    assertTrue(message.startsWith(staging + ": line "), message);
    assertTrue(message.endsWith("unknown field 'served_dimension' (did you mean 'served_dimensions'?)"), message);
  }

  /**
   * An AIE column (aie/column.yaml: shim 0, memory tile 1, compute tiles 2 and 3 on a chain of
   * links): the compute tiles are fixed-rate cores of Stream's AIE2 rates with their 64 KiB
   * (524,288-bit) memory; the memory tile's 256 KiB (2,097,152 bits) is the outer memory of the one
   * compute tile it shares a link with (2, so no shared memory); the shim is the DRAM, its 128
   * bits/cycle one read-write port, no energy.
   */
  @Test
  void anAieColumnLoadsWithItsMemoryTileAndShim() throws URISyntaxException {
    Path file = resource("hardware/aie/column.yaml");
    StringWriter err = new StringWriter();
    Accelerator a = read(file, err);
    assertEquals(List.of(2, 3), a.cores().stream().map(Core::id).toList());
    for (Core core : a.cores()) {
      assertEquals(Optional.of(new FixedRateArray(Map.of(16, 32, 32, 16), Map.of())), core.array().fixedRate());
      assertEquals(524_288, core.memories().get(0).sizeBits());
    }
    assertEquals(List.of("aie_tile", "mem_tile"), a.core(2).memories().stream().map(MemoryLevel::name).toList());
    assertEquals(2_097_152, a.core(2).memories().get(1).sizeBits());
    assertEquals(List.of("aie_tile"), a.core(3).memories().stream().map(MemoryLevel::name).toList());
    assertEquals(List.of(), a.sharedMemories());
    assertEquals(List.of(new Link("link_2_3", List.of(2, 3), 64, 0)), a.links());
    assertEquals(new Dram(128, 128, true, 0, 0), a.dram());
    assertEquals(List.of("laminar: warning: " + file + ": core_connectivity [0, 1] reaches the off-chip core at 64 "
        + "bits/cycle, less than its ports' 128; Laminar moves DRAM data at the ports' bandwidth"),
        err.toString().lines().toList());
  }

  /**
   * Two columns as Stream's whole_array lays them out (aie/two_columns.yaml): each memory tile is
   * the outer memory of its column's first compute tile (2 and 6), its links to the shim and to
   * that tile are no links between compute tiles, and the second shim (4) is ignored.
   */
  @Test
  void anAieArrayGivesEachColumnsFirstTileItsMemoryTile() throws URISyntaxException {
    Path file = resource("hardware/aie/two_columns.yaml");
    StringWriter err = new StringWriter();
    Accelerator a = read(file, err);
    assertEquals(List.of(2, 3, 6, 7), a.cores().stream().map(Core::id).toList());
    for (int id : List.of(2, 6)) {
      assertEquals(List.of("aie_tile", "mem_tile"), a.core(id).memories().stream().map(MemoryLevel::name).toList());
    }
    for (int id : List.of(3, 7)) {
      assertEquals(List.of("aie_tile"), a.core(id).memories().stream().map(MemoryLevel::name).toList());
    }
    assertEquals(List.of(new Link("link_2_3", List.of(2, 3), 64, 0), new Link("link_6_7", List.of(6, 7), 64, 0),
        new Link("link_2_6", List.of(2, 6), 64, 0), new Link("link_3_7", List.of(3, 7), 64, 0)), a.links());
    assertEquals(List.of("laminar: warning: " + file + ": shim cores [4] are ignored: Laminar reaches DRAM through "
        + "the off-chip core's ports alone, and a further shim is one more DMA channel to it, which Laminar does not "
        + "model"), err.toString().lines().toList());
  }

  @Test
  void aBadAieTileOrCoreTypeIsRefusedNamingTheFile(@TempDir Path dir) throws IOException, URISyntaxException {
    Path noCapacity = dir.resolve("aie_tile.yaml");
    Files.writeString(noCapacity, Files.readString(resource("hardware/aie/aie_tile.yaml"))
        .replace("  capacity: 524288\n", ""));
    String missing = assertThrows(InputException.class, () -> ZigZagCoreReader.read(noCapacity)).getMessage();
    assertTrue(missing.startsWith(noCapacity + ": "), missing);
    assertTrue(missing.contains("'capacity'"), missing);
    Path empty = dir.resolve("empty_tile.yaml");
    Files.writeString(empty, Files.readString(resource("hardware/aie/aie_tile.yaml"))
        .replace("capacity: 524288", "capacity: 0"));
    assertEquals(empty + ": core aie_tile: memory: capacity must be > 0 bits, got 0",
        assertThrows(InputException.class, () -> ZigZagCoreReader.read(empty)).getMessage());
    Path unknown = dir.resolve("cache.yaml");
    Files.writeString(unknown, Files.readString(resource("hardware/cores/dram.yaml"))
        .replace("type: zigzag.offchip", "type: zigzag.cache"));
    assertEquals(unknown + ": core dram: type 'zigzag.cache' is not a Stream core type; expected zigzag.compute, "
        + "zigzag.memory, zigzag.shim or zigzag.offchip, or an AIE tile's aie2.compute, aie2.memory, aie2.shim or "
        + "aie2.offchip", assertThrows(InputException.class, () -> ZigZagCoreReader.read(unknown)).getMessage());
  }

  /**
   * The kernels' utilisation of aie_list.yaml: conv and pool take the conv kernel's 61.8 %
   * (inline, by alias), the other layers the default entry's 50 % (in {@code kwargs}).
   */
  @Test
  void theKernelsOfAMappingGiveEachLayerItsUtilization(@TempDir Path dir) throws IOException, URISyntaxException {
    assertEquals(Map.of("conv", 61.8, "pool", 61.8, "relu", 50.0, "add", 50.0, "fc", 50.0, "mm", 50.0),
        StreamMappingReader.kernels(resource("mapping/aie_list.yaml"), NET));
    Path none = dir.resolve("none.yaml");
    Files.writeString(none, "- {name: default, core_allocation: [2]}\n");
    assertEquals(100.0, StreamMappingReader.kernels(none, NET).get("conv"));
    Path over = dir.resolve("over.yaml");
    Files.writeString(over, "- {name: default, core_allocation: [2], kernel: {name: k, kwargs: {utilization: 150}}}\n");
    assertEquals(over + ": entry 'default': the kernel's utilization is a percentage in (0, 100], got 150.0",
        assertThrows(InputException.class, () -> StreamMappingReader.kernels(over, NET)).getMessage());
  }

  /**
   * The list form of Stream's AIE mappings: {@code kernel} entries are accepted, and YAML aliases
   * read as the nodes their anchors mark, as PyYAML reads them: the same file with the aliases
   * written out gives the same tiling.
   */
  @Test
  void aListMappingWithKernelsAndAliasesLoads(@TempDir Path dir) throws IOException, URISyntaxException {
    Path aliased = resource("mapping/aie_list.yaml");
    Map<Integer, LayerTiling> layers = StreamMappingReader.read(aliased, withoutMatMul());
    Path expanded = dir.resolve("expanded.yaml");
    Files.writeString(expanded, """
        - {name: conv, core_allocation: [2], intra_core_tiling: ["OY, 2", "C, 1"], inter_core_tiling: ["K, 1"]}
        - {name: pool, core_allocation: [2], intra_core_tiling: ["OY, 2", "C, 1"], inter_core_tiling: ["K, 1"]}
        - {name: default, core_allocation: [3], inter_core_tiling: ["K, 2"]}
        """);
    assertEquals(StreamMappingReader.read(expanded, withoutMatMul()), layers);
    assertEquals(List.of(2), layers.get(0).cores());
    assertEquals(List.of(2), layers.get(1).cores());
    assertEquals(List.of(3), layers.get(4).cores());
    assertEquals(Split.of(2), layers.get(4).channels());
  }

  private static String acceleratorFails(Path dir, String text) throws IOException {
    Path file = dir.resolve("accelerator.yaml");
    Files.writeString(file, text);
    return assertThrows(InputException.class, () -> StreamAcceleratorReader.read(file)).getMessage();
  }

  @Test
  void aCoreWrittenInlineIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("inline.yaml");
    Files.writeString(file, """
        name: inline
        cores:
          0: {name: core}
        offchip_core_id: 0
        core_connectivity: []
        """);
    String message = assertThrows(InputException.class, () -> StreamAcceleratorReader.read(file)).getMessage();
    assertEquals(file + ": cores.0: give the core's file name; Laminar does not read cores written inline in the "
        + "accelerator file", message);
  }

  private static String mappingFails(Path dir, String text, Workload workload) throws IOException {
    Path file = dir.resolve("mapping.yaml");
    Files.writeString(file, text);
    String message = assertThrows(InputException.class, () -> StreamMappingReader.read(file, workload)).getMessage();
    assertTrue(message.startsWith(file.toString()), message);
    return message;
  }
}
