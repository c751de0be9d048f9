package org.laminar.onnx;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.laminar.io.InputException;
import org.laminar.onnx.OnnxGraph.Attribute;
import org.laminar.onnx.OnnxGraph.Node;
import org.laminar.onnx.OnnxGraph.ValueInfo;

/**
 * What the operators of a conversion share: the tensors bound so far (graph inputs, initializers,
 * node outputs) and the node being converted, with its typed attributes and the errors that name
 * it.
 */
final class ConversionContext {
  /**
   * What a tensor name stands for during the conversion.
   *
   * @param shape its shape, when known
   * @param layers the layers whose outputs, concatenated along channels in this order, are this
   *     tensor; empty when it is read from DRAM (a graph input or a constant)
   * @param constant whether it is an initializer or computed from constants only
   * @param data its INT64 contents, when known (shape operands)
   */
  record Value(Optional<Shape> shape, List<Integer> layers, boolean constant, Optional<List<Long>> data) {
    Value {
      layers = ImmutableList.copyOf(layers);
    }
  }

  private final Path file;
  private final Map<String, Shape> declared = new HashMap<>();
  private final Map<String, Value> values = new HashMap<>();
  private Node current;
  private int currentIndex;

  /** The context of {@code graph}'s conversion: its inputs and initializers bound, no node yet. */
  ConversionContext(Path file, OnnxGraph graph) {
    this.file = file;
    for (List<ValueInfo> infos : List.of(graph.valueInfo(), graph.outputs(), graph.inputs())) {
      infos.forEach(info -> info.shape().ifPresent(shape -> declared.put(info.name(), shape)));
    }
    for (ValueInfo input : graph.inputs()) {
      values.put(input.name(), new Value(input.shape(), List.of(), false, Optional.empty()));
    }
    graph.initializers().forEach((tensorName, tensor) -> values.put(tensorName,
        new Value(Optional.of(new Shape(tensor.dims())), List.of(), true, tensor.int64Data())));
  }

  /** Makes node {@code index} of the graph the one being converted. */
  void visit(Node node, int index) {
    current = node;
    currentIndex = index;
  }

  /** The node being converted. */
  Node node() {
    return current;
  }

  /** Its index in the graph. */
  int index() {
    return currentIndex;
  }

  String opType() {
    return current.opType();
  }

  List<String> inputs() {
    return current.inputs();
  }

  List<String> outputs() {
    return current.outputs();
  }

  Map<String, Attribute> attributes() {
    return current.attributes();
  }

  /** The shape the file declares for tensor {@code name}, or null. */
  Shape declared(String name) {
    return declared.get(name);
  }

  /**
   * Operators without a layer of their own: the output is the first input, reshaped. The other
   * inputs (Clip bounds, BatchNormalization statistics, quantization scales, ...) must not come
   * from a layer.
   */
  void passThrough(Shape shape, boolean keepData) {
    for (int i = 1; i < current.inputs().size(); i++) {
      if (hasInput(i)) {
        require(input(i).layers().isEmpty(), "input %s ('%s') is computed by a layer; Laminar needs a constant there",
            i, current.inputs().get(i));
      }
    }
    Value data = input(0);
    define(shape, data.layers(), data.constant(), keepData ? data.data() : Optional.empty());
  }

  /** A pass-through whose output shape cannot be computed: the file must declare it. */
  void passThroughDeclared() {
    String output = current.outputs().get(0);
    Shape shape = declared.get(output);
    require(shape != null && shape.known(),
        "the shape of output '%s' cannot be inferred (the target shape is not a constant) and is not declared", output);
    passThrough(shape, false);
  }

  List<Long> constantInts(int index, String what) {
    return input(index).data().orElseThrow(() -> fail("the " + what + " input '" + current.inputs().get(index)
        + "' is not an INT64 constant"));
  }

  /** The sliding windows along rows and columns, from the node's kernel, strides, dilations and pads. */
  Window[] windows(Shape in, List<Long> kernel, boolean ceilMode) {
    List<Long> strides = intsAttr("strides", List.of(1L, 1L));
    List<Long> dilations = intsAttr("dilations", List.of(1L, 1L));
    List<Long> pads = intsAttr("pads", List.of(0L, 0L, 0L, 0L));
    require(kernel.size() == 2 && strides.size() == 2 && dilations.size() == 2 && pads.size() == 4,
        "kernel_shape %s, strides %s, dilations %s and pads %s do not describe a 2-D window", kernel, strides,
        dilations, pads);
    String autoPad = stringAttr("auto_pad", "NOTSET");
    try {
      return new Window[] {
          Window.of(in.dim(2), kernel.get(0), strides.get(0), dilations.get(0), pads.get(0), pads.get(2), autoPad,
              ceilMode),
          Window.of(in.dim(3), kernel.get(1), strides.get(1), dilations.get(1), pads.get(1), pads.get(3), autoPad,
              ceilMode)};
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw fail(e.getMessage() + " (input " + in + ")");
    }
  }

  Shape broadcast(Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    List<Long> out = new ArrayList<>();
    for (int i = rank; i > 0; i--) {
      long da = i <= a.rank() ? a.dim(-i) : 1;
      long db = i <= b.rank() ? b.dim(-i) : 1;
      require(da == db || da == 1 || db == 1, "shapes %s and %s do not broadcast", a, b);
      out.add(Math.max(da, db));
    }
    return new Shape(out);
  }

  /** Normalizes a possibly negative axis for a tensor of {@code rank} axes. */
  int axis(long axis, int rank) {
    require(axis >= -rank && axis < rank, "axis %s is out of range for rank %s",
        axis == Long.MIN_VALUE ? "(missing)" : axis, rank);
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /**
   * Binds the node's first output. The inferred shape must agree with a declared one; when the
   * value_info declares more (none here), the inferred one wins because it is complete.
   */
  void define(Shape inferred, List<Integer> sources, boolean constant, Optional<List<Long>> data) {
    defineOutput(0, inferred, sources, constant, data);
  }

  /** Binds the node's output {@code index} (see {@link #define}). */
  void defineOutput(int index, Shape inferred, List<Integer> sources, boolean constant,
      Optional<List<Long>> data) {
    require(current.outputs().size() > index && !current.outputs().get(index).isEmpty(), "the node has no output %s",
        index);
    String output = current.outputs().get(index);
    Shape expected = declared.get(output);
    require(expected == null || expected.compatible(inferred),
        "output '%s' is declared with shape %s but the inputs give %s", output, expected, inferred);
    values.put(output, new Value(Optional.of(inferred), sources, constant, data));
  }

  boolean hasInput(int index) {
    return index < current.inputs().size() && !current.inputs().get(index).isEmpty();
  }

  Value input(int index) {
    require(hasInput(index), "input %s is missing", index);
    String name = current.inputs().get(index);
    Value value = values.get(name);
    require(value != null, "input '%s' is neither a graph input, an initializer nor the output of a node", name);
    return value;
  }

  Shape shapeOf(int index) {
    Value value = input(index);
    String name = current.inputs().get(index);
    require(value.shape().isPresent() && value.shape().get().known(),
        "the shape of input '%s' is unknown%s and cannot be inferred; declare it in the model's inputs",
        name, value.shape().map(s -> " (" + s + ")").orElse(""));
    return value.shape().get();
  }

  long intAttr(String name, long otherwise) {
    return attribute(name, Attribute.INT, "an INT", Attribute::i, otherwise);
  }

  List<Long> intsAttr(String name, List<Long> otherwise) {
    return attribute(name, Attribute.INTS, "INTS", Attribute::ints, otherwise);
  }

  String stringAttr(String name, String otherwise) {
    return attribute(name, Attribute.STRING, "a STRING", Attribute::s, otherwise);
  }

  private <T> T attribute(String name, int type, String typeName, Function<Attribute, T> value, T otherwise) {
    Attribute attribute = current.attributes().get(name);
    if (attribute == null) {
      return otherwise;
    }
    require(attribute.is(type), "attribute %s must be %s", name, typeName);
    return value.apply(attribute);
  }

  void require(boolean condition, String template, Object... args) {
    if (!condition) {
      throw fail(String.format(template, args));
    }
  }

  InputException fail(String problem) {
    return InputException.in(file, current.describe(currentIndex) + ": " + problem);
  }
}
