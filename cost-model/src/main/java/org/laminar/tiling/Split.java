package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How many parts one loop dimension of a layer is split into: a count, or {@code all} (one part
 * per element, e.g. one output row per tile).
 *
 * <p>A count larger than the dimension is clamped to the dimension's size; a count that does not
 * divide the size gives parts whose sizes differ by at most one (see {@link Partition}).
 *
 * @param all whether the dimension is split into single elements
 * @param parts the requested number of parts (&gt;= 1); ignored when {@code all}
 */
public record Split(boolean all, int parts) {
  /** No split: one part. */
  public static final Split ONE = new Split(false, 1);
  /** One part per element. */
  public static final Split ALL = new Split(true, 1);

  public Split {
    checkArgument(parts >= 1, "a split needs at least 1 part, got %s", parts);
    if (all) {
      parts = 1;
    }
  }

  /** A split into {@code parts} parts. */
  public static Split of(int parts) {
    checkArgument(parts >= 1, "a split needs at least 1 part, got %s", parts);
    return new Split(false, parts);
  }

  /**
   * Parses {@code all} or a positive count.
   *
   * @throws IllegalArgumentException naming the text when it is neither
   */
  public static Split parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("all")) {
      return ALL;
    }
    try {
      int n = Integer.parseInt(t);
      checkArgument(n >= 1, "split count must be >= 1, got %s", n);
      return of(n);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("split must be 'all' or a positive count, got '" + text + "'", e);
    }
  }

  /** The number of parts a dimension of {@code size} elements is actually split into. */
  public int partsFor(int size) {
    return all ? size : Math.min(parts, size);
  }

  @Override
  public String toString() {
    return all ? "all" : Integer.toString(parts);
  }
}
