package org.laminar.onnx;

import static org.laminar.onnx.LayerDims.dims;
import static org.laminar.onnx.LayerDims.elementDims;
import static org.laminar.onnx.LayerDims.toInt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laminar.io.InputException;
import org.laminar.onnx.OnnxGraph.ValueInfo;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * Turns a decoded ONNX graph into a {@link Workload}: visits the nodes in dependency order
 * ({@link NodeOrder}), infers every tensor's shape, and per operator either creates a layer, folds
 * the node into the layer that produces its input, or passes the input through ({@link
 * ShapeOperators}); the table is in {@code docs/ONNX.md}. The tensors bound so far and the node
 * being converted are the {@link ConversionContext} the operators share.
 *
 * <p>Every problem is an {@link InputException} that names the file and the node.
 */
final class GraphConverter {
  /** Default operand precision (bits) for weights, inputs and final outputs. */
  static final int DEFAULT_BITS = 8;
  /** Default precision (bits) of partial sums while an output accumulates. */
  static final int DEFAULT_PARTIAL_BITS = 16;

  private final Path file;
  private final OnnxGraph graph;
  private final OnnxAxes axes;
  private final ConversionContext node;
  private final ShapeOperators shapes;
  private final List<Layer> layers = new ArrayList<>();
  private final Set<String> layerNames = new HashSet<>();

  GraphConverter(Path file, OnnxGraph graph, OnnxAxes axes) {
    this.file = file;
    this.graph = graph;
    this.axes = axes;
    this.node = new ConversionContext(file, graph);
    this.shapes = new ShapeOperators(node);
  }

  /** The workload named {@code name}. */
  Workload convert(String name) {
    for (ValueInfo input : graph.inputs()) {
      if (!graph.initializers().containsKey(input.name())) {
        input.shape().ifPresent(shape -> checkPositive(input.name(), shape));
      }
    }
    for (int index : NodeOrder.of(file, graph)) {
      node.visit(graph.nodes().get(index), index);
      convertNode();
    }
    if (layers.isEmpty()) {
      throw InputException.in(file, "the graph has no operator that Laminar models as a layer"
          + " (Conv, Gemm, MatMul, pooling, Add/Mul of two activations, Sigmoid, Silu, Softmax, LRN)");
    }
    return new Workload(name, layers);
  }

  /**
   * A graph input (an activation: initializers are left out, an empty one such as Resize's
   * {@code roi} is valid ONNX) must have no dimension of size 0: ONNX allows empty tensors, but
   * layers of them compute nothing (negative sizes the decoder refuses).
   */
  private void checkPositive(String name, Shape shape) {
    if (shape.dims().contains(0L)) {
      throw InputException.in(file, "graph input '" + name + "' is declared with a dimension of size 0 (" + shape
          + "); every size must be positive");
    }
  }

  // ---- operators -----------------------------------------------------------------------------

  private void convertNode() {
    switch (node.opType()) {
      case "Conv" -> conv(0, 1);
      case "QLinearConv" -> conv(0, 3);
      case "ConvTranspose" -> convTranspose();
      case "Gemm" -> gemm();
      case "MatMul" -> matMul(0, 1);
      case "QLinearMatMul" -> matMul(0, 3);
      case "MaxPool", "AveragePool", "QLinearAveragePool" -> pool();
      case "GlobalAveragePool", "GlobalMaxPool" -> globalPool(false);
      case "QLinearGlobalAveragePool" -> globalPool(node.intAttr("channels_last", 0) != 0);
      case "ReduceMean" -> reduceMean();
      case "Add", "Mul", "Sub", "Div", "Pow" -> binary(0, 1);
      case "QLinearAdd", "QLinearMul" -> binary(0, 3);
      case "Sigmoid", "Silu", "Softmax", "LRN", "QLinearSigmoid", "LayerNormalization", "Erf", "Gelu", "Sqrt",
          "Tanh" -> activation();
      case "Resize", "Upsample" -> resize();
      case "Relu", "Clip", "BatchNormalization", "QuantizeLinear", "DequantizeLinear", "QLinearLeakyRelu",
          "Dropout", "Identity" -> node.passThrough(node.shapeOf(0), true);
      case "Reshape" -> shapes.reshape();
      case "Flatten" -> shapes.flatten();
      case "Transpose" -> shapes.transpose();
      case "Unsqueeze" -> shapes.unsqueeze();
      case "Squeeze" -> shapes.squeeze();
      case "Slice" -> shapes.slice();
      case "Gather" -> shapes.gather();
      case "Split" -> shapes.split();
      case "Concat" -> shapes.concat(0, 1);
      case "QLinearConcat" -> shapes.concat(2, 3);
      case "Constant" -> shapes.constant();
      default -> throw node.fail("operator type " + node.opType() + " is not supported; Laminar reads the operators"
          + " listed in docs/ONNX.md (Conv, ConvTranspose, Gemm, MatMul, pooling, element-wise, activation,"
          + " normalisation, QLinear*, shape and data-movement operators)");
    }
  }

  /** Conv and QLinearConv: data input {@code x}, weights {@code w}; bias and quantization inputs are ignored. */
  private void conv(int x, int w) {
    Shape in = node.shapeOf(x);
    Shape weights = node.shapeOf(w);
    node.require(in.rank() == 4 && weights.rank() == 4,
        "only 2-D convolutions are supported (4-D input and weights), got input %s and weights %s", in, weights);
    long group = node.intAttr("group", 1);
    long channels = in.dim(1);
    long filters = weights.dim(0);
    node.require(group >= 1 && channels % group == 0 && filters % group == 0 && weights.dim(1) * group == channels,
        "input %s, weights %s and group %s do not match (weights must be [M, C/group, kH, kW])", in, weights, group);
    List<Long> kernel = node.intsAttr("kernel_shape", List.of(weights.dim(2), weights.dim(3)));
    node.require(kernel.equals(List.of(weights.dim(2), weights.dim(3))),
        "kernel_shape %s does not match the weights %s", kernel, weights);
    Window[] window = node.windows(in, kernel, false);
    Map<LoopDim, Integer> dims = dims(in.dim(0), group, filters / group, channels / group);
    addLayer(OperatorType.CONV, dims, window[0], window[1], node.input(x).layers(), weightProducer(w),
        Shape.of(in.dim(0), filters, window[0].output(), window[1].output()));
  }

  private void gemm() {
    Shape a = node.shapeOf(0);
    Shape b = node.shapeOf(1);
    node.require(a.rank() == 2 && b.rank() == 2, "Gemm needs 2-D inputs, got %s and %s", a, b);
    boolean transA = node.intAttr("transA", 0) != 0;
    boolean transB = node.intAttr("transB", 0) != 0;
    long rows = a.dim(transA ? 1 : 0);
    long inner = a.dim(transA ? 0 : 1);
    long cols = b.dim(transB ? 0 : 1);
    node.require(inner == b.dim(transB ? 1 : 0), "inner dimensions of A %s and B %s differ (transA=%s, transB=%s)",
        a, b, transA, transB);
    addGemm(0, 1, 1, 1, rows, inner, cols, Shape.of(rows, cols));
  }

  /**
   * MatMul (QLinearMatMul: operands at inputs 0 and 3) with NumPy semantics. The second operand is
   * {@code W} unless only the first one is
   * constant; broadcast batch dimensions along which {@code W} varies become groups {@code G}, the
   * others batch {@code B}.
   */
  private void matMul(int first, int second) {
    Shape a = node.shapeOf(first);
    Shape b = node.shapeOf(second);
    node.require(a.rank() >= 1 && b.rank() >= 1, "MatMul needs inputs of rank >= 1, got %s and %s", a, b);
    List<Long> left = new ArrayList<>(a.dims());
    List<Long> right = new ArrayList<>(b.dims());
    if (a.rank() == 1) {
      left.add(0, 1L);
    }
    if (b.rank() == 1) {
      right.add(1L);
    }
    long rows = left.get(left.size() - 2);
    long inner = left.get(left.size() - 1);
    long cols = right.get(right.size() - 1);
    node.require(inner == right.get(right.size() - 2), "inner dimensions of %s and %s differ", a, b);
    boolean swap = node.input(first).constant() && !node.input(second).constant();
    List<Long> weightSide = swap ? left : right;
    int batchRank = Math.max(left.size(), right.size()) - 2;
    List<Long> out = new ArrayList<>();
    long batch = 1;
    long groups = 1;
    for (int axis = 0; axis < batchRank; axis++) {
      long da = batchDim(left, axis, batchRank);
      long db = batchDim(right, axis, batchRank);
      node.require(da == db || da == 1 || db == 1, "batch dimensions of %s and %s do not broadcast", a, b);
      long size = Math.max(da, db);
      out.add(size);
      if (batchDim(weightSide, axis, batchRank) > 1) {
        groups *= size;
      } else {
        batch *= size;
      }
    }
    if (a.rank() > 1) {
      out.add(rows);
    }
    if (b.rank() > 1) {
      out.add(cols);
    }
    Shape shape = new Shape(out);
    if (swap) {
      addGemm(second, first, batch, groups, cols, inner, rows, shape);
    } else {
      addGemm(first, second, batch, groups, rows, inner, cols, shape);
    }
  }

  private static long batchDim(List<Long> dims, int axis, int batchRank) {
    int index = axis - (batchRank - (dims.size() - 2));
    return index < 0 ? 1 : dims.get(index);
  }

  /** A GEMM layer {@code O[rows][cols] += I[rows][inner]·W[inner][cols]} per batch and group. */
  private void addGemm(int activation, int weight, long batch, long groups, long rows, long inner, long cols,
      Shape out) {
    Map<LoopDim, Integer> dims = dims(batch, groups, cols, inner);
    addLayer(OperatorType.GEMM, dims, Window.identity(toInt(rows)), Window.identity(1), node.input(activation).layers(),
        weightProducer(weight), out);
  }

  private void pool() {
    Shape in = node.shapeOf(0);
    node.require(in.rank() == 4, "only 2-D pooling is supported (4-D input), got %s", in);
    List<Long> kernel = node.intsAttr("kernel_shape", List.of());
    Window[] window = node.windows(in, kernel, node.intAttr("ceil_mode", 0) != 0);
    addLayer(OperatorType.POOL, dims(in.dim(0), in.dim(1), 1, 1), window[0], window[1],
        node.input(0).layers(), List.of(), Shape.of(in.dim(0), in.dim(1), window[0].output(), window[1].output()));
  }

  /**
   * Global pooling over the whole plane; {@code channelsLast} (QLinearGlobalAveragePool's
   * {@code channels_last}): the input is {@code [N, H, W, C]}.
   */
  private void globalPool(boolean channelsLast) {
    Shape in = node.shapeOf(0);
    node.require(in.rank() == 4, "only 2-D pooling is supported (4-D input), got %s", in);
    long channels = in.dim(channelsLast ? 3 : 1);
    long height = in.dim(channelsLast ? 1 : 2);
    long width = in.dim(channelsLast ? 2 : 3);
    Window y = new Window(toInt(height), 1, 1, 0, 0, 1);
    Window x = new Window(toInt(width), 1, 1, 0, 0, 1);
    addLayer(OperatorType.POOL, dims(in.dim(0), channels, 1, 1), y, x, node.input(0).layers(),
        List.of(), channelsLast ? Shape.of(in.dim(0), 1, 1, channels) : Shape.of(in.dim(0), channels, 1, 1));
  }

  /**
   * ReduceMean over the two spatial axes of a 4-D tensor (a global average pool) or over the last
   * axis (LayerNorm's statistics in a decomposed export): a {@code POOL} whose window spans the
   * reduced axis. Other axes are rejected.
   */
  private void reduceMean() {
    Shape in = node.shapeOf(0);
    List<Long> raw = node.hasInput(1)
        ? node.input(1).data().orElseThrow(() -> node.fail("the axes input is not a constant"))
        : node.intsAttr("axes", List.of());
    Set<Integer> axes = new HashSet<>();
    raw.forEach(a -> axes.add(node.axis(a, in.rank())));
    boolean keep = node.intAttr("keepdims", 1) != 0;
    if (in.rank() == 4 && axes.equals(Set.of(2, 3))) {
      Window y = new Window(toInt(in.dim(2)), 1, 1, 0, 0, 1);
      Window x = new Window(toInt(in.dim(3)), 1, 1, 0, 0, 1);
      addLayer(OperatorType.POOL, dims(in.dim(0), in.dim(1), 1, 1), y, x, node.input(0).layers(), List.of(),
          keep ? Shape.of(in.dim(0), in.dim(1), 1, 1) : Shape.of(in.dim(0), in.dim(1)));
      return;
    }
    node.require(axes.equals(Set.of(in.rank() - 1)), "ReduceMean over axes %s of %s is not supported: Laminar reduces"
        + " the last axis, or axes 2 and 3 of a 4-D tensor", raw, in);
    List<Long> kept = new ArrayList<>(in.dims());
    kept.set(in.rank() - 1, 1L);
    Shape reduced = new Shape(kept);
    Map<LoopDim, Integer> dims = elementDims(reduced);
    Window x = new Window(toInt(in.dim(in.rank() - 1)), 1, 1, 0, 0, dims.get(LoopDim.OX));
    addLayer(OperatorType.POOL, dims, Window.identity(dims.get(LoopDim.OY)), x, node.input(0).layers(), List.of(),
        keep ? reduced : new Shape(in.dims().subList(0, in.rank() - 1)));
  }

  /**
   * Add, Mul, Sub, Div, Pow (QLinearAdd, QLinearMul: operands at inputs 0 and 3): a layer when both
   * operands are activations; with a constant operand (a bias, a scale, an exponent) it folds into
   * the other operand's producer.
   */
  private void binary(int first, int second) {
    Shape out = node.broadcast(node.shapeOf(first), node.shapeOf(second));
    ConversionContext.Value a = node.input(first);
    ConversionContext.Value b = node.input(second);
    if (a.constant() || b.constant()) {
      ConversionContext.Value activation = a.constant() ? b : a;
      node.define(out, activation.layers(), activation.constant(), Optional.empty());
      return;
    }
    addElementLayer(OperatorType.ELEMENTWISE, out, a.layers(), weightProducer(second));
  }

  private void activation() {
    Shape shape = node.shapeOf(0);
    addElementLayer(OperatorType.ACTIVATION, shape, node.input(0).layers(), List.of());
  }

  private void addElementLayer(OperatorType type, Shape shape, List<Integer> inputs, List<Integer> weight) {
    Map<LoopDim, Integer> dims = elementDims(shape);
    addLayer(type, dims, Window.identity(dims.get(LoopDim.OY)), Window.identity(dims.get(LoopDim.OX)), inputs,
        weight, shape);
  }

  /**
   * Resize, Upsample: a layer of one operation per output element (nearest: a copy, linear: a
   * blend of neighbours counted as one). The output shape comes from the {@code sizes} input when
   * it is an INT64 constant, else from the file's declared output shape (scales are floats, whose
   * values Laminar does not read).
   */
  private void resize() {
    Shape in = node.shapeOf(0);
    Optional<List<Long>> sizes = node.hasInput(3) ? node.input(3).data() : Optional.empty();
    Shape out;
    if (sizes.isPresent()) {
      out = new Shape(sizes.get());
    } else {
      out = node.declared(node.outputs().get(0));
      node.require(out != null && out.known(), "the output shape cannot be inferred (the scales are floats and no"
          + " constant sizes are given) and output '%s' declares none", node.outputs().get(0));
    }
    node.require(out.rank() == in.rank(), "the output shape %s has another rank than the input %s", out, in);
    addElementLayer(OperatorType.ACTIVATION, out, node.input(0).layers(), List.of());
  }

  /**
   * ConvTranspose as its polyphase decomposition: on the output grid, stride s, each output
   * pixel sums ⌈k/s⌉ taps per axis of every input channel (a stride-1 convolution with a
   * ⌈k/s⌉ kernel per output phase). MACs are exact when s divides k (an upper bound otherwise).
   */
  private void convTranspose() {
    Shape in = node.shapeOf(0);
    Shape weights = node.shapeOf(1);
    node.require(in.rank() == 4 && weights.rank() == 4,
        "only 2-D transposed convolutions are supported (4-D input and weights), got input %s and weights %s",
        in, weights);
    long group = node.intAttr("group", 1);
    node.require(group >= 1 && in.dim(1) % group == 0 && weights.dim(0) == in.dim(1),
        "input %s, weights %s and group %s do not match (weights must be [C, M/group, kH, kW])", in, weights, group);
    List<Long> strides = node.intsAttr("strides", List.of(1L, 1L));
    List<Long> dilations = node.intsAttr("dilations", List.of(1L, 1L));
    List<Long> pads = node.intsAttr("pads", List.of(0L, 0L, 0L, 0L));
    List<Long> outputPadding = node.intsAttr("output_padding", List.of(0L, 0L));
    node.require(dilations.equals(List.of(1L, 1L)), "dilations %s are not supported (only 1)", dilations);
    node.require(node.stringAttr("auto_pad", "NOTSET").equals("NOTSET"), "auto_pad other than NOTSET is not supported");
    long[] size = new long[2];
    int[] taps = new int[2];
    for (int a = 0; a < 2; a++) {
      long k = weights.dim(2 + a);
      long s = strides.get(a);
      size[a] = s * (in.dim(2 + a) - 1) + outputPadding.get(a) + k - pads.get(a) - pads.get(2 + a);
      taps[a] = toInt((k + s - 1) / s);
      node.require(size[a] > 0, "the output would have %s elements along axis %s", size[a], 2 + a);
    }
    List<Long> outputShape = node.intsAttr("output_shape", List.of());
    if (!outputShape.isEmpty()) {
      node.require(outputShape.size() == 2, "output_shape %s must give the two spatial sizes", outputShape);
      size[0] = outputShape.get(0);
      size[1] = outputShape.get(1);
    }
    long filters = weights.dim(1) * group;
    Window y = new Window(taps[0], 1, 1, taps[0] - 1, 0, toInt(size[0]));
    Window x = new Window(taps[1], 1, 1, taps[1] - 1, 0, toInt(size[1]));
    Map<LoopDim, Integer> dims = dims(in.dim(0), group, filters / group, in.dim(1) / group);
    addLayer(OperatorType.CONV, dims, y, x, node.input(0).layers(), weightProducer(1),
        Shape.of(in.dim(0), filters, size[0], size[1]));
  }

  // ---- layers --------------------------------------------------------------------------------

  /** Creates a layer for the current node and binds its first output to it. */
  private void addLayer(OperatorType type, Map<LoopDim, Integer> dims, Window rows, Window columns,
      List<Integer> inputs, List<Integer> weight, Shape out) {
    // An image output [N, C, H, W]: rows and columns are H and W; Stream's convention swaps them.
    boolean swap = axes == OnnxAxes.STREAM && out.rank() == 4;
    Window y = swap ? columns : rows;
    Window x = swap ? rows : columns;
    EnumMap<LoopDim, Integer> all = new EnumMap<>(dims);
    all.put(LoopDim.OY, y.output());
    all.put(LoopDim.OX, x.output());
    all.put(LoopDim.FY, y.kernel());
    all.put(LoopDim.FX, x.kernel());
    int id = layers.size();
    Layer layer = new Layer(id, layerName(), type, node.opType(), all, y.stride(), x.stride(), y.dilation(),
        x.dilation(), new Padding(y.padBefore(), y.padAfter(), x.padBefore(), x.padAfter()),
        precision(type, !weight.isEmpty()),
        weight.isEmpty() ? Map.of(Operand.I, inputs) : Map.of(Operand.I, inputs, Operand.W, weight));
    layers.add(layer);
    node.define(out, List.of(id), false, Optional.empty());
  }

  /**
   * Operand precisions: 8-bit weights and activations, 16-bit partial sums where outputs
   * accumulate, 8-bit final outputs; Stream's node attributes {@code weight_size},
   * {@code act_size} and {@code output_size} override them.
   */
  private Precision precision(OperatorType type, boolean weightFromLayer) {
    int act = bitsAttr("act_size");
    int weight = type.hasWeightOperand() ? (weightFromLayer ? act : bitsAttr("weight_size")) : 0;
    int out = bitsAttr("output_size");
    int partial = type.accumulates() ? Math.max(DEFAULT_PARTIAL_BITS, out) : out;
    return new Precision(weight, act, partial, out);
  }

  private int bitsAttr(String name) {
    long bits = node.intAttr(name, DEFAULT_BITS);
    node.require(bits >= 1 && bits <= 64, "attribute %s must be 1..64 bits, got %s", name, bits);
    return (int) bits;
  }

  /** The node's name, or {@code OpType_index} for an unnamed node; unique within the workload. */
  private String layerName() {
    String name = node.node().name().isEmpty() ? node.opType() + "_" + node.index() : node.node().name();
    if (!layerNames.add(name)) {
      name = name + "_" + node.index();
      layerNames.add(name);
    }
    return name;
  }

  /** The producer of operand W: none when read from DRAM, one layer otherwise. */
  private List<Integer> weightProducer(int index) {
    List<Integer> producers = node.input(index).layers();
    node.require(producers.size() <= 1, "operand '%s' is a concatenation of %s layer outputs; Laminar supports one"
        + " producer for the second operand", node.inputs().get(index), producers.size());
    return producers;
  }
}
