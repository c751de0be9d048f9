package org.laminar.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Values keyed by a (producer, consumer) pair of tile ids, grouped by consumer: a tile has few
 * producers, so a short scan of its group finds a pair. A hash map keyed by the packed pair was
 * the checker's hot spot on large fused graphs (hundreds of thousands of boxed keys, and the packed
 * pair {@code p << 32 | c} hashes to {@code p ^ c}, which crowds chain edges into few buckets).
 *
 * @param <V> the value stored per pair
 */
final class PairIndex<V> {
  /** One pair and its value. */
  record Entry<V>(int producer, int consumer, V value) {}

  /** By consumer id, the entries of pairs into it (null when none). */
  private final List<List<Entry<V>>> byConsumer;
  /** Entries whose consumer id is outside {@code [0, tiles)}, scanned in full. */
  private final List<Entry<V>> outside = new ArrayList<>();
  /** Every entry, in insertion order. */
  private final List<Entry<V>> all = new ArrayList<>();

  /** An empty index for consumer ids in {@code [0, tiles)} (others are kept too, less quickly). */
  PairIndex(int tiles) {
    byConsumer = new ArrayList<>(tiles);
    for (int i = 0; i < tiles; i++) {
      byConsumer.add(null);
    }
  }

  private List<Entry<V>> group(int consumer, boolean create) {
    if (consumer < 0 || consumer >= byConsumer.size()) {
      return outside;
    }
    List<Entry<V>> group = byConsumer.get(consumer);
    if (group == null && create) {
      group = new ArrayList<>(2);
      byConsumer.set(consumer, group);
    }
    return group;
  }

  /** The value of the pair; null when it has none. */
  V get(int producer, int consumer) {
    List<Entry<V>> group = group(consumer, false);
    if (group != null) {
      for (int i = 0; i < group.size(); i++) {
        Entry<V> e = group.get(i);
        if (e.producer() == producer && e.consumer() == consumer) {
          return e.value();
        }
      }
    }
    return null;
  }

  /** Stores {@code value} for the pair unless it has one; returns the value it had (null when none). */
  V putIfAbsent(int producer, int consumer, V value) {
    V previous = get(producer, consumer);
    if (previous == null) {
      Entry<V> e = new Entry<>(producer, consumer, value);
      group(consumer, true).add(e);
      all.add(e);
    }
    return previous;
  }

  /** The value of the pair, first made by {@code make} when it has none. */
  V computeIfAbsent(int producer, int consumer, Supplier<V> make) {
    V known = get(producer, consumer);
    if (known != null) {
      return known;
    }
    V made = make.get();
    putIfAbsent(producer, consumer, made);
    return made;
  }

  /** Every pair with a value, in the order they were first stored. */
  List<Entry<V>> entries() {
    return all;
  }
}
