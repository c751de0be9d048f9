package org.laminar.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.cli.Laminar;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.io.Inputs;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;
import picocli.CommandLine;

/**
 * Layers far larger than a core (issue #18): Stream's LLM-sized SwiGLU block, generated with the
 * shapes of its {@code swiglu_4096_4096_14336.onnx}, on Stream's {@code tpu_like_quad_core.yaml},
 * whose cores hold 16,777,216 bits (2 MiB) of local memory.
 */
class LargeLayersRunTest {
  private static final Path TPU = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances",
      "stream", "examples", "hardware", "tpu_like_quad_core.yaml");
  private static final long S = 4096;
  private static final long H = 4096;
  private static final long F = 14336;

  @TempDir
  Path dir;

  /** x [4096, 4096] → two MatMuls with [4096, 14336] weights → Silu · right → MatMul with [14336, 4096]. */
  private Path swiglu() {
    return new OnnxModelBuilder()
        .input("x", S, H)
        .weights("wl", H, F).weights("wr", H, F).weights("wd", F, H)
        .node("MatMul", "Gemm_Left", List.of("x", "wl"), List.of("l"))
        .node("MatMul", "Gemm_Right", List.of("x", "wr"), List.of("r"))
        .node("Silu", "Silu", List.of("l"), List.of("s"))
        .node("Mul", "Elt_Mul", List.of("s", "r"), List.of("m"))
        .node("MatMul", "Gemm_Down", List.of("m", "wd"), List.of("y"))
        .output("y", S, H)
        .write(dir, "swiglu_4096_4096_14336.onnx");
  }

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Laminar.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return new Outcome(cli.execute(args), out.toString(), err.toString());
  }

  private record Outcome(int code, String out, String err) {}

  /**
   * Whole, {@code Gemm_Left} reads 4096·4096·8 = 134,217,728 input bits, eight times a core's
   * memory: the default tiling splits it (and every other layer) until each tile's input fits,
   * without changing any layer's MACs (4096·4096·14336 per matrix product).
   */
  @Test
  void theDefaultTilingSplitsEveryLayerUntilItsTilesFitAndKeepsItsMacs() {
    Path model = swiglu();
    Workload w = OnnxReader.read(model);
    assertEquals(3 * S * H * F, w.computeMacs());
    Accelerator tpu = Inputs.accelerator(TPU.toString());
    TileGraph graph = TileGraphBuilder.build(Inputs.tiling(w, tpu, Optional.empty(), Optional.empty(), "auto",
        new AnalyticalCostModel(), n -> { }));
    for (Layer layer : w.layers()) {
      List<Tile> tiles = graph.tilesOf(layer.id());
      assertEquals(layer.macs(), tiles.stream().mapToLong(Tile::macs).sum(), layer.name());
      assertTrue(tiles.size() > 1, layer.name() + " is split");
    }
    for (Tile t : graph.tilesOf(0)) {
      long inputBits = (long) t.shape().size(LoopDim.OY) * H * 8;
      assertTrue(inputBits < 16_777_216, "tile " + t.id() + " reads " + inputBits + " input bits");
    }
  }

  @Test
  void swigluOnStreamsQuadCoreGivesACheckedScheduleWithTheDefaultTiling() throws Exception {
    String model = swiglu().toString();
    Outcome refused = run("schedule", "--workload", model, "--hardware", TPU.toString(), "--tiling", "oy=4",
        "--scheduler", "list", "--stream", "never");
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("layer 'Gemm_Left') cannot run on any of its allowed cores"), refused.err());

    // By default (--stream when-needed) the same tiling runs: a band of Elt_Mul reads 1,024 rows of 14,336
    // 8-bit values as its second operand, 117,440,512 bits, seven times a core's 16,777,216, so it streams it.
    Outcome streamed = run("schedule", "--workload", model, "--hardware", TPU.toString(), "--tiling", "oy=4",
        "--scheduler", "list", "--json");
    assertEquals(0, streamed.code(), streamed.err());
    JsonNode checked = new ObjectMapper().readTree(streamed.out());
    assertTrue(checked.get("valid").asBoolean(), streamed.out());
    assertTrue(checked.at("/metrics/latency_cycles").asLong() >= checked.at("/bound/latency_cycles").asLong());
    assertTrue(streamed.err().contains("second input"), streamed.err());
    assertTrue(streamed.err().contains("'Elt_Mul'"), streamed.err());

    Path out = dir.resolve("out");
    Outcome run = run("schedule", "--workload", model, "--hardware", TPU.toString(), "--scheduler", "list", "--json",
        "--out", out.toString());
    assertEquals(0, run.code(), run.err());
    JsonNode result = new ObjectMapper().readTree(run.out());
    assertTrue(result.get("valid").asBoolean(), run.out());
    assertEquals(0, result.get("violations").size());
    assertTrue(result.at("/metrics/latency_cycles").asLong() >= result.at("/bound/latency_cycles").asLong());
    assertTrue(run.err().contains("laminar: default tiling oy=4, split further: layer 'Gemm_Left' split oy="),
        run.err());

    // result.json names the default it started from and, per layer, the split each note on stderr reported.
    JsonNode inputs;
    try (Stream<Path> files = Files.walk(out)) {
      inputs = new ObjectMapper().readTree(files.filter(f -> f.endsWith("result.json")).findFirst().orElseThrow()
          .toFile()).get("inputs");
    }
    assertEquals("oy=4", inputs.get("tiling").asText());
    Matcher note = Pattern.compile("layer '([^']+)' split (oy=[0-9]+(,k=[0-9]+)?) ").matcher(run.err());
    int notes = 0;
    while (note.find()) {
      assertEquals(note.group(2), inputs.at("/split_further/" + note.group(1)).asText(), run.err());
      notes++;
    }
    assertEquals(OnnxReader.read(Path.of(model)).layers().size(), notes, run.err());
    assertEquals(notes, inputs.get("split_further").size(), inputs.toString());
  }

  /**
   * {@code explore --stream} sweeps the policies as {@code schedule --stream} runs them: under
   * {@code never} no core holds a band of Gemm_Left with its activations (infeasible, the reason
   * given), under the default the point is the schedule {@code schedule} gives, figure for figure.
   */
  @Test
  void exploreSweepsTheStreamPoliciesAsScheduleRunsThem() throws Exception {
    String model = swiglu().toString();
    Outcome sweep = run("explore", "--workload", model, "--hardware", TPU.toString(), "--tiling", "oy=4",
        "--scheduler", "list", "--stream", "never,when-needed", "--jobs", "1", "--json");
    assertEquals(0, sweep.code(), sweep.err());
    JsonNode points = new ObjectMapper().readTree(sweep.out());
    assertEquals(2, points.size(), sweep.out());
    assertEquals("never", points.get(0).get("stream").asText());
    assertEquals("infeasible", points.get(0).get("status").asText(), points.get(0).toString());
    assertTrue(points.get(0).get("reason").asText().contains("'Gemm_Left'"), points.get(0).toString());
    assertEquals("when-needed", points.get(1).get("stream").asText());
    assertTrue(points.get(1).get("valid").asBoolean(), points.get(1).toString());

    Outcome schedule = run("schedule", "--workload", model, "--hardware", TPU.toString(), "--tiling", "oy=4",
        "--scheduler", "list", "--json");
    JsonNode metrics = new ObjectMapper().readTree(schedule.out()).get("metrics");
    assertEquals(metrics.get("latency_cycles").asLong(), points.get(1).get("latency_cycles").asLong());
    assertEquals(metrics.get("energy_pJ").asDouble(), points.get(1).get("energy_pJ").asDouble(), 1e-6);
  }

  /** A {@code [2, reduction] × [reduction, 2]} matrix product, 8-bit. */
  private Path wide(long reduction) {
    return new OnnxModelBuilder()
        .input("x", 2, reduction).weights("w", reduction, 2)
        .node("MatMul", "wide", List.of("x", "w"), List.of("y"))
        .output("y", 2, 2)
        .write(dir, "wide.onnx");
  }

  /**
   * A reduction of 2^24 inputs: even one row and one column of it reads 2^24·8 = 2^27 input bits
   * (its 2^27 weight bits stream from DRAM), so no split fits. One message, exit 2, naming the layer
   * and the memory that would do: one that holds the weights keeps them, so at least 2^28 bits for
   * inputs and weights (the hint is the cost model's threshold, to within 1/64).
   */
  @Test
  void aLayerNoSplitFitsStopsWithTheMemoryItWouldNeed() {
    long reduction = 1L << 24;
    Path model = wide(reduction);
    Outcome run = run("schedule", "--workload", model.toString(), "--hardware", TPU.toString(), "--scheduler",
        "list", "--stream", "never");

    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().lines().filter(l -> l.startsWith("laminar: error:")).count(), run.err());
    assertTrue(run.err().contains("laminar: error: " + model + " on " + TPU + ": layer 'wide' fits no core even split "
        + "oy=2,k=2: on core 0 (tpu_like) its tile "), run.err());
    Matcher m = Pattern.compile("needs a local memory '[^']+' of about ([0-9,]+) bits \\(it has 16,777,216\\)")
        .matcher(run.err());
    assertTrue(m.find(), run.err());
    long bits = Long.parseLong(m.group(1).replace(",", ""));
    long inputsAndWeights = 2 * reduction * 8;
    assertTrue(bits >= inputsAndWeights && bits <= inputsAndWeights + inputsAndWeights / 32, run.err());
  }

  /**
   * The same reduction with the default {@code --stream when-needed}: no split fits, so the layer keeps its
   * start (whole, alone in its stack) and streams its input. On the 64-bit shared DRAM port its
   * 2^28 weight bits stream (2^22 cycles), then its 2^28 input bits, each read once (the loop the
   * input ignores, its 2 output columns, is spatial: 2^22 cycles), then its 32-bit output is stored
   * (1 cycle); its 2^26 MACs on 64 used PEs take 2^20 cycles, less. So 2^23 + 1 cycles, which no
   * schedule beats: the bound says the same.
   */
  @Test
  void aLayerNoSplitFitsStreamsWhenStreamingIsAllowed() throws Exception {
    Path model = wide(1L << 24);
    Outcome run = run("schedule", "--workload", model.toString(), "--hardware", TPU.toString(), "--scheduler",
        "list", "--json");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("layer 'wide' fits no split; it keeps its start split and streams its activations "
        + "from DRAM (--stream when-needed)"), run.err());
    JsonNode result = new ObjectMapper().readTree(run.out());
    assertTrue(result.get("valid").asBoolean(), run.out());
    assertEquals((1L << 23) + 1, result.at("/metrics/latency_cycles").asLong(), run.out());
    assertEquals((1L << 23) + 1, result.at("/bound/latency_cycles").asLong(), run.out());
  }
}
