package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laminar.cost.LayerMapping;
import org.laminar.cost.Mapping;
import org.laminar.cost.SpatialHint;
import org.laminar.cost.TemporalLoop;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.io.InputException;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;

/**
 * Reads a ZigZag mapping file: a list of entries, each with a {@code name} (a layer name, an
 * operator type, or {@code default}), a {@code spatial_mapping} (array dimension → list of
 * {@code "DIM, FACTOR"}) or a {@code spatial_mapping_hint} (array dimension → the loop dimensions
 * it may unroll, factors chosen by the cost model; see {@link SpatialHint}), an optional {@code temporal_ordering} (innermost first, pairs
 * {@code [DIM, SIZE]} with {@code *} for all remaining iterations) and optional
 * {@code memory_operand_links} (layer operand → memory operand; default {@code W: I2, I: I1,
 * O: O}). GEMM dimensions {@code D0, D1, D2} are {@code OY, K, C}.
 */
public final class ZigZagMappingReader {
  private ZigZagMappingReader() {
  }

  record EntryFile(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty("spatial_mapping") LinkedHashMap<String, List<String>> spatialMapping,
      @JsonProperty("spatial_mapping_hint") LinkedHashMap<String, List<String>> spatialMappingHint,
      @JsonProperty("temporal_ordering") List<List<String>> temporalOrdering,
      @JsonProperty("memory_operand_links") Map<String, String> memoryOperandLinks) {
  }

  /** Reads the mapping in {@code file}. */
  public static Mapping read(Path file) {
    if (!YamlFiles.tree(YamlFiles.file(file)).isArray()) {
      throw InputException.in(file, "a ZigZag mapping is a list of entries (name, spatial_mapping, "
          + "temporal_ordering, memory_operand_links)");
    }
    List<EntryFile> entries = List.of(YamlFiles.read(file, YamlFiles.mapperFor(file), EntryFile[].class));
    if (entries.isEmpty()) {
      throw InputException.in(file, "the mapping has no entries");
    }
    Map<String, LayerMapping> mappings = new LinkedHashMap<>();
    for (EntryFile entry : entries) {
      String where = "mapping '" + entry.name() + "'";
      if (mappings.containsKey(entry.name())) {
        throw InputException.in(file, where + " is defined twice");
      }
      if (entry.spatialMapping() == null && entry.spatialMappingHint() == null) {
        throw InputException.in(file, where + ": needs spatial_mapping or spatial_mapping_hint");
      }
      LayerMapping mapping = Readers.domain(file, () -> new LayerMapping(spatial(file, where, entry),
          temporal(file, where, entry), links(file, where, entry), hint(file, where, entry)));
      mappings.put(entry.name(), mapping);
    }
    return new Mapping(mappings);
  }

  private static SpatialUnrolling spatial(Path file, String where, EntryFile entry) {
    Map<String, List<Unroll>> unrolling = new LinkedHashMap<>();
    if (entry.spatialMapping() == null) {
      return SpatialUnrolling.NONE;
    }
    entry.spatialMapping().forEach((arrayDim, unrolls) -> {
      List<Unroll> list = new ArrayList<>();
      for (String text : unrolls == null ? List.<String>of() : unrolls) {
        String[] parts = text.split(",");
        String at = where + ": spatial_mapping." + arrayDim;
        if (parts.length != 2) {
          throw InputException.in(file, at + ": expected 'DIM, FACTOR', got '" + text + "'");
        }
        LoopDim dim = dim(file, at, parts[0]);
        int factor = Readers.integer(file, parts[1], at);
        list.add(Readers.domain(file, () -> new Unroll(dim, factor)));
      }
      unrolling.put(arrayDim, list);
    });
    return new SpatialUnrolling(unrolling);
  }

  /** The hint; ignored, as by ZigZag, when the entry fixes a spatial mapping. */
  private static SpatialHint hint(Path file, String where, EntryFile entry) {
    if (entry.spatialMappingHint() == null || entry.spatialMapping() != null) {
      return SpatialHint.NONE;
    }
    Map<String, List<LoopDim>> hint = new LinkedHashMap<>();
    entry.spatialMappingHint().forEach((arrayDim, dims) -> {
      String at = where + ": spatial_mapping_hint." + arrayDim;
      List<LoopDim> list = new ArrayList<>();
      for (String name : dims == null ? List.<String>of() : dims) {
        list.add(dim(file, at, name));
      }
      hint.put(arrayDim, list);
    });
    return Readers.domain(file, () -> new SpatialHint(hint));
  }

  private static List<TemporalLoop> temporal(Path file, String where, EntryFile entry) {
    List<TemporalLoop> loops = new ArrayList<>();
    if (entry.temporalOrdering() == null) {
      return loops;
    }
    for (List<String> pair : entry.temporalOrdering()) {
      String at = where + ": temporal_ordering";
      if (pair == null || pair.size() != 2) {
        throw InputException.in(file, at + ": expected [DIM, SIZE], got " + pair);
      }
      LoopDim dim = dim(file, at, pair.get(0));
      String size = pair.get(1).trim();
      loops.add(size.equals("*") ? TemporalLoop.remaining(dim)
          : Readers.domain(file, () -> new TemporalLoop(dim, Readers.integer(file, size, at))));
    }
    return loops;
  }

  private static Map<Operand, MemoryOperand> links(Path file, String where, EntryFile entry) {
    Map<Operand, MemoryOperand> links = new EnumMap<>(Operand.class);
    if (entry.memoryOperandLinks() == null) {
      return links;
    }
    entry.memoryOperandLinks().forEach((layerOperand, memoryOperand) -> {
      String at = where + ": memory_operand_links";
      Operand op = switch (layerOperand.trim()) {
        case "W", "X" -> Operand.W;
        case "I", "Y" -> Operand.I;
        case "O" -> Operand.O;
        default -> throw InputException.in(file, at + ": unknown layer operand '" + layerOperand
            + "'; expected W, I or O");
      };
      links.put(op, ZigZagCoreReader.memoryOperand(file, memoryOperand, at));
    });
    return links;
  }

  private static LoopDim dim(Path file, String where, String name) {
    return ZigZagCoreReader.loopDim(name.trim()).orElseThrow(() -> InputException.in(file,
        where + ": unknown loop dimension '" + name.trim() + "'; expected one of B, K, C, OY, OX, FY, FX, G or D0, D1, D2"));
  }
}
