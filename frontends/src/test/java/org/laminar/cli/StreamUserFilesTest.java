package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Stream user's files, unchanged: an ONNX model, Stream's accelerator and its mapping. */
class StreamUserFilesTest {
  private static final Path SHARED = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances");

  @Test
  void resnet18OnnxOnStreamsQuadCoreWithItsMappingGivesValidGreedySchedules() throws Exception {
    Cli.Outcome run = Cli.run("schedule", "--workload", SHARED.resolve("onnx/resnet18.onnx").toString(),
        "--hardware", SHARED.resolve("stream/examples/hardware/tpu_like_quad_core.yaml").toString(),
        "--mapping", SHARED.resolve("stream/examples/mapping/tpu_like_quad_core.yaml").toString(), "--json",
        "--time-limit", "1", "--workers", "1");

    assertEquals(0, run.code(), run.err());
    JsonNode results = new ObjectMapper().readTree(run.out());
    List<String> greedy = new ArrayList<>();
    for (JsonNode result : results) {
      assertTrue(result.get("valid").asBoolean(), run.out());
      assertTrue(result.at("/metrics/latency_cycles").asLong() >= result.at("/bound/latency_cycles").asLong());
      // The mapping puts convolutions on cores 0-3, the max pool on the pooling core 4 and the
      // Adds on the SIMD core 5: every core computes.
      for (int core = 0; core < 6; core++) {
        assertTrue(result.at("/metrics/utilization/" + core).asDouble() > 0, "core " + core + ": " + run.out());
      }
      greedy.add(result.get("scheduler").asText());
    }
    // 2,592 tiles: above Evaluator.LNS_ABOVE_TILES the comparison runs the large neighbourhood
    // search in place of cpsat, from the best greedy schedule (layer4 streams its weights for some
    // allocations only, which the exact model now takes).
    assertEquals(List.of("lbl", "list", "heft", "lns"), greedy);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      best = Math.min(best, results.get(i).at("/metrics/latency_cycles").asLong());
    }
    assertTrue(results.get(3).at("/metrics/latency_cycles").asLong() <= best, run.out());
  }

  @Test
  void fsrcnnOnStreamsQuadCoreRunsWithAutomaticTilingWhereTheDefaultTilingDoesNotFit() throws Exception {
    String[] args = {"schedule", "--workload", SHARED.resolve("onnx/fsrcnn.onnx").toString(),
        "--hardware", SHARED.resolve("stream/examples/hardware/tpu_like_quad_core.yaml").toString(),
        "--fuse", "all", "--scheduler", "list", "--json"};
    List<String> explicit = new ArrayList<>(List.of(args));
    explicit.addAll(List.of("--tiling", "oy=4"));
    List<String> never = new ArrayList<>(explicit);
    never.addAll(List.of("--stream", "never"));
    Cli.Outcome refused = Cli.run(never.toArray(String[]::new));
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("does not fit the memories"), refused.err());
    // By default (--stream when-needed) the tiles that fit no core stream their activations instead.
    Cli.Outcome streamed = Cli.run(explicit.toArray(String[]::new));
    assertEquals(0, streamed.code(), streamed.err());
    JsonNode checked = new ObjectMapper().readTree(streamed.out());
    assertTrue(checked.get("valid").asBoolean(), streamed.out());
    assertTrue(checked.at("/metrics/latency_cycles").asLong() >= checked.at("/bound/latency_cycles").asLong());
    assertTrue(streamed.err().contains("laminar: --stream when-needed: "), streamed.err());

    List<String> auto = new ArrayList<>(List.of(args));
    auto.addAll(List.of("--tiling", "auto"));
    Cli.Outcome run = Cli.run(auto.toArray(String[]::new));

    assertEquals(0, run.code(), run.err());
    JsonNode result = new ObjectMapper().readTree(run.out());
    assertTrue(result.get("valid").asBoolean(), run.out());
    assertTrue(result.at("/metrics/latency_cycles").asLong() >= result.at("/bound/latency_cycles").asLong());
    // Whole, the first layer does not fit, so it is split and says so.
    assertTrue(run.err().contains("laminar: --tiling auto: layer 'custom_added_Conv1' split oy="), run.err());
  }

  /**
   * Stream's own example runs with its genetic-algorithm mapping: fused stacks 0-6 and 7-13, and
   * layer by layer. The mapping's split leaves Adds on the SIMD core (and, layer by layer, the max
   * pool on the pooling core) too large; they are split further, on the cores the mapping gives.
   */
  @Test
  void streamsExampleRunsWithItsGaMappingGiveCheckedSchedules() throws Exception {
    for (String fuse : List.of("0-6,7-13", "none")) {
      Cli.Outcome run = Cli.run("schedule", "--workload", SHARED.resolve("onnx/resnet18.onnx").toString(),
          "--hardware", SHARED.resolve("stream/examples/hardware/tpu_like_quad_core.yaml").toString(),
          "--mapping", SHARED.resolve("stream/examples/mapping/tpu_like_quad_core_ga.yaml").toString(),
          "--fuse", fuse, "--scheduler", "list", "--json");

      assertEquals(0, run.code(), fuse + ": " + run.err());
      JsonNode result = new ObjectMapper().readTree(run.out());
      assertTrue(result.get("valid").asBoolean(), run.out());
      assertTrue(result.at("/metrics/latency_cycles").asLong() >= result.at("/bound/latency_cycles").asLong());
      assertTrue(run.err().contains("laminar: mapping, split further: layer '/layer2/layer2.1/Add' split oy="),
          run.err());
      assertTrue(run.err().contains("core 5 (simd)"), run.err());
      assertTrue(result.at("/metrics/utilization/5").asDouble() > 0, run.out());
    }
  }

  /** mobilenetv2 on Stream's Simba packages with no option but the scheduler: some layers are split. */
  @Test
  void mobilenetv2OnSimbaSchedulesWithTheDefaultTiling() throws Exception {
    for (String hardware : List.of("simba.yaml", "simba_small.yaml")) {
      Cli.Outcome run = Cli.run("schedule", "--workload", SHARED.resolve("onnx/mobilenetv2.onnx").toString(),
          "--hardware", SHARED.resolve("stream/examples/hardware/" + hardware).toString(), "--scheduler", "list",
          "--json");
      assertEquals(0, run.code(), hardware + ": " + run.err());
      JsonNode result = new ObjectMapper().readTree(run.out());
      assertTrue(result.get("valid").asBoolean(), run.out());
      assertTrue(run.err().contains("laminar: default tiling oy=4, split further: layer '"), run.err());
    }
  }

  /**
   * AlexNet layer by layer and whole on Stream's simba_small: four layers fit only with their
   * activations streamed. Every scheduler, the exact ones included, gives a checked schedule no
   * better than the analytical bound; CP-SAT proves its optimum (one worker, deterministic limit)
   * and it is no later than any greedy schedule, all of which lie in its model.
   */
  @Test
  void alexnetWithStreamedLayersIsSolvedByEveryScheduler() throws Exception {
    Cli.Outcome run = Cli.run("schedule", "--workload", SHARED.resolve("onnx/alexnet.onnx").toString(),
        "--hardware", SHARED.resolve("stream/examples/hardware/simba_small.yaml").toString(), "--fuse", "none",
        "--tiling", "oy=1", "--stream", "when-needed", "--engines", "cpsat,choco", "--json", "--time-limit", "30",
        "--workers", "1");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("4 tile(s) of 4 layer(s) stream their input and output"), run.err());
    JsonNode results = new ObjectMapper().readTree(run.out());
    List<String> names = new ArrayList<>();
    long greedyBest = Long.MAX_VALUE;
    for (JsonNode result : results) {
      String name = result.get("scheduler").asText();
      names.add(name);
      assertTrue(result.get("valid").asBoolean(), name + ": " + run.out());
      long latency = result.at("/metrics/latency_cycles").asLong();
      assertTrue(latency >= result.at("/bound/latency_cycles").asLong(), name + ": " + run.out());
      if (!name.equals("cpsat") && !name.equals("choco")) {
        greedyBest = Math.min(greedyBest, latency);
      }
    }
    assertEquals(List.of("lbl", "list", "heft", "cpsat", "choco"), names);
    JsonNode cpsat = results.get(3);
    assertEquals("OPTIMAL", cpsat.get("status").asText(), run.out());
    assertTrue(cpsat.at("/metrics/latency_cycles").asLong() <= greedyBest, run.out());
  }
}
