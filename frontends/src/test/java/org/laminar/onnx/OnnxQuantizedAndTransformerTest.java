package org.laminar.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.laminar.onnx.OnnxModelBuilder.i;
import static org.laminar.onnx.OnnxModelBuilder.ints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.cli.Laminar;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Workload;
import picocli.CommandLine;

/**
 * The QLinear family and the operators of transformer exports (docs/ONNX.md), on generated
 * models: the layers they become, and that the models schedule (list scheduler, checker-valid).
 */
class OnnxQuantizedAndTransformerTest {
  @TempDir
  Path dir;

  private Workload read(OnnxModelBuilder model) {
    return OnnxReader.read(model.write(dir, "model.onnx"));
  }

  private static Layer layer(Workload w, String name) {
    return w.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  /** x → QuantizeLinear → two QLinearConv → QLinearAdd → QLinearGlobalAveragePool → DequantizeLinear. */
  private Path quantized() {
    OnnxModelBuilder m = new OnnxModelBuilder()
        .input("x", 1, 8, 8, 8)
        .weights("s", 1).weights("z", 1).weights("w1", 8, 8, 3, 3).weights("w2", 8, 8, 3, 3)
        .node("QuantizeLinear", "q", List.of("x", "s", "z"), List.of("xq"))
        .node("QLinearConv", "conv1", List.of("xq", "s", "z", "w1", "s", "z", "s", "z"), List.of("a"),
            ints("pads", 1, 1, 1, 1))
        .node("QLinearConv", "conv2", List.of("a", "s", "z", "w2", "s", "z", "s", "z"), List.of("b"),
            ints("pads", 1, 1, 1, 1))
        .node("QLinearAdd", "add", List.of("a", "s", "z", "b", "s", "z", "s", "z"), List.of("c"))
        .node("QLinearGlobalAveragePool", "gap", List.of("c", "s", "z", "s", "z"), List.of("d"))
        .node("DequantizeLinear", "dq", List.of("d", "s", "z"), List.of("y"))
        .output("y", 1, 8, 1, 1);
    return m.write(dir, "quantized.onnx");
  }

  /**
   * A transformer block on [1, 16, 32]: LayerNormalization, Q/K/V products, scores, Softmax,
   * context, a residual Add, then LayerNormalization, an MLP with Gelu, and a second residual.
   */
  private Path transformer() {
    OnnxModelBuilder m = new OnnxModelBuilder()
        .input("x", 1, 16, 32)
        .weights("g", 32).weights("be", 32)
        .weights("wq", 32, 32).weights("wk", 32, 32).weights("wv", 32, 32).weights("w1", 32, 64).weights("w2", 64, 32)
        .weights("scale", 1)
        .node("LayerNormalization", "ln1", List.of("x", "g", "be"), List.of("h"), i("axis", -1))
        .node("MatMul", "q", List.of("h", "wq"), List.of("qo"))
        .node("MatMul", "k", List.of("h", "wk"), List.of("ko"))
        .node("MatMul", "v", List.of("h", "wv"), List.of("vo"))
        .node("Transpose", "kt", List.of("ko"), List.of("kto"), ints("perm", 0, 2, 1))
        .node("MatMul", "scores", List.of("qo", "kto"), List.of("so"))
        .node("Div", "scaled", List.of("so", "scale"), List.of("sc"))
        .node("Softmax", "softmax", List.of("sc"), List.of("p"), i("axis", -1))
        .node("MatMul", "context", List.of("p", "vo"), List.of("co"))
        .node("Add", "residual1", List.of("co", "x"), List.of("r1"))
        .node("LayerNormalization", "ln2", List.of("r1", "g", "be"), List.of("h2"), i("axis", -1))
        .node("MatMul", "fc1", List.of("h2", "w1"), List.of("f1"))
        .node("Gelu", "gelu", List.of("f1"), List.of("ge"))
        .node("MatMul", "fc2", List.of("ge", "w2"), List.of("f2"))
        .node("Add", "residual2", List.of("f2", "r1"), List.of("y"))
        .output("y", 1, 16, 32);
    return m.write(dir, "block.onnx");
  }

  @Test
  void qlinearModelBecomesConvsAnAddAndAPool() {
    Workload w = OnnxReader.read(quantized());
    assertEquals(List.of("conv1", "conv2", "add", "gap"), w.layers().stream().map(Layer::name).toList());
    Layer add = layer(w, "add");
    assertEquals(OperatorType.ELEMENTWISE, add.type());
    // QLinearAdd's operands are inputs 0 and 3 (the others are scales and zero points).
    assertEquals(List.of(layer(w, "conv1").id()), add.producersOf(Operand.I));
    assertEquals(List.of(layer(w, "conv2").id()), add.producersOf(Operand.W));
    assertEquals(8 * 8 * 8, add.macs());
    Layer gap = layer(w, "gap");
    assertEquals(OperatorType.POOL, gap.type());
    assertEquals(8, gap.size(LoopDim.G));
    assertEquals(8, gap.size(LoopDim.FY));
    assertEquals(8, gap.size(LoopDim.FX));
    assertEquals(1, gap.size(LoopDim.OY));
    assertEquals(List.of(add.id()), gap.producersOf(Operand.I));
  }

  @Test
  void transformerBlockLayers() {
    Workload w = OnnxReader.read(transformer());
    assertEquals(List.of("ln1", "q", "k", "v", "scores", "softmax", "context", "residual1", "ln2", "fc1", "gelu",
        "fc2", "residual2"), w.layers().stream().map(Layer::name).toList());
    Layer ln = layer(w, "ln1");
    assertEquals(OperatorType.ACTIVATION, ln.type());
    // [1, 16, 32] → B 1, OY 16 rows, G 32 features: one operation per element.
    assertEquals(16 * 32, ln.macs());
    assertTrue(ln.producers().isEmpty(), "ln1 reads the graph input");
    Layer gelu = layer(w, "gelu");
    assertEquals(OperatorType.ACTIVATION, gelu.type());
    assertEquals(16 * 64, gelu.macs());
    assertEquals(List.of(layer(w, "fc1").id()), gelu.producersOf(Operand.I));
    // Div by a constant folds into the scores product: Softmax reads it directly.
    assertEquals(List.of(layer(w, "scores").id()), layer(w, "softmax").producersOf(Operand.I));
    // 16·32·32 (three projections) + 16·16·32 (scores) + 16·16·32 (context) + 16·32·64 · 2 (MLP).
    assertEquals(3L * 16 * 32 * 32 + 2L * 16 * 16 * 32 + 2L * 16 * 32 * 64, w.computeMacs());
  }

  @Test
  void bothModelsScheduleCheckerValid() throws Exception {
    for (Path model : List.of(quantized(), transformer())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = Laminar.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      int code = cli.execute("schedule", "--workload", model.toString(), "--hardware", "quad-core", "--scheduler",
          "list", "--json");
      assertEquals(0, code, model + ": " + err);
      JsonNode r = new ObjectMapper().readTree(out.toString());
      assertTrue(r.get("valid").asBoolean(), model + ": " + out);
      assertEquals(0, r.get("violations").size());
      assertTrue(r.get("metrics").get("latency_cycles").asLong() > 0);
    }
  }

  @Test
  void decomposedLayerNormAndGeluFoldOrBecomeLayers() {
    // LayerNorm as exported by older opsets: ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div.
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 16, 32).weights("two", 1).weights("eps", 1).weights("half", 1).weights("root2", 1)
        .weights("one", 1)
        .node("ReduceMean", "mean", List.of("x"), List.of("mu"), ints("axes", -1))
        .node("Sub", "centre", List.of("x", "mu"), List.of("d"))
        .node("Pow", "square", List.of("d", "two"), List.of("d2"))
        .node("ReduceMean", "var", List.of("d2"), List.of("v"), ints("axes", -1))
        .node("Add", "addeps", List.of("v", "eps"), List.of("ve"))
        .node("Sqrt", "std", List.of("ve"), List.of("sd"))
        .node("Div", "norm", List.of("d", "sd"), List.of("n"))
        .node("Div", "gdiv", List.of("n", "root2"), List.of("nr"))
        .node("Erf", "erf", List.of("nr"), List.of("e"))
        .node("Add", "eplus", List.of("e", "one"), List.of("e1"))
        .node("Mul", "gmul", List.of("n", "e1"), List.of("gm"))
        .node("Mul", "ghalf", List.of("gm", "half"), List.of("y"))
        .output("y", 1, 16, 32));
    assertEquals(List.of("mean", "centre", "var", "std", "norm", "erf", "gmul"),
        w.layers().stream().map(Layer::name).toList());
    Layer mean = layer(w, "mean");
    // A POOL over the last axis: 16 rows of one output, a window of the 32 features.
    assertEquals(OperatorType.POOL, mean.type());
    assertEquals(16, mean.size(LoopDim.OY));
    assertEquals(1, mean.size(LoopDim.G));
    assertEquals(32, mean.size(LoopDim.FX));
    assertEquals(16 * 32, mean.macs());
    // Sub of two activations is a layer; its second operand is the mean (broadcast).
    Layer centre = layer(w, "centre");
    assertEquals(OperatorType.ELEMENTWISE, centre.type());
    assertEquals(List.of(mean.id()), centre.producersOf(Operand.W));
    // Pow by a constant folds: var reads centre.
    assertEquals(List.of(centre.id()), layer(w, "var").producersOf(Operand.I));
    assertEquals(OperatorType.ACTIVATION, layer(w, "std").type());
    assertEquals(List.of(layer(w, "std").id()), layer(w, "norm").producersOf(Operand.W));
  }

  @Test
  void shapeOperatorsPassThroughWithTheirShapes() {
    Workload w = read(new OnnxModelBuilder()
        .input("ids", 1, 16).weights("table", 100, 32).weights("wo", 8, 32)
        .int64s("starts", 0).int64s("ends", 8).int64s("axes", 2).int64s("parts", 16, 16)
        .node("Gather", "embed", List.of("table", "ids"), List.of("e"))
        .node("Split", "halves", List.of("e", "parts"), List.of("e1", "e2"), i("axis", 2))
        .node("Slice", "cut", List.of("e2", "starts", "ends", "axes"), List.of("s"))
        .node("Relu", "r", List.of("e1"), List.of("e1r"))
        .node("QLinearMatMul", "proj", List.of("s", "sc", "zp", "wo", "sc", "zp", "sc", "zp"), List.of("p"))
        .node("Sigmoid", "act", List.of("e1r"), List.of("y1"))
        .output("p", 1, 16, 32).output("y1", 1, 16, 16)
        .weights("sc", 1).weights("zp", 1));
    // Gather of a constant table: [100, 32] by [1, 16] → [1, 16, 32], read from DRAM; Split → 16 + 16
    // features; Slice → the first 8 of the second half; QLinearMatMul [1,16,8]·[8,32].
    Layer proj = layer(w, "proj");
    assertEquals(OperatorType.GEMM, proj.type());
    assertEquals(16, proj.size(LoopDim.OY));
    assertEquals(8, proj.size(LoopDim.C));
    assertEquals(32, proj.size(LoopDim.K));
    assertTrue(proj.producers().isEmpty());
    assertEquals(16 * 16, layer(w, "act").macs());
  }

  @Test
  void convTransposeAndResize() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 4, 8, 8).weights("w", 4, 6, 4, 4).weights("roi", 0).weights("scales", 4)
        .node("Relu", "r", List.of("x"), List.of("xr"))
        .node("Conv", "c", List.of("xr", "wc"), List.of("xc"), ints("pads", 1, 1, 1, 1))
        .node("ConvTranspose", "up", List.of("xc", "w"), List.of("u"), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
        .node("Resize", "resize", List.of("u", "roi", "scales"), List.of("y"))
        .weights("wc", 4, 4, 3, 3)
        .output("y", 1, 6, 32, 32));
    Layer up = layer(w, "up");
    assertEquals(OperatorType.CONV, up.type());
    // Output 2·(8 − 1) + 4 − 1 − 1 = 16 per axis; ⌈4/2⌉ = 2 taps per axis and phase.
    assertEquals(16, up.size(LoopDim.OY));
    assertEquals(2, up.size(LoopDim.FY));
    assertEquals(6, up.size(LoopDim.K));
    assertEquals(4, up.size(LoopDim.C));
    // Exactly the scatter form's MACs: 8·8 inputs · 4·4 taps · 4 · 6 channels.
    assertEquals(8L * 8 * 16 * 4 * 6, up.macs());
    Layer resize = layer(w, "resize");
    // Float scales are not read: the declared output shape [1, 6, 32, 32] gives the layer.
    assertEquals(OperatorType.ACTIVATION, resize.type());
    assertEquals(6L * 32 * 32, resize.macs());
    assertEquals(List.of(up.id()), resize.producersOf(Operand.I));
  }

  @Test
  void qlinearConcatConcatenatesItsDataInputs() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 4, 8, 8).weights("w1", 4, 4, 1, 1).weights("w2", 6, 4, 1, 1).weights("w3", 5, 10, 1, 1)
        .weights("s", 1).weights("z", 1)
        .node("Conv", "a", List.of("x", "w1"), List.of("ya"))
        .node("Conv", "b", List.of("x", "w2"), List.of("yb"))
        .node("QLinearConcat", "cat", List.of("s", "z", "ya", "s", "z", "yb", "s", "z"), List.of("yc"), i("axis", 1))
        .node("Conv", "c", List.of("yc", "w3"), List.of("y"))
        .output("y", 1, 5, 8, 8));
    assertEquals(List.of(layer(w, "a").id(), layer(w, "b").id()), layer(w, "c").producersOf(Operand.I));
    assertEquals(10, layer(w, "c").size(LoopDim.C));
  }
}
