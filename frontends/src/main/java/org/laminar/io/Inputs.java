package org.laminar.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.CostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.onnx.OnnxAxes;
import org.laminar.onnx.OnnxReader;
import org.laminar.schedule.AutoTiling;
import org.laminar.schedule.StreamPolicy;
import org.laminar.schedule.ProblemException;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Overlap;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;
import org.laminar.yaml.LaminarFormat;
import org.laminar.yaml.StreamAcceleratorReader;
import org.laminar.yaml.StreamMappingReader;
import org.laminar.yaml.TransformerBlockReader;
import org.laminar.yaml.YamlFiles;
import org.laminar.yaml.ZigZagCoreReader;
import org.laminar.yaml.ZigZagWorkloadReader;

/**
 * Resolves what a user names on the command line — a file path or the name of a bundled
 * instance — to a {@link Workload} or an {@link Accelerator}.
 *
 * <p>An existing file is read by its extension and content: {@code .onnx} by the ONNX reader;
 * {@code .yaml}, {@code .yml} and {@code .json} files with a top-level {@code format: laminar/1}
 * in Laminar's format (a {@code transformer} block description, or {@code layers}); other YAML by its shape — a list of layers with {@code equation}s is a
 * ZigZag/Stream workload, a map with {@code cores} a Stream accelerator, a map with
 * {@code memories} a ZigZag core. A ZigZag core file becomes a one-core accelerator (core id 0)
 * whose DRAM is described by the core's outermost memory (ZigZag puts DRAM at the top of the
 * hierarchy; the core keeps that level so that its cost is as ZigZag's).
 *
 * <p>Anything else is looked up among the bundled instances ({@link #bundled()}).
 */
public final class Inputs {
  private static final String ROOT = "org/laminar/instances/";
  /** The {@code --tiling} value that chooses each layer's split ({@link AutoTiling}). */
  public static final String AUTO = "auto";
  /** The resource that lists the bundled instances and suites. */
  static final String INDEX = ROOT + "index.yaml";

  private Inputs() {
  }

  /** A bundled instance: its kind ({@code workload}, {@code accelerator} or {@code suite}), name and description. */
  public record Bundled(String kind, String name, String description) {
  }

  record Index(
      @JsonProperty(value = "workloads", required = true) List<IndexEntry> workloads,
      @JsonProperty(value = "accelerators", required = true) List<IndexEntry> accelerators,
      @JsonProperty(value = "suites", required = true) List<Suites.Suite> suites) {
  }

  static Index index() {
    return YamlFiles.read(YamlFiles.resource("bundled instance index", INDEX), YamlFiles.yaml(), Index.class);
  }

  record IndexEntry(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "description", required = true) String description) {
  }

  /** The workload in the file at {@code pathOrName}, or the bundled workload of that name. */
  public static Workload workload(String pathOrName) {
    return workload(pathOrName, OnnxAxes.LAMINAR);
  }

  /** As {@link #workload(String)}, an ONNX model's image axes read as {@code axes} says. */
  public static Workload workload(String pathOrName, OnnxAxes axes) {
    Path file = Path.of(pathOrName);
    notADirectory(file, "workload");
    if (Files.isRegularFile(file)) {
      return switch (extension(file)) {
        case "onnx" -> OnnxReader.read(file, axes);
        case "yaml", "yml", "json" -> yamlWorkload(file);
        default -> throw InputException.in(file, "unknown workload file type; expected .onnx, .yaml, .yml or .json");
      };
    }
    YamlFiles.Source bundled = bundledSource("workload", pathOrName);
    return TransformerBlockReader.recognises(YamlFiles.tree(bundled)) ? TransformerBlockReader.read(bundled)
        : LaminarFormat.readWorkload(bundled);
  }

  /**
   * The accelerator in the file at {@code pathOrName}, or the bundled accelerator of that name. A
   * core whose dataflow unrolls a loop wider than its array dimension is accepted (ZigZag and
   * Stream cut it to the array, and Stream's own {@code eyeriss_like} core needs that) with a
   * warning naming the core. A name ending in changes in brackets ({@code quad-core[sram=2x]}, not
   * a file of that name) is the {@link AcceleratorVariant} of the accelerator before the brackets.
   */
  public static Accelerator accelerator(String pathOrName) {
    Optional<AcceleratorVariant> variant = Files.exists(Path.of(pathOrName)) ? Optional.empty()
        : AcceleratorVariant.of(pathOrName);
    Accelerator accelerator = variant.isPresent() ? variant.get().apply(readAccelerator(variant.get().base()))
        : readAccelerator(pathOrName);
    // One line for the identical cores of a type: what is cut, and on which cores.
    Map<String, List<Integer>> coresByCut = new LinkedHashMap<>();
    for (Core core : accelerator.cores()) {
      List<String> wider = core.dataflow().widerThan(core.array());
      if (!wider.isEmpty()) {
        coresByCut.computeIfAbsent(core.name() + "): the dataflow unrolls " + String.join(", ", wider),
            k -> new ArrayList<>()).add(core.id());
      }
    }
    coresByCut.forEach((cut, ids) -> InputWarnings.warn(pathOrName + ": core" + (ids.size() == 1 ? " " : "s ")
        + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " (" + cut
        + "; cut to the array, as ZigZag and Stream do"));
    return accelerator;
  }

  private static Accelerator readAccelerator(String pathOrName) {
    Path file = Path.of(pathOrName);
    notADirectory(file, "hardware");
    if (Files.isRegularFile(file)) {
      if (!List.of("yaml", "yml", "json").contains(extension(file))) {
        throw InputException.in(file, "unknown hardware file type; expected .yaml, .yml or .json");
      }
      JsonNode tree = YamlFiles.tree(YamlFiles.file(file));
      if (tree.has("format")) {
        return LaminarFormat.readAccelerator(YamlFiles.file(file));
      } else if (StreamAcceleratorReader.recognises(tree)) {
        return StreamAcceleratorReader.read(file);
      } else if (tree.has("memories")) {
        return singleCore(file);
      }
      throw InputException.in(file, "not an accelerator: expected a Laminar accelerator (format: "
          + LaminarFormat.VERSION + "), a Stream accelerator (cores:) or a ZigZag core (memories:)");
    }
    return LaminarFormat.readAccelerator(bundledSource("accelerator", pathOrName));
  }

  /**
   * The bundled instances, workloads first, then accelerators, then benchmark suites (described
   * with their members), in the order of the index.
   */
  public static List<Bundled> bundled() {
    Index index = index();
    return Stream.of(
        index.workloads().stream().map(e -> new Bundled("workload", e.name(), e.description())),
        index.accelerators().stream().map(e -> new Bundled("accelerator", e.name(), e.description())),
        index.suites().stream().map(s -> new Bundled("suite", s.name(), s.description() + System.lineSeparator()
            + s.describeMembers()))).flatMap(x -> x).toList();
  }

  /**
   * The tiling a user asks for: a Stream {@code mapping} file (per-layer tiling and cores), or a
   * uniform {@code tiling} ({@code oy=4} when neither is given), with the fused stacks of {@code
   * fuse} ({@link FusionPolicy#parse}).
   *
   * <p>Without a tiling, and with a mapping, a layer whose tiles fit none of its cores is split
   * further ({@link AutoTiling}, from the mapping's or the default split); {@code tiling} {@code
   * auto} does the same from whole layers, asking {@code costModel} whether tiles fit (so that a
   * problem built with the same model finds them costed). {@code notes} hears one line per layer
   * split. A uniform tiling given explicitly is taken as it is.
   *
   * @throws IllegalArgumentException when both a mapping and a tiling are given
   * @throws ProblemException when a layer fits no core however it is split, naming the local memory
   *     its tile would need
   */
  public static Tiling tiling(Workload workload, Accelerator accelerator, Optional<Path> mapping,
      Optional<String> tiling, String fuse, CostModel costModel, Consumer<String> notes) {
    return tiling(workload, accelerator, mapping, tiling, DEFAULT_TILING, fuse, Overlap.CACHE, costModel, notes);
  }

  /**
   * As {@link #tiling(Workload, Accelerator, Optional, Optional, String, CostModel, Consumer)},
   * the default tiling (without a tiling or a mapping) starting from {@code defaultTiling} instead
   * of {@link #DEFAULT_TILING} and split further where a layer does not fit, the row bands'
   * overlaps handled as {@code overlap} says, also while splitting further.
   */
  public static Tiling tiling(Workload workload, Accelerator accelerator, Optional<Path> mapping,
      Optional<String> tiling, String defaultTiling, String fuse, Overlap overlap, CostModel costModel,
      Consumer<String> notes) {
    return tiling(workload, accelerator, mapping, tiling, defaultTiling, fuse, overlap, costModel, notes,
        StreamPolicy.NEVER);
  }

  /**
   * As {@link #tiling(Workload, Accelerator, Optional, Optional, String, String, Overlap, CostModel,
   * Consumer)}, where the problem will stream activations as {@code streaming} says: unless that is
   * {@link StreamPolicy#NEVER}, a layer that no split fits keeps the split it started from, to stream
   * there, instead of stopping the run (the problem still refuses it when no streamed view fits).
   */
  public static Tiling tiling(Workload workload, Accelerator accelerator, Optional<Path> mapping,
      Optional<String> tiling, String defaultTiling, String fuse, Overlap overlap, CostModel costModel,
      Consumer<String> notes, StreamPolicy streaming) {
    FusionPolicy fusion = fusion(fuse, accelerator);
    if (mapping.isPresent()) {
      if (tiling.isPresent()) {
        throw new InputException("give --tiling or a --mapping (which tiles every layer), not both");
      }
      Tiling mapped = StreamMappingReader.read(mapping.get(), workload, fusion);
      InputException.at(mapping.get().toString(), () -> {
        mapped.checkCores(accelerator);
        return mapped;
      });
      return auto(workload, accelerator, fusion, overlap, costModel, l -> mapped.of(l.id()),
          "mapping, split further", notes, streaming);
    }
    if (tiling.filter(t -> t.trim().equalsIgnoreCase(AUTO)).isPresent()) {
      return auto(workload, accelerator, fusion, overlap, costModel, l -> LayerTiling.WHOLE, "--tiling auto",
          notes, streaming);
    }
    if (tiling.isEmpty()) {
      LayerTiling standard = LayerTiling.parse(defaultTiling);
      return auto(workload, accelerator, fusion, overlap, costModel, l -> standard,
          "default tiling " + defaultTiling + ", split further", notes, streaming);
    }
    LayerTiling uniform = InputException.at("--tiling", () -> LayerTiling.parse(tiling.get()));
    checkCount("oy", uniform.rows(), workload.layers().stream().mapToInt(l -> l.size(LoopDim.OY)).max().orElse(1));
    checkCount("ox", uniform.columns(), workload.layers().stream().mapToInt(l -> l.size(LoopDim.OX)).max().orElse(1));
    checkCount("k", uniform.channels(),
        workload.layers().stream().mapToInt(l -> l.size(Tiling.channelDim(l))).max().orElse(1));
    return InputException.at("--tiling", () -> Tiling.uniform(workload, uniform, fusion).withOverlap(overlap));
  }

  /**
   * {@code accelerator} with its AIE compute tiles running the kernels of the Stream {@code mapping}
   * (their utilisation, {@link StreamMappingReader#kernels}); unchanged without a mapping or such
   * tiles, whose layers then run at 100 %.
   */
  public static Accelerator withKernels(Accelerator accelerator, Optional<Path> mapping, Workload workload) {
    boolean fixedRate = accelerator.cores().stream().anyMatch(c -> c.array().fixedRate().isPresent());
    return mapping.filter(m -> fixedRate).map(m -> accelerator.withKernels(StreamMappingReader.kernels(m, workload)))
        .orElse(accelerator);
  }

  /**
   * The fusion policy a {@code --fuse} value names on {@code accelerator} ({@link FusionPolicy#parse}).
   *
   * @throws InputException naming {@code --fuse} when the value is none
   */
  public static FusionPolicy fusion(String fuse, Accelerator accelerator) {
    return InputException.at("--fuse", () -> FusionPolicy.parse(fuse, FusionPolicy.WeightCapacity.of(accelerator)));
  }

  /** The split every layer gets when neither a tiling nor a mapping is given (before {@link AutoTiling}). */
  public static final String DEFAULT_TILING = "oy=4";

  private static Tiling auto(Workload workload, Accelerator accelerator, FusionPolicy fusion, Overlap overlap,
      CostModel costModel, Function<Layer, LayerTiling> base, String source, Consumer<String> notes,
      StreamPolicy streaming) {
    AutoTiling.Result auto = AutoTiling.choose(workload, accelerator, costModel, fusion, base, overlap);
    auto.notes().forEach(n -> notes.accept(source + ": " + n));
    if (!auto.unfit().isEmpty() && streaming != StreamPolicy.NEVER) {
      List<Integer> unfit = auto.unfitLayers();
      unfit.forEach(id -> notes.accept(source + ": layer '" + workload.layer(id).name() + "' fits no split; it "
          + "keeps its start split and streams its activations from DRAM (--stream " + streaming.cliName() + ")"));
      return Tiling.of(workload, l -> unfit.contains(l.id()) ? base.apply(l) : auto.tiling().of(l.id()), fusion)
          .withOverlap(overlap);
    }
    if (!auto.unfit().isEmpty()) {
      throw new ProblemException(auto.unfit().get(0) + (auto.unfit().size() == 1 ? ""
          : " (and " + (auto.unfit().size() - 1) + " more layers)"));
    }
    return auto.tiling();
  }

  /**
   * As {@link #tiling(Workload, Accelerator, Optional, Optional, String, CostModel, Consumer)} with a
   * cost model of its own, notes to standard error.
   */
  public static Tiling tiling(Workload workload, Accelerator accelerator, Optional<Path> mapping,
      Optional<String> tiling, String fuse) {
    return tiling(workload, accelerator, mapping, tiling, fuse, new AnalyticalCostModel(),
        n -> System.err.println("laminar: " + n));
  }

  /**
   * A uniform count is cut to each layer's size (oy=4 leaves a one-row layer whole); a count no
   * layer reaches cannot be meant and is refused.
   */
  private static void checkCount(String dim, Split split, int largest) {
    if (!split.all() && split.parts() > largest) {
      throw new InputException("--tiling " + dim + "=" + split.parts() + ": no layer has more than " + largest
          + " (a count is cut to each layer's size; 'all' gives one part per element)");
    }
  }

  private static Workload yamlWorkload(Path file) {
    JsonNode tree = YamlFiles.tree(YamlFiles.file(file));
    if (TransformerBlockReader.recognises(tree)) {
      return TransformerBlockReader.read(YamlFiles.file(file));
    } else if (tree.has("format")) {
      return LaminarFormat.readWorkload(YamlFiles.file(file));
    } else if (ZigZagWorkloadReader.recognises(tree)) {
      return ZigZagWorkloadReader.read(file);
    }
    throw InputException.in(file, "not a workload: expected a Laminar workload (format: " + LaminarFormat.VERSION
        + ") or a ZigZag/Stream workload (a list of layers with an equation each)");
  }

  private static Accelerator singleCore(Path file) {
    Core core = ZigZagCoreReader.read(file);
    return new Accelerator(core.name(), List.of(core), List.of(), StreamAcceleratorReader.dram(file, core));
  }

  private static YamlFiles.Source bundledSource(String kind, String name) {
    List<Bundled> bundled = bundled().stream().filter(b -> b.kind().equals(kind)).toList();
    if (bundled.stream().noneMatch(b -> b.name().equals(name))) {
      throw new InputException(name + ": no such file, and no bundled " + kind + " of that name (bundled: "
          + bundled.stream().map(Bundled::name).collect(Collectors.joining(", ")) + ")");
    }
    return YamlFiles.resource("bundled " + kind + " " + name, ROOT + kind + "s/" + name + ".yaml");
  }

  private static void notADirectory(Path file, String kind) {
    if (Files.isDirectory(file)) {
      throw InputException.in(file, "is a directory; give a " + kind + " file or a bundled name");
    }
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
