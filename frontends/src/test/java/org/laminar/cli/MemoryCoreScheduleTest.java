package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code laminar schedule} end to end on an accelerator in Stream's current format with a memory
 * core: two 4-PE cores on a bus with a memory core (4096 bits), which reaches a shim off-chip core
 * (one 8 bit/cycle port, 64 pJ per access) over a link. Layer {@code a} runs on core 0, {@code b},
 * which reads it, on core 1.
 */
class MemoryCoreScheduleTest {
  private static final String ROOT = "/org/laminar/stream-current/";

  private static String resource(String name) throws URISyntaxException {
    return Path.of(MemoryCoreScheduleTest.class.getResource(ROOT + name).toURI()).toString();
  }

  /**
   * Hand-derived from the files: the memory core is one memory of both cores, so the 128 bits from
   * {@code a} to {@code b} are read in place: no link movement, no interconnect energy, nothing
   * spilled. DRAM then moves the network input (C 1 × OY 4 × OX 2 × 8 bits = 64), the weights
   * (2 × 1 × 8 = 16 and 2 × 2 × 8 = 32) and {@code b}'s output (2 × 4 × 2 × 8 = 128): 240 bits,
   * 30 cycles at the shim's 8 bits/cycle and 240 × 64 / 8 = 1,920 pJ. While {@code b} runs, the
   * memory core holds {@code a}'s output (read until {@code b} ends), {@code b}'s weights and its
   * output: 128 + 32 + 128 = 288 bits, more than {@code a}'s tile and its data ever hold together
   * (64 + 16 + 128, plus {@code b}'s 32 weights loaded early: 240); each core's peak counts the
   * memory they share whole, so both show 288.
   */
  @Test
  void theMemoryCoreIsOneMemoryOfBothCoresInTheCheckedSchedule(@TempDir Path dir)
      throws IOException, URISyntaxException {
    Cli.Outcome o = Cli.run("schedule", "--workload", resource("workload/pair.yaml"), "--hardware",
        resource("hardware/memory_core_pair.yaml"), "--mapping", resource("mapping/pair_on_two_cores.yaml"),
        "--scheduler", "list", "--out", dir.toString());
    assertEquals(0, o.code(), o.err());

    JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertTrue(result.get("valid").asBoolean(), result.get("violations")::toString);
    JsonNode schedule = result.get("schedule");
    assertEquals(0, schedule.get("tiles").get(0).get("core").asInt());
    assertEquals(1, schedule.get("tiles").get(1).get("core").asInt());
    long dramBits = 0;
    for (JsonNode m : schedule.get("movements")) {
      assertEquals("dram", m.get("resource").asText(), m::toString);
      dramBits += m.get("bits").asLong();
    }
    assertEquals(240, dramBits);
    JsonNode metrics = result.get("metrics");
    assertEquals(0.0, metrics.get("energy_breakdown_pJ").get("interconnect").asDouble());
    assertEquals(1920.0, metrics.get("energy_breakdown_pJ").get("dram").asDouble(), 1e-9);
    assertEquals(30, result.get("bound").get("dram_cycles").asLong());
    assertEquals(288, metrics.get("peak_memory_bits").get("0").asLong());
    assertEquals(288, metrics.get("peak_memory_bits").get("1").asLong());

    // The memory core is one track in the memory plot, named after the memory and the core.
    String plot = Files.readString(dir.resolve("memory.svg"));
    assertTrue(plot.contains("shared scratch_2 (cores 0, 1): peak 288"), plot);
  }
  /**
   * The memory core's 4096 bits are counted once for both cores: a layer (K 16, C 16, OY 4, OX 4,
   * 8-bit operands) split into two channel parts for cores 0 and 1 has 8 × 16 × 8 = 1,024 weight
   * bits per part and tiles of 16 × 4 × 4 × 8 = 2,048 input plus 8 × 4 × 4 × 8 = 1,024 output
   * bits. Each part alone fits (1,024 + 3,072 = 4,096), both do not: with the first part on core 0,
   * the second would make core 0 hold 2,048 + 3,072 = 5,120 bits, and core 1 hold 2,048 + 3,072 +
   * 3,072 = 8,192 in the same memory. The message names the shared memory and those figures.
   */
  @Test
  void twoChannelPartsThatFitAloneDoNotFitTheMemoryCoreTogether(@TempDir Path dir)
      throws IOException, URISyntaxException {
    Path workload = dir.resolve("wide.yaml");
    Files.writeString(workload, """
        format: laminar/1
        name: wide
        layers:
          - {id: 0, name: a, type: CONV, op: Conv, dims: {K: 16, C: 16, OY: 4, OX: 4}, stride: [1, 1],
             dilation: [1, 1], padding: [0, 0, 0, 0], precision: {W: 8, I: 8, O: 16, O_final: 8}, sources: {}}
        """);
    Path mapping = dir.resolve("split.yaml");
    Files.writeString(mapping, """
        - {name: a, core_allocation: [0, 1], inter_core_tiling: ["K, 2"]}
        """);
    Cli.Outcome o = Cli.run("schedule", "--workload", workload.toString(), "--hardware",
        resource("hardware/memory_core_pair.yaml"), "--mapping", mapping.toString(), "--scheduler", "list");
    assertEquals(2, o.code(), o.err());
    assertEquals("laminar: error: scheduler list: layer 'a' does not fit the local memory of any allowed core: "
        + "shared memory scratch_2 (cores 0, 1) (4096 bits) would hold 2048 bits of weights plus 3072 bits for its "
        + "largest tile; shared memory scratch_2 (cores 0, 1) (4096 bits) would hold 2048 bits of weights plus 6144 "
        + "bits for tile 1", o.err().strip());
  }
}
