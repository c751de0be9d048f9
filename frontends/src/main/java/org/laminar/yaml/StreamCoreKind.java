package org.laminar.yaml;

import java.nio.file.Path;
import java.util.Locale;
import org.laminar.io.InputException;

/**
 * What a Stream core file describes, by its {@code type} ({@code <namespace>.<kind>}, the
 * namespace optional): the kinds of Stream's {@code zigzag} namespace. A file without a type is a
 * compute core, as in ZigZag.
 *
 * <p>Stream's {@code aie2} namespace is refused: an AIE tile has no operational array and no
 * memory hierarchy, only one memory's capacity and bandwidth, and Stream costs a layer on it by a
 * utilisation estimate (MACs over the datatype's operations per cycle, scaled by the mapping's
 * {@code kernel.utilization}, energy 0), not by the ZigZag model Laminar's costs come from.
 */
enum StreamCoreKind {
  /** A core that runs layers. */
  COMPUTE,
  /** The core whose outermost memory is the DRAM. */
  OFFCHIP,
  /** A memory that holds data for the compute cores connected to it and computes nothing. */
  MEMORY,
  /** A DMA tile between the array and off-chip memory: the DRAM when it is the off-chip core. */
  SHIM;

  private static final String AIE = "aie2.";

  /** The kind {@code type} names in the file of core {@code core}; null means compute. */
  static StreamCoreKind of(Path file, String core, String type) {
    if (type == null) {
      return COMPUTE;
    }
    if (type.startsWith(AIE)) {
      throw InputException.in(file, "core " + core + ": type '" + type + "' is an AIE tile, which Laminar does not "
          + "model: it has no operational array or memory hierarchy, only one memory's capacity and bandwidth, and "
          + "Stream costs layers on AIE compute tiles by a utilisation estimate of the mapping's kernel, not by the "
          + "ZigZag model Laminar's costs come from; Laminar reads ZigZag cores (zigzag.compute, zigzag.memory, "
          + "zigzag.shim, zigzag.offchip)");
    }
    String kind = type.startsWith("zigzag.") ? type.substring("zigzag.".length()) : type;
    for (StreamCoreKind k : values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(kind)) {
        return k;
      }
    }
    throw InputException.in(file, "core " + core + ": type '" + type + "' is not a Stream core type; expected "
        + "zigzag.compute, zigzag.memory, zigzag.shim or zigzag.offchip");
  }

  /** Whether a core of this kind runs layers. */
  boolean computes() {
    return this == COMPUTE;
  }
}
