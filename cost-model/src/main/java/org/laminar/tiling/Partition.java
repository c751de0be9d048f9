package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A split of {@code size} elements into {@code parts} contiguous parts whose sizes differ by at
 * most one, the larger parts first: part {@code i} is {@code [start(i), end(i))}.
 *
 * @param size number of elements (&gt;= 1)
 * @param parts number of parts ({@code 1..size})
 */
public record Partition(int size, int parts) {
  public Partition {
    checkArgument(size >= 1, "cannot split %s elements", size);
    checkArgument(parts >= 1 && parts <= size, "cannot split %s elements into %s parts", size, parts);
  }

  private int base() {
    return size / parts;
  }

  private int larger() {
    return size % parts;
  }

  /** First element of part {@code i}. */
  public int start(int i) {
    return i * base() + Math.min(i, larger());
  }

  /** One past the last element of part {@code i}. */
  public int end(int i) {
    return start(i + 1);
  }

  /** The part that holds element {@code element}. */
  public int partOf(int element) {
    checkArgument(element >= 0 && element < size, "element %s outside [0, %s)", element, size);
    int split = larger() * (base() + 1);
    return element < split ? element / (base() + 1) : larger() + (element - split) / base();
  }
}
