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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.cli.Laminar;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;
import org.laminar.workload.TransformerBlock;
import org.laminar.workload.Workload;
import picocli.CommandLine;

/**
 * The transformer block of issue #17 (sequence 128, hidden 256, 4 heads, FFN 1024) as a PyTorch
 * export writes it — multi-head attention through Reshape and Transpose — read by the ONNX
 * reader and compared with the same block in Laminar's block format ({@link TransformerBlock}).
 */
class TransformerExportTest {
  private static final int S = 128;
  private static final int H = 256;
  private static final int HEADS = 4;
  private static final int D = H / HEADS;
  private static final int F = 1024;

  @TempDir
  Path dir;

  /**
   * x [1, 128, 256] → LayerNormalization → Q, K, V MatMuls → Reshape [1, 128, 4, 64] → Transpose
   * [1, 4, 128, 64] (K to [1, 4, 64, 128]) → scores MatMul, Div √d, Softmax → context MatMul →
   * Transpose, Reshape back to [1, 128, 256] → output MatMul → Add x → LayerNormalization → MLP with
   * Gelu → Add.
   */
  private Path export() {
    return new OnnxModelBuilder()
        .input("x", 1, S, H)
        .weights("g", H).weights("b", H).weights("scale", 1)
        .weights("wq", H, H).weights("wk", H, H).weights("wv", H, H).weights("wo", H, H)
        .weights("w1", H, F).weights("w2", F, H)
        .int64s("heads", 1, S, HEADS, D).int64s("merged", 1, S, H)
        .node("LayerNormalization", "ln1", List.of("x", "g", "b"), List.of("h"), i("axis", -1))
        .node("MatMul", "q", List.of("h", "wq"), List.of("q0"))
        .node("MatMul", "k", List.of("h", "wk"), List.of("k0"))
        .node("MatMul", "v", List.of("h", "wv"), List.of("v0"))
        .node("Reshape", "q_split", List.of("q0", "heads"), List.of("q1"))
        .node("Reshape", "k_split", List.of("k0", "heads"), List.of("k1"))
        .node("Reshape", "v_split", List.of("v0", "heads"), List.of("v1"))
        .node("Transpose", "q_heads", List.of("q1"), List.of("q2"), ints("perm", 0, 2, 1, 3))
        .node("Transpose", "k_heads", List.of("k1"), List.of("k2"), ints("perm", 0, 2, 3, 1))
        .node("Transpose", "v_heads", List.of("v1"), List.of("v2"), ints("perm", 0, 2, 1, 3))
        .node("MatMul", "qk", List.of("q2", "k2"), List.of("s0"))
        .node("Div", "scaled", List.of("s0", "scale"), List.of("s1"))
        .node("Softmax", "softmax", List.of("s1"), List.of("p"), i("axis", -1))
        .node("MatMul", "av", List.of("p", "v2"), List.of("c0"))
        .node("Transpose", "c_seq", List.of("c0"), List.of("c1"), ints("perm", 0, 2, 1, 3))
        .node("Reshape", "c_merge", List.of("c1", "merged"), List.of("c2"))
        .node("MatMul", "out", List.of("c2", "wo"), List.of("o"))
        .node("Add", "add1", List.of("o", "x"), List.of("r1"))
        .node("LayerNormalization", "ln2", List.of("r1", "g", "b"), List.of("h2"), i("axis", -1))
        .node("MatMul", "ffn1", List.of("h2", "w1"), List.of("f1"))
        .node("Gelu", "gelu", List.of("f1"), List.of("f2"))
        .node("MatMul", "ffn2", List.of("f2", "w2"), List.of("f3"))
        .node("Add", "add2", List.of("f3", "r1"), List.of("y"))
        .output("y", 1, S, H)
        .write(dir, "transformer_block.onnx");
  }

  private static Layer named(Workload w, String name) {
    return w.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  private static Map<LoopDim, Integer> gemmDims(Layer l) {
    return Map.of(LoopDim.OY, l.size(LoopDim.OY), LoopDim.K, l.size(LoopDim.K), LoopDim.C, l.size(LoopDim.C),
        LoopDim.G, l.size(LoopDim.G));
  }

  /**
   * Every matrix product of the export has the loops of the block format's: projections 128 × 256
   * × 256, scores per head G 4, OY 128, K 128, C 64, context G 4, OY 128, K 64, C 128, FFN 128 ×
   * 1024 × 256 and 128 × 256 × 1024; so the compute MACs agree, 109,051,904 (4·S·H² + 2·S²·H +
   * 2·S·H·F).
   */
  @Test
  void theExportsMatrixProductsAreTheBlockFormats() {
    Workload onnx = OnnxReader.read(export());
    Workload block = new TransformerBlock("block", S, H, HEADS, F, 8).workload();
    for (String name : List.of("q", "k", "v", "qk", "av", "out", "ffn1", "ffn2")) {
      Layer fromOnnx = named(onnx, name);
      Layer fromBlock = named(block, name);
      assertEquals(OperatorType.GEMM, fromOnnx.type(), name);
      assertEquals(gemmDims(fromBlock), gemmDims(fromOnnx), name);
      assertEquals(fromBlock.macs(), fromOnnx.macs(), name);
    }
    assertEquals(Map.of(LoopDim.OY, S, LoopDim.K, S, LoopDim.C, D, LoopDim.G, HEADS), gemmDims(named(onnx, "qk")));
    assertEquals(4L * S * H * H + 2L * S * S * H + 2L * S * H * F, onnx.computeMacs());
    assertEquals(block.computeMacs(), onnx.computeMacs());
    // The scores' second operand is the key projection (a layer, not weights), in both.
    assertEquals(0, named(onnx, "qk").weightBits());
    assertEquals(named(onnx, "k").id(), named(onnx, "qk").producers().get(org.laminar.workload.Operand.W).get(0));
    // Softmax over h·S·S scores: as many element operations as the block's softmax.
    assertEquals((long) HEADS * S * S, named(onnx, "softmax").macs());
    assertEquals(named(block, "softmax").macs(), named(onnx, "softmax").macs());
  }

  @Test
  void theExportSchedulesCheckerValidOnHeteroQuad() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Laminar.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("schedule", "--workload", export().toString(), "--hardware", "hetero-quad",
        "--scheduler", "list", "--json");
    assertEquals(0, code, err.toString());
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertTrue(r.get("valid").asBoolean(), out.toString());
    assertEquals(0, r.get("violations").size());
    assertTrue(r.at("/metrics/latency_cycles").asLong() >= r.at("/bound/latency_cycles").asLong());
  }
}
