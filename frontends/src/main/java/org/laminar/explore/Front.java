package org.laminar.explore;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Pareto dominance over the figures of a sweep's axes (all minimised), and the incumbent front a
 * sweep prunes against. {@code a} dominates {@code b} when it is no worse on every axis and better
 * on one: then no schedule whose figures are at least {@code b} can be on the front, which is why
 * a point whose lower bounds are dominated by a schedule already found need not be solved.
 * Points with equal figures do not dominate each other: both stay on the front.
 *
 * <p>The incumbent is safe for concurrent use.
 */
public final class Front {
  private final List<Integer> ids = new ArrayList<>();
  private final List<double[]> figures = new ArrayList<>();

  /** Whether {@code a} dominates {@code b} (same axes, in the same order). */
  public static boolean dominates(double[] a, double[] b) {
    checkArgument(a.length == b.length, "%s axes against %s", a.length, b.length);
    boolean better = false;
    for (int i = 0; i < a.length; i++) {
      if (a[i] > b[i]) {
        return false;
      }
      better |= a[i] < b[i];
    }
    return better;
  }

  /** The items that no other item dominates, in their order. */
  public static <T> List<T> of(List<T> items, Function<T, double[]> figures) {
    List<double[]> all = items.stream().map(figures).toList();
    List<T> front = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int me = i;
      boolean dominated = false;
      for (int j = 0; j < items.size() && !dominated; j++) {
        dominated = j != me && dominates(all.get(j), all.get(me));
      }
      if (!dominated) {
        front.add(items.get(i));
      }
    }
    return front;
  }

  /** Adds the figures of a schedule found for point {@code id}. */
  public synchronized void add(int id, double[] found) {
    ids.add(id);
    figures.add(found.clone());
  }

  /**
   * A point already added whose schedule dominates {@code lowerBounds}: then every schedule of the
   * point bounded by them is dominated, and the point cannot be on the front.
   */
  public synchronized OptionalInt dominator(double[] lowerBounds) {
    for (int i = 0; i < figures.size(); i++) {
      if (dominates(figures.get(i), lowerBounds)) {
        return OptionalInt.of(ids.get(i));
      }
    }
    return OptionalInt.empty();
  }
}
