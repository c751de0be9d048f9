package org.laminar.onnx;

import com.google.common.graph.GraphBuilder;
import com.google.common.graph.Graphs;
import com.google.common.graph.MutableGraph;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.laminar.TopologicalOrder;
import org.laminar.io.InputException;
import org.laminar.onnx.OnnxGraph.Node;

/** The order in which the converter visits an ONNX graph's nodes. */
final class NodeOrder {
  private NodeOrder() {
  }

  /** Node indices so that producers come first (file order where free); rejects cycles. */
  static List<Integer> of(Path file, OnnxGraph graph) {
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
    int[][] successors = new int[nodes.size()][];
    for (int i = 0; i < nodes.size(); i++) {
      successors[i] = dependencies.successors(i).stream().mapToInt(Integer::intValue).toArray();
    }
    List<Integer> order = TopologicalOrder.asList(TopologicalOrder.smallestReadyFirst(successors));
    return order;
  }
}
