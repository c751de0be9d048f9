package org.laminar.onnx;

import static org.laminar.onnx.LayerDims.channelAxis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laminar.onnx.OnnxGraph.Attribute;

/**
 * The operators that create no layer: they reshape, permute, cut or join tensors, or define
 * constants, and bind their outputs to the layers (or constants) their inputs come from.
 */
final class ShapeOperators {
  private final ConversionContext node;

  ShapeOperators(ConversionContext node) {
    this.node = node;
  }

  void reshape() {
    Shape in = node.shapeOf(0);
    Optional<List<Long>> target =
        node.hasInput(1) ? node.input(1).data() : Optional.of(node.intsAttr("shape", List.of()));
    if (target.isEmpty()) {
      node.passThroughDeclared();
      return;
    }
    boolean allowZero = node.intAttr("allowzero", 0) != 0;
    List<Long> out = new ArrayList<>();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < target.get().size(); i++) {
      long d = target.get().get(i);
      if (d == 0 && !allowZero) {
        node.require(i < in.rank(), "Reshape target %s copies dimension %s that input %s lacks", target.get(), i, in);
        d = in.dim(i);
      }
      if (d == -1) {
        node.require(inferred < 0, "Reshape target %s has more than one -1", target.get());
        inferred = i;
      } else {
        node.require(d >= 0, "Reshape target %s has a negative dimension", target.get());
        known = Math.multiplyExact(known, d);
      }
      out.add(d);
    }
    if (inferred >= 0) {
      node.require(known > 0 && in.elements() % known == 0, "cannot reshape %s to %s", in, target.get());
      out.set(inferred, in.elements() / known);
    }
    Shape shape = new Shape(out);
    node.require(shape.elements() == in.elements(), "cannot reshape %s (%s elements) to %s", in, in.elements(), shape);
    node.passThrough(shape, true);
  }

  void flatten() {
    Shape in = node.shapeOf(0);
    long attribute = node.intAttr("axis", 1);
    node.require(attribute >= -in.rank() && attribute <= in.rank(), "axis %s is out of range for %s", attribute, in);
    int axis = (int) (attribute < 0 ? attribute + in.rank() : attribute);
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= in.dim(i);
    }
    node.passThrough(Shape.of(outer, in.elements() / outer), true);
  }

  void transpose() {
    Shape in = node.shapeOf(0);
    List<Long> reversed = new ArrayList<>();
    for (int i = in.rank() - 1; i >= 0; i--) {
      reversed.add((long) i);
    }
    List<Long> perm = node.intsAttr("perm", reversed);
    node.require(perm.size() == in.rank() && new HashSet<>(perm).size() == perm.size()
        && perm.stream().allMatch(p -> p >= 0 && p < in.rank()), "perm %s is not a permutation of the axes of %s",
        perm, in);
    node.passThrough(new Shape(perm.stream().map(p -> in.dim(p.intValue())).toList()), false);
  }

  void unsqueeze() {
    Shape in = node.shapeOf(0);
    List<Long> axes = axesOperand();
    int rank = in.rank() + axes.size();
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      int axis = node.axis(a, rank);
      node.require(!inserted[axis], "axes %s repeat an axis", axes);
      inserted[axis] = true;
    }
    List<Long> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < rank; i++) {
      out.add(inserted[i] ? 1 : in.dim(next++));
    }
    node.passThrough(new Shape(out), true);
  }

  void squeeze() {
    Shape in = node.shapeOf(0);
    Set<Integer> removed = new HashSet<>();
    if (node.hasInput(1) || node.attributes().containsKey("axes")) {
      for (long a : axesOperand()) {
        int axis = node.axis(a, in.rank());
        node.require(in.dim(axis) == 1, "cannot squeeze axis %s of %s: its size is not 1", a, in);
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
    node.passThrough(new Shape(out), true);
  }

  /** The {@code axes} of Squeeze/Unsqueeze: an attribute up to opset 12, a constant input from 13. */
  private List<Long> axesOperand() {
    if (node.hasInput(1)) {
      Optional<List<Long>> axes = node.input(1).data();
      node.require(axes.isPresent(), "the axes input '%s' is not a constant", node.inputs().get(1));
      return axes.get();
    }
    node.require(node.attributes().containsKey("axes"), "the axes are missing");
    return node.intsAttr("axes", List.of());
  }

  /**
   * Concat (QLinearConcat: data inputs from index 2, every third; the others are quantization
   * parameters): along channels a list of producers (the consumer's {@code I} producers in order);
   * of constants only, a constant (shape vectors keep their contents).
   */
  void concat(int firstData, int step) {
    node.require(node.hasInput(firstData), "Concat has no inputs");
    Shape first = node.shapeOf(firstData);
    int axis = node.axis(node.intAttr("axis", Long.MIN_VALUE), first.rank());
    List<Long> out = new ArrayList<>(first.dims());
    long total = 0;
    List<Integer> sources = new ArrayList<>();
    List<Long> data = new ArrayList<>();
    int constants = 0;
    int fromDram = 0;
    int count = 0;
    boolean allData = true;
    for (int i = firstData; i < node.inputs().size(); i += step) {
      Shape shape = node.shapeOf(i);
      node.require(shape.rank() == first.rank(), "inputs %s and %s differ in rank", first, shape);
      for (int d = 0; d < shape.rank(); d++) {
        node.require(d == axis || shape.dim(d) == first.dim(d), "inputs %s and %s differ outside axis %s", first, shape,
            axis);
      }
      total += shape.dim(axis);
      ConversionContext.Value value = node.input(i);
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
      node.define(shape, List.of(), true, allData ? Optional.of(data) : Optional.empty());
      return;
    }
    node.require(axis == channelAxis(first.rank()), "Concat along axis %s of %s is not supported: Laminar concatenates"
        + " layer outputs along channels (axis %s)", axis, first, channelAxis(first.rank()));
    node.require(fromDram == 0 || fromDram == count,
        "Concat of graph inputs or constants with layer outputs is not supported");
    node.define(shape, sources, false, Optional.empty());
  }

  /**
   * Slice: the producer's output passes through with the sliced shape (starts, ends, axes, steps:
   * constant inputs from opset 10, attributes before). A consumer reads the whole producer.
   */
  void slice() {
    Shape in = node.shapeOf(0);
    List<Long> starts = node.hasInput(1) ? node.constantInts(1, "starts") : node.intsAttr("starts", List.of());
    List<Long> ends = node.hasInput(2) ? node.constantInts(2, "ends") : node.intsAttr("ends", List.of());
    List<Long> axes = node.hasInput(3) ? node.constantInts(3, "axes") : node.intsAttr("axes", null);
    List<Long> steps = node.hasInput(4) ? node.constantInts(4, "steps") : null;
    node.require(starts.size() == ends.size() && (axes == null || axes.size() == starts.size())
        && (steps == null || steps.size() == starts.size()), "starts %s, ends %s, axes %s and steps %s differ in"
        + " length", starts, ends, axes, steps);
    List<Long> out = new ArrayList<>(in.dims());
    for (int i = 0; i < starts.size(); i++) {
      int a = node.axis(axes == null ? i : axes.get(i), in.rank());
      long size = in.dim(a);
      long step = steps == null ? 1 : steps.get(i);
      node.require(step != 0, "step 0 on axis %s", a);
      long start = clamp(starts.get(i), size, step);
      long end = clamp(ends.get(i), size, step);
      long length = step > 0 ? Math.max(0, (end - start + step - 1) / step)
          : Math.max(0, (start - end - step - 1) / -step);
      out.set(a, length);
    }
    node.passThrough(new Shape(out), false);
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
  void gather() {
    Shape data = node.shapeOf(0);
    Shape indices = node.shapeOf(1);
    int axis = node.axis(node.intAttr("axis", 0), data.rank());
    List<Long> out = new ArrayList<>(data.dims().subList(0, axis));
    out.addAll(indices.dims());
    out.addAll(data.dims().subList(axis + 1, data.rank()));
    ConversionContext.Value table = node.input(0);
    node.require(node.input(1).layers().isEmpty(), "the indices ('%s') are computed by a layer; Laminar needs them"
        + " from the graph inputs or a constant", node.inputs().get(1));
    node.define(new Shape(out), table.layers(), table.constant() && node.input(1).constant(), Optional.empty());
  }

  /**
   * Split: every output passes the producer through with its part's shape (sizes from the
   * {@code split} input or attribute, else {@code num_outputs} or the number of outputs, equal
   * parts with a smaller last one). A consumer reads the whole producer.
   */
  void split() {
    Shape in = node.shapeOf(0);
    int axis = node.axis(node.intAttr("axis", 0), in.rank());
    int parts = node.outputs().size();
    List<Long> sizes = node.hasInput(1) ? node.constantInts(1, "split") : node.intsAttr("split", List.of());
    if (sizes.isEmpty()) {
      long each = (in.dim(axis) + parts - 1) / parts;
      sizes = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        sizes.add(Math.min(each, in.dim(axis) - each * i));
      }
    }
    node.require(sizes.size() == parts && sizes.stream().mapToLong(Long::longValue).sum() == in.dim(axis)
        && sizes.stream().allMatch(x -> x > 0), "split %s does not cut axis %s of %s into %s outputs", sizes, axis,
        in, parts);
    ConversionContext.Value data = node.input(0);
    for (int i = 0; i < parts; i++) {
      List<Long> dims = new ArrayList<>(in.dims());
      dims.set(axis, sizes.get(i));
      node.defineOutput(i, new Shape(dims), data.layers(), data.constant(), Optional.empty());
    }
  }

  void constant() {
    Map<String, Attribute> attributes = node.attributes();
    Attribute value = attributes.get("value");
    if (value != null && value.t().isPresent()) {
      node.define(new Shape(value.t().get().dims()), List.of(), true, value.t().get().int64Data());
    } else if (attributes.containsKey("value_int")) {
      node.define(Shape.of(), List.of(), true, Optional.of(List.of(attributes.get("value_int").i())));
    } else if (attributes.containsKey("value_ints")) {
      List<Long> ints = attributes.get("value_ints").ints();
      node.define(Shape.of(ints.size()), List.of(), true, Optional.of(ints));
    } else if (attributes.containsKey("value_float")) {
      node.define(Shape.of(), List.of(), true, Optional.empty());
    } else if (attributes.containsKey("value_floats")) {
      node.define(Shape.of(attributes.get("value_floats").floatCount()), List.of(), true, Optional.empty());
    } else {
      throw node.fail("Constant has none of the attributes value, value_int, value_ints, value_float, value_floats");
    }
  }
}
