package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A Stream user's files, unchanged: an ONNX model, Stream's accelerator and its mapping. */
class StreamUserFilesTest {
  private static final Path SHARED = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances");

  @Test
  void resnet18OnnxOnStreamsQuadCoreWithItsMappingGivesAValidSchedule() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Laminar.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("schedule", "--workload", SHARED.resolve("onnx/resnet18.onnx").toString(),
        "--hardware", SHARED.resolve("stream/examples/hardware/tpu_like_quad_core.yaml").toString(),
        "--mapping", SHARED.resolve("stream/examples/mapping/tpu_like_quad_core.yaml").toString(),
        "--scheduler", "list", "--json");

    assertEquals(0, code, err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertTrue(result.get("valid").asBoolean(), out.toString());
    // The mapping puts convolutions on cores 0-3, the max pool on the pooling core 4 and the Adds on
    // the SIMD core 5: every core computes.
    for (int core = 0; core < 6; core++) {
      assertTrue(result.at("/metrics/utilization/" + core).asDouble() > 0, "core " + core + ": " + out);
    }
    assertTrue(result.at("/metrics/latency_cycles").asLong() >= result.at("/bound/latency_cycles").asLong());
  }
}
