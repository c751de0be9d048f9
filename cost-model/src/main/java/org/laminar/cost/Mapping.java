package org.laminar.cost;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import org.laminar.hardware.Core;
import org.laminar.workload.Layer;

/**
 * A set of named {@link LayerMapping}s, looked up per layer: first by layer name, then by the
 * group before a {@code #} in it (layers that shared a name in a Stream workload are called
 * {@code name#id}), then by operator name ({@link Layer#opName()}), then the entry
 * {@code default}. A layer no entry
 * matches uses the core's dataflow as its spatial unrolling.
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
    return LayerMapping.spatialOnly(core.dataflow());
  }
}
