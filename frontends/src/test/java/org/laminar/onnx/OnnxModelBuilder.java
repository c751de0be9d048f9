package org.laminar.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models in the protobuf wire format for tests (field numbers of
 * {@code onnx.proto}): nodes with attributes, shaped graph inputs/outputs/value_info, and
 * initializers that carry dimensions only (weights stripped) or INT64 contents.
 */
final class OnnxModelBuilder {
  private final List<ByteString> nodes = new ArrayList<>();
  private final List<ByteString> initializers = new ArrayList<>();
  private final List<ByteString> inputs = new ArrayList<>();
  private final List<ByteString> outputs = new ArrayList<>();
  private final List<ByteString> valueInfo = new ArrayList<>();

  /** An attribute, already encoded. */
  record Attr(ByteString bytes) {}

  /** A graph input; each dimension is a number or a symbolic name ({@code dim_param}). */
  OnnxModelBuilder input(String name, Object... dims) {
    inputs.add(encodeValueInfo(name, dims));
    return this;
  }

  /** A graph input that declares no type or shape at all. */
  OnnxModelBuilder inputWithoutShape(String name) {
    inputs.add(message(o -> o.writeString(1, name)));
    return this;
  }

  OnnxModelBuilder output(String name, Object... dims) {
    outputs.add(encodeValueInfo(name, dims));
    return this;
  }

  OnnxModelBuilder valueInfo(String name, Object... dims) {
    valueInfo.add(encodeValueInfo(name, dims));
    return this;
  }

  /** A FLOAT initializer whose values are absent (as in a model with stripped weights). */
  OnnxModelBuilder weights(String name, long... dims) {
    initializers.add(tensor(name, 1, dims, null));
    return this;
  }

  /** A 1-D INT64 initializer with contents (a shape operand). */
  OnnxModelBuilder int64s(String name, long... values) {
    initializers.add(tensor(name, 7, new long[] {values.length}, values));
    return this;
  }

  OnnxModelBuilder node(String opType, String name, List<String> in, List<String> out, Attr... attributes) {
    nodes.add(message(o -> {
      for (String input : in) {
        o.writeString(1, input);
      }
      for (String output : out) {
        o.writeString(2, output);
      }
      o.writeString(3, name);
      o.writeString(4, opType);
      for (Attr attribute : attributes) {
        o.writeBytes(5, attribute.bytes());
      }
    }));
    return this;
  }

  static Attr i(String name, long value) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeInt64(3, value);
      o.writeInt32(20, 2);
    }));
  }

  static Attr ints(String name, long... values) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      for (long v : values) {
        o.writeInt64(8, v);
      }
      o.writeInt32(20, 7);
    }));
  }

  static Attr s(String name, String value) {
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeBytes(4, ByteString.copyFromUtf8(value));
      o.writeInt32(20, 3);
    }));
  }

  /** A TENSOR attribute holding a 1-D INT64 tensor (e.g. a Constant node's {@code value}). */
  static Attr int64Tensor(String name, long... values) {
    ByteString tensor = tensor("", 7, new long[] {values.length}, values);
    return new Attr(message(o -> {
      o.writeString(1, name);
      o.writeBytes(5, tensor);
      o.writeInt32(20, 4);
    }));
  }

  byte[] build() {
    ByteString graph = message(o -> {
      for (ByteString n : nodes) {
        o.writeBytes(1, n);
      }
      o.writeString(2, "test");
      for (ByteString t : initializers) {
        o.writeBytes(5, t);
      }
      for (ByteString v : inputs) {
        o.writeBytes(11, v);
      }
      for (ByteString v : outputs) {
        o.writeBytes(12, v);
      }
      for (ByteString v : valueInfo) {
        o.writeBytes(13, v);
      }
    });
    return message(o -> {
      o.writeInt64(1, 8);
      o.writeBytes(7, graph);
    }).toByteArray();
  }

  Path write(Path dir, String fileName) {
    try {
      return Files.write(dir.resolve(fileName), build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteString encodeValueInfo(String name, Object... dims) {
    ByteString shape = message(o -> {
      for (Object d : dims) {
        o.writeBytes(1, message(dim -> {
          if (d instanceof String param) {
            dim.writeString(2, param);
          } else {
            dim.writeInt64(1, ((Number) d).longValue());
          }
        }));
      }
    });
    ByteString tensorType = message(o -> {
      o.writeInt32(1, 1);
      o.writeBytes(2, shape);
    });
    ByteString type = message(o -> o.writeBytes(1, tensorType));
    return message(o -> {
      o.writeString(1, name);
      o.writeBytes(2, type);
    });
  }

  private static ByteString tensor(String name, int dataType, long[] dims, long[] int64Data) {
    return message(o -> {
      for (long d : dims) {
        o.writeInt64(1, d);
      }
      o.writeInt32(2, dataType);
      if (int64Data != null) {
        for (long v : int64Data) {
          o.writeInt64(7, v);
        }
      }
      o.writeString(8, name);
    });
  }

  @FunctionalInterface
  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static ByteString message(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return ByteString.copyFrom(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
