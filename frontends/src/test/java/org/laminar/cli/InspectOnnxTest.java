package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code laminar inspect} on ONNX models. */
class InspectOnnxTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Laminar.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private static String model(String name) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances", "onnx", name + ".onnx").toString();
  }

  @Test
  void resnet18ReportsItsPublishedMacTotal() throws IOException {
    assertEquals(0, run("inspect", "--workload", model("resnet18"), "--json"), err.toString());
    JsonNode workload = JsonMapper.builder().build().readTree(out.toString()).at("/workload");
    assertEquals("resnet18", workload.at("/name").asText());
    assertEquals(1_814_073_344L, workload.at("/computeMacs").asLong());
    assertEquals(31, workload.at("/layers").size());
    // Pooling and the residual additions add element operations to the all-layer total.
    assertTrue(workload.at("/macs").asLong() > workload.at("/computeMacs").asLong());
  }

  @Test
  void textNamesTheComputeTotal() {
    assertEquals(0, run("inspect", "--workload", model("attention_head")), err.toString());
    assertTrue(out.toString().startsWith("Workload attention_head: 6 layers, 14.7 M MACs (14.7 M in CONV/GEMM layers)"),
        out.toString());
  }

  @Test
  void aBrokenModelIsBadInput() throws IOException {
    Path file = Files.write(dir.resolve("broken.onnx"), new byte[] {8, 1, 58, 100});
    assertEquals(Laminar.BAD_INPUT, run("inspect", "--workload", file.toString()));
    assertEquals("laminar: error: " + file + ": not a valid ONNX model: While parsing a protocol message, the input"
        + " ended unexpectedly in the middle of a field.  This could mean either that the input has been truncated"
        + " or that an embedded message misreported its own length.", err.toString().strip());
  }
}
