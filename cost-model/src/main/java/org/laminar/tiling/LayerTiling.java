package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Locale;

/**
 * How one layer is tiled and where its tiles may run.
 *
 * <p>{@code rows} splits the output rows {@code OY} into bands; it only applies when the layer
 * shares its fused stack with other layers or {@code rowsAlone} is set: otherwise a layer alone in
 * its stack is computed whole along {@code OY} (as Stream's layer-by-layer mode runs one node per
 * layer per core), see {@link Tiling#rowParts}. {@code channels} splits the output channels: {@code K} for
 * convolutions and matrix products, the group dimension {@code G} where the layer has groups
 * ({@code G > 1}: depthwise convolutions, pooling, element-wise layers). {@code columns} splits the
 * output columns {@code OX} into column tiles (DeFiNES' 2-D tiles) where {@code rows} applies, so
 * that a tile is a row band × a column tile.
 *
 * @param rows split of {@code OY} into row bands
 * @param channels split of the output channels ({@code K}, or {@code G} when {@code G > 1})
 * @param cores core ids the layer's tiles may run on; empty: any core of the accelerator
 * @param coresFixed whether channel part {@code i} is pinned to {@code cores.get(i % cores.size())}
 *     (Stream's {@code core_allocation_is_fixed}) instead of choosing any of {@code cores}
 * @param rowsAlone whether {@code rows} applies even when the layer is alone in its stack: set by
 *     automatic tiling for a layer whose whole rows do not fit a core; {@code columns} applies where
 *     {@code rows} does
 * @param columns split of {@code OX} into column tiles
 */
public record LayerTiling(Split rows, Split channels, List<Integer> cores, boolean coresFixed, boolean rowsAlone,
    Split columns) {
  /** No split, any core. */
  public static final LayerTiling WHOLE = new LayerTiling(Split.ONE, Split.ONE, List.of(), false);

  /** A tiling whose row split applies inside fused stacks only. */
  public LayerTiling(Split rows, Split channels, List<Integer> cores, boolean coresFixed) {
    this(rows, channels, cores, coresFixed, false);
  }

  /** A tiling without column tiles. */
  public LayerTiling(Split rows, Split channels, List<Integer> cores, boolean coresFixed, boolean rowsAlone) {
    this(rows, channels, cores, coresFixed, rowsAlone, Split.ONE);
  }

  public LayerTiling {
    checkNotNull(rows, "row split is missing");
    checkNotNull(channels, "channel split is missing");
    checkNotNull(columns, "column split is missing");
    cores = List.copyOf(cores);
    for (int core : cores) {
      checkArgument(core >= 0, "core ids must be >= 0, got %s", core);
    }
    checkArgument(!coresFixed || !cores.isEmpty(), "a fixed core allocation needs at least one core");
  }

  /**
   * Parses the command-line form {@code oy=N|all,ox=N|all,k=N|all} (any part may be left out;
   * {@code k} splits the output channels as described above).
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static LayerTiling parse(String spec) {
    Split rows = Split.ONE;
    Split channels = Split.ONE;
    Split columns = Split.ONE;
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      checkArgument(kv.length == 2, "tiling '%s': expected oy=N|all, ox=N|all or k=N|all, got '%s'", spec, part);
      String key = kv[0].trim().toLowerCase(Locale.ROOT);
      try {
        switch (key) {
          case "oy" -> rows = Split.parse(kv[1]);
          case "ox" -> columns = Split.parse(kv[1]);
          case "k" -> channels = Split.parse(kv[1]);
          default -> throw new IllegalArgumentException("unknown dimension '" + kv[0].trim() + "' (use oy, ox or k)");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tiling '" + spec + "': " + e.getMessage(), e);
      }
    }
    return new LayerTiling(rows, channels, List.of(), false, false, columns);
  }

  /** This tiling with another core allocation. */
  public LayerTiling withCores(List<Integer> newCores, boolean fixed) {
    return new LayerTiling(rows, channels, newCores, fixed, rowsAlone, columns);
  }

  /** This tiling's cores and column split with another row and channel split, {@code rowsAlone} as given. */
  public LayerTiling withSplit(Split newRows, Split newChannels, boolean alone) {
    return new LayerTiling(newRows, newChannels, cores, coresFixed, alone, columns);
  }

  /** This tiling's cores with another row, channel and column split, {@code rowsAlone} as given. */
  public LayerTiling withSplit(Split newRows, Split newChannels, Split newColumns, boolean alone) {
    return new LayerTiling(newRows, newChannels, cores, coresFixed, alone, newColumns);
  }
}
