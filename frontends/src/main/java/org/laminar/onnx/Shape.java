package org.laminar.onnx;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dimensions of a tensor (elements per axis), outermost first. A dimension the file gives only
 * symbolically ({@code dim_param}) or not at all is {@link #UNKNOWN}.
 *
 * @param dims the dimensions
 */
record Shape(List<Long> dims) {
  /** Marker of a dimension whose size is not known. */
  static final long UNKNOWN = -1;

  Shape {
    dims = ImmutableList.copyOf(dims);
  }

  static Shape of(long... dims) {
    ImmutableList.Builder<Long> list = ImmutableList.builder();
    for (long d : dims) {
      list.add(d);
    }
    return new Shape(list.build());
  }

  int rank() {
    return dims.size();
  }

  /** Dimension {@code axis}; a negative axis counts from the end. */
  long dim(int axis) {
    return dims.get(axis < 0 ? axis + rank() : axis);
  }

  /** Whether every dimension is known. */
  boolean known() {
    return dims.stream().allMatch(d -> d >= 0);
  }

  /** Number of elements (all dimensions known). */
  long elements() {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Whether the two shapes agree on every dimension that both know. */
  boolean compatible(Shape other) {
    if (rank() != other.rank()) {
      return false;
    }
    for (int i = 0; i < rank(); i++) {
      long a = dims.get(i);
      long b = other.dims.get(i);
      if (a >= 0 && b >= 0 && a != b) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return dims.stream().map(d -> d == UNKNOWN ? "?" : Long.toString(d)).collect(Collectors.joining("x", "[", "]"));
  }
}
