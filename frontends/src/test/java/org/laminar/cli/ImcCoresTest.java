package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.cli.Cli.Outcome;

/** ZigZag's in-memory-computing cores costed end to end, and an IMC core scheduled beside digital ones. */
class ImcCoresTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String zigzag(String... parts) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "zigzag").resolve(
        String.join("/", parts)).normalize().toString();
  }

  /** Relative tolerance against ZigZag's IMC figures, as for its digital ones (ZigZagSuite): 0.1 %. */
  private static final double TOLERANCE = 0.001;

  /**
   * ResNet-18 (ZigZag's resnet18.yaml) on ZigZag's aimc.yaml and dimc.yaml with default_imc.yaml,
   * against the figures ZigZag's own tests expect (KULeuven-MICAS/zigzag,
   * tests/main/test_imc/test_aimc.py: 4,264,976,904.64 pJ, 4,371,385 cycles; test_dimc.py:
   * 4,268,285,089.35 pJ, 5,114,707 cycles; the latencies since ZigZag's commit cd42462e, "Add
   * cycles_per_op to cost model"). ZigZag costs only the convolution and fully connected layers
   * there: its workload iterator skips Pooling and Add layers on an IMC array
   * (zigzag/stages/workload_iterator.py), so those 21 of the 31 layers are summed; the 10 others
   * are costed by Laminar too and only add to its total.
   */
  @ParameterizedTest
  @CsvSource({"aimc.yaml, 4264976904.6396008, 4371385, analog, 14.07244",
      "dimc.yaml, 4268285089.3547516, 5114707, digital, 3.75708"})
  void resnet18AgainstZigZagsPublishedFigures(String hardware, double zigzagEnergyPj, long zigzagCycles,
      String type, double clockNs) throws IOException {
    Outcome o = Cli.run("cost", "--workload", zigzag("workload", "resnet18.yaml"), "--hardware",
        zigzag("current", "hardware", hardware), "--mapping", zigzag("current", "mapping", "default_imc.yaml"),
        "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode json = JSON.readTree(o.out());
    assertEquals(31, json.get("layers").size());
    assertEquals(type, json.get("imc").get("type").asText());
    assertEquals(clockNs, json.get("imc").get("clock_ns").asDouble(), 1e-9);
    double energy = 0;
    double cycles = 0;
    int costedByZigZag = 0;
    for (JsonNode layer : json.get("layers")) {
      String operator = layer.get("operator").asText();
      if (operator.equals("conv") || operator.equals("gemm")) {
        energy += layer.get("energy_pJ").asDouble();
        cycles += layer.get("latency_cycles").asDouble();
        costedByZigZag++;
      }
    }
    assertEquals(21, costedByZigZag);
    assertEquals(zigzagEnergyPj, energy, TOLERANCE * zigzagEnergyPj);
    assertEquals(zigzagCycles, cycles, TOLERANCE * zigzagCycles);
    assertTrue(json.get("energy_pJ").asDouble() > energy && json.get("latency_cycles").asDouble() > cycles,
        "the pooling and Add layers add to the whole network's figures");
    assertTrue(json.get("array_energy_pJ").asDouble() > 0);
  }

  private static String resource(String name) throws URISyntaxException {
    return Path.of(ImcCoresTest.class.getResource("/org/laminar/imc/" + name).toURI()).toString();
  }

  @Test
  void anImcCoreBesideDigitalCoresSchedulesValidly() throws Exception {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", resource("imc_hetero.yaml"),
        "--scheduler", "cpsat", "--time-limit", "10", "--workers", "1", "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode json = JSON.readTree(o.out());
    assertTrue(json.get("valid").asBoolean(), o.out());
    // The analog core (0) computes part of the network: it is the fastest on the 3x3 layers.
    assertTrue(json.get("metrics").get("utilization").get("0").asDouble() > 0, o.out());
    assertTrue(json.get("metrics").get("energy_breakdown_pJ").get("compute").asDouble() > 0, o.out());
  }

  @Test
  void everySchedulerIsValidOnTheMixedAccelerator() throws Exception {
    Outcome o = Cli.run("schedule", "--workload", "chain3", "--hardware", resource("imc_hetero.yaml"), "--compare",
        "--time-limit", "10", "--workers", "1");
    assertEquals(0, o.code(), o.err());
    long valid = o.out().lines().filter(l -> l.matches("^(lbl|list|heft|cpsat)\\s+\\S+\\s+yes\\s.*")).count();
    assertEquals(4, valid, o.out());
  }
}
