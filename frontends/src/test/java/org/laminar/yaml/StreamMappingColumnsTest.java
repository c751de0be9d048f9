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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.io.InputException;
import org.laminar.io.InputWarnings;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/**
 * A Stream mapping's {@code OX} entries become column tiles. The workload (resource {@code
 * mapping-columns/two-convs.yaml}): two 3×3 'same' convolutions on 6 × 6 outputs, 2 → 4 → 3
 * channels, 8-bit; the mappings split the rows and the columns in two, so every tile is 3 × 3 outputs.
 */
class StreamMappingColumnsTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(StreamMappingColumnsTest.class.getResource("/org/laminar/mapping-columns/" + name).toURI());
  }

  private static Workload twoConvs() throws URISyntaxException {
    return LaminarFormat.readWorkload(YamlFiles.file(resource("two-convs.yaml")));
  }

  /** The (layer, rows, columns) of every tile, as {@code "L r0-r1 c0-c1"}. */
  private static Set<String> regions(TileGraph graph) {
    return graph.tiles().stream().map(t -> t.layer() + " " + t.output().rowStart() + "-" + t.output().rowEnd() + " "
        + t.output().columnStart() + "-" + t.output().columnEnd()).collect(Collectors.toSet());
  }

  /**
   * Fused, each layer is 2 bands × 2 column tiles: 8 tiles of rows and columns {@code [0,3)} or
   * {@code [3,6)}. conv1's tile reads conv0's rows and columns one beyond its own (clipped): 4 × 4
   * pixels of 4 channels × 8 bits = 32 bits each, 9 from the conv0 tile below it (288 bits), 3 from
   * the one beside it and 3 from the one above or below (96 each), 1 from the diagonal one (32): 16
   * edges, 4 × 16 × 32 = 2,048 bits, of which 4 × 7 × 32 = 896 are halo (unsplit, conv1 reads
   * conv0's 6 × 6 × 32 = 1,152 bits). Each conv0 tile reads 4 × 4 input pixels × 2 channels × 8 bits =
   * 256 bits from DRAM. MACs stay 6·6·4·2·9 = 2,592 and 6·6·3·4·9 = 3,888.
   */
  @Test
  void anOxSplitGivesTwoDimensionalTilesWithHalosBothWays() throws URISyntaxException {
    Workload w = twoConvs();
    Tiling tiling = StreamMappingReader.read(resource("ox2.yaml"), w, new FusionPolicy.All());
    assertEquals(new LayerTiling(Split.of(2), Split.ONE, List.of(0, 1, 2, 3), false, false, Split.of(2)),
        tiling.of(0));
    TileGraph graph = TileGraphBuilder.build(tiling);

    assertEquals(8, graph.tiles().size());
    assertEquals(Set.of("0 0-3 0-3", "0 0-3 3-6", "0 3-6 0-3", "0 3-6 3-6", "1 0-3 0-3", "1 0-3 3-6", "1 3-6 0-3",
        "1 3-6 3-6"), regions(graph));
    assertEquals(16, graph.edges().size());
    assertEquals(2_048, graph.edges().stream().mapToLong(TileEdge::bits).sum());
    for (Tile consumer : graph.tilesOf(1)) {
      assertEquals(List.of(32L, 96L, 96L, 288L), graph.incoming().get(consumer.id()).stream()
          .map(TileEdge::bits).sorted().toList(), "tile " + consumer.id());
    }
    for (Tile producer : graph.tilesOf(0)) {
      assertEquals(256, producer.dramInputBits(), "tile " + producer.id());
    }
    assertEquals(2_592, graph.tilesOf(0).stream().mapToLong(Tile::macs).sum());
    assertEquals(3_888, graph.tilesOf(1).stream().mapToLong(Tile::macs).sum());
    assertEquals(1_152, TileGraphBuilder.build(Tiling.uniform(w, LayerTiling.WHOLE, new FusionPolicy.All()))
        .edges().stream().mapToLong(TileEdge::bits).sum());
  }

  /**
   * Stream's current format: {@code D1} of a Conv is {@code OX}, split in two across the cores; the
   * fused group's tiles of 3 columns count that split in (Stream divides {@code OX} by tile × split
   * = 6 into its temporal tiles: one, of two pieces), so the columns are 2 parts, not 2 × 2; its
   * tiles of 3 rows ({@code D2}) are 2 bands. The same 8 tiles as the journal-format file.
   */
  @Test
  void theCurrentFormatsOxSplitAndGroupTilesGiveTheSameTiles() throws URISyntaxException {
    Workload w = twoConvs();
    Tiling tiling;
    try (InputWarnings.Scope scope = InputWarnings.to(new PrintWriter(new StringWriter()))) {
      tiling = StreamMappingReader.read(resource("ox2-current.yaml"), w, new FusionPolicy.All());
    }
    assertEquals(new LayerTiling(Split.of(2), Split.ONE, List.of(0, 1, 2, 3), false, false, Split.of(2)),
        tiling.of(1));
    assertEquals(regions(TileGraphBuilder.build(StreamMappingReader.read(resource("ox2.yaml"), w,
        new FusionPolicy.All()))), regions(TileGraphBuilder.build(tiling)));
  }

  /** As row bands, column tiles apply inside fused stacks only: layer by layer each layer is one tile. */
  @Test
  void columnsLikeRowsApplyInsideFusedStacksOnly() throws URISyntaxException {
    Tiling tiling = StreamMappingReader.read(resource("ox2.yaml"), twoConvs(), new FusionPolicy.None());
    assertEquals(2, TileGraphBuilder.build(tiling).tiles().size());
  }

  /** An entry named after a layer may not ask for more column tiles than the layer's 6 columns; {@code all} is one per column. */
  @Test
  void anEntryNamedAfterALayerCannotSplitMoreColumnsThanItHas(@TempDir Path dir)
      throws IOException, URISyntaxException {
    Path file = dir.resolve("columns.yaml");
    Files.writeString(file, """
        - name: conv0
          inter_core_tiling: ["OX, 7"]
        - name: default
          intra_core_tiling: ["OX, all"]
        """);
    String message = assertThrows(InputException.class, () -> StreamMappingReader.read(file, twoConvs()))
        .getMessage();
    assertTrue(message.endsWith("entry 'conv0': splits OX into 7 parts, but the layer has 6 (use 'all' for one "
        + "part per element)"), message);
    Files.writeString(file, Files.readString(file).replace("OX, 7", "OX, 6"));
    Map<Integer, LayerTiling> layers = StreamMappingReader.read(file, twoConvs());
    assertEquals(Split.of(6), layers.get(0).columns());
    assertEquals(Split.ALL, layers.get(1).columns());
  }
}
