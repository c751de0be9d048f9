package org.laminar.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.io.InputException;

/** Malformed files end in one InputException that names the file (and the node), nothing else. */
class OnnxReaderBadInputTest {
  @TempDir
  Path dir;

  private String failure(Path file) {
    Executable read = () -> OnnxReader.read(file);
    InputException e = assertThrows(InputException.class, read);
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e.getMessage().substring(file.toString().length() + 2);
  }

  private String failure(OnnxModelBuilder model) {
    return failure(model.write(dir, "bad.onnx"));
  }

  @Test
  void truncatedModel() throws IOException {
    byte[] resnet = Files.readAllBytes(OnnxReaderModelsTest.model("resnet18"));
    for (int length : new int[] {resnet.length / 2, resnet.length - 1, 3}) {
      Path file = Files.write(dir.resolve("truncated" + length + ".onnx"), Arrays.copyOf(resnet, length));
      assertTrue(failure(file).startsWith("not a valid ONNX model: "), "length " + length);
    }
  }

  @Test
  void randomBytes() throws IOException {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      byte[] bytes = new byte[1 + random.nextInt(2000)];
      random.nextBytes(bytes);
      failure(Files.write(dir.resolve("random" + trial + ".onnx"), bytes));
    }
  }

  @Test
  void corruptedModelsNeverEscapeAsAnotherException() throws IOException {
    byte[] model = Files.readAllBytes(OnnxReaderModelsTest.model("mobilenetv2"));
    Random random = new Random(7);
    for (int trial = 0; trial < 100; trial++) {
      byte[] bytes = model.clone();
      for (int flips = 0; flips < 4; flips++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      Path file = Files.write(dir.resolve("corrupt" + trial + ".onnx"), bytes);
      try {
        OnnxReader.read(file);
      } catch (InputException e) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
      }
    }
  }

  @Test
  void emptyAndMissingFiles() throws IOException {
    assertEquals("not a valid ONNX model: the model has no graph", failure(Files.write(dir.resolve("empty.onnx"),
        new byte[0])));
    assertEquals("no such file", failure(dir.resolve("absent.onnx")));
  }

  @Test
  void inputShapeThatCannotBeInferred() {
    String message = failure(new OnnxModelBuilder()
        .input("x", "batch", 3, 8, 8).weights("w", 4, 3, 3, 3)
        .node("Relu", "relu", List.of("x"), List.of("r"))
        .node("Conv", "conv", List.of("r", "w"), List.of("y")));
    assertEquals("node 'relu' (Relu): the shape of input 'x' is unknown ([?x3x8x8]) and cannot be inferred;"
        + " declare it in the model's inputs", message);
    assertEquals("node 'conv' (Conv): the shape of input 'x' is unknown and cannot be inferred; declare it in"
        + " the model's inputs", failure(new OnnxModelBuilder()
        .weights("w", 4, 3, 3, 3)
        .node("Conv", "conv", List.of("x", "w"), List.of("y"))
        .inputWithoutShape("x")));
  }

  @Test
  void aGraphInputWithADimensionOfSizeZeroIsRefused() {
    assertEquals("graph input 'x' is declared with a dimension of size 0 ([1x3x0x8]); every size must be positive",
        failure(new OnnxModelBuilder()
            .input("x", 1, 3, 0, 8).weights("w", 4, 3, 3, 3)
            .node("Conv", "conv", List.of("x", "w"), List.of("y"))));
  }

  @Test
  void cycle() {
    String message = failure(new OnnxModelBuilder()
        .input("x", 1, 3, 8, 8).weights("w", 3, 3, 3, 3)
        .node("Conv", "conv", List.of("x", "w"), List.of("c"))
        .node("Add", "add", List.of("c", "r"), List.of("a"))
        .node("Relu", "relu", List.of("a"), List.of("r")));
    assertEquals("the graph has a cycle through node 'add' (Add)", message);
  }

  @Test
  void unsupportedOperator() {
    String message = failure(new OnnxModelBuilder()
        .input("x", 1, 3, 8, 8)
        .node("Einsum", "pick", List.of("x"), List.of("y")));
    assertEquals("node 'pick' (Einsum): operator type Einsum is not supported; Laminar reads the operators listed in"
        + " docs/ONNX.md (Conv, ConvTranspose, Gemm, MatMul, pooling, element-wise, activation, normalisation,"
        + " QLinear*, shape and data-movement operators)", message);
  }

  @Test
  void unknownTensorAndMismatchedDeclaredShape() {
    assertEquals("node 'relu' (Relu): input 'ghost' is neither a graph input, an initializer nor the output of a node",
        failure(new OnnxModelBuilder().node("Relu", "relu", List.of("ghost"), List.of("y"))));
    assertEquals("node 'conv' (Conv): output 'y' is declared with shape [1x4x8x8] but the inputs give [1x4x6x6]",
        failure(new OnnxModelBuilder()
            .input("x", 1, 3, 8, 8).weights("w", 4, 3, 3, 3)
            .node("Conv", "conv", List.of("x", "w"), List.of("y"))
            .output("y", 1, 4, 8, 8)));
  }

  @Test
  void inconsistentConvolution() {
    assertEquals("node 'conv' (Conv): input [1x3x8x8], weights [4x2x3x3] and group 1 do not match (weights must be"
        + " [M, C/group, kH, kW])", failure(new OnnxModelBuilder()
        .input("x", 1, 3, 8, 8).weights("w", 4, 2, 3, 3)
        .node("Conv", "conv", List.of("x", "w"), List.of("y"))));
  }

  @Test
  void graphWithoutLayers() {
    assertEquals("the graph has no operator that Laminar models as a layer (Conv, Gemm, MatMul, pooling, Add/Mul"
        + " of two activations, Sigmoid, Silu, Softmax, LRN)", failure(new OnnxModelBuilder()
        .input("x", 1, 3).node("Relu", "relu", List.of("x"), List.of("y"))));
  }
}
