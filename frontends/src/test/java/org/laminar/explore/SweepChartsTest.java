package org.laminar.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The sweep's charts parsed as XML: one mark per bar or point, with the figures they stand for. */
class SweepChartsTest {

  /** Six points: quad-core none/all at two tilings, an infeasible one, an auto tiling; single-core all. */
  private static final Exploration SWEEP = new Exploration(List.of(
      point(1, "quad-core", "oy=1", "none", 1000L, 4.0e6, 20_000L),
      point(2, "quad-core", "oy=4", "none", 900L, 4.0e6, 12_000L),
      point(3, "quad-core", "oy=4", "all", 800L, 3.6e6, 8_000L),
      point(4, "quad-core", "oy=2,k=2", "all", null, null, null),
      point(5, "single-core", "oy=4", "all", 2000L, 5.0e6, 30_000L),
      point(6, "single-core", "auto", "all", 1500L, 5.0e6, 25_000L)), List.of(Axis.LATENCY, Axis.ENERGY), 0, 0);

  @Test
  void theEdpChartHasABarPerAcceleratorAndFusionAtTheLeastEdpWithTheFusionFactor() throws Exception {
    Document svg = parse(SweepFiles.edpChart(SWEEP));
    // quad-core none: least of 4e9 and 3.6e9; all: 2.88e9 (3.6e9 / 2.88e9 = 1.25); single-core all: 7.5e9.
    assertEquals(List.of("quad-core, none: 3.6 G", "quad-core, all: 2.88 G", "single-core, all: 7.5 G"),
        tooltips(svg, "rect"));
    assertEquals(1, texts(svg).stream().filter("1.25x"::equals).count());
    // Bar heights are proportional to the EDP.
    List<Double> heights = marks(svg, "rect").stream().map(e -> Double.parseDouble(e.getAttribute("height"))).toList();
    assertEquals(3.6 / 7.5, heights.get(0) / heights.get(2), 1e-3);
    assertEquals(2.88 / 7.5, heights.get(1) / heights.get(2), 1e-3);
  }

  @Test
  void theMemoryChartHasAMarkPerValidPointWithACountedTilingAndALinePerAccelerator() throws Exception {
    Document svg = parse(SweepFiles.memoryChart(SWEEP));
    assertEquals(List.of("#1 none heft (quad-core): 20 k b at 1", "#2 none heft (quad-core): 12 k b at 4",
        "#3 all heft (quad-core): 8 k b at 4", "#5 all heft (single-core): 30 k b at 4"), tooltips(svg, "rect"));
    // A line per accelerator; quad-core's through its least memory per tiling (two x values), single-core one point.
    NodeList paths = svg.getElementsByTagName("path");
    assertEquals(2, paths.getLength());
    assertEquals(2, ((Element) paths.item(0)).getAttribute("d").split("L").length);
  }

  @Test
  void theParetoChartIsWellFormedWithAMarkPerValidPoint() throws Exception {
    assertEquals(5, tooltips(parse(SweepFiles.chart(SWEEP)), "rect").size());
  }

  @Test
  void tilesPerLayerMultipliesTheSplitCounts() {
    assertEquals(OptionalInt.of(8), SweepFiles.tilesPerLayer("oy=4,k=2"));
    assertEquals(OptionalInt.of(4), SweepFiles.tilesPerLayer("oy=4"));
    assertEquals(OptionalInt.empty(), SweepFiles.tilesPerLayer("oy=all"));
    assertEquals(OptionalInt.empty(), SweepFiles.tilesPerLayer("auto"));
  }

  @Test
  void aPartFileLeftByAKilledWriteIsReplacedByTheNextOne(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(SweepFiles.PART), "[{\"id\": 1, \"half");
    SweepFiles.writePoints(dir, List.of(point(1, "quad-core", "oy=4", "all", 1_000L, 2.0, 64L)));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("points.json"), files.map(f -> f.getFileName().toString()).toList());
    }
    assertEquals(1, SweepFiles.JSON.readTree(dir.resolve("points.json").toFile()).size());
  }

  private static PointResult point(int id, String hardware, String tiling, String fuse, Long latency, Double energy,
      Long memory) {
    boolean valid = latency != null;
    return new PointResult(id, "chain5", hardware, tiling, "cache", "when-needed", fuse, "heft", "-",
        valid ? "heuristic" : "infeasible", valid, latency, energy, valid ? latency * energy : null, memory,
        null, null, null, null, null, null, 0.1, false, valid ? null : "does not fit");
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  /** The {@code tag} elements with a tooltip: the chart's marks (backgrounds and legend keys have none). */
  private static List<Element> marks(Document svg, String tag) {
    List<Element> marks = new ArrayList<>();
    NodeList all = svg.getElementsByTagName(tag);
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.getElementsByTagName("title").getLength() == 1) {
        marks.add(e);
      }
    }
    return marks;
  }

  private static List<String> tooltips(Document svg, String tag) {
    return marks(svg, tag).stream().map(e -> e.getElementsByTagName("title").item(0).getTextContent()).toList();
  }

  private static List<String> texts(Document svg) {
    NodeList all = svg.getElementsByTagName("text");
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      texts.add(all.item(i).getTextContent());
    }
    return texts;
  }
}
