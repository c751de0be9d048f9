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
    Cli.Outcome refused = Cli.run(args);
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("does not fit the memories"), refused.err());

    List<String> auto = new ArrayList<>(List.of(args));
    auto.addAll(List.of("--tiling", "auto"));
    Cli.Outcome run = Cli.run(auto.toArray(String[]::new));

    assertEquals(0, run.code(), run.err());
    JsonNode result = new ObjectMapper().readTree(run.out());
    assertTrue(result.get("valid").asBoolean(), run.out());
    assertTrue(result.at("/metrics/latency_cycles").asLong() >= result.at("/bound/latency_cycles").asLong());
    // The default oy=4 does not fit the first layer, so it is split further and says so.
    assertTrue(run.err().contains("laminar: --tiling auto: layer 'custom_added_Conv1' split oy="), run.err());
  }
}
