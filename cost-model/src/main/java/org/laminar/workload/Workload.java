package org.laminar.workload;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.graph.GraphBuilder;
import com.google.common.graph.Graphs;
import com.google.common.graph.ImmutableGraph;
import com.google.common.graph.MutableGraph;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.laminar.TopologicalOrder;

/**
 * A DNN workload: a DAG of {@link Layer}s, stored in topological order.
 *
 * <p>Construction rejects duplicate ids or names, producers that do not exist and cycles, with a
 * message that names the offending layer.
 *
 * @param name workload name (for reports)
 * @param layers the layers; any order on input, topologically sorted (stable) after construction
 */
public record Workload(String name, List<Layer> layers) {

  public Workload {
    checkNotNull(name, "workload name is missing");
    checkArgument(!layers.isEmpty(), "workload %s has no layers", name);
    Map<Integer, Layer> byId = new HashMap<>();
    Map<String, Layer> byName = new HashMap<>();
    for (Layer layer : layers) {
      checkCounts(name, layer);
      checkArgument(byId.put(layer.id(), layer) == null, "workload %s: duplicate layer id %s", name, layer.id());
      checkArgument(byName.put(layer.name(), layer) == null, "workload %s: duplicate layer name '%s'", name,
          layer.name());
    }
    MutableGraph<Integer> graph = GraphBuilder.directed().allowsSelfLoops(true).build();
    for (Layer layer : layers) {
      graph.addNode(layer.id());
      for (int producer : layer.allProducers()) {
        checkArgument(byId.containsKey(producer), "workload %s: layer '%s' reads from layer %s, which does not exist",
            name, layer.name(), producer);
        graph.putEdge(producer, layer.id());
      }
    }
    checkArgument(!Graphs.hasCycle(graph), "workload %s: the layer graph has a cycle (through layer '%s')", name,
        cycleMember(graph, byId));
    layers = topologicalOrder(layers, graph);
  }

  /**
   * Checks that the layer's MAC and bit counts are at most {@link Layer#MAX_COUNT} (a layer of
   * 65,536 in four dimensions has 2⁶⁴ MACs, which a long silently wraps to 0).
   */
  private static void checkCounts(String name, Layer layer) {
    try {
      long[] counts = {layer.macs(), layer.weightBits(), layer.inputBits(), layer.outputBits()};
      String[] what = {"MACs", "weight bits", "input bits", "output bits"};
      for (int i = 0; i < counts.length; i++) {
        checkArgument(counts[i] <= Layer.MAX_COUNT, "workload %s: layer '%s' has %s %s, more than the 2^53 "
            + "Laminar can count exactly", name, layer.name(), counts[i], what[i]);
      }
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(String.format("workload %s: layer '%s' is too large: its MAC or bit "
          + "count exceeds 2^63 - 1 (sizes %s)", name, layer.name(), layer.dims()), e);
    }
  }

  private static String cycleMember(MutableGraph<Integer> graph, Map<Integer, Layer> byId) {
    for (int node : graph.nodes()) {
      if (Graphs.reachableNodes(graph, node).stream().anyMatch(n -> graph.successors(n).contains(node))) {
        return byId.get(node).name();
      }
    }
    return "?";
  }

  /** The layers in the order they become ready, their input order breaking ties (stable). */
  private static List<Layer> topologicalOrder(List<Layer> layers, MutableGraph<Integer> graph) {
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      position.put(layers.get(i).id(), i);
    }
    int[][] successors = new int[layers.size()][];
    for (int i = 0; i < layers.size(); i++) {
      successors[i] = graph.successors(layers.get(i).id()).stream().mapToInt(position::get).sorted().toArray();
    }
    int[] order = TopologicalOrder.firstReadyFirst(successors);
    return Arrays.stream(order).mapToObj(layers::get).collect(ImmutableList.toImmutableList());
  }

  /** The layer with this id. */
  public Layer layer(int id) {
    for (Layer layer : layers) {
      if (layer.id() == id) {
        return layer;
      }
    }
    throw new NoSuchElementException("workload " + name + " has no layer " + id);
  }

  /** The layer dependency graph (producer → consumer), insertion-ordered and immutable. */
  public ImmutableGraph<Integer> graph() {
    MutableGraph<Integer> graph = GraphBuilder.directed().build();
    for (Layer layer : layers) {
      graph.addNode(layer.id());
      layer.allProducers().forEach(p -> graph.putEdge(p, layer.id()));
    }
    return ImmutableGraph.copyOf(graph);
  }

  /** Layers that read this layer's output, in topological order. */
  public List<Layer> consumers(int id) {
    return layers.stream().filter(l -> l.allProducers().contains(id)).collect(ImmutableList.toImmutableList());
  }

  /** Layers by id. */
  public Map<Integer, Layer> byId() {
    ImmutableMap.Builder<Integer, Layer> map = ImmutableMap.builder();
    layers.forEach(l -> map.put(l.id(), l));
    return map.buildOrThrow();
  }

  /** Total MACs over all layers (element operations for pooling, element-wise and activation layers). */
  public long macs() {
    return layers.stream().mapToLong(Layer::macs).sum();
  }

  /**
   * MACs of the compute layers only ({@link OperatorType#CONV} and {@link OperatorType#GEMM}): the
   * figure that model zoos, Stream and ZigZag publish for a network.
   */
  public long computeMacs() {
    return layers.stream().filter(l -> l.type() == OperatorType.CONV || l.type() == OperatorType.GEMM)
        .mapToLong(Layer::macs).sum();
  }
}
