package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.cli.Cli.Outcome;

/** {@code laminar validate}: the zigzag and psplib suites and the argument errors. */
class ValidateCommandTest {
  private static final Path SHARED = Path.of(System.getProperty("laminar.root"), "..", "shared").normalize();

  private static Outcome validate(String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "validate";
    args[1] = "--instances=" + SHARED.resolve("instances");
    args[2] = "--reference=" + SHARED.resolve("reference");
    args[3] = "--json";
    System.arraycopy(more, 0, args, 4, more.length);
    return Cli.run(args);
  }

  @Test
  void zigzagSuiteCoversEveryReferenceRow() throws Exception {
    Outcome o = validate("--suite", "zigzag");
    JsonNode root = new ObjectMapper().readTree(o.out());
    Map<String, JsonNode> cases = new HashMap<>();
    root.get("cases").forEach(c -> cases.put(c.get("name").asText(), c));
    // 7 rows of reference/COST-MODEL.md, energy and latency each.
    assertEquals(14, cases.size(), o.out());
    JsonNode gemm = cases.get("gemm_l1 / gemm_layer.yaml latency");
    assertEquals(8191, gemm.get("reference").asDouble());
    assertEquals(8191, gemm.get("laminar").asDouble());
    assertTrue(gemm.get("pass").asBoolean());
    assertEquals(511_349.76, cases.get("gemm_l1 / gemm_layer.yaml energy").get("laminar").asDouble(), 1e-6);
    for (String hw : new String[] {"tpu_like", "edge_tpu_like", "meta_prototype"}) {
      for (String q : new String[] {"energy", "latency"}) {
        JsonNode c = cases.get(hw + " / resnet18.yaml " + q);
        assertTrue(c.get("pass").asBoolean() && Math.abs(c.get("error").asDouble()) <= 0.03, c.toString());
      }
    }
    // The ONNX rows (Conv and Gemm layers, padded input extents clipped as ZigZag does): every energy
    // within 5 %, tpu_like's to the last digit; the latencies of tpu_like and meta_prototype within 5 %.
    assertEquals(1_871_436_380.66, cases.get("tpu_like / resnet18.onnx energy").get("laminar").asDouble(), 1e-3);
    for (String hw : new String[] {"tpu_like", "edge_tpu_like", "meta_prototype"}) {
      JsonNode c = cases.get(hw + " / resnet18.onnx energy");
      assertTrue(c.get("pass").asBoolean() && Math.abs(c.get("error").asDouble()) <= 0.05, c.toString());
    }
    for (String hw : new String[] {"tpu_like", "meta_prototype"}) {
      JsonNode c = cases.get(hw + " / resnet18.onnx latency");
      assertTrue(c.get("pass").asBoolean() && Math.abs(c.get("error").asDouble()) <= 0.05, c.toString());
    }
    // The exit code says whether every case passed (edge_tpu_like on the ONNX model is +5.3 % in latency).
    boolean all = root.get("pass").asBoolean();
    assertEquals(all, root.findValues("pass").stream().skip(1).allMatch(JsonNode::asBoolean));
    assertEquals(all ? 0 : ValidateCommand.FAILED, o.code(), o.err());
  }

  @Test
  void psplibSuiteIsCorrectOnAllTwentyInstances() throws Exception {
    // A short deterministic limit: every answer must still be correct (valid, makespan >= optimum,
    // bound <= optimum), and the easy j301 instances are proved optimal at their published optima.
    Outcome o = validate("--suite", "psplib", "--psplib-limit", "0.2");
    JsonNode root = new ObjectMapper().readTree(o.out());
    assertEquals(20, root.get("cases").size(), o.out());
    for (JsonNode c : root.get("cases")) {
      assertTrue(c.get("pass").asBoolean(), c.toString());
      if (c.get("name").asText().startsWith("j301_")) {
        assertEquals(c.get("reference").asDouble(), c.get("laminar").asDouble(), c.toString());
        assertTrue(c.get("detail").asText().startsWith("OPTIMAL"), c.toString());
      }
    }
    assertEquals(0, o.code(), o.err());
  }

  @Test
  void depfinSuiteReportsTheCheckedLatencyAgainstSilicon() throws Exception {
    Outcome o = validate("--suite", "depfin");
    JsonNode c = new ObjectMapper().readTree(o.out()).get("cases").get(0);
    assertEquals(6.18e6, c.get("reference").asDouble());
    double latency = c.get("laminar").asDouble();
    // Not below the work bound it prints (the core cannot be more than fully busy).
    long workBound = Long.parseLong(c.get("detail").asText().replaceAll(".*work bound ([0-9,]+) cycles.*", "$1")
        .replace(",", ""));
    assertTrue(latency >= workBound && workBound > 0, c.toString());
    assertEquals((latency - 6.18e6) / 6.18e6, c.get("error").asDouble(), 1e-12);
    assertEquals(Math.abs(c.get("error").asDouble()) <= 0.10, c.get("pass").asBoolean());
    // With DeFiNES' serial copy phases the README claims it within the 10 % the suite allows.
    assertTrue(c.get("pass").asBoolean(), c.toString());
    assertEquals(0, o.code(), o.err());
  }

  @Test
  void unknownSuiteIsBadInput() {
    Outcome o = validate("--suite", "magic");
    assertEquals(Laminar.BAD_INPUT, o.code());
    assertEquals("laminar: error: --suite must be one of zigzag, psplib, depfin, all, got 'magic'", o.err().strip());
  }

  @Test
  void missingInstancesFolderIsBadInput() {
    Outcome o = Cli.run("validate", "--suite", "zigzag", "--instances", "no-such-folder");
    assertEquals(Laminar.BAD_INPUT, o.code());
    assertTrue(o.err().startsWith("laminar: error: no-such-folder"), o.err());
  }
}
