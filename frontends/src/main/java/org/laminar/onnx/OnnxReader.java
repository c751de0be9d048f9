package org.laminar.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.laminar.io.InputException;
import org.laminar.workload.Workload;

/**
 * Reads an ONNX model ({@code .onnx}) into a {@link Workload}.
 *
 * <p>Only the graph structure, attributes, shapes and INT64 shape constants are read; weight
 * tensors may be stripped or stored as absent external data. Which operators become layers, fold
 * into their producer or pass through is documented in {@code docs/ONNX.md}. Every problem with the
 * file is an {@link InputException} naming the file (and the node, where there is one).
 */
public final class OnnxReader {
  private OnnxReader() {}

  /** The workload of the model in {@code file}, named after the file without its extension. */
  public static Workload read(Path file) {
    return read(file, OnnxAxes.LAMINAR);
  }

  /** As {@link #read(Path)}, with image tensors' H and W read as {@code axes} says. */
  public static Workload read(Path file, OnnxAxes axes) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw InputException.in(file, "no such file", e);
    } catch (IOException e) {
      throw InputException.in(file, "cannot read the file: " + e.getMessage(), e);
    }
    OnnxGraph graph;
    try {
      graph = OnnxDecoder.decode(bytes);
    } catch (IOException e) {
      throw InputException.in(file, "not a valid ONNX model: " + e.getMessage(), e);
    }
    try {
      return new GraphConverter(file, graph, axes).convert(workloadName(file));
    } catch (IllegalArgumentException e) {
      throw InputException.in(file, e.getMessage(), e);
    } catch (ArithmeticException e) {
      throw InputException.in(file, "a tensor is too large: " + e.getMessage(), e);
    }
  }

  private static String workloadName(Path file) {
    String name = String.valueOf(file.getFileName());
    return name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
  }
}
