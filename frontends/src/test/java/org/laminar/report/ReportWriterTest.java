package org.laminar.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.bound.LatencyBounds;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduleResult;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.SolveStatus;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportWriterTest {
  private static final Map<String, Object> INPUTS = Map.of("workload", "ab", "hardware", "pair");
  private static final Map<String, Object> OPTIONS = Map.of("priority", "memory");

  @TempDir
  Path dir;

  private static Document xml(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(file.toFile());
  }

  private static List<String> texts(Document svg) {
    NodeList nodes = svg.getElementsByTagName("text");
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }

  @Test
  void writesAllFiveFiles() {
    List<Path> files = ReportWriter.write(dir, Fixture.run(), INPUTS, OPTIONS);

    assertEquals(List.of("result.json", "trace.json", "gantt.svg", "memory.svg", "energy.svg"),
        files.stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void svgsParseAsXmlAndShowEveryRowAndLayer() throws Exception {
    ReportWriter.write(dir, Fixture.run(), INPUTS, OPTIONS);

    Document gantt = xml(dir.resolve("gantt.svg"));
    assertEquals("svg", gantt.getDocumentElement().getLocalName());
    assertEquals("http://www.w3.org/2000/svg", gantt.getDocumentElement().getNamespaceURI());
    List<String> labels = texts(gantt);
    for (String label : List.of("core 0 (small)", "core 1 (small)", "link c0-c1", "dram", "a", "b", "spill",
        "read-back", "cycles")) {
      assertTrue(labels.contains(label), () -> label + " missing from " + labels);
    }
    // 4 tiles and 9 movements, all wide enough to keep their own box and tooltip.
    NodeList titles = gantt.getElementsByTagName("title");
    List<String> tooltips = new ArrayList<>();
    for (int i = 1; i < titles.getLength(); i++) {
      tooltips.add(titles.item(i).getTextContent());
    }
    assertEquals(13, tooltips.size(), tooltips::toString);
    assertTrue(tooltips.contains("b/t1: cycles 30-34"), tooltips::toString);

    Document memory = xml(dir.resolve("memory.svg"));
    assertEquals(2, memory.getElementsByTagName("path").getLength());
    assertTrue(texts(memory).stream().anyMatch(t -> t.startsWith("core 1 (small), sram: peak ")), () ->
        texts(memory).toString());

    Document energy = xml(dir.resolve("energy.svg"));
    List<String> energyTexts = texts(energy);
    for (String label : List.of("hand", "compute", "on-chip memory", "interconnect", "DRAM")) {
      assertTrue(energyTexts.contains(label), () -> label + " missing from " + energyTexts);
    }
  }

  @Test
  void chartsAreDeterministic() throws IOException {
    ReportWriter.write(dir.resolve("one"), Fixture.run(), INPUTS, OPTIONS);
    ReportWriter.write(dir.resolve("two"), Fixture.run(), INPUTS, OPTIONS);

    for (String file : List.of("trace.json", "gantt.svg", "memory.svg", "energy.svg")) {
      assertEquals(Files.readString(dir.resolve("one").resolve(file)), Files.readString(dir.resolve("two")
          .resolve(file)), file);
    }
  }

  @Test
  void traceHasOneNamedEventPerTileAndMovementOnNamedTracks() throws IOException {
    ReportWriter.write(dir, Fixture.run(), INPUTS, OPTIONS);

    JsonNode trace = new ObjectMapper().readTree(dir.resolve("trace.json").toFile());
    List<JsonNode> events = new ArrayList<>();
    trace.get("traceEvents").forEach(events::add);
    Map<String, List<JsonNode>> byPhase = events.stream().collect(Collectors.groupingBy(e -> e.get("ph").asText()));
    Map<List<Integer>, String> threads = new HashMap<>();
    Map<Integer, String> processes = new HashMap<>();
    for (JsonNode m : byPhase.get("M")) {
      if (m.get("name").asText().equals("thread_name")) {
        threads.put(List.of(m.get("pid").asInt(), m.get("tid").asInt()), m.get("args").get("name").asText());
      } else if (m.get("name").asText().equals("process_name")) {
        processes.put(m.get("pid").asInt(), m.get("args").get("name").asText());
      }
    }
    assertEquals(Map.of(1, "cores", 2, "interconnect", 3, "DRAM"), processes);
    assertEquals(Map.of(List.of(1, 1), "core 0 (small)", List.of(1, 2), "core 1 (small)", List.of(2, 1),
        "link c0-c1", List.of(3, 1), "dram"), threads);

    List<JsonNode> slices = byPhase.get("X");
    Map<String, String> tiles = new HashMap<>();
    Map<String, Integer> kinds = new HashMap<>();
    for (JsonNode s : slices) {
      String track = threads.get(List.of(s.get("pid").asInt(), s.get("tid").asInt()));
      if (s.get("cat").asText().equals("tile")) {
        tiles.put(s.get("name").asText(), track + " " + s.get("ts").asLong() + "+" + s.get("dur").asLong());
      } else {
        kinds.merge(track + ": " + s.get("name").asText(), 1, Integer::sum);
      }
    }
    assertEquals(Map.of("a/t0", "core 0 (small) 6+2", "a/t1", "core 0 (small) 10+2", "b/t0", "core 1 (small) 14+4",
        "b/t1", "core 1 (small) 30+4"), tiles);
    assertEquals(Map.of("dram: weight load", 2, "dram: input load", 2, "link c0-c1: transfer", 1, "dram: spill", 1,
        "dram: read-back", 1, "dram: store", 2), kinds);
    // One memory counter per core, starting at the first weight load.
    assertEquals(0, byPhase.get("C").get(0).get("ts").asLong());
  }

  @Test
  void resultJsonRoundTrips() {
    Run run = Fixture.run();
    ReportWriter.write(dir, run, INPUTS, OPTIONS);

    ResultFile read = ResultFile.read(dir.resolve("result.json"));

    assertEquals(ResultFile.of(run, INPUTS, OPTIONS), read);
    assertEquals(46, read.summary().metrics().latencyCycles());
    assertEquals(run.check().orElseThrow().metrics().edp(), read.summary().metrics().edp());
  }

  @Test
  void everyMovementKindRoundTrips() {
    Run hand = Fixture.run();
    List<Movement> movements = new ArrayList<>(hand.result().schedule().orElseThrow().movements());
    movements.add(new Movement.WeightStream(3, 1, 32, "dram", 46, 50));
    movements.add(new Movement.InputStream(3, 1, 32, "dram", 50, 54));
    movements.add(new Movement.SecondInputStream(3, 1, 32, "dram", 54, 56));
    movements.add(new Movement.OutputStream(3, 1, 32, "dram", 56, 60));
    Schedule schedule = new Schedule(hand.result().schedule().get().tiles(), movements);
    Run run = Run.judge(hand.problem(), ScheduleResult.heuristic("hand", schedule), hand.bounds(), Duration.ZERO);
    ReportWriter.write(dir, run, INPUTS, OPTIONS);

    ResultFile read = ResultFile.read(dir.resolve("result.json"));

    assertEquals(schedule, read.schedule());
    assertEquals(Set.of(MovementKind.values()), schedule.movements().stream().map(MovementKind::of)
        .collect(Collectors.toSet()));
  }

  @Test
  void resultJsonNamesTilesAndMovementKinds() throws IOException {
    ReportWriter.write(dir, Fixture.run(), INPUTS, OPTIONS);

    JsonNode root = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertEquals("b/t0", root.get("schedule").get("tiles").get(2).get("name").asText());
    assertEquals("spill-write", root.get("schedule").get("movements").get(5).get("kind").asText());
    // The fixture's bounds, derived by hand in RunTest: the DRAM windows (32) are the best.
    assertEquals(32, root.get("bound").get("latency_cycles").asLong());
    assertEquals(24, root.get("bound").get("critical_path_cycles").asLong());
    assertEquals(28, root.get("bound").get("core_windows_cycles").asLong());
    assertEquals(32, root.get("bound").get("dram_windows_cycles").asLong());
    assertTrue(root.get("bound").get("solver_cycles").isNull());
    assertTrue(root.get("bound").get("relaxation_cycles").isNull());
  }

  @Test
  void aRunWithoutScheduleWritesOnlyItsResult() {
    ScheduleResult none = new ScheduleResult("cpsat", SolveStatus.UNKNOWN, Optional.empty(), OptionalLong.of(12));
    Run run = Run.judge(Fixture.problem(), none, LatencyBounds.of(Fixture.problem()), Duration.ofSeconds(1));

    List<Path> files = ReportWriter.write(dir, run, INPUTS, OPTIONS);

    assertEquals(List.of(dir.resolve("result.json")), files);
    ResultFile read = ResultFile.read(dir.resolve("result.json"));
    assertNull(read.schedule());
    assertNull(read.summary().metrics());
    assertEquals(32, read.summary().bound().latencyCycles());
    assertEquals(12L, read.summary().bound().solverCycles());
  }

  @Test
  void aScheduleOfThousandsOfTilesStaysSmall() {
    // 2 layers of 2,160 rows, one row per tile: 4,320 tiles back to back on their cores.
    SchedulingProblem problem = Fixture.problem(2160, "oy=all");
    List<ScheduledTile> tiles = new ArrayList<>();
    for (int i = 0; i < problem.graph().tiles().size(); i++) {
      tiles.add(new ScheduledTile(i, problem.graph().tiles().get(i).layer(), 3L * i, 3L * i + 1));
    }
    Run run = Run.judge(problem, ScheduleResult.heuristic("big", new Schedule(tiles, List.of())),
        LatencyBounds.of(problem), Duration.ZERO);

    long start = System.nanoTime();
    ReportWriter.write(dir, run, INPUTS, OPTIONS);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(4320, tiles.size());
    assertTrue(millis < 10_000, millis + " ms");
    for (String file : List.of("gantt.svg", "memory.svg")) {
      long bytes = dir.resolve(file).toFile().length();
      assertTrue(bytes < 1_000_000, () -> file + ": " + bytes + " bytes");
    }
  }

  @Test
  void energyComparisonHasOneBarPerValidRun() throws Exception {
    Run hand = Fixture.run();
    Run other = new Run(hand.problem(), ScheduleResult.heuristic("other", hand.result().schedule().get()),
        hand.check(), hand.bounds(), Duration.ZERO);

    Document energy = xml(ReportWriter.writeEnergyComparison(dir, List.of(hand, other)));

    List<String> texts = texts(energy);
    assertTrue(texts.contains("hand") && texts.contains("other"), texts::toString);
    long bars = 0;
    NodeList rects = energy.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      if (((Element) rects.item(i)).getElementsByTagName("title").getLength() > 0) {
        bars++;
      }
    }
    assertEquals(8, bars);
  }
}
