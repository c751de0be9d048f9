package org.laminar.onnx;

import com.google.common.collect.ImmutableList;
import com.google.common.graph.GraphBuilder;
import com.google.common.graph.Graphs;
import com.google.common.graph.MutableGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import org.laminar.io.InputException;
import org.laminar.onnx.OnnxGraph.Attribute;
import org.laminar.onnx.OnnxGraph.Node;
import org.laminar.onnx.OnnxGraph.ValueInfo;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * Turns a decoded ONNX graph into a {@link Workload}: visits the nodes in dependency order, infers
 * every tensor's shape, and per operator either creates a layer, folds the node into the layer
 * that produces its input, or passes the input through (the table is in {@code docs/ONNX.md}).
 *
 * <p>Every problem is an {@link InputException} that names the file and the node.
 */
final class GraphConverter {
  /** Default operand precision (bits) for weights, inputs and final outputs. */
  static final int DEFAULT_BITS = 8;
  /** Default precision (bits) of partial sums while an output accumulates. */
  static final int DEFAULT_PARTIAL_BITS = 16;

  /**
   * What a tensor name stands for during the conversion.
   *
   * @param shape its shape, when known
   * @param layers the layers whose outputs, concatenated along channels in this order, are this
   *     tensor; empty when it is read from DRAM (a graph input or a constant)
   * @param constant whether it is an initializer or computed from constants only
   * @param data its INT64 contents, when known (shape operands)
   */
  private record Value(Optional<Shape> shape, List<Integer> layers, boolean constant, Optional<List<Long>> data) {
    Value {
      layers = ImmutableList.copyOf(layers);
    }
  }

  private final Path file;
  private final OnnxGraph graph;
  private final OnnxAxes axes;
  private final Map<String, Shape> declared = new HashMap<>();
  private final Map<String, Value> values = new HashMap<>();
  private final List<Layer> layers = new ArrayList<>();
  private final Set<String> layerNames = new HashSet<>();
  private Node node;
  private int nodeIndex;

  GraphConverter(Path file, OnnxGraph graph, OnnxAxes axes) {
    this.file = file;
    this.graph = graph;
    this.axes = axes;
  }

  /** The workload named {@code name}. */
  Workload convert(String name) {
    for (List<ValueInfo> infos : List.of(graph.valueInfo(), graph.outputs(), graph.inputs())) {
      infos.forEach(info -> info.shape().ifPresent(shape -> declared.put(info.name(), shape)));
    }
    for (ValueInfo input : graph.inputs()) {
      if (!graph.initializers().containsKey(input.name())) {
        input.shape().ifPresent(shape -> checkPositive(input.name(), shape));
      }
    }
    for (ValueInfo input : graph.inputs()) {
      values.put(input.name(), new Value(input.shape(), List.of(), false, Optional.empty()));
    }
    graph.initializers().forEach((tensorName, tensor) -> values.put(tensorName,
        new Value(Optional.of(new Shape(tensor.dims())), List.of(), true, tensor.int64Data())));
    for (int index : dependencyOrder()) {
      node = graph.nodes().get(index);
      nodeIndex = index;
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

  // ---- graph order -------------------------------------------------------------------------

  /** Node indices so that producers come first (file order where free); rejects cycles. */
  private List<Integer> dependencyOrder() {
    List<Node> nodes = graph.nodes();
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String output : nodes.get(i).outputs()) {
        Integer previous = producer.put(output, i);
        if (!output.isEmpty() && previous != null) {
          throw InputException.in(file, "tensor '" + output + "' is produced by both "
              + nodes.get(previous).describe(previous) + " and " + nodes.get(i).describe(i));
        }
      }
    }
    MutableGraph<Integer> dependencies = GraphBuilder.directed().allowsSelfLoops(true).build();
    for (int i = 0; i < nodes.size(); i++) {
      dependencies.addNode(i);
      for (String input : nodes.get(i).inputs()) {
        Integer p = producer.get(input);
        if (p != null && !input.isEmpty()) {
          dependencies.putEdge(p, i);
        }
      }
    }
    if (Graphs.hasCycle(dependencies)) {
      int member = dependencies.nodes().stream()
          .filter(n -> dependencies.successors(n).stream()
              .anyMatch(s -> Graphs.reachableNodes(dependencies, s).contains(n)))
          .findFirst().orElseThrow();
      throw InputException.in(file, "the graph has a cycle through " + nodes.get(member).describe(member));
    }
    Map<Integer, Integer> waiting = new HashMap<>();
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < nodes.size(); i++) {
      waiting.put(i, dependencies.inDegree(i));
      if (dependencies.inDegree(i) == 0) {
        ready.add(i);
      }
    }
    List<Integer> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order.add(i);
      for (int successor : dependencies.successors(i)) {
        if (waiting.merge(successor, -1, Integer::sum) == 0) {
          ready.add(successor);
        }
      }
    }
    return order;
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
      case "QLinearGlobalAveragePool" -> globalPool(intAttr("channels_last", 0) != 0);
      case "ReduceMean" -> reduceMean();
      case "Add", "Mul", "Sub", "Div", "Pow" -> binary(0, 1);
      case "QLinearAdd", "QLinearMul" -> binary(0, 3);
      case "Sigmoid", "Silu", "Softmax", "LRN", "QLinearSigmoid", "LayerNormalization", "Erf", "Gelu", "Sqrt",
          "Tanh" -> activation();
      case "Resize", "Upsample" -> resize();
      case "Relu", "Clip", "BatchNormalization", "QuantizeLinear", "DequantizeLinear", "QLinearLeakyRelu",
          "Dropout", "Identity" -> passThrough(shapeOf(0), true);
      case "Reshape" -> reshape();
      case "Flatten" -> flatten();
      case "Transpose" -> transpose();
      case "Unsqueeze" -> unsqueeze();
      case "Squeeze" -> squeeze();
      case "Slice" -> slice();
      case "Gather" -> gather();
      case "Split" -> split();
      case "Concat" -> concat(0, 1);
      case "QLinearConcat" -> concat(2, 3);
      case "Constant" -> constant();
      default -> throw fail("operator type " + node.opType() + " is not supported; Laminar reads the operators"
          + " listed in docs/ONNX.md (Conv, ConvTranspose, Gemm, MatMul, pooling, element-wise, activation,"
          + " normalisation, QLinear*, shape and data-movement operators)");
    }
  }

  /** Conv and QLinearConv: data input {@code x}, weights {@code w}; bias and quantization inputs are ignored. */
  private void conv(int x, int w) {
    Shape in = shapeOf(x);
    Shape weights = shapeOf(w);
    require(in.rank() == 4 && weights.rank() == 4,
        "only 2-D convolutions are supported (4-D input and weights), got input %s and weights %s", in, weights);
    long group = intAttr("group", 1);
    long channels = in.dim(1);
    long filters = weights.dim(0);
    require(group >= 1 && channels % group == 0 && filters % group == 0 && weights.dim(1) * group == channels,
        "input %s, weights %s and group %s do not match (weights must be [M, C/group, kH, kW])", in, weights, group);
    List<Long> kernel = intsAttr("kernel_shape", List.of(weights.dim(2), weights.dim(3)));
    require(kernel.equals(List.of(weights.dim(2), weights.dim(3))),
        "kernel_shape %s does not match the weights %s", kernel, weights);
    Window[] window = windows(in, kernel, false);
    Map<LoopDim, Integer> dims = dims(in.dim(0), group, filters / group, channels / group);
    addLayer(OperatorType.CONV, dims, window[0], window[1], input(x).layers(), weightProducer(w),
        Shape.of(in.dim(0), filters, window[0].output(), window[1].output()));
  }

  private void gemm() {
    Shape a = shapeOf(0);
    Shape b = shapeOf(1);
    require(a.rank() == 2 && b.rank() == 2, "Gemm needs 2-D inputs, got %s and %s", a, b);
    boolean transA = intAttr("transA", 0) != 0;
    boolean transB = intAttr("transB", 0) != 0;
    long rows = a.dim(transA ? 1 : 0);
    long inner = a.dim(transA ? 0 : 1);
    long cols = b.dim(transB ? 0 : 1);
    require(inner == b.dim(transB ? 1 : 0), "inner dimensions of A %s and B %s differ (transA=%s, transB=%s)",
        a, b, transA, transB);
    addGemm(0, 1, 1, 1, rows, inner, cols, Shape.of(rows, cols));
  }

  /**
   * MatMul (QLinearMatMul: operands at inputs 0 and 3) with NumPy semantics. The second operand is {@code W} unless only the first one is
   * constant; broadcast batch dimensions along which {@code W} varies become groups {@code G}, the
   * others batch {@code B}.
   */
  private void matMul(int first, int second) {
    Shape a = shapeOf(first);
    Shape b = shapeOf(second);
    require(a.rank() >= 1 && b.rank() >= 1, "MatMul needs inputs of rank >= 1, got %s and %s", a, b);
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
    require(inner == right.get(right.size() - 2), "inner dimensions of %s and %s differ", a, b);
    boolean swap = input(first).constant() && !input(second).constant();
    List<Long> weightSide = swap ? left : right;
    int batchRank = Math.max(left.size(), right.size()) - 2;
    List<Long> out = new ArrayList<>();
    long batch = 1;
    long groups = 1;
    for (int axis = 0; axis < batchRank; axis++) {
      long da = batchDim(left, axis, batchRank);
      long db = batchDim(right, axis, batchRank);
      require(da == db || da == 1 || db == 1, "batch dimensions of %s and %s do not broadcast", a, b);
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
    addLayer(OperatorType.GEMM, dims, Window.identity(toInt(rows)), Window.identity(1), input(activation).layers(),
        weightProducer(weight), out);
  }

  private void pool() {
    Shape in = shapeOf(0);
    require(in.rank() == 4, "only 2-D pooling is supported (4-D input), got %s", in);
    List<Long> kernel = intsAttr("kernel_shape", List.of());
    Window[] window = windows(in, kernel, intAttr("ceil_mode", 0) != 0);
    addLayer(OperatorType.POOL, dims(in.dim(0), in.dim(1), 1, 1), window[0], window[1],
        input(0).layers(), List.of(), Shape.of(in.dim(0), in.dim(1), window[0].output(), window[1].output()));
  }

  /**
   * Global pooling over the whole plane; {@code channelsLast} (QLinearGlobalAveragePool's
   * {@code channels_last}): the input is {@code [N, H, W, C]}.
   */
  private void globalPool(boolean channelsLast) {
    Shape in = shapeOf(0);
    require(in.rank() == 4, "only 2-D pooling is supported (4-D input), got %s", in);
    long channels = in.dim(channelsLast ? 3 : 1);
    long height = in.dim(channelsLast ? 1 : 2);
    long width = in.dim(channelsLast ? 2 : 3);
    Window y = new Window(toInt(height), 1, 1, 0, 0, 1);
    Window x = new Window(toInt(width), 1, 1, 0, 0, 1);
    addLayer(OperatorType.POOL, dims(in.dim(0), channels, 1, 1), y, x, input(0).layers(),
        List.of(), channelsLast ? Shape.of(in.dim(0), 1, 1, channels) : Shape.of(in.dim(0), channels, 1, 1));
  }

  /**
   * ReduceMean over the two spatial axes of a 4-D tensor (a global average pool) or over the last
   * axis (LayerNorm's statistics in a decomposed export): a {@code POOL} whose window spans the
   * reduced axis. Other axes are rejected.
   */
  private void reduceMean() {
    Shape in = shapeOf(0);
    List<Long> raw = hasInput(1) ? input(1).data().orElseThrow(() -> fail("the axes input is not a constant"))
        : intsAttr("axes", List.of());
    Set<Integer> axes = new HashSet<>();
    raw.forEach(a -> axes.add(axis(a, in.rank())));
    boolean keep = intAttr("keepdims", 1) != 0;
    if (in.rank() == 4 && axes.equals(Set.of(2, 3))) {
      Window y = new Window(toInt(in.dim(2)), 1, 1, 0, 0, 1);
      Window x = new Window(toInt(in.dim(3)), 1, 1, 0, 0, 1);
      addLayer(OperatorType.POOL, dims(in.dim(0), in.dim(1), 1, 1), y, x, input(0).layers(), List.of(),
          keep ? Shape.of(in.dim(0), in.dim(1), 1, 1) : Shape.of(in.dim(0), in.dim(1)));
      return;
    }
    require(axes.equals(Set.of(in.rank() - 1)), "ReduceMean over axes %s of %s is not supported: Laminar reduces"
        + " the last axis, or axes 2 and 3 of a 4-D tensor", raw, in);
    List<Long> kept = new ArrayList<>(in.dims());
    kept.set(in.rank() - 1, 1L);
    Shape reduced = new Shape(kept);
    Map<LoopDim, Integer> dims = elementDims(reduced);
    Window x = new Window(toInt(in.dim(in.rank() - 1)), 1, 1, 0, 0, dims.get(LoopDim.OX));
    addLayer(OperatorType.POOL, dims, Window.identity(dims.get(LoopDim.OY)), x, input(0).layers(), List.of(),
        keep ? reduced : new Shape(in.dims().subList(0, in.rank() - 1)));
  }

  /**
   * Add, Mul, Sub, Div, Pow (QLinearAdd, QLinearMul: operands at inputs 0 and 3): a layer when both
   * operands are activations; with a constant operand (a bias, a scale, an exponent) it folds into
   * the other operand's producer.
   */
  private void binary(int first, int second) {
    Shape out = broadcast(shapeOf(first), shapeOf(second));
    Value a = input(first);
    Value b = input(second);
    if (a.constant() || b.constant()) {
      Value activation = a.constant() ? b : a;
      define(out, activation.layers(), activation.constant(), Optional.empty());
      return;
    }
    addElementLayer(OperatorType.ELEMENTWISE, out, a.layers(), weightProducer(second));
  }

  private void activation() {
    Shape shape = shapeOf(0);
    addElementLayer(OperatorType.ACTIVATION, shape, input(0).layers(), List.of());
  }

  private void addElementLayer(OperatorType type, Shape shape, List<Integer> inputs, List<Integer> weight) {
    Map<LoopDim, Integer> dims = elementDims(shape);
    addLayer(type, dims, Window.identity(dims.get(LoopDim.OY)), Window.identity(dims.get(LoopDim.OX)), inputs,
        weight, shape);
  }

  /**
   * Operators without a layer of their own: the output is the first input, reshaped. The other
   * inputs (Clip bounds, BatchNormalization statistics, quantization scales, ...) must not come
   * from a layer.
   */
  private void passThrough(Shape shape, boolean keepData) {
    for (int i = 1; i < node.inputs().size(); i++) {
      if (hasInput(i)) {
        require(input(i).layers().isEmpty(), "input %s ('%s') is computed by a layer; Laminar needs a constant there",
            i, node.inputs().get(i));
      }
    }
    Value data = input(0);
    define(shape, data.layers(), data.constant(), keepData ? data.data() : Optional.empty());
  }

  private void reshape() {
    Shape in = shapeOf(0);
    Optional<List<Long>> target = hasInput(1) ? input(1).data() : Optional.of(intsAttr("shape", List.of()));
    if (target.isEmpty()) {
      passThroughDeclared();
      return;
    }
    boolean allowZero = intAttr("allowzero", 0) != 0;
    List<Long> out = new ArrayList<>();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < target.get().size(); i++) {
      long d = target.get().get(i);
      if (d == 0 && !allowZero) {
        require(i < in.rank(), "Reshape target %s copies dimension %s that input %s lacks", target.get(), i, in);
        d = in.dim(i);
      }
      if (d == -1) {
        require(inferred < 0, "Reshape target %s has more than one -1", target.get());
        inferred = i;
      } else {
        require(d >= 0, "Reshape target %s has a negative dimension", target.get());
        known = Math.multiplyExact(known, d);
      }
      out.add(d);
    }
    if (inferred >= 0) {
      require(known > 0 && in.elements() % known == 0, "cannot reshape %s to %s", in, target.get());
      out.set(inferred, in.elements() / known);
    }
    Shape shape = new Shape(out);
    require(shape.elements() == in.elements(), "cannot reshape %s (%s elements) to %s", in, in.elements(), shape);
    passThrough(shape, true);
  }

  /** A pass-through whose output shape cannot be computed: the file must declare it. */
  private void passThroughDeclared() {
    String output = node.outputs().get(0);
    Shape shape = declared.get(output);
    require(shape != null && shape.known(),
        "the shape of output '%s' cannot be inferred (the target shape is not a constant) and is not declared", output);
    passThrough(shape, false);
  }

  private void flatten() {
    Shape in = shapeOf(0);
    long attribute = intAttr("axis", 1);
    require(attribute >= -in.rank() && attribute <= in.rank(), "axis %s is out of range for %s", attribute, in);
    int axis = (int) (attribute < 0 ? attribute + in.rank() : attribute);
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= in.dim(i);
    }
    passThrough(Shape.of(outer, in.elements() / outer), true);
  }

  private void transpose() {
    Shape in = shapeOf(0);
    List<Long> reversed = new ArrayList<>();
    for (int i = in.rank() - 1; i >= 0; i--) {
      reversed.add((long) i);
    }
    List<Long> perm = intsAttr("perm", reversed);
    require(perm.size() == in.rank() && new HashSet<>(perm).size() == perm.size()
        && perm.stream().allMatch(p -> p >= 0 && p < in.rank()), "perm %s is not a permutation of the axes of %s",
        perm, in);
    passThrough(new Shape(perm.stream().map(p -> in.dim(p.intValue())).toList()), false);
  }

  private void unsqueeze() {
    Shape in = shapeOf(0);
    List<Long> axes = axesOperand();
    int rank = in.rank() + axes.size();
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      int axis = axis(a, rank);
      require(!inserted[axis], "axes %s repeat an axis", axes);
      inserted[axis] = true;
    }
    List<Long> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < rank; i++) {
      out.add(inserted[i] ? 1 : in.dim(next++));
    }
    passThrough(new Shape(out), true);
  }

  private void squeeze() {
    Shape in = shapeOf(0);
    Set<Integer> removed = new HashSet<>();
    if (hasInput(1) || node.attributes().containsKey("axes")) {
      for (long a : axesOperand()) {
        int axis = axis(a, in.rank());
        require(in.dim(axis) == 1, "cannot squeeze axis %s of %s: its size is not 1", a, in);
        removed.add(axis);
      }
    } else {
      for (int i = 0; i < in.rank(); i++) {
        if (in.dim(i) == 1) {
          removed.add(i);
        }
      }
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < in.rank(); i++) {
      if (!removed.contains(i)) {
        out.add(in.dim(i));
      }
    }
    passThrough(new Shape(out), true);
  }

  /** The {@code axes} of Squeeze/Unsqueeze: an attribute up to opset 12, a constant input from 13. */
  private List<Long> axesOperand() {
    if (hasInput(1)) {
      Optional<List<Long>> axes = input(1).data();
      require(axes.isPresent(), "the axes input '%s' is not a constant", node.inputs().get(1));
      return axes.get();
    }
    require(node.attributes().containsKey("axes"), "the axes are missing");
    return intsAttr("axes", List.of());
  }

  /**
   * Concat (QLinearConcat: data inputs from index 2, every third; the others are quantization
   * parameters): along channels a list of producers (the consumer's {@code I} producers in order);
   * of constants only, a constant (shape vectors keep their contents).
   */
  private void concat(int firstData, int step) {
    require(hasInput(firstData), "Concat has no inputs");
    Shape first = shapeOf(firstData);
    int axis = axis(intAttr("axis", Long.MIN_VALUE), first.rank());
    List<Long> out = new ArrayList<>(first.dims());
    long total = 0;
    List<Integer> sources = new ArrayList<>();
    List<Long> data = new ArrayList<>();
    int constants = 0;
    int fromDram = 0;
    int count = 0;
    boolean allData = true;
    for (int i = firstData; i < node.inputs().size(); i += step) {
      Shape shape = shapeOf(i);
      require(shape.rank() == first.rank(), "inputs %s and %s differ in rank", first, shape);
      for (int d = 0; d < shape.rank(); d++) {
        require(d == axis || shape.dim(d) == first.dim(d), "inputs %s and %s differ outside axis %s", first, shape,
            axis);
      }
      total += shape.dim(axis);
      Value value = input(i);
      sources.addAll(value.layers());
      value.data().ifPresent(data::addAll);
      allData &= value.data().isPresent();
      constants += value.constant() ? 1 : 0;
      fromDram += value.layers().isEmpty() ? 1 : 0;
      count++;
    }
    out.set(axis, total);
    Shape shape = new Shape(out);
    if (constants == count) {
      define(shape, List.of(), true, allData ? Optional.of(data) : Optional.empty());
      return;
    }
    require(axis == channelAxis(first.rank()), "Concat along axis %s of %s is not supported: Laminar concatenates"
        + " layer outputs along channels (axis %s)", axis, first, channelAxis(first.rank()));
    require(fromDram == 0 || fromDram == count,
        "Concat of graph inputs or constants with layer outputs is not supported");
    define(shape, sources, false, Optional.empty());
  }

  /**
   * Slice: the producer's output passes through with the sliced shape (starts, ends, axes, steps:
   * constant inputs from opset 10, attributes before). A consumer reads the whole producer.
   */
  private void slice() {
    Shape in = shapeOf(0);
    List<Long> starts = hasInput(1) ? constantInts(1, "starts") : intsAttr("starts", List.of());
    List<Long> ends = hasInput(2) ? constantInts(2, "ends") : intsAttr("ends", List.of());
    List<Long> axes = hasInput(3) ? constantInts(3, "axes") : intsAttr("axes", null);
    List<Long> steps = hasInput(4) ? constantInts(4, "steps") : null;
    require(starts.size() == ends.size() && (axes == null || axes.size() == starts.size())
        && (steps == null || steps.size() == starts.size()), "starts %s, ends %s, axes %s and steps %s differ in"
        + " length", starts, ends, axes, steps);
    List<Long> out = new ArrayList<>(in.dims());
    for (int i = 0; i < starts.size(); i++) {
      int a = axis(axes == null ? i : axes.get(i), in.rank());
      long size = in.dim(a);
      long step = steps == null ? 1 : steps.get(i);
      require(step != 0, "step 0 on axis %s", a);
      long start = clamp(starts.get(i), size, step);
      long end = clamp(ends.get(i), size, step);
      long length = step > 0 ? Math.max(0, (end - start + step - 1) / step) : Math.max(0, (start - end - step - 1) / -step);
      out.set(a, length);
    }
    passThrough(new Shape(out), false);
  }

  /** A Slice bound: negative counts from the end; clamped to [0, size] (to [−1, size − 1] for a negative step). */
  private static long clamp(long bound, long size, long step) {
    long b = bound < 0 ? bound + size : bound;
    return step > 0 ? Math.max(0, Math.min(size, b)) : Math.max(-1, Math.min(size - 1, b));
  }

  /**
   * Gather: from a constant table (an embedding) the gathered rows are read from DRAM; from a
   * layer's output the producer passes through with the gathered shape (a consumer reads it whole).
   */
  private void gather() {
    Shape data = shapeOf(0);
    Shape indices = shapeOf(1);
    int axis = axis(intAttr("axis", 0), data.rank());
    List<Long> out = new ArrayList<>(data.dims().subList(0, axis));
    out.addAll(indices.dims());
    out.addAll(data.dims().subList(axis + 1, data.rank()));
    Value table = input(0);
    require(input(1).layers().isEmpty(), "the indices ('%s') are computed by a layer; Laminar needs them from the"
        + " graph inputs or a constant", node.inputs().get(1));
    define(new Shape(out), table.layers(), table.constant() && input(1).constant(), Optional.empty());
  }

  /**
   * Split: every output passes the producer through with its part's shape (sizes from the
   * {@code split} input or attribute, else {@code num_outputs} or the number of outputs, equal
   * parts with a smaller last one). A consumer reads the whole producer.
   */
  private void split() {
    Shape in = shapeOf(0);
    int axis = axis(intAttr("axis", 0), in.rank());
    int parts = node.outputs().size();
    List<Long> sizes = hasInput(1) ? constantInts(1, "split") : intsAttr("split", List.of());
    if (sizes.isEmpty()) {
      long each = (in.dim(axis) + parts - 1) / parts;
      sizes = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        sizes.add(Math.min(each, in.dim(axis) - each * i));
      }
    }
    require(sizes.size() == parts && sizes.stream().mapToLong(Long::longValue).sum() == in.dim(axis)
        && sizes.stream().allMatch(x -> x > 0), "split %s does not cut axis %s of %s into %s outputs", sizes, axis,
        in, parts);
    Value data = input(0);
    for (int i = 0; i < parts; i++) {
      List<Long> dims = new ArrayList<>(in.dims());
      dims.set(axis, sizes.get(i));
      defineOutput(i, new Shape(dims), data.layers(), data.constant(), Optional.empty());
    }
  }

  /**
   * Resize, Upsample: a layer of one operation per output element (nearest: a copy, linear: a
   * blend of neighbours counted as one). The output shape comes from the {@code sizes} input when
   * it is an INT64 constant, else from the file's declared output shape (scales are floats, whose
   * values Laminar does not read).
   */
  private void resize() {
    Shape in = shapeOf(0);
    Optional<List<Long>> sizes = hasInput(3) ? input(3).data() : Optional.empty();
    Shape out;
    if (sizes.isPresent()) {
      out = new Shape(sizes.get());
    } else {
      out = declared.get(node.outputs().get(0));
      require(out != null && out.known(), "the output shape cannot be inferred (the scales are floats and no"
          + " constant sizes are given) and output '%s' declares none", node.outputs().get(0));
    }
    require(out.rank() == in.rank(), "the output shape %s has another rank than the input %s", out, in);
    addElementLayer(OperatorType.ACTIVATION, out, input(0).layers(), List.of());
  }

  /**
   * ConvTranspose as its polyphase decomposition: on the output grid, stride s, each output
   * pixel sums ⌈k/s⌉ taps per axis of every input channel (a stride-1 convolution with a
   * ⌈k/s⌉ kernel per output phase). MACs are exact when s divides k (an upper bound otherwise).
   */
  private void convTranspose() {
    Shape in = shapeOf(0);
    Shape weights = shapeOf(1);
    require(in.rank() == 4 && weights.rank() == 4,
        "only 2-D transposed convolutions are supported (4-D input and weights), got input %s and weights %s",
        in, weights);
    long group = intAttr("group", 1);
    require(group >= 1 && in.dim(1) % group == 0 && weights.dim(0) == in.dim(1),
        "input %s, weights %s and group %s do not match (weights must be [C, M/group, kH, kW])", in, weights, group);
    List<Long> strides = intsAttr("strides", List.of(1L, 1L));
    List<Long> dilations = intsAttr("dilations", List.of(1L, 1L));
    List<Long> pads = intsAttr("pads", List.of(0L, 0L, 0L, 0L));
    List<Long> outputPadding = intsAttr("output_padding", List.of(0L, 0L));
    require(dilations.equals(List.of(1L, 1L)), "dilations %s are not supported (only 1)", dilations);
    require(stringAttr("auto_pad", "NOTSET").equals("NOTSET"), "auto_pad other than NOTSET is not supported");
    long[] size = new long[2];
    int[] taps = new int[2];
    for (int a = 0; a < 2; a++) {
      long k = weights.dim(2 + a);
      long s = strides.get(a);
      size[a] = s * (in.dim(2 + a) - 1) + outputPadding.get(a) + k - pads.get(a) - pads.get(2 + a);
      taps[a] = toInt((k + s - 1) / s);
      require(size[a] > 0, "the output would have %s elements along axis %s", size[a], 2 + a);
    }
    List<Long> outputShape = intsAttr("output_shape", List.of());
    if (!outputShape.isEmpty()) {
      require(outputShape.size() == 2, "output_shape %s must give the two spatial sizes", outputShape);
      size[0] = outputShape.get(0);
      size[1] = outputShape.get(1);
    }
    long filters = weights.dim(1) * group;
    Window y = new Window(taps[0], 1, 1, taps[0] - 1, 0, toInt(size[0]));
    Window x = new Window(taps[1], 1, 1, taps[1] - 1, 0, toInt(size[1]));
    Map<LoopDim, Integer> dims = dims(in.dim(0), group, filters / group, in.dim(1) / group);
    addLayer(OperatorType.CONV, dims, y, x, input(0).layers(), weightProducer(1),
        Shape.of(in.dim(0), filters, size[0], size[1]));
  }

  private List<Long> constantInts(int index, String what) {
    return input(index).data().orElseThrow(() -> fail("the " + what + " input '" + node.inputs().get(index)
        + "' is not an INT64 constant"));
  }

  private void constant() {
    Map<String, Attribute> attributes = node.attributes();
    Attribute value = attributes.get("value");
    if (value != null && value.t().isPresent()) {
      define(new Shape(value.t().get().dims()), List.of(), true, value.t().get().int64Data());
    } else if (attributes.containsKey("value_int")) {
      define(Shape.of(), List.of(), true, Optional.of(List.of(attributes.get("value_int").i())));
    } else if (attributes.containsKey("value_ints")) {
      List<Long> ints = attributes.get("value_ints").ints();
      define(Shape.of(ints.size()), List.of(), true, Optional.of(ints));
    } else if (attributes.containsKey("value_float")) {
      define(Shape.of(), List.of(), true, Optional.empty());
    } else if (attributes.containsKey("value_floats")) {
      define(Shape.of(attributes.get("value_floats").floatCount()), List.of(), true, Optional.empty());
    } else {
      throw fail("Constant has none of the attributes value, value_int, value_ints, value_float, value_floats");
    }
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
    define(out, List.of(id), false, Optional.empty());
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
    long bits = intAttr(name, DEFAULT_BITS);
    require(bits >= 1 && bits <= 64, "attribute %s must be 1..64 bits, got %s", name, bits);
    return (int) bits;
  }

  /** The node's name, or {@code OpType_index} for an unnamed node; unique within the workload. */
  private String layerName() {
    String name = node.name().isEmpty() ? node.opType() + "_" + nodeIndex : node.name();
    if (!layerNames.add(name)) {
      name = name + "_" + nodeIndex;
      layerNames.add(name);
    }
    return name;
  }

  /** The producer of operand W: none when read from DRAM, one layer otherwise. */
  private List<Integer> weightProducer(int index) {
    List<Integer> producers = input(index).layers();
    require(producers.size() <= 1, "operand '%s' is a concatenation of %s layer outputs; Laminar supports one"
        + " producer for the second operand", node.inputs().get(index), producers.size());
    return producers;
  }

  /** Loop dimensions {@code B, G, OY, OX} of an element-wise operation over a tensor of this shape. */
  static Map<LoopDim, Integer> elementDims(Shape shape) {
    int rank = shape.rank();
    EnumMap<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    switch (rank) {
      case 0 -> { }
      case 1 -> dims.put(LoopDim.G, toInt(shape.dim(0)));
      case 2 -> {
        dims.put(LoopDim.OY, toInt(shape.dim(0)));
        dims.put(LoopDim.G, toInt(shape.dim(1)));
      }
      case 3 -> {
        dims.put(LoopDim.B, toInt(shape.dim(0)));
        dims.put(LoopDim.OY, toInt(shape.dim(1)));
        dims.put(LoopDim.G, toInt(shape.dim(2)));
      }
      default -> {
        long rows = 1;
        for (int i = 2; i < rank - 1; i++) {
          rows = Math.multiplyExact(rows, shape.dim(i));
        }
        dims.put(LoopDim.B, toInt(shape.dim(0)));
        dims.put(LoopDim.G, toInt(shape.dim(1)));
        dims.put(LoopDim.OY, toInt(rows));
        dims.put(LoopDim.OX, toInt(shape.dim(rank - 1)));
      }
    }
    dims.putIfAbsent(LoopDim.OY, 1);
    dims.putIfAbsent(LoopDim.OX, 1);
    return dims;
  }

  /** The axis that {@link #elementDims} maps to channels ({@code G}): features for rank ≤ 3, else axis 1. */
  static int channelAxis(int rank) {
    return rank <= 3 ? Math.max(0, rank - 1) : 1;
  }

  /** Sizes for batch, groups, output and input channels (elements). */
  private static Map<LoopDim, Integer> dims(long batch, long groups, long outputs, long inputs) {
    EnumMap<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.B, toInt(batch));
    dims.put(LoopDim.G, toInt(groups));
    dims.put(LoopDim.K, toInt(outputs));
    dims.put(LoopDim.C, toInt(inputs));
    return dims;
  }

  private static int toInt(long size) {
    if (size > Integer.MAX_VALUE) {
      throw new ArithmeticException("dimension " + size + " is too large");
    }
    return (int) size;
  }

  // ---- shapes --------------------------------------------------------------------------------

  /** The sliding windows along rows and columns, from the node's kernel, strides, dilations and pads. */
  private Window[] windows(Shape in, List<Long> kernel, boolean ceilMode) {
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

  private Shape broadcast(Shape a, Shape b) {
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
  private int axis(long axis, int rank) {
    require(axis >= -rank && axis < rank, "axis %s is out of range for rank %s",
        axis == Long.MIN_VALUE ? "(missing)" : axis, rank);
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /**
   * Binds the node's first output. The inferred shape must agree with a declared one; when the
   * value_info declares more (none here), the inferred one wins because it is complete.
   */
  private void define(Shape inferred, List<Integer> sources, boolean constant, Optional<List<Long>> data) {
    defineOutput(0, inferred, sources, constant, data);
  }

  /** Binds the node's output {@code index} (see {@link #define}). */
  private void defineOutput(int index, Shape inferred, List<Integer> sources, boolean constant,
      Optional<List<Long>> data) {
    require(node.outputs().size() > index && !node.outputs().get(index).isEmpty(), "the node has no output %s",
        index);
    String output = node.outputs().get(index);
    Shape expected = declared.get(output);
    require(expected == null || expected.compatible(inferred),
        "output '%s' is declared with shape %s but the inputs give %s", output, expected, inferred);
    values.put(output, new Value(Optional.of(inferred), sources, constant, data));
  }

  // ---- inputs and attributes -----------------------------------------------------------------

  private boolean hasInput(int index) {
    return index < node.inputs().size() && !node.inputs().get(index).isEmpty();
  }

  private Value input(int index) {
    require(hasInput(index), "input %s is missing", index);
    String name = node.inputs().get(index);
    Value value = values.get(name);
    require(value != null, "input '%s' is neither a graph input, an initializer nor the output of a node", name);
    return value;
  }

  private Shape shapeOf(int index) {
    Value value = input(index);
    String name = node.inputs().get(index);
    require(value.shape().isPresent() && value.shape().get().known(),
        "the shape of input '%s' is unknown%s and cannot be inferred; declare it in the model's inputs",
        name, value.shape().map(s -> " (" + s + ")").orElse(""));
    return value.shape().get();
  }

  private long intAttr(String name, long otherwise) {
    return attribute(name, Attribute.INT, "an INT", Attribute::i, otherwise);
  }

  private List<Long> intsAttr(String name, List<Long> otherwise) {
    return attribute(name, Attribute.INTS, "INTS", Attribute::ints, otherwise);
  }

  private String stringAttr(String name, String otherwise) {
    return attribute(name, Attribute.STRING, "a STRING", Attribute::s, otherwise);
  }

  private <T> T attribute(String name, int type, String typeName, Function<Attribute, T> value, T otherwise) {
    Attribute attribute = node.attributes().get(name);
    if (attribute == null) {
      return otherwise;
    }
    require(attribute.is(type), "attribute %s must be %s", name, typeName);
    return value.apply(attribute);
  }

  // ---- errors --------------------------------------------------------------------------------

  private void require(boolean condition, String template, Object... args) {
    if (!condition) {
      throw fail(String.format(template, args));
    }
  }

  private InputException fail(String problem) {
    return InputException.in(file, node.describe(nodeIndex) + ": " + problem);
  }
}
