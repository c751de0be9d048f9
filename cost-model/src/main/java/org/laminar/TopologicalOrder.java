package org.laminar;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Kahn's algorithm over the nodes {@code 0 … n − 1} of a directed graph given as successor
 * arrays ({@code successors[u]} lists the heads of u's edges; a repeated edge counts twice, in
 * and out). The one topological sort of the project: layers, ONNX nodes, IR tasks and the LNS's
 * order graph all use it, and only the rule for breaking ties differs. An order shorter than the
 * graph means a cycle: the nodes left out are those on a cycle or reachable from one.
 */
public final class TopologicalOrder {
  private TopologicalOrder() {
  }

  /**
   * A topological order in which nodes come in the order they become ready: the sources by index,
   * then each node's successors in the order its array lists them (a breadth-first order; linear
   * time).
   */
  public static int[] firstReadyFirst(int[][] successors) {
    int[] indegree = indegrees(successors);
    int n = successors.length;
    int[] order = new int[n];
    int head = 0;
    int tail = 0;
    for (int v = 0; v < n; v++) {
      if (indegree[v] == 0) {
        order[tail++] = v;
      }
    }
    while (head < tail) {
      for (int v : successors[order[head++]]) {
        if (--indegree[v] == 0) {
          order[tail++] = v;
        }
      }
    }
    return tail == n ? order : Arrays.copyOf(order, tail);
  }

  /**
   * The topological order that takes the smallest ready index each time: the same graph always
   * gives the same order whatever the order of the successor arrays, and nodes keep their index
   * order wherever the edges leave it free.
   */
  public static int[] smallestReadyFirst(int[][] successors) {
    int[] indegree = indegrees(successors);
    int n = successors.length;
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int v = 0; v < n; v++) {
      if (indegree[v] == 0) {
        ready.add(v);
      }
    }
    int[] order = new int[n];
    int size = 0;
    while (!ready.isEmpty()) {
      int u = ready.poll();
      order[size++] = u;
      for (int v : successors[u]) {
        if (--indegree[v] == 0) {
          ready.add(v);
        }
      }
    }
    return size == n ? order : Arrays.copyOf(order, size);
  }

  private static int[] indegrees(int[][] successors) {
    int[] indegree = new int[successors.length];
    for (int[] heads : successors) {
      for (int v : heads) {
        checkArgument(v >= 0 && v < successors.length, "edge to node %s of a graph of %s nodes", v,
            successors.length);
        indegree[v]++;
      }
    }
    return indegree;
  }

  /** The nodes of {@code order} as a list, for callers that keep lists. */
  public static List<Integer> asList(int[] order) {
    return Arrays.stream(order).boxed().toList();
  }
}
