package org.laminar.cost;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import org.laminar.hardware.Core;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.OperatorType;

/**
 * A set of named {@link LayerMapping}s, looked up per layer: first by layer name, then by the
 * group before a {@code #} in it (layers that shared a name in a Stream workload are called
 * {@code name#id}), then by operator name ({@link Layer#opName()}), then the entry
 * {@code default}. A layer no entry
 * matches uses the core's dataflow as its spatial unrolling.
 *
 * <p>For a layer whose channels are in {@code G} ({@link OperatorType#channelsInG()}: pooling,
 * element-wise, activation), a core dataflow's unrolling of {@code K} applies to {@code G}:
 * Stream's SIMD and pooling cores unroll {@code K} because Stream's workloads carry such a layer's
 * channels in {@code K}, which Laminar keeps in {@code G} (as for depthwise convolutions). The layer
 * has no {@code K} of its own, so otherwise the unrolling would go unused (an Add on 1 of 64 SIMD
 * lanes). A mapping entry is taken literally: ZigZag's workloads put pooling channels in {@code G}
 * too, and ZigZag leaves an entry's {@code K} unrolling of such a layer unused. Convolutions,
 * depthwise ones included, and products always use the dataflow unchanged. Where the renamed
 * unrolling fits no loop ordering (an array whose input memory is shared along the {@code K}
 * dimension cannot hold distinct channels per PE), the plain dataflow is costed instead
 * ({@link #plainDataflow}).
 *
 * @param entries entry name → mapping
 */
public record Mapping(Map<String, LayerMapping> entries) {
  /** The entry used when neither the layer nor the operator name has one. */
  public static final String DEFAULT = "default";

  /** No entries: every layer uses its core's dataflow. */
  public static final Mapping NONE = new Mapping(Map.of());

  public Mapping {
    entries = ImmutableMap.copyOf(entries);
  }

  /** The mapping of {@code layer} on {@code core}. */
  public LayerMapping forLayer(Layer layer, Core core) {
    String group = layer.name().contains("#") ? layer.name().substring(0, layer.name().indexOf('#')) : layer.name();
    for (String key : new String[] {layer.name(), group, layer.opName(), DEFAULT}) {
      LayerMapping mapping = entries.get(key);
      if (mapping != null) {
        return mapping;
      }
    }
    return LayerMapping.spatialOnly(channelsInG(layer) ? core.dataflow().renamed(LoopDim.K, LoopDim.G)
        : core.dataflow());
  }

  /**
   * The core's dataflow unchanged, when {@code chosen} is its {@code K}-to-{@code G} renaming for
   * {@code layer} (the fallback when the renamed unrolling does not fit); empty otherwise.
   */
  public static Optional<LayerMapping> plainDataflow(Layer layer, Core core, LayerMapping chosen) {
    LayerMapping plain = LayerMapping.spatialOnly(core.dataflow());
    return channelsInG(layer) && !chosen.equals(plain)
        && chosen.equals(LayerMapping.spatialOnly(core.dataflow().renamed(LoopDim.K, LoopDim.G)))
        ? Optional.of(plain) : Optional.empty();
  }

  private static boolean channelsInG(Layer layer) {
    return layer.type().channelsInG() && layer.size(LoopDim.K) == 1;
  }
}
