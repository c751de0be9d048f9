package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
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

class ZigZagWorkloadReaderTest {

  @Test
  void resnet18() {
    Workload w = ZigZagWorkloadReader.read(SharedInstances.path("zigzag", "workload", "resnet18.yaml"));
    assertEquals("resnet18", w.name());
    Layer conv1 = w.layer(0);
    assertEquals("example_name_of_layer0", conv1.name());
    assertEquals(OperatorType.CONV, conv1.type());
    assertEquals("Conv", conv1.opName());
    assertEquals(Map.of(LoopDim.B, 1, LoopDim.K, 64, LoopDim.C, 3, LoopDim.OY, 112, LoopDim.OX, 112, LoopDim.FY, 7,
        LoopDim.FX, 7, LoopDim.G, 1), conv1.dims());
    assertEquals(List.of(2, 2, 1, 1), List.of(conv1.strideY(), conv1.strideX(), conv1.dilationY(), conv1.dilationX()));
    assertEquals(Padding.NONE, conv1.padding());
    assertEquals(new Precision(8, 8, 16, 8), conv1.precision());
    assertEquals(Map.of(), conv1.producers());
    assertEquals(64L * 3 * 7 * 7 * 8, conv1.weightBits());

    Layer pool = w.layer(1);
    assertEquals("layer_1", pool.name());
    assertEquals(OperatorType.POOL, pool.type());
    assertEquals(64, pool.size(LoopDim.G));
    assertEquals(3, pool.size(LoopDim.FX));
    assertEquals(2, pool.strideX());
    assertEquals(0, pool.weightBits());
    assertEquals(Map.of(Operand.I, List.of(0)), pool.producers());

    Layer add = w.layer(4);
    assertEquals(OperatorType.ELEMENTWISE, add.type());
    assertEquals(Map.of(Operand.I, List.of(3), Operand.W, List.of(1)), add.producers());
    assertFalse(add.hasConstantWeights());
    // ResNet-18 (ZigZag's version, FC layer included): about 1.8 GMAC.
    assertEquals(w.layers().size(), 31);
  }

  @Test
  void gemmDimensionsAreClassifiedByTheOperandsTheyIndex() {
    Workload w = ZigZagWorkloadReader.read(SharedInstances.path("zigzag", "workload", "gemm_layer.yaml"));
    Layer gemm = w.layers().get(0);
    assertEquals(OperatorType.GEMM, gemm.type());
    assertEquals(128, gemm.size(LoopDim.OY));
    assertEquals(128, gemm.size(LoopDim.K));
    assertEquals(128, gemm.size(LoopDim.C));
    assertEquals(128L * 128 * 128, gemm.macs());
    assertEquals(128L * 128 * 8, gemm.weightBits());
  }

  @Test
  void paddingFollowsPrLoopDims() {
    Workload w = ZigZagWorkloadReader.read(SharedInstances.path("stream", "testing", "workload",
        "testing_workload_for_2_cores.yaml"));
    assertEquals(new Padding(0, 0, 1, 1), w.layer(0).padding());
    assertEquals(new Padding(1, 1, 1, 1), w.layer(1).padding());
    assertEquals(Map.of(Operand.I, List.of(0)), w.layer(1).producers());
  }

  @Test
  void sharedStreamNamesAreMadeUnique() {
    Workload w = ZigZagWorkloadReader.read(SharedInstances.path("stream", "testing", "workload",
        "testing_workload_3_layers_for_2_cores.yaml"));
    assertEquals(List.of("layer_on_core0#0", "layer_on_core1", "layer_on_core0#2"),
        w.layers().stream().map(Layer::name).toList());
  }

  @Test
  void streamsElementwiseOperandNamesAndSelfSources() {
    Workload w = ZigZagWorkloadReader.read(SharedInstances.path("stream", "testing", "workload",
        "simple_example_workload.yaml"));
    Layer add = w.layer(3);
    // "Y: 8" is the precision of the element-wise input I; W and I both name the layer itself: DRAM.
    assertEquals(new Precision(8, 8, 16, 8), add.precision());
    assertEquals(Map.of(), add.producers());
    assertEquals(4L * 5 * 5 * 8, add.weightBits());
    // constant_operands: [W] with a W source of itself.
    assertEquals(Map.of(Operand.I, List.of(0)), w.layer(2).producers());
    assertEquals(16L * 4 * 8, w.layer(2).weightBits());
  }

  @Test
  void aGemmWrittenWithMnkGetsItsReductionAsC(@TempDir Path dir) throws IOException {
    Path file = write(dir, """
        - id: 0
          operator_type: MatMul
          equation: O[b][m][n]+=I[b][m][k]*W[k][n]
          loop_dims: [B, M, N, K]
          loop_sizes: [2, 16, 8, 4]
          operand_precision: {W: 4, I: 8, O: 24}
          operand_source: {I: 0, W: 0}
        """);
    Layer layer = ZigZagWorkloadReader.read(file).layers().get(0);
    assertEquals(OperatorType.GEMM, layer.type());
    assertEquals(List.of(2, 16, 8, 4), List.of(layer.size(LoopDim.B), layer.size(LoopDim.OY), layer.size(LoopDim.K),
        layer.size(LoopDim.C)));
    assertEquals(new Precision(4, 8, 24, 24), layer.precision());
  }

  @Test
  void anUnknownOperandIsNamed(@TempDir Path dir) throws IOException {
    Path file = write(dir, """
        - id: 0
          operator_type: Conv
          equation: O[k][c]+=W[k][c]*I[c]
          loop_dims: [K, C]
          loop_sizes: [2, 2]
          operand_precision: {W: 8, I: 8, O: 8}
          operand_source: {Z: 0}
        """);
    InputException e = assertThrows(InputException.class, () -> ZigZagWorkloadReader.read(file));
    assertEquals(file + ": layer 'layer_0': unknown operand 'Z'; expected O, W or I (or X, Y)", e.getMessage());
  }

  @Test
  void prLoopSizesBoundTheInputAsPaddingAfterIt(@TempDir Path dir) throws IOException {
    // A 3×3 convolution with 4×4 outputs reaches 6 rows and 6 columns; with 1 row of padding before,
    // 5 real rows. The file says the input is 4 rows (IY) by 6 columns (IX): the 5th row reached is
    // padding after the input, the columns need none.
    String layer = """
        - id: 0
          operator_type: Conv
          equation: O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]
          dimension_relations: [ix=1*ox+1*fx, iy=1*oy+1*fy]
          loop_dims: [B, K, C, OY, OX, FY, FX]
          loop_sizes: [1, 2, 2, 4, 4, 3, 3]
          operand_precision: {W: 8, I: 8, O: 16, O_final: 8}
          operand_source: {I: 0, W: 0}
          pr_loop_dims: [IY, IX]
          pr_loop_sizes: %s
          padding: [[1, 0], [0, 0]]
        """;
    Layer read = ZigZagWorkloadReader.read(write(dir, layer.formatted("[4, 6]"))).layers().get(0);
    assertEquals(new Padding(1, 1, 0, 0), read.padding());
    assertEquals(List.of(4, 6), List.of(read.inputHeight(), read.inputWidth()));
    // A size the windows do not reach leaves the padding as given.
    assertEquals(new Padding(1, 0, 0, 0),
        ZigZagWorkloadReader.read(write(dir, layer.formatted("[9, 9]"))).layers().get(0).padding());
    Path bad = write(dir, layer.formatted("[5]"));
    assertEquals(bad + ": layer 'layer_0': pr_loop_sizes has 1 entries for the input dimensions [IY, IX]",
        assertThrows(InputException.class, () -> ZigZagWorkloadReader.read(bad)).getMessage());
  }

  @Test
  void withoutOperandSourceALayerReadsItsInputsFromDram(@TempDir Path dir) throws IOException {
    // ZigZag's current schema makes operand_source optional; layer 1 names layer 0 as its input,
    // layer 0 names no source at all.
    Path file = write(dir, """
        - id: 0
          operator_type: Conv
          equation: O[k][c]+=W[k][c]*I[c]
          loop_dims: [K, C]
          loop_sizes: [2, 2]
          operand_precision: {W: 8, I: 8, O: 8, O_final: 8}
        - id: 1
          operator_type: Conv
          equation: O[k][c]+=W[k][c]*I[c]
          loop_dims: [K, C]
          loop_sizes: [2, 2]
          operand_precision: {W: 8, I: 8, O: 8, O_final: 8}
          operand_source: {I: 0}
        """);
    Workload w = ZigZagWorkloadReader.read(file);
    assertEquals(Map.of(), w.layer(0).producers());
    assertEquals(Map.of(Operand.I, List.of(0)), w.layer(1).producers());
  }

  private static Path write(Path dir, String text) throws IOException {
    return SharedInstances.write(dir, "w.yaml", text);
  }
}
