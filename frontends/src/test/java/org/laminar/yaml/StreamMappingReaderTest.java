package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.io.InputException;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

class StreamMappingReaderTest {
  private static final Path STREAM = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances",
      "stream");

  /** A ResNet-like slice with the names and operator types Stream's example mappings use. */
  private static final Workload NET = new Workload("net", List.of(
      layer(0, "/conv1/Conv", OperatorType.CONV, "Conv", 8, 3, 1, List.of()),
      layer(1, "/maxpool/MaxPool", OperatorType.POOL, "MaxPool", 1, 1, 8, List.of(0)),
      layer(2, "/layer4/layer4.0/conv1/Conv", OperatorType.CONV, "Conv", 8, 8, 1, List.of(1)),
      layer(3, "/layer1/layer1.0/Add", OperatorType.ELEMENTWISE, "Add", 1, 1, 8, List.of(2)),
      layer(4, "/fc/Gemm", OperatorType.GEMM, "Gemm", 10, 8, 1, List.of(3)),
      layer(5, "layer_on_core1", OperatorType.ACTIVATION, "Relu", 1, 1, 10, List.of(4))));

  /** A layer of 4 × 4 outputs with the given channels and 8-bit operands (no weights without a W operand). */
  static Layer layer(int id, String name, OperatorType type, String op, int k, int c, int g,
      List<Integer> inputs) {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.K, k);
    dims.put(LoopDim.C, c);
    dims.put(LoopDim.G, g);
    dims.put(LoopDim.OY, 4);
    dims.put(LoopDim.OX, 4);
    Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
    producers.put(Operand.I, inputs);
    return new Layer(id, name, type, op, dims, 1, 1, 1, 1, Padding.NONE,
        new Precision(type.hasWeightOperand() ? 8 : 0, 8, 16, 8), producers);
  }

  static Stream<Path> mappingFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(STREAM)) {
      all.filter(p -> p.getParent().getFileName().toString().equals("mapping") && p.toString().endsWith(".yaml"))
          .sorted().forEach(files::add);
    }
    assertEquals(9, files.size(), "Stream mapping files found under " + STREAM);
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappingFiles")
  void everyStreamMappingLoads(Path file) {
    Tiling tiling = StreamMappingReader.read(file, NET, new FusionPolicy.All());
    assertEquals(NET.layers().size(), tiling.layers().size());
    assertFalse(TileGraphBuilder.build(tiling).tiles().isEmpty());
  }

  private static LayerTiling tilingOf(String file, int layer) {
    return StreamMappingReader.read(STREAM.resolve(file), NET).get(layer);
  }

  @Test
  void quadCoreMappingMatchesByNameThenOperatorThenDefault() {
    String file = "examples/mapping/tpu_like_quad_core.yaml";
    assertEquals(new LayerTiling(Split.ALL, Split.of(4), List.of(0, 1, 2, 3), false), tilingOf(file, 0));
    // Pooling runs on core 4 alone: 'K, *' is one part.
    assertEquals(new LayerTiling(Split.ALL, Split.ONE, List.of(4), false), tilingOf(file, 1));
    // 'D, all' splits the rows (Stream's D is a row dimension); 'H, *' names a dimension Laminar
    // layers do not have: no channel split.
    assertEquals(new LayerTiling(Split.ALL, Split.ONE, List.of(5), false), tilingOf(file, 3));
    assertEquals(new LayerTiling(Split.ALL, Split.ONE, List.of(0, 1, 2, 3), false), tilingOf(file, 4));
    // Relu has no entry: the default's cores, 'D, all' and 'K, *' over them.
    assertEquals(new LayerTiling(Split.ALL, Split.of(4), List.of(0, 1, 2, 3), false), tilingOf(file, 5));
    assertEquals(Split.of(4), tilingOf("examples/mapping/tpu_like_quad_core_ga.yaml", 0).channels());
    assertEquals(Split.of(8), tilingOf("examples/mapping/array_and_vec.yaml", 0).rows());
    assertEquals(List.of(1), tilingOf("testing/mapping/testing_mapping.yaml", 5).cores());
  }

  @Test
  void fixedAllocationsPinChannelPartsToTheListedCores() {
    String file = "examples/mapping/tpu_like_quad_core_resnet18_fixed_split.yaml";
    assertEquals(new LayerTiling(Split.ONE, Split.of(4), List.of(1, 3, 1, 3), true), tilingOf(file, 2));
    assertEquals(new LayerTiling(Split.ONE, Split.ONE, List.of(1), true), tilingOf(file, 0));
    assertEquals(List.of(4), tilingOf(file, 1).cores());
    Tiling tiling = StreamMappingReader.read(STREAM.resolve(file), NET, new FusionPolicy.None());
    TileGraph g = TileGraphBuilder.build(tiling);
    assertEquals(List.of(List.of(1), List.of(3), List.of(1), List.of(3)),
        g.tilesOf(2).stream().map(tiling::allowedCores).toList());
  }

  @Test
  void aLayerNameWinsOverItsOperatorEvenWhenListedLater(@TempDir Path dir) throws IOException {
    Path file = write(dir, """
        - name: Conv
          core_allocation: [1]
        - name: /conv1/Conv
          core_allocation: [2, 3]
          intra_core_tiling:
            - OY, 2
            - K, 2
          inter_core_tiling:
            - K, *
        - name: default
          core_allocation: 0
        """);
    Map<Integer, LayerTiling> layers = StreamMappingReader.read(file, NET);
    assertEquals(new LayerTiling(Split.of(2), Split.of(4), List.of(2, 3), false), layers.get(0));
    assertEquals(List.of(1), layers.get(2).cores());
    assertEquals(List.of(0), layers.get(1).cores());
  }

  private static Path write(Path dir, String text) throws IOException {
    Path file = dir.resolve("mapping.yaml");
    Files.writeString(file, text);
    return file;
  }

  private static String error(Path file) {
    return assertThrows(InputException.class, () -> StreamMappingReader.read(file, NET)).getMessage();
  }

  @Test
  void badFilesAreReportedWithTheFileAndTheProblem(@TempDir Path dir) throws IOException {
    String missing = error(dir.resolve("absent.yaml"));
    assertTrue(missing.contains("absent.yaml") && missing.contains("not found"), missing);
    String typo = error(write(dir, "- name: default\n  core_alocation: [0]\n"));
    assertTrue(typo.contains("entry 1: ") && typo.contains("unknown key 'core_alocation'")
        && typo.contains("core_allocation"), typo);
    String syntax = error(write(dir, "- name: default\n  core_allocation: [0\n"));
    assertTrue(syntax.startsWith(dir.resolve("mapping.yaml") + ": line 2") && syntax.lines().count() == 1, syntax);
    String tiling = error(write(dir, "- name: default\n  intra_core_tiling:\n    - OY 4\n"));
    assertTrue(tiling.contains("entry 'default'") && tiling.contains("'OY 4'"), tiling);
    String count = error(write(dir, "- name: default\n  inter_core_tiling:\n    - K, -2\n"));
    assertTrue(count.contains("'K, -2'") && count.contains(">= 1"), count);
    String wildcard = error(write(dir, "- name: default\n  intra_core_tiling:\n    - OY, *\n"));
    assertTrue(wildcard.contains("wildcard"), wildcard);
    String uncovered = error(write(dir, "- name: Conv\n  core_allocation: [0]\n"));
    assertTrue(uncovered.contains("layer '/maxpool/MaxPool' (operator MaxPool)"), uncovered);
    String notAList = error(write(dir, "name: default\n"));
    assertTrue(notAList.contains("must be a YAML list of entries"), notAList);
    String badType = error(write(dir, "- name: default\n  core_allocation_is_fixed: maybe\n"));
    assertTrue(badType.contains("entry 1: ") && badType.lines().count() == 1, badType);
    String negative = error(write(dir, "- name: default\n  core_allocation: [-1]\n"));
    assertTrue(negative.contains("core ids must be >= 0"), negative);
  }
}
