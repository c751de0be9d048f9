package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One compute core.
 *
 * @param id core id, unique within the accelerator
 * @param name core type name (e.g. {@code tpu_like}); identical cores share it
 * @param array the PE array
 * @param memories the memory hierarchy, innermost (registers) first
 * @param dataflow the core's fixed spatial unrolling, if it has one ({@link SpatialUnrolling#NONE}
 *     when the mapping decides, {@link SpatialUnrolling#GENERATED} when the cost model generates
 *     one per layer)
 */
public record Core(int id, String name, OperationalArray array, List<MemoryLevel> memories,
    SpatialUnrolling dataflow) {

  public Core {
    checkNotNull(name, "core %s: name is missing", id);
    checkNotNull(array, "core %s: operational array is missing", id);
    checkNotNull(dataflow, "core %s: dataflow is missing", id);
    memories = List.copyOf(memories);
    Set<String> names = new HashSet<>();
    for (MemoryLevel m : memories) {
      checkArgument(names.add(m.name()), "core %s: duplicate memory name %s", id, m.name());
      for (String d : m.servedDimensions()) {
        checkArgument(array.dimensions().containsKey(d),
            "core %s: memory %s is served over array dimension %s, which the array does not have", id, m.name(), d);
      }
    }
    // A dataflow over a dimension the array lacks is a contradiction in the core's description:
    // refused here so that every command sees the same core (`schedule` would skip it, `cost` refuse
    // it). One wider than its dimension is cut to it by the cost model, as ZigZag and Stream do
    // (Stream's own eyeriss_like core unrolls K 16 over 14 PEs).
    for (String d : dataflow.byArrayDimension().keySet()) {
      checkArgument(array.dimensions().containsKey(d), "core %s: the dataflow unrolls over array dimension %s, "
          + "which the array (%s) does not have", id, d, array.dimensions().keySet());
    }
  }

  /**
   * The top on-chip memory holding {@code operand}: the capacity a scheduler must respect. Empty
   * when the core has no memory for it.
   */
  public Optional<MemoryLevel> localMemory(MemoryOperand operand) {
    for (int i = memories.size() - 1; i >= 0; i--) {
      if (memories.get(i).serves(operand)) {
        return Optional.of(memories.get(i));
      }
    }
    return Optional.empty();
  }

  /** The memories holding {@code operand}, innermost first. */
  public List<MemoryLevel> hierarchy(MemoryOperand operand) {
    return memories.stream().filter(m -> m.serves(operand)).toList();
  }
}
