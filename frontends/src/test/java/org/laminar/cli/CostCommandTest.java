package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CostCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static String zigzag(String kind, String file) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "zigzag", kind, file).normalize()
        .toString();
  }

  private int run(String... args) {
    return Cli.execute(out, err, args);
  }

  @Test
  void gemmCaseAsJson() throws Exception {
    int code = run("cost", "--workload", zigzag("workload", "gemm_layer.yaml"), "--hardware",
        zigzag("hardware", "gemm_l1.yaml"), "--mapping", zigzag("mapping", "gemm_l1.yaml"), "--json");
    assertEquals(0, code, err.toString());
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals(511_349.76, json.get("energy_pJ").asDouble(), 1e-6);
    assertEquals(8_191, json.get("latency_cycles").asLong());
    JsonNode layer = json.get("layers").get(0);
    assertEquals(2_097_152, layer.get("macs").asLong());
    assertEquals(4096.0 / 8191, layer.get("utilization").asDouble(), 1e-12);
    assertEquals(1, json.get("layers").size());
  }

  @Test
  void tableWithoutJson() {
    int code = run("cost", "--workload", zigzag("workload", "gemm_layer.yaml"), "--hardware",
        zigzag("hardware", "gemm_l1.yaml"), "--mapping", zigzag("mapping", "gemm_l1.yaml"));
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("511,349.76"), out.toString());
    assertTrue(out.toString().contains("8,191.0"), out.toString());
  }

  @Test
  void streamAcceleratorCoreGetsTheDramOnTop() throws Exception {
    String stream = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "stream", "examples",
        "hardware", "tpu_like_quad_core.yaml").normalize().toString();
    int code = run("cost", "--workload", "chain3", "--hardware", stream, "--core", "1", "--json");
    assertEquals(0, code, err.toString());
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals(3, json.get("layers").size());
    JsonNode conv0 = json.get("layers").get(0);
    // 16·8·32·32·9 MACs, K 16 of 32 and C 8 of 32 PEs busy: ≥ 1,152 cycles.
    assertEquals(1_179_648, conv0.get("macs").asLong());
    assertTrue(conv0.get("latency_cycles").asDouble() >= 1_152, out.toString());
    assertTrue(conv0.get("utilization").asDouble() <= 1.0 / 8 + 1e-9, out.toString());
  }

  @Test
  void missingWorkloadIsBadInput() {
    int code = run("cost", "--workload", "no-such-workload.yaml", "--hardware", zigzag("hardware", "gemm_l1.yaml"));
    assertEquals(Laminar.BAD_INPUT, code);
    assertTrue(err.toString().startsWith("laminar: error: no-such-workload.yaml"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  @Test
  void unknownCoreIsBadInput() {
    int code = run("cost", "--workload", zigzag("workload", "gemm_layer.yaml"), "--hardware",
        zigzag("hardware", "gemm_l1.yaml"), "--core", "7");
    assertEquals(Laminar.BAD_INPUT, code);
    assertTrue(err.toString().contains("has no core 7 (cores: 0)"), err.toString());
  }

  @Test
  void mappingOverAMissingArrayDimensionIsBadInput() {
    int code = run("cost", "--workload", zigzag("workload", "gemm_layer.yaml"), "--hardware",
        zigzag("hardware", "tpu_like.yaml"), "--mapping", zigzag("mapping", "gemm_l1.yaml"));
    assertEquals(Laminar.BAD_INPUT, code);
    assertTrue(err.toString().contains("array dimension D3, which core tpu_like does not have"), err.toString());
  }

  @Test
  void unknownOnnxAxesIsBadInput() {
    int code = run("cost", "--workload", zigzag("workload", "gemm_layer.yaml"), "--hardware",
        zigzag("hardware", "gemm_l1.yaml"), "--onnx-axes", "nhwc");
    assertEquals(Laminar.BAD_INPUT, code);
    assertEquals("laminar: error: --onnx-axes must be laminar or stream, got 'nhwc'", err.toString().strip());
  }
}
