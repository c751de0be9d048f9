package org.laminar.yaml;

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
import org.junit.jupiter.params.provider.ValueSource;
import org.laminar.cost.LayerMapping;
import org.laminar.cost.Mapping;
import org.laminar.cost.TemporalLoop;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.Unroll;
import org.laminar.io.InputException;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;

class ZigZagMappingReaderTest {
  @TempDir
  Path dir;

  @Test
  void gemmDimensionsBecomeLaminarDimensions() {
    Mapping m = ZigZagMappingReader.read(SharedInstances.path("zigzag", "mapping", "gemm_l1.yaml"));
    LayerMapping d = m.entries().get(Mapping.DEFAULT);
    assertEquals(List.of(new Unroll(LoopDim.OY, 8)), d.spatial().byArrayDimension().get("D1"));
    assertEquals(List.of(new Unroll(LoopDim.C, 8)), d.spatial().byArrayDimension().get("D2"));
    assertEquals(List.of(new Unroll(LoopDim.K, 8)), d.spatial().byArrayDimension().get("D3"));
    assertEquals(List.of(TemporalLoop.remaining(LoopDim.K), TemporalLoop.remaining(LoopDim.C),
        TemporalLoop.remaining(LoopDim.OY)), d.temporalOrdering());
    assertEquals(MemoryOperand.I2, d.link(Operand.W));
  }

  @Test
  void entriesByLayerAndOperatorName() {
    Mapping m = ZigZagMappingReader.read(SharedInstances.path("zigzag", "mapping", "tpu_like.yaml"));
    assertEquals(List.of("default", "Add", "Pooling", "example_name_of_layer0"), List.copyOf(m.entries().keySet()));
    LayerMapping first = m.entries().get("example_name_of_layer0");
    assertEquals(new TemporalLoop(LoopDim.OX, 112), first.temporalOrdering().get(0));
    assertEquals(new TemporalLoop(LoopDim.K, 2), first.temporalOrdering().get(4));
    assertTrue(m.entries().get("Add").temporalOrdering().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge_tpu_like.yaml", "meta_prototype_like.yaml"})
  void everySharedMappingLoads(String file) {
    assertTrue(ZigZagMappingReader.read(SharedInstances.path("zigzag", "mapping", file)).entries()
        .containsKey(Mapping.DEFAULT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default.yaml", "default_imc.yaml", "edge_tpu_like_mixed.yaml",
      "meta_prototype_like_mixed.yaml", "tpu_like_mixed.yaml"})
  void everyCurrentZigZagMappingLoads(String file) {
    assertTrue(ZigZagMappingReader.read(SharedInstances.path("zigzag", "current", "mapping", file)).entries()
        .containsKey(Mapping.DEFAULT));
  }

  @Test
  void imcMappingLoadsItsSpatialHints() {
    Mapping m = ZigZagMappingReader.read(SharedInstances.path("zigzag", "current", "mapping", "default_imc.yaml"));
    LayerMapping first = m.entries().get(Mapping.DEFAULT);
    assertTrue(first.searchesSpatial());
    assertEquals(Map.of("D1", List.of(LoopDim.K), "D2", List.of(LoopDim.C, LoopDim.FX, LoopDim.FY)),
        first.hint().byArrayDimension());
    assertEquals(List.of(LoopDim.G), m.entries().get("Add").hint().byArrayDimension().get("D1"));
  }

  @Test
  void anEntryNeedsASpatialMappingOrAHint() throws IOException {
    String message = error("- name: default\n  temporal_ordering: [[K, 2]]\n");
    assertTrue(message.contains("mapping 'default': needs spatial_mapping or spatial_mapping_hint"), message);
    String misspelt = error("- name: default\n  spatial_mapping_hnt:\n    D1: [K]\n");
    assertTrue(misspelt.contains("spatial_mapping_hnt"), misspelt);
    String badDim = error("- name: default\n  spatial_mapping_hint:\n    D1: [KK]\n");
    assertTrue(badDim.contains("spatial_mapping_hint.D1: unknown loop dimension 'KK'"), badDim);
  }

  private String error(String yaml) throws IOException {
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, yaml);
    return assertThrows(InputException.class, () -> ZigZagMappingReader.read(file)).getMessage();
  }

  @Test
  void unknownDimension() throws IOException {
    String message = error("- name: default\n  spatial_mapping:\n    D1:\n      - KK, 8\n");
    assertTrue(message.contains("m.yaml") && message.contains("unknown loop dimension 'KK'"), message);
  }

  @Test
  void badFactor() throws IOException {
    String message = error("- name: default\n  spatial_mapping:\n    D1:\n      - K, eight\n");
    assertTrue(message.contains("'eight' is not an integer"), message);
  }

  @Test
  void unknownField() throws IOException {
    String message = error("- name: default\n  spatial_maping:\n    D1:\n      - K, 8\n");
    assertTrue(message.contains("spatial_maping"), message);
  }

  @Test
  void notAList() throws IOException {
    assertTrue(error("name: default\n").contains("a ZigZag mapping is a list of entries"));
  }

  @Test
  void syntaxError() throws IOException {
    String message = error("- name: default\n  spatial_mapping: {D1: [K, 8\n");
    assertTrue(message.startsWith(dir.resolve("m.yaml") + ": line "), message);
  }

  @Test
  void duplicateEntry() throws IOException {
    String entry = "- name: default\n  spatial_mapping:\n    D1:\n      - K, 8\n";
    assertTrue(error(entry + entry).contains("mapping 'default' is defined twice"));
  }

  @Test
  void unknownMemoryOperand() throws IOException {
    String message = error("- name: default\n  spatial_mapping:\n    D1:\n      - K, 8\n"
        + "  memory_operand_links:\n    W: I3\n");
    assertTrue(message.contains("unknown memory operand 'I3'"), message);
  }

  @Test
  void missingFile() {
    String message = assertThrows(InputException.class, () -> ZigZagMappingReader.read(dir.resolve("none.yaml")))
        .getMessage();
    assertTrue(message.contains("none.yaml") && message.contains("no such file"), message);
  }
}
