package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.greedy.ListScheduler;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.Scheduler;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Workload;

/**
 * {@code --tiling auto=edp} on ResNet-18 × quad-core (issue #18): the chosen tiling is no worse, by
 * the checker's EDP, than the best of the uniform {@code oy=1,2,4,8} tilings computed here without
 * the search code; the candidates table in {@code --json} and {@code result.json}; bad values.
 */
class TilingSearchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESNET = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances",
      "onnx", "resnet18.onnx").toString();

  @TempDir
  static Path out;
  private static Cli.Outcome run;
  private static JsonNode printed;
  /** Row bands → the least EDP of the greedy schedules of the uniform tiling {@code oy=N} (pJ·cycles). */
  private static final Map<Integer, Double> UNIFORM = new HashMap<>();

  @BeforeAll
  static void searchOnceAndScheduleTheUniformTilings() throws IOException {
    run = Cli.run("schedule", "--workload", RESNET, "--hardware", "quad-core", "--tiling", "auto=edp", "--scheduler",
        "list", "--json", "--out", out.toString());
    printed = JSON.readTree(run.out());
    Workload resnet = Inputs.workload(RESNET);
    Accelerator quad = Inputs.accelerator("quad-core");
    AnalyticalCostModel costModel = new AnalyticalCostModel();
    for (int oy : new int[] {1, 2, 4, 8}) {
      Tiling tiling = Tiling.uniform(resnet, LayerTiling.parse("oy=" + oy), Inputs.fusion("auto", quad));
      SchedulingProblem problem = SchedulingProblem.of(tiling, quad, costModel);
      double least = Double.POSITIVE_INFINITY;
      for (Scheduler s : GreedySchedulers.all(ListScheduler.Priority.MEMORY)) {
        Schedule schedule = s.schedule(problem).schedule().orElseThrow();
        CheckReport report = new ScheduleChecker().check(problem, schedule);
        assertTrue(report.valid(), s.name() + " oy=" + oy);
        least = Math.min(least, report.metrics().edp());
      }
      UNIFORM.put(oy, least);
    }
  }

  private static JsonNode chosen() {
    JsonNode search = printed.get("tiling_search");
    return search.get("candidates").get(search.get("chosen").asInt());
  }

  @Test
  void theChosenTilingIsNoWorseByEdpThanTheBestOfOy1248() {
    assertEquals(0, run.code(), run.err());
    double best = UNIFORM.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertTrue(chosen().get("valid").asBoolean());
    assertTrue(chosen().get("edp").asDouble() <= best, chosen() + " vs " + UNIFORM);
  }

  @Test
  void theUniformRowsAreTheCheckersFiguresOfThoseTilings() {
    Set<Integer> compared = new HashSet<>();
    for (JsonNode c : printed.at("/tiling_search/candidates")) {
      String split = c.get("split").asText();
      boolean uniformRows = c.get("phase").asText().equals("uniform") && split.matches("oy=[128]");
      if (uniformRows || c.get("phase").asText().equals("start")) {
        // The default oy=4 fits every layer of ResNet-18 on quad-core: the start is the uniform oy=4.
        int oy = uniformRows ? Integer.parseInt(split.substring(3)) : 4;
        assertEquals(UNIFORM.get(oy), c.get("edp").asDouble(), 1e-9 * UNIFORM.get(oy), c.toString());
        compared.add(oy);
      }
    }
    assertEquals(UNIFORM.keySet(), compared);
  }

  @Test
  void theTableListsEveryCandidateOnceWithTheCheckersFigures() {
    JsonNode search = printed.get("tiling_search");
    assertEquals("edp", search.get("objective").asText());
    // No --stream given: the candidates were measured under the default policy, the run's.
    assertEquals("when-needed", search.get("stream").asText());
    Set<String> tried = new HashSet<>();
    Set<String> phases = new HashSet<>();
    int index = 0;
    for (JsonNode c : search.get("candidates")) {
      assertEquals(index++, c.get("index").asInt());
      assertTrue(tried.add(c.get("phase").asText() + " " + c.get("layers").asText() + " " + c.get("split").asText()),
          c.toString());
      phases.add(c.get("phase").asText());
      if (c.get("valid").asBoolean()) {
        assertTrue(GreedySchedulers.NAMES.contains(c.get("scheduler").asText()));
        double product = c.get("latency_cycles").asDouble() * c.get("energy_pJ").asDouble();
        assertEquals(product, c.get("edp").asDouble(), 1e-9 * product);
        assertTrue(c.get("edp").asDouble() >= chosen().get("edp").asDouble(), c.toString());
      } else {
        assertFalse(c.get("reason").asText().isEmpty());
      }
    }
    assertEquals(Set.of("start", "uniform", "stack"), phases);
    assertTrue(printed.at("/runs/valid").asBoolean(), run.out());
    assertEquals("list", printed.at("/runs/scheduler").asText());
  }

  @Test
  void resultJsonEchoesTheAskedTilingTheObjectiveAndTheChoice() throws IOException {
    JsonNode result = JSON.readTree(Files.readString(out.resolve("result.json")));
    assertEquals("auto=edp", result.at("/inputs/tiling").asText());
    assertEquals("edp", result.at("/inputs/tiling_search/objective").asText());
    assertEquals(printed.at("/tiling_search"), result.at("/inputs/tiling_search"));
    assertTrue(result.at("/inputs/tiling_search/split/0").asText().startsWith("layers 0-"));
  }

  @Test
  void stderrSaysWhatWasChosen() {
    assertTrue(run.err().contains("--tiling auto=edp: " + printed.at("/tiling_search/candidates").size()
        + " candidates"), run.err());
    assertTrue(run.err().contains("chosen split layers 0-"), run.err());
  }

  @Test
  void badSearchValuesExitTwoWithAMessageNamingTheOption() {
    for (String bad : new String[] {"auto=foo", "auto=", "auto=memory"}) {
      Cli.Outcome o = Cli.run("schedule", "--tiling", bad, "--scheduler", "list");
      assertEquals(2, o.code(), bad + ": " + o.err());
      assertTrue(o.err().contains("--tiling") && o.err().contains("latency, energy or edp"), o.err());
      assertFalse(o.err().contains("Exception"), o.err());
      Cli.Outcome e = Cli.run("explore", "--tiling", bad, "--scheduler", "list");
      assertEquals(2, e.code(), "explore " + bad + ": " + e.err());
    }
    Cli.Outcome mapping = Cli.run("schedule", "--tiling", "auto=edp", "--mapping",
        Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "stream", "examples", "mapping",
            "tpu_like_quad_core_ga.yaml").toString(), "--scheduler", "list");
    assertEquals(2, mapping.code(), mapping.err());
    assertTrue(mapping.err().contains("--mapping"), mapping.err());
  }

  @Test
  void exploreRunsTheSearchInEachPointAndHelpExplainsIt() {
    Cli.Outcome e = Cli.run("explore", "--workload", "chain5", "--hardware", "quad-core", "--tiling", "auto=latency",
        "--scheduler", "list");
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("auto=latency"), e.out());
    assertTrue(Cli.run("schedule", "--help").out().contains("auto=latency|energy|edp"));
    Cli.Outcome pareto = Cli.run("explore", "--workload", "chain3", "--hardware", "hetero-quad", "--tiling", "auto=edp",
        "--fuse", "all", "--scheduler", "cpsat", "--pareto", "latency,energy");
    assertEquals(2, pareto.code(), pareto.err());
    assertTrue(pareto.err().contains("--pareto needs a fixed --tiling, not auto=edp"), pareto.err());
  }
}
