package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.FixedRateArray;
import org.laminar.io.InputException;
import org.laminar.io.InputWarnings;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;

/**
 * Reads a Stream mapping file into a {@link LayerTiling} per layer. Two generations load: the
 * journal version's, a YAML list of entries with {@code name}, {@code core_allocation},
 * {@code core_allocation_is_fixed}, {@code intra_core_tiling}, {@code inter_core_tiling} (strings
 * {@code "DIM, N"}); and Stream's current one, a map whose {@code layers} list entries with
 * {@code name}, {@code core_allocation} (options, each a list of cores; Laminar takes one) and
 * {@code inter_core_tiling} (one list of {@code {dim, split}} per option), where {@code D<n>} is
 * the {@code n}-th dimension of the operator's iteration space ({@link #streamDimension}).
 * {@code kernel} gives the utilisation of the layer's kernel on an AIE compute tile
 * ({@link #kernels}; its name is Stream's AIE code generation's, ignored); {@code runtime_args}
 * (the generated code's arguments) is accepted and ignored; of {@code fused_groups} the tile sizes are applied ({@link #withGroupTiles}) and the grouping
 * is not, with a warning: Laminar's {@code --fuse} chooses the fused stacks.
 *
 * <p>Rules (see {@code cost-model/TILING.md}):
 * <ul>
 *   <li>A layer takes the entry named like the layer, else the entry named like its operator
 *       ({@link Layer#opName}), else {@code default}; none of the three is an error.
 *   <li>{@code core_allocation} lists the cores the layer may use; absent, it is {@code [0]} (as in
 *       Stream). With {@code core_allocation_is_fixed}, channel part {@code i} runs on the
 *       {@code i}-th listed core, and a list of {@code n > 1} cores without a channel split splits
 *       the channels into {@code n} parts.
 *   <li>Tiling entries are {@code "DIM, N"}, {@code "DIM, all"} or (inter-core only)
 *       {@code "DIM, *"}. {@code OY} splits the rows, {@code OX} the columns (the two together
 *       give 2-D tiles; columns apply where rows do, {@link Tiling#columnParts}); {@code K} and
 *       {@code G} split the output channels ({@code K} names the channel dimension of pooling and
 *       element-wise layers too, as in Stream); several entries for one of them multiply. {@code D}
 *       splits the rows too: Stream writes a matrix product
 *       {@code O[b][h][d][k] += I[b][h][d][c]·W[b][h][c][k]}, so {@code D} is its row dimension,
 *       Laminar's {@code OY}. Every other dimension is ignored: Laminar splits only rows, columns
 *       and output channels, and {@code H} (Stream's attention heads) is a dimension the layer
 *       does not have; a name that is no dimension is an error, and so
 *       is a count larger than the layer's dimension in an entry named after the layer (use
 *       {@code all}; a shared entry's count is cut to each layer's size) and an empty
 *       {@code core_allocation}. A ZigZag mapping (per-core keys only) is refused by name. An inter-core {@code *} is the
 *       number of allocated cores (distinct ones; with a fixed allocation, the list's length).
 *   <li>Keys Stream uses for the per-core mapping ({@code spatial_mapping},
 *       {@code spatial_mapping_hint}, {@code memory_operand_links}, {@code temporal_ordering}) are
 *       accepted and ignored here; any other key is an error.
 * </ul>
 * Stream chooses its fused layer stacks outside the mapping file; {@link #defaultFusion} gives
 * Laminar's default for a Stream mapping: {@code auto}, Stream's weight-capacity rule.
 */
public final class StreamMappingReader {

  /**
   * Dimensions a Stream mapping may tile that Laminar does not split: every other loop dimension,
   * and Stream's {@code H} (attention heads) of matrix products.
   */
  private static final Set<String> OTHER_DIMENSIONS = Set.of("B", "C", "FY", "FX", "H");

  /** A dimension of Stream's current format: {@code D} and its position in the iteration space. */
  private static final Pattern STREAM_DIMENSION = Pattern.compile("D\\d+");

  private StreamMappingReader() {
  }

  /**
   * One entry of the file; the per-core mapping keys are kept only to be accepted. A single core
   * may be written as a number ({@code core_allocation: 4}), as Stream's Python mappings do.
   * {@code kernel} as in the current format.
   */
  record Entry(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty("core_allocation") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      List<Integer> coreAllocation,
      @JsonProperty("core_allocation_is_fixed") Boolean coreAllocationIsFixed,
      @JsonProperty("intra_core_tiling") List<String> intraCoreTiling,
      @JsonProperty("inter_core_tiling") List<String> interCoreTiling,
      @JsonProperty("spatial_mapping") JsonNode spatialMapping,
      @JsonProperty("spatial_mapping_hint") JsonNode spatialMappingHint,
      @JsonProperty("memory_operand_links") JsonNode memoryOperandLinks,
      @JsonProperty("temporal_ordering") JsonNode temporalOrdering,
      @JsonProperty("kernel") Kernel kernel) {
  }

  /**
   * The kernel Stream's AIE code generation emits for a layer: its {@code name} (ignored) and the
   * {@code kwargs} of its constructor, of which {@code utilization} (percent of the tile's peak rate)
   * is what Stream's AIE cost estimator reads; the other arguments shape the generated code and are
   * ignored. {@code utilization} is also read from the kernel itself, as the list form's files
   * write it.
   */
  record Kernel(
      @JsonProperty("name") String name,
      @JsonProperty("utilization") Double utilization,
      @JsonProperty("kwargs") Map<String, JsonNode> kwargs) {
  }

  /**
   * Stream's current mapping file: {@code layers} (entries of {@link CurrentEntry}),
   * {@code fused_groups} (see the class comment) and {@code runtime_args} (accepted and
   * ignored: arguments of the code Stream generates for AIE arrays).
   */
  @JsonIgnoreProperties({"runtime_args"})
  record CurrentFile(
      @JsonProperty(value = "layers", required = true) List<CurrentEntry> layers,
      @JsonProperty("fused_groups") List<FusedGroup> fusedGroups) {
  }

  /**
   * A fused group: the entries ({@code layers}) Stream fuses and the tile sizes of its
   * {@code intra_core_tiling} ({@code dim: "<layer or entry>.D<n>"} or {@code "D<n>"} for every
   * layer of the group, {@code tile}: elements per tile).
   */
  record FusedGroup(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "layers", required = true) List<String> layers,
      @JsonProperty("intra_core_tiling") List<GroupTile> intraCoreTiling) {
  }

  /** A tile size of a fused group: {@code tile} elements of dimension {@code dim}. */
  record GroupTile(
      @JsonProperty(value = "dim", required = true) String dim,
      @JsonProperty(value = "tile", required = true) int tile) {
  }

  /** The parsed file: its entries and, in Stream's current format, its fused groups. */
  private record Parsed(List<Entry> entries, List<FusedGroup> groups) {
  }

  /**
   * One entry of {@code layers}: {@code core_allocation} is a list of options, each a list of
   * cores; {@code inter_core_tiling} one list of {@code {dim, split}} per option; {@code kernel} the
   * layer's AIE kernel ({@link Kernel}).
   */
  record CurrentEntry(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "core_allocation", required = true) List<List<Integer>> coreAllocation,
      @JsonProperty("inter_core_tiling") List<List<CurrentSplit>> interCoreTiling,
      @JsonProperty("kernel") Kernel kernel) {
  }

  /** A split of Stream's current mapping: loop dimension {@code D<n>} (or a Laminar name) into {@code split} parts. */
  record CurrentSplit(
      @JsonProperty(value = "dim", required = true) String dim,
      @JsonProperty(value = "split", required = true) int split) {
  }

  /** Laminar's default fusion for a Stream mapping: {@code auto} on {@code accelerator}'s weight memories. */
  public static FusionPolicy defaultFusion(Accelerator accelerator) {
    return new FusionPolicy.Auto(FusionPolicy.WeightCapacity.of(accelerator));
  }

  /** The tiling {@code file} gives {@code workload}, with stacks from {@code fusion}. */
  public static Tiling read(Path file, Workload workload, FusionPolicy fusion) {
    Map<Integer, LayerTiling> layers = read(file, workload);
    try {
      return Tiling.of(workload, l -> layers.get(l.id()), fusion);
    } catch (IllegalArgumentException e) {
      throw InputException.in(file, e.getMessage(), e);
    }
  }

  /**
   * The tiling and allocation of every layer of {@code workload}, by layer id.
   *
   * @throws InputException naming the file and the problem (unreadable, not YAML, unknown key, bad
   *     tiling entry, a layer no entry covers)
   */
  public static Map<Integer, LayerTiling> read(Path file, Workload workload) {
    Parsed parsed = parse(file);
    Map<String, Entry> byName = byName(file, parsed.entries());
    Map<Integer, LayerTiling> layers = new HashMap<>();
    Map<String, List<String>> cuts = new LinkedHashMap<>();
    for (Layer layer : workload.layers()) {
      Entry entry = entry(file, byName, layer);
      // A bad utilisation is refused on any hardware, not only where an AIE tile would read it.
      utilization(file, entry);
      LayerTiling tiling = withGroupTiles(file, parsed.groups(), entry, layer, layerTiling(file, entry, layer));
      checkCount(file, entry, layer, "OY", tiling.rows(), layer.size(LoopDim.OY), cuts);
      checkCount(file, entry, layer, "OX", tiling.columns(), layer.size(LoopDim.OX), cuts);
      checkCount(file, entry, layer, "K", tiling.channels(), layer.size(Tiling.channelDim(layer)), cuts);
      layers.put(layer.id(), tiling);
    }
    cuts.forEach((cut, cutLayers) -> InputWarnings.warn(file + ": " + cut + "; cut to the size of layer"
        + (cutLayers.size() == 1 ? " " : "s ") + String.join(", ", cutLayers) + ", as Stream does"));
    return layers;
  }

  /**
   * The utilisation (percent) of each layer's kernel, by layer name: {@code kernel.kwargs.utilization}
   * of the layer's entry (or {@code kernel.utilization}); 100 where the entry has none, as Stream's
   * mapping validator defaults it. Only AIE compute tiles read it ({@link
   * org.laminar.hardware.FixedRateArray}).
   *
   * @throws InputException naming the file and entry when a utilisation is not a percentage in
   *     {@code (0, 100]}
   */
  public static Map<String, Double> kernels(Path file, Workload workload) {
    Map<String, Entry> byName = byName(file, parse(file).entries());
    Map<String, Double> utilization = new LinkedHashMap<>();
    for (Layer layer : workload.layers()) {
      Entry entry = entry(file, byName, layer);
      utilization.put(layer.name(), utilization(file, entry));
    }
    return utilization;
  }

  private static double utilization(Path file, Entry entry) {
    Kernel kernel = entry.kernel();
    JsonNode kwarg = kernel == null || kernel.kwargs() == null ? null : kernel.kwargs().get("utilization");
    if (kwarg != null && !kwarg.isNumber()) {
      throw InputException.in(file, "entry '" + entry.name() + "': kernel.kwargs.utilization must be a number "
          + "(percent), got " + kwarg);
    }
    double percent = kwarg != null ? kwarg.asDouble() : kernel != null && kernel.utilization() != null
        ? kernel.utilization() : FixedRateArray.DEFAULT_UTILIZATION;
    if (!(percent > 0 && percent <= 100)) {
      throw InputException.in(file, "entry '" + entry.name() + "': the kernel's utilization is a percentage in "
          + "(0, 100], got " + percent);
    }
    return percent;
  }

  /** The entries by name, the first of a name kept. */
  private static Map<String, Entry> byName(Path file, List<Entry> entries) {
    Map<String, Entry> byName = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e == null || e.name() == null) {
        throw InputException.in(file, "entry " + (i + 1) + " has no name");
      }
      byName.putIfAbsent(e.name(), e);
    }
    return byName;
  }

  /** The entry of {@code layer}: named like it, else like its operator, else {@code default}. */
  private static Entry entry(Path file, Map<String, Entry> byName, Layer layer) {
    return Optional.ofNullable(byName.get(layer.name()))
        .or(() -> Optional.ofNullable(byName.get(layer.opName())))
        .or(() -> Optional.ofNullable(byName.get("default")))
        .orElseThrow(() -> InputException.in(file, "layer '" + layer.name() + "' (operator " + layer.opName()
            + "): no entry named '" + layer.name() + "', '" + layer.opName() + "' or 'default'"));
  }

  /**
   * An entry named after {@code layer} that splits it into more parts than the dimension has
   * elements is refused: it can only be a mistake. A shared entry (an operator's or
   * {@code default}) is cut to each layer's size instead, as Stream does: its own mappings give
   * {@code K, *} for 36 cores to layers of 10 channels. Each cut is added to {@code cuts} (what
   * the entry asks → the layers cut, with their size), for one warning per entry.
   */
  private static void checkCount(Path file, Entry entry, Layer layer, String dim, Split split, int size,
      Map<String, List<String>> cuts) {
    if (split.all() || split.parts() <= size) {
      return;
    }
    if (entry.name().equals(layer.name())) {
      throw InputException.in(file, "entry '" + entry.name() + "': splits " + dim + " into " + split.parts()
          + " parts, but the layer has " + size + " (use 'all' for one part per element)");
    }
    cuts.computeIfAbsent("entry '" + entry.name() + "' splits " + dim + " into " + split.parts() + " parts",
        k -> new ArrayList<>()).add("'" + layer.name() + "' (" + size + ")");
  }

  private static Parsed parse(Path file) {
    JsonNode tree = Files.isRegularFile(file) ? YamlFiles.tree(YamlFiles.file(file)) : null;
    if (tree != null && tree.isObject()) {
      if (!tree.has("layers")) {
        throw InputException.in(file, "the mapping must be a YAML list of entries ('- name: ...') or, in Stream's "
            + "current format, a map with 'layers'");
      }
      CurrentFile current = YamlFiles.read(file, YamlFiles.yaml(), CurrentFile.class);
      List<FusedGroup> groups = current.fusedGroups() == null ? List.of() : current.fusedGroups();
      if (!groups.isEmpty()) {
        InputWarnings.warn(file + ": fused_groups: their tile sizes are applied, the grouping is not: Laminar's "
            + "--fuse (default auto) chooses the fused stacks");
      }
      return new Parsed(current(file, current), groups);
    }
    try (Reader reader = Files.newBufferedReader(file)) {
      TypeReference<List<Entry>> list = new TypeReference<>() { };
      Optional<JsonNode> resolved = YamlFiles.withAliasesResolved(file);
      List<Entry> entries = resolved.isPresent() ? YamlFiles.yaml().readerFor(list).readValue(resolved.get())
          : YamlFiles.yaml().readValue(reader, list);
      if (entries == null || entries.isEmpty()) {
        throw InputException.in(file, "the mapping has no entries");
      }
      YamlFiles.warnDuplicateKeys(YamlFiles.file(file));
      boolean allocates = entries.stream().anyMatch(e -> e != null && (e.coreAllocation() != null
          || e.intraCoreTiling() != null || e.interCoreTiling() != null));
      boolean maps = entries.stream().anyMatch(e -> e != null && (e.spatialMapping() != null
          || e.temporalOrdering() != null));
      if (!allocates && maps) {
        throw InputException.in(file, "this is a ZigZag mapping (spatial_mapping, temporal_ordering, no "
            + "core_allocation or tiling): schedule --mapping takes a Stream mapping; give a ZigZag mapping to "
            + "cost --mapping");
      }
      return new Parsed(entries, List.of());
    } catch (NoSuchFileException e) {
      throw InputException.in(file, "file not found", e);
    } catch (UnrecognizedPropertyException e) {
      throw InputException.in(file, entry(e) + "unknown key '" + e.getPropertyName() + "' (known: "
          + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
          + ")", e);
    } catch (MismatchedInputException e) {
      String problem = e.getPath().isEmpty() ? "the mapping must be a YAML list of entries ('- name: ...')"
          : firstLine(e.getOriginalMessage());
      throw InputException.in(file, entry(e) + at(e.getLocation()) + problem, e);
    } catch (JsonProcessingException e) {
      throw InputException.in(file, at(e.getLocation()) + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw InputException.in(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * The entries of Stream's current format in the older one's terms: the one allocation option's
   * cores, which the layer may use, and its splits as {@code "DIM, N"}.
   */
  private static List<Entry> current(Path file, CurrentFile mapping) {
    if (mapping.layers().isEmpty()) {
      throw InputException.in(file, "the mapping has no layers");
    }
    List<Entry> entries = new ArrayList<>();
    for (CurrentEntry layer : mapping.layers()) {
      String where = "layer '" + layer.name() + "'";
      List<List<CurrentSplit>> tilings = layer.interCoreTiling() == null ? List.of() : layer.interCoreTiling();
      if (layer.coreAllocation().size() != 1 || tilings.size() > 1) {
        throw InputException.in(file, where + ": " + layer.coreAllocation().size() + " core_allocation options and "
            + tilings.size() + " inter_core_tiling options; Laminar takes one of each (its schedulers choose the "
            + "cores within the option)");
      }
      List<String> splits = tilings.isEmpty() ? List.of() : tilings.get(0).stream()
          .map(t -> t.dim() + ", " + t.split()).toList();
      entries.add(new Entry(layer.name(), layer.coreAllocation().get(0), null, null, splits, null, null, null, null,
          layer.kernel()));
    }
    return entries;
  }

  /**
   * {@code tiling} with the tile sizes the fused groups give {@code layer} (matched, as entries
   * are, by its name or operator, or through the group's entry {@code entry}): a tile of
   * {@code t} elements of a dimension of size {@code s} makes it {@code ceil(s / t)} parts in all
   * (rows, columns or channels), or the inter-core split's parts where those are more; tiles of
   * other dimensions are ignored, as in entries. In all, not times the inter-core split: Stream's
   * tile is what one core computes, and it divides the dimension by the tile times the inter-core
   * split into its temporal tiles ({@code determine_fusion_splits} in {@code stream/workload/utils.py}),
   * so that {@code s / t} pieces of {@code t} elements exist, spread over the cores.
   */
  private static LayerTiling withGroupTiles(Path file, List<FusedGroup> groups, Entry entry, Layer layer,
      LayerTiling tiling) {
    Split rows = tiling.rows();
    Split channels = tiling.channels();
    Split columns = tiling.columns();
    for (FusedGroup group : groups) {
      for (GroupTile tile : group.intraCoreTiling() == null ? List.<GroupTile>of() : group.intraCoreTiling()) {
        int dot = tile.dim().lastIndexOf('.');
        String target = dot < 0 ? null : tile.dim().substring(0, dot);
        boolean applies = target == null ? group.layers().contains(entry.name())
            : target.equals(layer.name()) || target.equals(layer.opName());
        String dim = tile.dim().substring(dot + 1).trim().toUpperCase(Locale.ROOT);
        if (!applies) {
          continue;
        }
        if (tile.tile() < 1 || !STREAM_DIMENSION.matcher(dim).matches()) {
          throw InputException.in(file, "fused group '" + group.name() + "': intra_core_tiling '" + tile.dim()
              + "', tile " + tile.tile() + ": expected '[LAYER.]D<n>' and a tile of at least 1 element");
        }
        String laminar = streamDimension(file, "fused group '" + group.name() + "'", layer,
            Integer.parseInt(dim.substring(1)));
        switch (laminar) {
          case "OY" -> rows = tiled(rows, layer.size(LoopDim.OY), tile.tile());
          case "OX" -> columns = tiled(columns, layer.size(LoopDim.OX), tile.tile());
          case "K" -> channels = tiled(channels, layer.size(Tiling.channelDim(layer)), tile.tile());
          default -> {
            // Not split by Laminar, as in entries.
          }
        }
      }
    }
    return new LayerTiling(rows, channels, tiling.cores(), tiling.coresFixed(), tiling.rowsAlone(), columns);
  }

  /** A dimension of {@code size} elements in tiles of {@code tile}, where the inter-core split gives {@code split}. */
  private static Split tiled(Split split, int size, int tile) {
    return split.all() ? split : Split.of(Math.max(split.parts(), ceilDiv(size, tile)));
  }

  private static int ceilDiv(int size, int tile) {
    return (size + tile - 1) / tile;
  }

  /**
   * Laminar's name for dimension {@code D<n>} of {@code layer} in Stream's current format, where
   * {@code n} is the position of the dimension in the operator's iteration space as Stream's
   * parsers write it (convolution {@code b, ox, oy, fx, fy, c, k}; Gemm {@code m, k, n};
   * pooling {@code b, channels, oy, ox, fy, fx}; element-wise {@code b, channels, oy, ox}).
   */
  static String streamDimension(Path file, String where, Layer layer, int n) {
    List<String> order = switch (layer.type()) {
      case CONV -> List.of("B", "OX", "OY", "FX", "FY", "C", "K");
      case GEMM -> layer.opName().equalsIgnoreCase("Gemm") ? List.of("OY", "C", "K") : List.of();
      case POOL -> List.of("B", "K", "OY", "OX", "FY", "FX");
      case ELEMENTWISE, ACTIVATION -> List.of("B", "K", "OY", "OX");
    };
    if (order.isEmpty()) {
      throw InputException.in(file, where + ": D" + n + " of layer '" + layer.name() + "' ("
          + layer.opName() + "): the order of a " + layer.opName() + "'s dimensions depends on its tensors' rank in "
          + "Stream; name the dimension as Laminar does (OY, K)");
    }
    if (n >= order.size()) {
      throw InputException.in(file, where + ": layer '" + layer.name() + "' (" + layer.opName()
          + ") has dimensions D0 to D" + (order.size() - 1) + ", not D" + n);
    }
    return order.get(n);
  }

  /** "entry N: " for an error inside the N-th entry (1-based), else "". */
  private static String entry(JsonMappingException e) {
    return e.getPath().isEmpty() || e.getPath().get(0).getIndex() < 0 ? ""
        : "entry " + (e.getPath().get(0).getIndex() + 1) + ": ";
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse(message);
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
  }

  private static LayerTiling layerTiling(Path file, Entry entry, Layer layer) {
    List<Integer> cores = entry.coreAllocation() == null ? List.of(0) : entry.coreAllocation();
    if (cores.isEmpty()) {
      throw InputException.in(file, "entry '" + entry.name() + "': core_allocation is empty; list at least one "
          + "core, or leave the key out for core 0");
    }
    boolean fixed = Boolean.TRUE.equals(entry.coreAllocationIsFixed());
    for (Integer core : cores) {
      if (core == null || core < 0) {
        throw InputException.in(file, "entry '" + entry.name() + "': core ids must be >= 0, got " + cores);
      }
    }
    int coreCount = fixed ? cores.size() : new LinkedHashSet<>(cores).size();
    Split rows = Split.ONE;
    Split channels = Split.ONE;
    Split columns = Split.ONE;
    boolean channelsGiven = false;
    for (String key : List.of("intra_core_tiling", "inter_core_tiling")) {
      List<String> splits = key.equals("intra_core_tiling") ? entry.intraCoreTiling() : entry.interCoreTiling();
      for (String text : splits == null ? List.<String>of() : splits) {
        String[] parts = text == null ? new String[0] : text.split(",");
        if (parts.length != 2) {
          throw InputException.in(file, "entry '" + entry.name() + "': " + key + " '" + text
              + "' must be 'DIM, N', 'DIM, all' or 'DIM, *'");
        }
        String dim = parts[0].trim().toUpperCase(Locale.ROOT);
        if (STREAM_DIMENSION.matcher(dim).matches()) {
          dim = streamDimension(file, "entry '" + entry.name() + "'", layer, Integer.parseInt(dim.substring(1)));
        }
        String count = parts[1].trim();
        if (count.equals("*") && key.equals("intra_core_tiling")) {
          throw InputException.in(file, "entry '" + entry.name() + "': intra_core_tiling '" + text
              + "': the wildcard * is only meaningful across cores; give a count or 'all'");
        }
        Split split;
        try {
          split = count.equals("*") ? Split.of(coreCount) : Split.parse(count);
        } catch (IllegalArgumentException e) {
          throw InputException.in(file, "entry '" + entry.name() + "': " + key + " '" + text + "': "
              + e.getMessage(), e);
        }
        switch (dim) {
          case "OY", "D" -> rows = times(rows, split);
          case "OX" -> columns = times(columns, split);
          case "K", "G" -> {
            channels = times(channels, split);
            channelsGiven = true;
          }
          default -> {
            // Laminar splits rows, columns and output channels only; see the class comment. A name that is
            // no dimension at all is a typo, not a dimension some layer lacks.
            if (!OTHER_DIMENSIONS.contains(dim)) {
              throw InputException.in(file, "entry '" + entry.name() + "': " + key + " '" + text + "': unknown "
                  + "dimension '" + parts[0].trim() + "' (known: OY, OX, D, K, G, D<n> and " + OTHER_DIMENSIONS + ")");
            }
          }
        }
      }
    }
    if (fixed && !channelsGiven && cores.size() > 1) {
      channels = Split.of(cores.size());
    }
    return new LayerTiling(rows, channels, fixed ? cores : List.copyOf(new LinkedHashSet<>(cores)), fixed, false,
        columns);
  }

  /** Two splits of one dimension applied one after the other. */
  private static Split times(Split a, Split b) {
    return a.all() || b.all() ? Split.ALL : Split.of(a.parts() * b.parts());
  }
}
