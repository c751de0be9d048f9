package org.laminar.check;

/**
 * A stable sort of positions by two primitive keys, for the checker's sweeps: it orders positions
 * {@code 0..n-1} by {@code first}, then {@code second}, and keeps equal ones in position order, as
 * {@link java.util.List#sort} keeps equal elements. Sorting primitive arrays instead of records
 * with a comparator avoids a record per event and a call through the comparator per comparison
 * (the launcher's client compiler does not inline them).
 */
final class IndexSort {
  /** Runs this short are sorted by insertion before they are merged. */
  private static final int RUN = 24;

  private IndexSort() {}

  /** Positions {@code 0..n-1} ordered by {@code (first[i], second[i], i)}. */
  static int[] sort(long[] first, long[] second, int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int lo = 0; lo < n; lo += RUN) {
      insertion(order, lo, Math.min(n, lo + RUN), first, second);
    }
    int[] from = order;
    int[] to = new int[n];
    for (int width = RUN; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        merge(from, to, lo, Math.min(n, lo + width), Math.min(n, lo + 2 * width), first, second);
      }
      int[] swap = from;
      from = to;
      to = swap;
    }
    return from;
  }

  /** Whether position {@code a} goes after position {@code b} (strictly, so ties keep their order). */
  private static boolean after(int a, int b, long[] first, long[] second) {
    return first[a] != first[b] ? first[a] > first[b] : second[a] > second[b];
  }

  private static void insertion(int[] order, int lo, int hi, long[] first, long[] second) {
    for (int i = lo + 1; i < hi; i++) {
      int x = order[i];
      int j = i - 1;
      while (j >= lo && after(order[j], x, first, second)) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = x;
    }
  }

  /** Merges the sorted {@code from[lo, mid)} and {@code from[mid, hi)} into {@code to[lo, hi)}, left first on ties. */
  private static void merge(int[] from, int[] to, int lo, int mid, int hi, long[] first, long[] second) {
    if (mid >= hi || !after(from[mid - 1], from[mid], first, second)) {
      // Already in order (a schedule lists much of its work in time order): a copy.
      System.arraycopy(from, lo, to, lo, hi - lo);
      return;
    }
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      if (j >= hi || i < mid && !after(from[i], from[j], first, second)) {
        to[k] = from[i++];
      } else {
        to[k] = from[j++];
      }
    }
  }
}
