package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Cli.execute(out, err, args);
  }

  @Test
  void layersAndTotals() {
    assertEquals(0, run("inspect", "--workload", "chain3", "--hardware", "single-core"), err.toString());
    String text = out.toString();
    assertTrue(text.startsWith("Workload chain3: 3 layers, 3.67 M MACs"), text);
    // 16·8·32·32·9 + 16·16·32·32·9 + 8·16·32·32 MACs; weights (1152 + 2304 + 128) · 8 bits.
    assertTrue(text.lines().anyMatch(l -> l.matches("\\s+total\\s+3670016\\s+28672\\s+327680")), text);
    assertTrue(text.contains("core 0 tpu_like: D1 32 x D2 32 array (1024 PEs, 0.04 pJ/MAC), dataflow D1: K 32, D2: C 32"),
        text);
    assertTrue(text.contains("sram_2MB            2 MiB  I1,I2,O"), text);
    assertTrue(text.contains("DRAM: read 64, write 64 bits/cycle (one shared port), 15.625 / 15.625 pJ/bit"), text);
  }

  @Test
  void json() throws IOException {
    assertEquals(0, run("inspect", "-w", "residual4", "-a", "depfin", "--json"), err.toString());
    JsonNode report = JsonMapper.builder().build().readTree(out.toString());
    assertEquals(4, report.at("/workload/layers").size());
    assertEquals(16 * 16 * 16, report.at("/workload/layers/3/macs").asLong());
    assertEquals(2, report.at("/workload/layers/3/sources").size());
    assertEquals(8388608, report.at("/accelerator/cores/0/memories/4/size_bits").asLong());
    assertEquals(64, report.at("/accelerator/dram/read_bandwidth_bits").asLong());
  }

  @Test
  void listNamesEveryBundledInstance() {
    assertEquals(0, run("inspect", "--list"));
    for (String name : new String[] {"resnet18", "fsrcnn-depfin", "chain3", "chain5", "residual4", "single-core",
        "quad-core", "hetero-quad", "depfin", "medium", "large"}) {
      assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("  " + name + " ")), name);
    }
    assertTrue(out.toString().lines().anyMatch(l -> l.equals("    - resnet18-quad-core: 106 tiles; --workload "
        + "resnet18 --hardware quad-core --tiling oy=4 --fuse auto")), out.toString());
  }

  @Test
  void aMissingFile() {
    assertBadInput("missing.yaml: no such file, and no bundled workload of that name (bundled: resnet18, "
        + "fsrcnn-depfin, chain3, chain5, residual4, diamond4, mbconv3, transformer128)", "inspect", "--workload",
        "missing.yaml");
  }

  @Test
  void aYamlSyntaxError() throws IOException {
    Path file = write("""
        - id: 0
          loop_dims: [K, C
          operator_type: Conv
        """);
    assertBadInput(file + ": line 3, column 16: expected ',' or ']', but got : (while parsing a flow sequence)",
        "inspect", "--workload", file.toString());
  }

  @Test
  void anUnknownOperand() throws IOException {
    Path file = write(zigzagLayer(0, "[4]", "{I: 0, Z: 0}"));
    assertBadInput(file + ": layer 'layer_0': unknown operand 'Z'; expected O, W or I (or X, Y)",
        "inspect", "--workload", file.toString());
  }

  @Test
  void aCycle() throws IOException {
    Path file = write(zigzagLayer(0, "[4]", "{I: 1, W: 0}") + zigzagLayer(1, "[4]", "{I: 0, W: 1}"));
    assertBadInput(file + ": workload w: the layer graph has a cycle (through layer 'layer_0')",
        "inspect", "--workload", file.toString());
  }

  @Test
  void aNegativeSize() throws IOException {
    Path file = write(zigzagLayer(0, "[-4]", "{I: 0, W: 0}"));
    assertBadInput(file + ": layer layer_0: dimension G must be > 0, got -4", "inspect", "--workload",
        file.toString());
  }

  @Test
  void aNegativeSizeInLaminarsFormat() throws IOException {
    Path file = write("""
        format: laminar/1
        name: w
        layers:
          - {id: 0, name: a, type: CONV, op: Conv, dims: {K: -2}, stride: [1, 1], dilation: [1, 1],
             padding: [0, 0, 0, 0], precision: {W: 8, I: 8, O: 16, O_final: 8}, sources: {}}
        """);
    assertBadInput(file + ": layer a: dimension K must be > 0, got -2", "inspect", "--workload", file.toString());
  }

  @Test
  void anOnnxModelReportsItsPublishedMacTotal() throws IOException {
    assertEquals(0, run("inspect", "--workload", onnxModel("resnet18"), "--json"), err.toString());
    JsonNode workload = JsonMapper.builder().build().readTree(out.toString()).at("/workload");
    assertEquals("resnet18", workload.at("/name").asText());
    assertEquals(1_814_073_344L, workload.at("/compute_macs").asLong());
    assertEquals(31, workload.at("/layers").size());
    // Pooling and the residual additions add element operations to the all-layer total.
    assertTrue(workload.at("/macs").asLong() > workload.at("/compute_macs").asLong());
  }

  @Test
  void theTextNamesTheComputeTotalWhenOtherLayersAddOperations() {
    assertEquals(0, run("inspect", "--workload", onnxModel("attention_head")), err.toString());
    assertTrue(out.toString().startsWith("Workload attention_head: 6 layers, 14.7 M MACs (14.7 M in CONV/GEMM layers)"),
        out.toString());
  }

  @Test
  void aTruncatedOnnxModel() throws IOException {
    Path file = Files.write(dir.resolve("broken.onnx"), new byte[] {8, 1, 58, 100});
    assertBadInput(file + ": not a valid ONNX model: While parsing a protocol message, the input ended unexpectedly"
        + " in the middle of a field.  This could mean either that the input has been truncated or that an embedded"
        + " message misreported its own length.", "inspect", "--workload", file.toString());
  }

  private static String onnxModel(String name) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "onnx", name + ".onnx").toString();
  }

  private void assertBadInput(String message, String... args) {
    assertEquals(2, run(args), out.toString());
    assertEquals("laminar: error: " + message + System.lineSeparator(), err.toString());
  }

  private static String zigzagLayer(int id, String sizes, String sources) {
    return """
        - id: %d
          operator_type: Add
          equation: O[g]=W[g]+I[g]
          loop_dims: [G]
          loop_sizes: %s
          operand_precision: {W: 8, I: 8, O: 8}
          operand_source: %s
        """.formatted(id, sizes, sources);
  }

  private Path write(String text) throws IOException {
    Path file = dir.resolve("w.yaml");
    Files.writeString(file, text);
    return file;
  }
}
