package org.laminar.yaml;

import java.nio.file.Path;
import java.util.Locale;
import org.laminar.io.InputException;

/**
 * What a Stream core file describes, by its {@code type} ({@code <namespace>.<kind>}, the
 * namespace optional): the kinds of Stream's {@code zigzag} and {@code aie2} namespaces. A file
 * without a type is a compute core, as in ZigZag. A {@code zigzag} core is a ZigZag core file
 * ({@link ZigZagCoreReader}); an {@code aie2} one an AIE tile's ({@link AieTileReader}).
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

  private static final String ZIGZAG = "zigzag.";
  private static final String AIE = "aie2.";

  /** The kind {@code type} names in the file of core {@code core}; null means compute. */
  static StreamCoreKind of(Path file, String core, String type) {
    if (type == null) {
      return COMPUTE;
    }
    String kind = type.startsWith(ZIGZAG) ? type.substring(ZIGZAG.length())
        : type.startsWith(AIE) ? type.substring(AIE.length()) : type;
    for (StreamCoreKind k : values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(kind)) {
        return k;
      }
    }
    throw InputException.in(file, "core " + core + ": type '" + type + "' is not a Stream core type; expected "
        + "zigzag.compute, zigzag.memory, zigzag.shim or zigzag.offchip, or an AIE tile's aie2.compute, aie2.memory, "
        + "aie2.shim or aie2.offchip");
  }

  /** Whether {@code type} (a core file's, possibly null) names an AIE tile, whose file is not ZigZag's. */
  static boolean aieTile(String type) {
    return type != null && type.startsWith(AIE);
  }

  /** Whether a core of this kind runs layers. */
  boolean computes() {
    return this == COMPUTE;
  }
}
