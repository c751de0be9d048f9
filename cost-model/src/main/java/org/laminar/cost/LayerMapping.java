package org.laminar.cost;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.Maps;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.workload.Operand;

/**
 * How one layer is mapped on a core, as in a ZigZag mapping entry.
 *
 * @param spatial the spatial unrolling per operational-array dimension
 * @param temporalOrdering the temporal loops innermost first; empty: the cost model searches an
 *     ordering itself
 * @param operandLinks layer operand → the memory operand whose memories hold it
 * @param hint the loop dimensions the cost model may unroll itself when {@code spatial} is empty
 *     ({@link SpatialHint#NONE}: none)
 */
public record LayerMapping(SpatialUnrolling spatial, List<TemporalLoop> temporalOrdering,
    Map<Operand, MemoryOperand> operandLinks, SpatialHint hint) {

  /** ZigZag's default links: {@code W → I2}, {@code I → I1}, {@code O → O}. */
  public static final Map<Operand, MemoryOperand> DEFAULT_LINKS =
      Map.of(Operand.W, MemoryOperand.I2, Operand.I, MemoryOperand.I1, Operand.O, MemoryOperand.O);

  public LayerMapping {
    checkNotNull(spatial, "mapping: spatial unrolling is missing");
    checkNotNull(hint, "mapping: spatial hint is missing (SpatialHint.NONE for none)");
    temporalOrdering = List.copyOf(temporalOrdering);
    EnumMap<Operand, MemoryOperand> links = new EnumMap<>(Operand.class);
    links.putAll(DEFAULT_LINKS);
    links.putAll(operandLinks);
    checkArgument(links.values().stream().distinct().count() == links.size(),
        "mapping: two layer operands are linked to the same memory operand: %s", links);
    operandLinks = Maps.immutableEnumMap(links);
  }

  /** A mapping with a fixed spatial unrolling (no hint). */
  public LayerMapping(SpatialUnrolling spatial, List<TemporalLoop> temporalOrdering,
      Map<Operand, MemoryOperand> operandLinks) {
    this(spatial, temporalOrdering, operandLinks, SpatialHint.NONE);
  }

  /** Whether the cost model chooses the spatial unrolling from the hint. */
  public boolean searchesSpatial() {
    return spatial.isEmpty() && !hint.isEmpty();
  }

  /** This mapping with {@code chosen} as its spatial unrolling and no hint. */
  public LayerMapping withSpatial(SpatialUnrolling chosen) {
    return new LayerMapping(chosen, temporalOrdering, operandLinks);
  }

  /** A mapping with only a spatial unrolling and the default operand links. */
  public static LayerMapping spatialOnly(SpatialUnrolling spatial) {
    return new LayerMapping(spatial, List.of(), Map.of());
  }

  /** The memory operand holding {@code operand}. */
  public MemoryOperand link(Operand operand) {
    return operandLinks.get(operand);
  }
}
