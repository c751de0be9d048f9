package org.laminar.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.laminar.io.Inputs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.workload.Workload;

/** The shipped ONNX models load and give the MAC totals published for them (issue 5). */
class OnnxReaderModelsTest {

  static Path model(String name) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "onnx", name + ".onnx");
  }

  @ParameterizedTest
  @CsvSource({
      "resnet18, 31, 1814073344",
      "mobilenetv2, 64, 300774272",
      "alexnet, 14, 654560384",
      "fsrcnn, 8, 8290252800",
      "attention_head, 6, 14680064",
      "swiglu_64_128_256, 5, 6291456",
      "2_conv, 2, 3612672",
      "4_convs, 4, 6096384"})
  void computeMacsMatchThePublishedTotals(String name, int layers, long macs) {
    Workload workload = OnnxReader.read(model(name));
    assertEquals(name, workload.name());
    assertEquals(layers, workload.layers().size(), name);
    assertEquals(macs, workload.computeMacs(), name);
  }

  @Test
  void theInputResolverReadsOnnxFiles() {
    Workload workload = Inputs.workload(model("fsrcnn").toString());
    assertEquals(8_290_252_800L, workload.computeMacs());
  }
}
