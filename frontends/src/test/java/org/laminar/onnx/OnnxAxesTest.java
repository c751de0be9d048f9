package org.laminar.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.laminar.onnx.OnnxModelBuilder.ints;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.io.InputException;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Padding;
import org.laminar.workload.Workload;

/** {@code --onnx-axes}: Laminar reads H as OY, Stream's convention H as OX and W as OY. */
class OnnxAxesTest {
  @TempDir
  Path dir;

  /** A 3×1 conv, stride 2 along H, pads 1 on top and bottom, on a 6×10 image, then an Add. */
  private Workload read(OnnxAxes axes) {
    Path file = new OnnxModelBuilder()
        .input("x", 1, 2, 6, 10).weights("w", 4, 2, 3, 1)
        .node("Conv", "conv", List.of("x", "w"), List.of("c"), ints("strides", 2, 1), ints("pads", 1, 0, 1, 0))
        .node("Add", "add", List.of("c", "c"), List.of("y"))
        .output("y", 1, 4, 3, 10)
        .write(dir, "model.onnx");
    return OnnxReader.read(file, axes);
  }

  @Test
  void laminarReadsHAsOy() {
    Layer conv = read(OnnxAxes.LAMINAR).layers().get(0);
    // (6 + 2 − 3) / 2 + 1 = 3 rows of 10 columns.
    assertEquals(3, conv.size(LoopDim.OY));
    assertEquals(10, conv.size(LoopDim.OX));
    assertEquals(3, conv.size(LoopDim.FY));
    assertEquals(1, conv.size(LoopDim.FX));
    assertEquals(2, conv.strideY());
    assertEquals(1, conv.strideX());
    // The last window covers rows 2·2 − 1 .. 5: the bottom pad is never read.
    assertEquals(new Padding(1, 0, 0, 0), conv.padding());
  }

  @Test
  void streamReadsHAsOxAndWAsOy() {
    Workload w = read(OnnxAxes.STREAM);
    Layer conv = w.layers().get(0);
    assertEquals(10, conv.size(LoopDim.OY));
    assertEquals(3, conv.size(LoopDim.OX));
    assertEquals(1, conv.size(LoopDim.FY));
    assertEquals(3, conv.size(LoopDim.FX));
    assertEquals(1, conv.strideY());
    assertEquals(2, conv.strideX());
    assertEquals(new Padding(0, 0, 1, 0), conv.padding());
    Layer add = w.layers().get(1);
    assertEquals(10, add.size(LoopDim.OY));
    assertEquals(3, add.size(LoopDim.OX));
    // The same work either way.
    assertEquals(read(OnnxAxes.LAMINAR).layers().get(0).macs(), conv.macs());
  }

  @Test
  void fsrcnnUnderStreamAxesHas960Rows() {
    Path fsrcnn = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "onnx", "fsrcnn.onnx");
    // The model is 540 (H) × 960 (W): Stream's convention cuts row tiles along W.
    assertEquals(540, OnnxReader.read(fsrcnn).layers().get(0).size(LoopDim.OY));
    Workload stream = OnnxReader.read(fsrcnn, OnnxAxes.STREAM);
    stream.layers().forEach(l -> assertEquals(960, l.size(LoopDim.OY), l.name()));
    assertEquals(8_290_252_800L, stream.computeMacs());
  }

  @Test
  void unknownConventionIsBadInput() {
    InputException e = assertThrows(InputException.class, () -> OnnxAxes.parse("nhwc"));
    assertEquals("--onnx-axes must be laminar or stream, got 'nhwc'", e.getMessage());
    assertEquals(OnnxAxes.STREAM, OnnxAxes.parse("Stream"));
  }
}
