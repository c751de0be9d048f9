package org.laminar.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.laminar.onnx.OnnxModelBuilder.i;
import static org.laminar.onnx.OnnxModelBuilder.int64Tensor;
import static org.laminar.onnx.OnnxModelBuilder.ints;
import static org.laminar.onnx.OnnxModelBuilder.s;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.io.InputException;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/** Each operator on a small generated model, checked against hand-computed layers. */
class OnnxReaderOperatorsTest {
  @TempDir
  Path dir;

  private Workload read(OnnxModelBuilder model) {
    return OnnxReader.read(model.write(dir, "model.onnx"));
  }

  private static Layer layer(Workload workload, String name) {
    return workload.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  private static Map<LoopDim, Integer> dims(int b, int k, int c, int oy, int ox, int fy, int fx, int g) {
    return Map.of(LoopDim.B, b, LoopDim.K, k, LoopDim.C, c, LoopDim.OY, oy, LoopDim.OX, ox, LoopDim.FY, fy,
        LoopDim.FX, fx, LoopDim.G, g);
  }

  @Test
  void convReluBatchNormAndDepthwiseConv() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 8, 10, 10)
        .weights("w1", 16, 8, 3, 3).weights("b1", 16)
        .weights("scale", 16).weights("bias", 16).weights("mean", 16).weights("var", 16)
        .weights("w2", 16, 1, 3, 3)
        .node("Conv", "conv1", List.of("x", "w1", "b1"), List.of("c1"), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
        .node("Relu", "relu", List.of("c1"), List.of("r1"))
        .node("BatchNormalization", "bn", List.of("r1", "scale", "bias", "mean", "var"), List.of("n1"))
        .node("Conv", "dw", List.of("n1", "w2"), List.of("y"), i("group", 16), ints("dilations", 2, 2),
            ints("pads", 2, 2, 2, 2))
        .output("y", 1, 16, 5, 5));

    assertEquals(2, w.layers().size(), "Relu and BatchNormalization fold into conv1");
    Layer conv = layer(w, "conv1");
    assertEquals(OperatorType.CONV, conv.type());
    // (10 + 2 - 3) / 2 + 1 = 5 rows; the last window ends at row 2*4 + 2 - 1 = 9: no end padding read.
    assertEquals(dims(1, 16, 8, 5, 5, 3, 3, 1), conv.dims());
    assertEquals(new Padding(1, 0, 1, 0), conv.padding());
    assertEquals(2, conv.strideY());
    assertEquals(10, conv.inputHeight());
    assertEquals(16L * 8 * 9 * 25, conv.macs());
    assertEquals(new Precision(8, 8, 16, 8), conv.precision());
    assertTrue(conv.producers().isEmpty());

    Layer dw = layer(w, "dw");
    assertEquals(dims(1, 1, 1, 5, 5, 3, 3, 16), dw.dims());
    assertEquals(2, dw.dilationY());
    assertEquals(new Padding(2, 2, 2, 2), dw.padding());
    assertEquals(List.of(conv.id()), dw.producersOf(Operand.I));
    assertEquals(16L * 9 * 25, dw.macs());
  }

  @Test
  void groupedConvWithSamePadding() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 2, 8, 7, 7).weights("w", 12, 4, 3, 3)
        .node("Conv", "g", List.of("x", "w"), List.of("y"), i("group", 2), ints("strides", 2, 2),
            s("auto_pad", "SAME_UPPER")));
    assertEquals(dims(2, 6, 4, 4, 4, 3, 3, 2), w.layers().get(0).dims());
    assertEquals(new Padding(1, 1, 1, 1), w.layers().get(0).padding());
  }

  @Test
  void qlinearConvReadsItsWeightsFromTheFourthInput() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 4, 6, 6).weights("w", 8, 4, 1, 1)
        .weights("xs").weights("xz").weights("ws").weights("wz").weights("ys").weights("yz")
        .node("QuantizeLinear", "q", List.of("x", "xs", "xz"), List.of("xq"))
        .node("QLinearConv", "qconv", List.of("xq", "xs", "xz", "w", "ws", "wz", "ys", "yz"), List.of("yq"))
        .node("DequantizeLinear", "dq", List.of("yq", "ys", "yz"), List.of("y"))
        .node("Relu", "relu", List.of("y"), List.of("z")));
    assertEquals(1, w.layers().size());
    Layer conv = w.layers().get(0);
    assertEquals("QLinearConv", conv.opName());
    assertEquals(dims(1, 8, 4, 6, 6, 1, 1, 1), conv.dims());
  }

  @Test
  void gemmWithTransposedOperands() {
    Workload w = read(new OnnxModelBuilder()
        .input("a", 64, 32).weights("b", 10, 64)
        .node("Gemm", "fc", List.of("a", "b"), List.of("y"), i("transA", 1), i("transB", 1))
        .output("y", 32, 10));
    Layer fc = w.layers().get(0);
    assertEquals(OperatorType.GEMM, fc.type());
    assertEquals(dims(1, 10, 64, 32, 1, 1, 1, 1), fc.dims());
    assertTrue(fc.hasConstantWeights());
  }

  @Test
  void batchedMatMulPutsSharedWeightsOnBatchAndPerBatchOperandsOnGroups() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 2, 4, 6, 8).weights("w", 8, 5)
        .input("p", 3, 6, 8).input("q", 3, 8, 5)
        .node("MatMul", "shared", List.of("x", "w"), List.of("y"))
        .node("MatMul", "perBatch", List.of("p", "q"), List.of("z"))
        .output("y", 2, 4, 6, 5).output("z", 3, 6, 5));
    assertEquals(dims(8, 5, 8, 6, 1, 1, 1, 1), layer(w, "shared").dims());
    assertEquals(dims(1, 5, 8, 6, 1, 1, 1, 3), layer(w, "perBatch").dims());
    assertEquals(3L * 5 * 8 * 8, layer(w, "perBatch").weightBits());
  }

  @Test
  void attentionHeadWithoutValueInfo() {
    Workload w = OnnxReader.read(OnnxReaderModelsTest.model("attention_head"));
    assertEquals(6, w.layers().size(), "three projections, Q·Kᵀ, softmax, attention·V; Transpose passes through");
    Layer q = layer(w, "MatMul_0");
    Layer k = layer(w, "MatMul_1");
    Layer v = layer(w, "MatMul_2");
    Layer scores = layer(w, "MatMul_4");
    assertEquals(dims(1, 64, 512, 128, 1, 1, 1, 1), q.dims());
    assertTrue(q.hasConstantWeights(), "wQ is a graph input read from DRAM");
    assertEquals(dims(1, 128, 64, 128, 1, 1, 1, 1), scores.dims());
    assertEquals(List.of(q.id()), scores.producersOf(Operand.I));
    assertEquals(List.of(k.id()), scores.producersOf(Operand.W));
    Layer softmax = layer(w, "Softmax_5");
    assertEquals(OperatorType.ACTIVATION, softmax.type());
    assertEquals(dims(1, 1, 1, 128, 1, 1, 1, 128), softmax.dims());
    Layer out = layer(w, "MatMul_6");
    assertEquals(List.of(softmax.id()), out.producersOf(Operand.I));
    assertEquals(List.of(v.id()), out.producersOf(Operand.W));
    assertEquals(new Precision(8, 8, 16, 8), out.precision());
  }

  @Test
  void poolingLayers() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 8, 112, 112)
        .node("MaxPool", "max", List.of("x"), List.of("m"), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
            i("ceil_mode", 1))
        .node("AveragePool", "avg", List.of("m"), List.of("a"), ints("kernel_shape", 2, 2), ints("strides", 2, 2))
        .node("GlobalAveragePool", "gap", List.of("a"), List.of("g")));
    Layer max = layer(w, "max");
    assertEquals(OperatorType.POOL, max.type());
    assertEquals(dims(1, 1, 1, 56, 56, 3, 3, 8), max.dims());
    assertEquals(new Padding(0, 1, 0, 1), max.padding());
    assertEquals(new Precision(0, 8, 16, 8), max.precision());
    assertEquals(dims(1, 1, 1, 28, 28, 2, 2, 8), layer(w, "avg").dims());
    assertEquals(dims(1, 1, 1, 1, 1, 28, 28, 8), layer(w, "gap").dims());
    assertEquals(List.of(layer(w, "avg").id()), layer(w, "gap").producersOf(Operand.I));
  }

  @Test
  void addOfTwoActivationsIsALayerAndAConstantOperandFolds() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 4, 5, 5).weights("w1", 4, 4, 1, 1).weights("w2", 4, 4, 1, 1).weights("bias", 1, 4, 1, 1)
        .node("Conv", "a", List.of("x", "w1"), List.of("ya"))
        .node("Conv", "b", List.of("x", "w2"), List.of("yb"))
        .node("Add", "bias_add", List.of("bias", "yb"), List.of("yb2"))
        .node("Mul", "scale", List.of("ya", "bias"), List.of("ya2"))
        .node("Add", "sum", List.of("ya2", "yb2"), List.of("s"))
        .node("Sigmoid", "sig", List.of("s"), List.of("t")));
    assertEquals(4, w.layers().size(), "the constant Add and Mul fold into the convolutions");
    Layer sum = layer(w, "sum");
    assertEquals(OperatorType.ELEMENTWISE, sum.type());
    assertEquals(dims(1, 1, 1, 5, 5, 1, 1, 4), sum.dims());
    assertEquals(List.of(layer(w, "a").id()), sum.producersOf(Operand.I));
    assertEquals(List.of(layer(w, "b").id()), sum.producersOf(Operand.W));
    assertEquals(new Precision(8, 8, 8, 8), sum.precision());
    assertEquals(OperatorType.ACTIVATION, layer(w, "sig").type());
    assertEquals(100L, layer(w, "sig").macs());
  }

  @Test
  void concatListsItsProducersInOrder() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 4, 5, 5).weights("w1", 6, 4, 1, 1).weights("w2", 2, 4, 1, 1).weights("w3", 3, 8, 1, 1)
        .node("Conv", "a", List.of("x", "w1"), List.of("ya"))
        .node("Conv", "b", List.of("x", "w2"), List.of("yb"))
        .node("Concat", "cat", List.of("yb", "ya"), List.of("c"), i("axis", 1))
        .node("Conv", "c", List.of("c", "w3"), List.of("y")));
    Layer c = layer(w, "c");
    assertEquals(List.of(layer(w, "b").id(), layer(w, "a").id()), c.producersOf(Operand.I));
    assertEquals(8, c.inputChannels());
  }

  @Test
  void reshapeFlattenTransposeAndUnsqueezePassThrough() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 1, 8, 4, 4).weights("w1", 8, 8, 3, 3).weights("fc", 128, 10).int64s("shape", 1, -1)
        .node("Conv", "conv", List.of("x", "w1"), List.of("c"), ints("pads", 1, 1, 1, 1))
        .node("Reshape", "r", List.of("c", "shape"), List.of("r"))
        .node("MatMul", "fc1", List.of("r", "fc"), List.of("f"))
        .node("Flatten", "flat", List.of("c"), List.of("fl"), i("axis", 2))
        .node("Transpose", "t", List.of("fl"), List.of("tr"))
        .node("Constant", "k", List.of(), List.of("axes"), int64Tensor("value", 0))
        .node("Unsqueeze", "u", List.of("tr", "axes"), List.of("un"))
        .node("Softmax", "soft", List.of("un"), List.of("out")));
    assertEquals(3, w.layers().size());
    Layer fc = layer(w, "fc1");
    assertEquals(dims(1, 10, 128, 1, 1, 1, 1, 1), fc.dims());
    assertEquals(List.of(layer(w, "conv").id()), fc.producersOf(Operand.I));
    // c [1,8,4,4] → Flatten(axis 2) [8,16] → Transpose [16,8] → Unsqueeze(0) [1,16,8]
    assertEquals(dims(1, 1, 1, 16, 1, 1, 1, 8), layer(w, "soft").dims());
  }

  @Test
  void shapeOperandsFromConstantsAndDeclaredShapes() {
    Workload w = read(new OnnxModelBuilder()
        .input("x", 2, 3, 4).weights("w", 12, 5).int64s("twelve", 12)
        .node("Constant", "two", List.of(), List.of("s1"), ints("value_ints", 2))
        .node("Concat", "shape", List.of("s1", "twelve"), List.of("s"), i("axis", 0))
        .node("Reshape", "flat", List.of("x", "s"), List.of("r"))
        .node("MatMul", "mm", List.of("r", "w"), List.of("y"))
        .input("dyn", 2).input("v", 4, 6).weights("left", 5, 6)
        .node("Reshape", "r2", List.of("v", "dyn"), List.of("vr"))
        .valueInfo("vr", 6, 4)
        .node("MatMul", "constantFirst", List.of("left", "vr"), List.of("z"))
        .input("u", 1, 3, 1, 4)
        .node("Squeeze", "sq", List.of("u"), List.of("us"))
        .node("Sigmoid", "sig", List.of("us"), List.of("ys")));
    assertEquals(dims(1, 5, 12, 2, 1, 1, 1, 1), layer(w, "mm").dims());
    // 5x6 constant times a 6x4 activation: the activation's 4 columns are the rows of the layer.
    assertEquals(dims(1, 5, 6, 4, 1, 1, 1, 1), layer(w, "constantFirst").dims());
    assertEquals(dims(1, 1, 1, 3, 1, 1, 1, 4), layer(w, "sig").dims());
  }

  @Test
  void streamPrecisionAttributesOverrideTheDefaults() {
    Workload w = OnnxReader.read(OnnxReaderModelsTest.model("4_convs"));
    assertEquals(new Precision(8, 8, 16, 16), w.layers().get(0).precision());
    Workload swiglu = OnnxReader.read(OnnxReaderModelsTest.model("swiglu_64_128_256"));
    Layer mul = layer(swiglu, "Elt_Mul");
    assertEquals(new Precision(16, 16, 16, 16), mul.precision());
    assertEquals(List.of(layer(swiglu, "Silu").id()), mul.producersOf(Operand.I));
    assertEquals(List.of(layer(swiglu, "Gemm_Right").id()), mul.producersOf(Operand.W));
  }

  @Test
  void resnet18Structure() {
    Workload w = OnnxReader.read(OnnxReaderModelsTest.model("resnet18"));
    assertEquals(31, w.layers().size(), "20 convolutions, 8 additions, max pool, global average pool, fc");
    Layer conv1 = layer(w, "/conv1/Conv");
    assertEquals(dims(1, 64, 3, 112, 112, 7, 7, 1), conv1.dims());
    assertEquals(new Padding(3, 2, 3, 2), conv1.padding());
    assertEquals(224, conv1.inputHeight());
    Layer pool = layer(w, "/maxpool/MaxPool");
    assertEquals(List.of(conv1.id()), pool.producersOf(Operand.I), "the Relu folds into conv1");
    Layer add = layer(w, "/layer1/layer1.0/Add");
    assertEquals(List.of(layer(w, "/layer1/layer1.0/conv2/Conv").id()), add.producersOf(Operand.I));
    assertEquals(List.of(pool.id()), add.producersOf(Operand.W));
    Layer fc = layer(w, "/fc/Gemm");
    assertEquals(List.of(layer(w, "/avgpool/GlobalAveragePool").id()), fc.producersOf(Operand.I));
    assertEquals(dims(1, 1000, 512, 1, 1, 1, 1, 1), fc.dims());
  }

  @Test
  void unnamedNodesAreNamedByOperatorAndIndex() {
    Workload w = OnnxReader.read(OnnxReaderModelsTest.model("alexnet"));
    Layer conv2 = layer(w, "Conv_4");
    assertEquals(dims(1, 128, 48, 26, 26, 5, 5, 2), conv2.dims());
    assertEquals(List.of(layer(w, "MaxPool_3").id()), conv2.producersOf(Operand.I));
    assertEquals(List.of(layer(w, "MaxPool_14").id()), layer(w, "Gemm_16").producersOf(Operand.I),
        "Reshape and Dropout pass through");
  }

  @Test
  void concatAlongSpaceIsRejected() {
    InputException e = assertThrows(InputException.class, () -> read(new OnnxModelBuilder()
        .input("x", 1, 4, 5, 5).weights("w1", 4, 4, 1, 1)
        .node("Conv", "a", List.of("x", "w1"), List.of("ya"))
        .node("Concat", "cat", List.of("ya", "ya"), List.of("c"), i("axis", 2))));
    assertTrue(e.getMessage().contains("node 'cat' (Concat): Concat along axis 2"), e.getMessage());
  }
}
