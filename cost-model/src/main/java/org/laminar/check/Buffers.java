package org.laminar.check;

import java.util.Arrays;

/**
 * The buffers the checker finds in a schedule, as columns of primitives: buffer {@code i} is data
 * that core {@code core(i)} holds in physical memory {@code memory(i)} (the checker's dense index
 * of that memory) during {@code [start(i), end(i))} (cycles), {@code bits(i)} bits. What the buffer
 * is — kept for messages only — is a {@link Kind} and two ids, turned into words only when a
 * message names the buffer: a schedule of 100,000 tiles has about 400,000 buffers.
 */
final class Buffers {
  /** What a buffer holds; {@code a} and {@code b} are the ids the description needs. */
  enum Kind {
    /** The resident weights of layer {@code a} on core {@code b}. */
    WEIGHTS,
    /** The network input loaded for tile {@code a} onto core {@code b}. */
    INPUT,
    /** The output of tile {@code a}. */
    OUTPUT,
    /** Edge {@code a -> b} received over links. */
    TRANSFER,
    /** Edge {@code a -> b} read back from DRAM. */
    READ_BACK
  }

  private int size;
  private int[] core;
  private int[] memory;
  private long[] bits;
  private long[] start;
  private long[] end;
  private Kind[] kind;
  private int[] a;
  private int[] b;

  /** An empty table with room for {@code expected} buffers before it grows. */
  Buffers(int expected) {
    int n = Math.max(16, expected);
    core = new int[n];
    memory = new int[n];
    bits = new long[n];
    start = new long[n];
    end = new long[n];
    kind = new Kind[n];
    a = new int[n];
    b = new int[n];
  }

  /** Appends a buffer; returns its index. */
  int add(int core, int memory, long bits, long start, long end, Kind kind, int a, int b) {
    if (size == this.core.length) {
      int n = 2 * size;
      this.core = Arrays.copyOf(this.core, n);
      this.memory = Arrays.copyOf(this.memory, n);
      this.bits = Arrays.copyOf(this.bits, n);
      this.start = Arrays.copyOf(this.start, n);
      this.end = Arrays.copyOf(this.end, n);
      this.kind = Arrays.copyOf(this.kind, n);
      this.a = Arrays.copyOf(this.a, n);
      this.b = Arrays.copyOf(this.b, n);
    }
    this.core[size] = core;
    this.memory[size] = memory;
    this.bits[size] = bits;
    this.start[size] = start;
    this.end[size] = end;
    this.kind[size] = kind;
    this.a[size] = a;
    this.b[size] = b;
    return size++;
  }

  int size() {
    return size;
  }

  int core(int i) {
    return core[i];
  }

  int memory(int i) {
    return memory[i];
  }

  long bits(int i) {
    return bits[i];
  }

  long start(int i) {
    return start[i];
  }

  long end(int i) {
    return end[i];
  }

  Kind kind(int i) {
    return kind[i];
  }

  int a(int i) {
    return a[i];
  }

  int b(int i) {
    return b[i];
  }
}
