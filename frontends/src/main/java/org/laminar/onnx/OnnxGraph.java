package org.laminar.onnx;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of an ONNX {@code GraphProto} that Laminar needs: nodes with their attributes, tensor
 * shapes and the element types and dimensions of initializers. Weight values are never kept; only
 * small INT64 tensors (shape operands of Reshape, Unsqueeze, ...) keep their contents.
 *
 * @param nodes the nodes in file order
 * @param initializers constant tensors by name (dimensions, and contents only for INT64 data)
 * @param inputs declared graph inputs, in file order
 * @param outputs declared graph outputs, in file order
 * @param valueInfo declared shapes of intermediate tensors
 */
record OnnxGraph(
    List<Node> nodes,
    Map<String, Tensor> initializers,
    List<ValueInfo> inputs,
    List<ValueInfo> outputs,
    List<ValueInfo> valueInfo) {

  OnnxGraph {
    nodes = ImmutableList.copyOf(nodes);
    initializers = ImmutableMap.copyOf(initializers);
    inputs = ImmutableList.copyOf(inputs);
    outputs = ImmutableList.copyOf(outputs);
    valueInfo = ImmutableList.copyOf(valueInfo);
  }

  /**
   * One {@code NodeProto}.
   *
   * @param name node name (may be empty in the file)
   * @param opType operator type, e.g. {@code Conv}
   * @param inputs input tensor names; an empty name marks an omitted optional input
   * @param outputs output tensor names
   * @param attributes attributes by name
   */
  record Node(String name, String opType, List<String> inputs, List<String> outputs,
      Map<String, Attribute> attributes) {
    Node {
      inputs = ImmutableList.copyOf(inputs);
      outputs = ImmutableList.copyOf(outputs);
      attributes = ImmutableMap.copyOf(attributes);
    }

    /** The node as messages name it: {@code 'name' (OpType)}, or {@code OpType #index} when unnamed. */
    String describe(int index) {
      return name.isEmpty() ? opType + " node #" + index : "node '" + name + "' (" + opType + ")";
    }
  }

  /**
   * One {@code AttributeProto}, with the value fields Laminar reads.
   *
   * @param name attribute name
   * @param type ONNX attribute type code (2 INT, 3 STRING, 7 INTS; 0 when the file leaves it unset)
   * @param i the INT value
   * @param s the STRING value (UTF-8)
   * @param ints the INTS value
   * @param floatCount number of elements of a FLOATS value
   * @param t the TENSOR value
   */
  record Attribute(String name, int type, long i, String s, List<Long> ints, int floatCount, Optional<Tensor> t) {
    static final int UNSET = 0;
    static final int INT = 2;
    static final int STRING = 3;
    static final int INTS = 7;

    Attribute {
      ints = ImmutableList.copyOf(ints);
    }

    /** Whether the attribute has type {@code expected}, or no type (IR version 1 files omit it). */
    boolean is(int expected) {
      return type == expected || type == UNSET;
    }
  }

  /**
   * One {@code TensorProto}, without its values unless they are INT64 shape data.
   *
   * @param name tensor name
   * @param dims dimensions (elements)
   * @param dataType ONNX element type code (7 is INT64)
   * @param int64Data the contents when the tensor is INT64 and stored inside the file
   */
  record Tensor(String name, List<Long> dims, int dataType, Optional<List<Long>> int64Data) {
    static final int INT64 = 7;

    Tensor {
      dims = ImmutableList.copyOf(dims);
      int64Data = int64Data.map(ImmutableList::copyOf);
    }
  }

  /**
   * One {@code ValueInfoProto}: a tensor name and its declared shape.
   *
   * @param name tensor name
   * @param shape declared dimensions, {@link Shape#UNKNOWN} for a symbolic or missing one; empty
   *     when the file declares no shape
   */
  record ValueInfo(String name, Optional<Shape> shape) {}
}
