package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.FixedRateArray;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.io.InputException;

/**
 * Reads an AIE tile of Stream's current format ({@code type: aie2.compute}, {@code aie2.memory},
 * {@code aie2.shim}, {@code aie2.offchip}; Stream's {@code stream/parser/core_validator.py}) into a
 * {@link Core}: {@code name}, {@code max_object_fifo_depth} and one {@code memory} of a
 * {@code capacity} (bits, as Stream's {@code AIE2CoreBackend} states) with {@code bandwidth_min} and
 * {@code bandwidth_max} (bits/cycle), all required as in Stream.
 *
 * <p>The memory is the tile's one level, named after the tile, holding every operand, with one
 * read-write port from {@code bandwidth_min} to {@code bandwidth_max} bits/cycle and no access
 * energy (Stream's AIE model has none). A compute tile has no PE array: it runs a layer at a fixed
 * rate ({@link FixedRateArray}) of {@value #BF16_MACS} MACs per cycle with 16-bit operands and
 * {@value #F32_MACS} with 32-bit ones, the AIE2 rates of Stream's
 * {@code stream/stages/estimation/aie_cost_estimator.py} for bf16 and f32 (Laminar's precisions
 * are bit counts, so a 16-bit operand is taken as bf16). A memory tile is a memory core and a shim
 * (or off-chip) tile the DRAM, as in {@link StreamAcceleratorReader}.
 *
 * <p>Accepted and ignored: {@code max_object_fifo_depth} (it bounds the object FIFOs of a tile in
 * Stream's allocation and generated AIE code; Laminar holds a tile's operands in its memory, bound
 * by the capacity) and a compute tile's {@code utilization} (Stream's estimator takes the
 * utilisation from the mapping's kernel, not from the tile).
 */
final class AieTileReader {
  /** MACs per cycle of an AIE2 compute tile with bf16 operands (Stream's estimator). */
  static final int BF16_MACS = 32;
  /** MACs per cycle of an AIE2 compute tile with f32 operands (Stream's estimator). */
  static final int F32_MACS = 16;

  private AieTileReader() {
  }

  /** An AIE tile's file. */
  @JsonIgnoreProperties({"utilization"})
  record TileFile(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "type", required = true) String type,
      @JsonProperty(value = "max_object_fifo_depth", required = true) int maxObjectFifoDepth,
      @JsonProperty(value = "memory", required = true) MemoryFile memory) {
  }

  /** The tile's memory: capacity (bits) and bandwidth (bits/cycle). */
  record MemoryFile(
      @JsonProperty(value = "capacity", required = true) long capacity,
      @JsonProperty(value = "bandwidth_min", required = true) int bandwidthMin,
      @JsonProperty(value = "bandwidth_max", required = true) int bandwidthMax) {
  }

  /** The tile in {@code file}. */
  static TileFile parse(Path file) {
    return YamlFiles.read(file, YamlFiles.yaml(), TileFile.class);
  }

  /** The tile {@code tile} (read from {@code file}) as core {@code id} named {@code name}. */
  static Core toCore(Path file, TileFile tile, int id, String name) {
    StreamCoreKind kind = StreamCoreKind.of(file, tile.name(), tile.type());
    String where = "core " + tile.name() + ": memory";
    if (tile.memory().capacity() <= 0) {
      throw InputException.in(file, where + ": capacity must be > 0 bits, got " + tile.memory().capacity());
    }
    if (tile.memory().bandwidthMax() <= 0 || tile.memory().bandwidthMin() > tile.memory().bandwidthMax()) {
      throw InputException.in(file, where + ": bandwidth_max must be > 0 bits/cycle and at least bandwidth_min, got "
          + tile.memory().bandwidthMin() + " and " + tile.memory().bandwidthMax());
    }
    if (tile.maxObjectFifoDepth() < 1) {
      throw InputException.in(file, "core " + tile.name() + ": max_object_fifo_depth must be >= 1, got "
          + tile.maxObjectFifoDepth());
    }
    OperationalArray array = kind.computes()
        ? OperationalArray.fixedRate(new FixedRateArray(Map.of(16, BF16_MACS, 32, F32_MACS), Map.of()))
        : new OperationalArray(0, Map.of());
    return new Core(id, name, array, List.of(memory(tile)), SpatialUnrolling.NONE);
  }

  /** The tile's one memory: every operand, one read-write port, no access energy. */
  private static MemoryLevel memory(TileFile tile) {
    List<PortAllocation> allocations = new ArrayList<>();
    for (MemoryOperand operand : MemoryOperand.values()) {
      for (DataDirection direction : DataDirection.values()) {
        allocations.add(new PortAllocation(operand, direction));
      }
    }
    MemoryPort port = new MemoryPort("rw_port_1", MemoryPort.Type.READ_WRITE, tile.memory().bandwidthMin(),
        tile.memory().bandwidthMax(), allocations);
    return new MemoryLevel(tile.name(), tile.memory().capacity(), 0, 0, EnumSet.allOf(MemoryOperand.class),
        List.of(port), Set.of());
  }
}
