package org.laminar.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laminar.onnx.OnnxGraph.Attribute;
import org.laminar.onnx.OnnxGraph.Node;
import org.laminar.onnx.OnnxGraph.Tensor;
import org.laminar.onnx.OnnxGraph.ValueInfo;

/**
 * Decodes the protobuf wire format of an ONNX {@code ModelProto} with {@link CodedInputStream},
 * field by field, keeping only what {@link OnnxGraph} holds; every other field is skipped. Field
 * numbers are those of {@code onnx.proto} (ONNX, Apache-2.0).
 */
final class OnnxDecoder {
  // ModelProto
  private static final int MODEL_GRAPH = 7;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int GRAPH_VALUE_INFO = 13;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  // AttributeProto
  private static final int ATTR_NAME = 1;
  private static final int ATTR_I = 3;
  private static final int ATTR_S = 4;
  private static final int ATTR_T = 5;
  private static final int ATTR_FLOATS = 7;
  private static final int ATTR_INTS = 8;
  private static final int ATTR_TYPE = 20;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_INT64_DATA = 7;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;

  private OnnxDecoder() {}

  /**
   * Decodes a serialized {@code ModelProto}.
   *
   * @throws InvalidProtocolBufferException when the bytes are not a well-formed model
   */
  static OnnxGraph decode(byte[] model) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(model);
    OnnxGraph graph = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (field(tag) == MODEL_GRAPH && isLengthDelimited(tag)) {
        graph = message(in, OnnxDecoder::graph);
      } else {
        in.skipField(tag);
      }
    }
    if (graph == null) {
      throw new InvalidProtocolBufferException("the model has no graph");
    }
    return graph;
  }

  private static OnnxGraph graph(CodedInputStream in) throws IOException {
    List<Node> nodes = new ArrayList<>();
    Map<String, Tensor> initializers = new LinkedHashMap<>();
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    List<ValueInfo> valueInfo = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (messageField(tag)) {
        case GRAPH_NODE -> nodes.add(message(in, OnnxDecoder::node));
        case GRAPH_INITIALIZER -> {
          Tensor tensor = message(in, OnnxDecoder::tensor);
          initializers.put(tensor.name(), tensor);
        }
        case GRAPH_INPUT -> inputs.add(message(in, OnnxDecoder::valueInfo));
        case GRAPH_OUTPUT -> outputs.add(message(in, OnnxDecoder::valueInfo));
        case GRAPH_VALUE_INFO -> valueInfo.add(message(in, OnnxDecoder::valueInfo));
        default -> in.skipField(tag);
      }
    }
    return new OnnxGraph(nodes, initializers, inputs, outputs, valueInfo);
  }

  private static Node node(CodedInputStream in) throws IOException {
    String name = "";
    String opType = null;
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (messageField(tag)) {
        case NODE_INPUT -> inputs.add(in.readStringRequireUtf8());
        case NODE_OUTPUT -> outputs.add(in.readStringRequireUtf8());
        case NODE_NAME -> name = in.readStringRequireUtf8();
        case NODE_OP_TYPE -> opType = in.readStringRequireUtf8();
        case NODE_ATTRIBUTE -> {
          Attribute attribute = message(in, OnnxDecoder::attribute);
          attributes.put(attribute.name(), attribute);
        }
        default -> in.skipField(tag);
      }
    }
    if (opType == null || opType.isEmpty()) {
      throw new InvalidProtocolBufferException("a node" + (name.isEmpty() ? "" : " '" + name + "'")
          + " has no op_type");
    }
    return new Node(name, opType, inputs, outputs, attributes);
  }

  private static Attribute attribute(CodedInputStream in) throws IOException {
    String name = "";
    int type = 0;
    long i = 0;
    String s = "";
    List<Long> ints = new ArrayList<>();
    int floatCount = 0;
    Optional<Tensor> t = Optional.empty();
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = field(tag);
      if (field == ATTR_INTS) {
        readInt64s(in, tag, ints);
      } else if (field == ATTR_FLOATS) {
        floatCount += skipFloats(in, tag);
      } else if (field == ATTR_I || field == ATTR_TYPE) {
        expect(tag, WireFormat.WIRETYPE_VARINT);
        long value = in.readInt64();
        if (field == ATTR_I) {
          i = value;
        } else {
          type = (int) value;
        }
      } else {
        switch (messageField(tag)) {
          case ATTR_NAME -> name = in.readStringRequireUtf8();
          case ATTR_S -> s = in.readBytes().toStringUtf8();
          case ATTR_T -> t = Optional.of(message(in, OnnxDecoder::tensor));
          default -> in.skipField(tag);
        }
      }
    }
    return new Attribute(name, type, i, s, ints, floatCount, t);
  }

  private static Tensor tensor(CodedInputStream in) throws IOException {
    String name = "";
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    List<Long> int64Data = new ArrayList<>();
    boolean hasData = false;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = field(tag);
      if (field == TENSOR_DIMS) {
        readInt64s(in, tag, dims);
      } else if (field == TENSOR_DATA_TYPE) {
        expect(tag, WireFormat.WIRETYPE_VARINT);
        dataType = in.readInt32();
      } else if (field == TENSOR_INT64_DATA) {
        readInt64s(in, tag, int64Data);
        hasData = true;
      } else if (field == TENSOR_RAW_DATA && dataType == Tensor.INT64 && isLengthDelimited(tag)) {
        // Only INT64 contents are shape data; weights (other types) are skipped unread.
        ByteBuffer raw = in.readByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        while (raw.remaining() >= Long.BYTES) {
          int64Data.add(raw.getLong());
        }
        hasData = true;
      } else if (field == TENSOR_NAME) {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        name = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    if (dims.stream().anyMatch(d -> d < 0)) {
      throw new InvalidProtocolBufferException("tensor '" + name + "' has a negative dimension: " + dims);
    }
    Optional<List<Long>> data = hasData && dataType == Tensor.INT64 ? Optional.of(int64Data) : Optional.empty();
    return new Tensor(name, dims, dataType, data);
  }

  private static ValueInfo valueInfo(CodedInputStream in) throws IOException {
    String name = "";
    Optional<Shape> shape = Optional.empty();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (messageField(tag)) {
        case VALUE_INFO_NAME -> name = in.readStringRequireUtf8();
        case VALUE_INFO_TYPE -> shape = message(in, c -> nested(c, TYPE_TENSOR_TYPE,
            t -> nested(t, TENSOR_TYPE_SHAPE, OnnxDecoder::shape)));
        default -> in.skipField(tag);
      }
    }
    return new ValueInfo(name, shape);
  }

  /** The message in field {@code field} of the current message, decoded by {@code reader}. */
  private static <T> Optional<T> nested(CodedInputStream in, int field, MessageReader<Optional<T>> reader)
      throws IOException {
    Optional<T> value = Optional.empty();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (field(tag) == field && isLengthDelimited(tag)) {
        value = message(in, reader);
      } else {
        in.skipField(tag);
      }
    }
    return value;
  }

  private static Optional<Shape> shape(CodedInputStream in) throws IOException {
    List<Long> dims = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (messageField(tag) == SHAPE_DIM) {
        dims.add(message(in, OnnxDecoder::dimension));
      } else {
        in.skipField(tag);
      }
    }
    return Optional.of(new Shape(dims));
  }

  /** A dimension's {@code dim_value}, or {@link Shape#UNKNOWN} for a {@code dim_param} or none. */
  private static long dimension(CodedInputStream in) throws IOException {
    long value = Shape.UNKNOWN;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (field(tag) == DIM_VALUE) {
        expect(tag, WireFormat.WIRETYPE_VARINT);
        value = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    if (value < Shape.UNKNOWN) {
      throw new InvalidProtocolBufferException("a tensor dimension is negative: " + value);
    }
    return value;
  }

  /** Repeated int64: packed (one length-delimited run) or one varint per tag. */
  private static void readInt64s(CodedInputStream in, int tag, List<Long> into) throws IOException {
    if (isLengthDelimited(tag)) {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        into.add(in.readInt64());
      }
      in.popLimit(limit);
    } else {
      expect(tag, WireFormat.WIRETYPE_VARINT);
      into.add(in.readInt64());
    }
  }

  /** Skips repeated floats (packed or not) and returns how many there were. */
  private static int skipFloats(CodedInputStream in, int tag) throws IOException {
    if (isLengthDelimited(tag)) {
      int length = in.readRawVarint32();
      in.skipRawBytes(length);
      return length / Float.BYTES;
    }
    expect(tag, WireFormat.WIRETYPE_FIXED32);
    in.readFloat();
    return 1;
  }

  /** Reads a length-delimited sub-message with {@code reader}. */
  private static <T> T message(CodedInputStream in, MessageReader<T> reader) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    T value = reader.read(in);
    in.checkLastTagWas(0);
    in.popLimit(limit);
    return value;
  }

  /**
   * The field number of a tag that must carry a string, bytes or sub-message; 0 (no field) for any
   * other wire type so that the caller skips it.
   */
  private static int messageField(int tag) {
    return isLengthDelimited(tag) ? field(tag) : 0;
  }

  private static int field(int tag) {
    return WireFormat.getTagFieldNumber(tag);
  }

  private static boolean isLengthDelimited(int tag) {
    return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private static void expect(int tag, int wireType) throws InvalidProtocolBufferException {
    if (WireFormat.getTagWireType(tag) != wireType) {
      throw new InvalidProtocolBufferException("field " + field(tag) + " has wire type "
          + WireFormat.getTagWireType(tag) + ", expected " + wireType);
    }
  }

  @FunctionalInterface
  private interface MessageReader<T> {
    T read(CodedInputStream in) throws IOException;
  }
}
