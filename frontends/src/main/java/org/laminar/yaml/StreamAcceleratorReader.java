package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SharedMemory;
import org.laminar.io.InputException;
import org.laminar.io.InputWarnings;

/**
 * Reads a Stream accelerator: core files (ZigZag core YAML, read by {@link ZigZagCoreReader}),
 * an off-chip core that becomes the {@link Dram}, and the interconnect.
 *
 * <p>Three generations load. Stream's current one: {@code cores} maps core ids to core files,
 * one of them the off-chip core named by {@code offchip_core_id} (the {@link Dram});
 * {@code core_connectivity} lists maps with {@code type} ({@code link}: two cores, the default;
 * {@code bus}: several), {@code cores}, {@code bandwidth} (bits/cycle) and an optional
 * {@code unit_energy_cost} (pJ/bit; default the file's {@code unit_energy_cost}, else 0). A
 * connection that includes the off-chip core is the cores' path to DRAM, which Laminar models by
 * the DRAM's ports (a warning when the connection is narrower); a bus of it still links its other
 * cores. {@code core_coordinates}, {@code technology_node} and {@code memory_aliases} are accepted
 * and ignored: Stream uses them to place AIE tiles and to estimate area and energy of the
 * hardware itself, never in a ZigZag core's schedule. The journal version's: {@code offchip_core}
 * names the DRAM's core file, {@code core_connectivity} lists {@code "a, b"} pairs (point-to-point
 * links) or longer lists (a bus) that share the file's {@code bandwidth} and
 * {@code unit_energy_cost}. The oldest: {@code cores} as a list (index = id) and a {@code graph}
 * of type {@code 2d_mesh} with {@code nb_rows × nb_cols} compute cores in id order, linked to
 * their row and column neighbours; its {@code offchip_core_id} is the DRAM, and its
 * {@code pooling_core_id} and {@code simd_core_id} cores are linked to every mesh core. A core
 * given inline (a map instead of a file name) is refused: Laminar reads cores from files only.
 *
 * <p>Of the core kinds of Stream's current format ({@link StreamCoreKind}): a memory core
 * ({@code zigzag.memory}) becomes the outermost memory of the compute cores that share a
 * connection with it, one memory shared by them ({@link MemoryCores}), and in every connection it
 * stands for those cores; the off-chip core may be a shim ({@code zigzag.shim}, the DMA tile an
 * AIE array reaches off-chip memory through), read as the DRAM like an {@code offchip} core; a
 * further shim is ignored with a warning, its connections leading to DRAM as the off-chip core's
 * do (Laminar's DRAM has one core's ports). Memory and shim cores in the older formats are refused.
 * Stream's AIE tiles ({@code aie2.*}, {@link AieTileReader}) are the same kinds: a compute tile a
 * fixed-rate core, a memory tile a memory core, a shim tile a shim.
 *
 * <p>A {@code core_memory_sharing} group ({@code "a, b"}) shares the cores' top-level memories, as
 * in Stream: for each memory operand, the top memory holding it in each of the group's cores is
 * one {@link SharedMemory}, named {@code <memory>_<a>_<b>}. Those memories must have one name and
 * one size in every core of the group.
 *
 * <p>A core file is looked up, in order: relative to the accelerator file; in its {@code cores}
 * folder; for a path of Stream's repository ({@code stream/inputs/...}), relative to each
 * ancestor folder; and by file name in the {@code hardware/cores} folders of the input folders
 * next to the accelerator's (Stream's testing accelerators name its example cores).
 *
 * <p>Two different core files that declare the same core {@code name} get their file names as
 * names instead, so that cores of one name are identical.
 */
public final class StreamAcceleratorReader {
  private static final String REPOSITORY_PREFIX = "inputs/";

  private StreamAcceleratorReader() {
  }

  /**
   * The accelerator file. {@code core_coordinates}, {@code technology_node} and
   * {@code memory_aliases} are accepted and ignored: see the class comment.
   */
  @JsonIgnoreProperties({"core_coordinates", "technology_node", "memory_aliases"})
  record AcceleratorFile(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "cores", required = true) JsonNode cores,
      @JsonProperty("offchip_core") String offchipCore,
      @JsonProperty("offchip_core_id") Integer offchipCoreId,
      @JsonProperty("core_connectivity") List<JsonNode> coreConnectivity,
      @JsonProperty("core_memory_sharing") List<JsonNode> coreMemorySharing,
      @JsonProperty("bandwidth") Long bandwidth,
      @JsonProperty("unit_energy_cost") Double unitEnergyCost,
      @JsonProperty("graph") GraphFile graph) {
  }

  /**
   * One entry of Stream's current {@code core_connectivity}: a {@code link} between two cores or a
   * {@code bus} shared by several, its bandwidth (bits/cycle) and energy (pJ/bit; default the
   * file's {@code unit_energy_cost}, else 0).
   */
  record ConnectionFile(
      @JsonProperty("type") String type,
      @JsonProperty(value = "cores", required = true) List<Integer> cores,
      @JsonProperty(value = "bandwidth", required = true) double bandwidth,
      @JsonProperty("unit_energy_cost") Double unitEnergyCost) {
  }

  record GraphFile(
      @JsonProperty(value = "type", required = true) String type,
      @JsonProperty(value = "nb_rows", required = true) int rows,
      @JsonProperty(value = "nb_cols", required = true) int cols,
      @JsonProperty(value = "bandwidth", required = true) long bandwidth,
      @JsonProperty(value = "unit_energy_cost", required = true) double unitEnergyCost,
      @JsonProperty(value = "offchip_core_id", required = true) int offchipCoreId,
      @JsonProperty("pooling_core_id") Integer poolingCoreId,
      @JsonProperty("simd_core_id") Integer simdCoreId) {
  }

  /** Whether {@code tree} looks like a Stream accelerator file. */
  public static boolean recognises(JsonNode tree) {
    return tree.isObject() && tree.has("cores") && !tree.has("format");
  }

  /** Reads the accelerator in {@code file}. */
  public static Accelerator read(Path file) {
    AcceleratorFile accelerator = YamlFiles.read(file, YamlFiles.mapperFor(file), AcceleratorFile.class);
    Map<Integer, Path> coreFiles = coreFiles(file, accelerator.cores());
    Path offchip;
    List<Link> links = new ArrayList<>();
    Map<Path, StreamCoreKind> kinds = new HashMap<>();
    Function<Path, StreamCoreKind> kind = f -> kinds.computeIfAbsent(f, StreamAcceleratorReader::kind);
    MemoryCores memoryCores = MemoryCores.none();
    if (accelerator.graph() != null) {
      offchip = coreFiles.remove(accelerator.graph().offchipCoreId());
      if (offchip == null) {
        throw InputException.in(file, "graph.offchip_core_id " + accelerator.graph().offchipCoreId()
            + " is not a core");
      }
      refuseDataCores(file, coreFiles, kind);
      links.addAll(mesh(file, accelerator.graph(), coreFiles.keySet()));
    } else if (accelerator.offchipCoreId() != null) {
      if (accelerator.offchipCore() != null) {
        throw InputException.in(file, "give offchip_core_id (a core id) or offchip_core (a core file), not both");
      }
      offchip = coreFiles.remove(accelerator.offchipCoreId());
      if (offchip == null) {
        throw InputException.in(file, "offchip_core_id " + accelerator.offchipCoreId() + " is not a core");
      }
      Set<Integer> toDram = new LinkedHashSet<>(List.of(accelerator.offchipCoreId()));
      toDram.addAll(otherShims(file, coreFiles, kind));
      Map<Integer, Path> memoryFiles = remove(coreFiles, kind, StreamCoreKind.MEMORY);
      memoryCores = MemoryCores.of(file, memoryFiles, coreFiles.keySet(), connectionCores(file, accelerator));
      links.addAll(links(file, accelerator, memoryCores, toDram));
    } else {
      if (accelerator.offchipCore() == null) {
        throw InputException.in(file, "offchip_core_id (or, in Stream's older files, offchip_core) is missing: "
            + "it names the core describing DRAM");
      }
      offchip = resolve(file, accelerator.offchipCore());
      refuseDataCores(file, coreFiles, kind);
      links.addAll(links(file, accelerator, memoryCores, Set.of()));
    }
    MemoryCores attached = memoryCores;
    List<Core> cores = Readers.domain(file, () -> attached.attach(cores(coreFiles)));
    List<SharedMemory> shared = new ArrayList<>(Readers.domain(file, attached::sharedMemories));
    for (List<Integer> group : groups(file, accelerator.coreMemorySharing())) {
      shared.addAll(sharedMemories(file, cores, group));
    }
    Dram dram = dram(offchip, ZigZagCoreReader.read(offchip));
    warnNarrowOffchipConnections(file, accelerator, dram);
    return Readers.domain(file, () -> new Accelerator(accelerator.name(), cores, links, dram, shared));
  }

  /** The kind of the core in {@code coreFile}. */
  private static StreamCoreKind kind(Path coreFile) {
    return ZigZagCoreReader.declared(coreFile).kind();
  }

  /** Removes the cores of kind {@code wanted} from {@code files} and returns them. */
  private static Map<Integer, Path> remove(Map<Integer, Path> files, Function<Path, StreamCoreKind> kind,
      StreamCoreKind wanted) {
    Map<Integer, Path> removed = new LinkedHashMap<>();
    files.forEach((id, f) -> {
      if (kind.apply(f) == wanted) {
        removed.put(id, f);
      }
    });
    removed.keySet().forEach(files::remove);
    return removed;
  }

  /**
   * Removes the shim cores that are not the off-chip core (one is the DRAM already), warning that
   * they are ignored: each is one more DMA channel to off-chip memory in Stream, and Laminar's DRAM
   * has the off-chip core's ports only. Their connections lead to DRAM, as the off-chip core's do.
   */
  private static Set<Integer> otherShims(Path file, Map<Integer, Path> files, Function<Path, StreamCoreKind> kind) {
    Set<Integer> shims = remove(files, kind, StreamCoreKind.SHIM).keySet();
    if (!shims.isEmpty()) {
      InputWarnings.warn(file + ": shim cores " + shims + " are ignored: Laminar reaches DRAM through the off-chip "
          + "core's ports alone, and a further shim is one more DMA channel to it, which Laminar does not model");
    }
    return shims;
  }

  /** Refuses memory and shim cores in Stream's older formats, whose connections Laminar does not regroup. */
  private static void refuseDataCores(Path file, Map<Integer, Path> files, Function<Path, StreamCoreKind> kind) {
    files.forEach((id, f) -> {
      if (!kind.apply(f).computes()) {
        throw InputException.in(file, "core " + id + " is a " + kind.apply(f).name().toLowerCase(Locale.ROOT)
            + " core; Laminar reads memory and shim cores in Stream's current format only (offchip_core_id and "
            + "core_connectivity entries with type, cores and bandwidth)");
      }
    });
  }

  /** The core ids of each {@code core_connectivity} entry. */
  private static List<List<Integer>> connectionCores(Path file, AcceleratorFile accelerator) {
    List<List<Integer>> result = new ArrayList<>();
    for (JsonNode node : accelerator.coreConnectivity() == null ? List.<JsonNode>of()
        : accelerator.coreConnectivity()) {
      result.add(node.isObject() ? YamlFiles.convert(file, node, ConnectionFile.class, "core_connectivity").cores()
          : groups(file, List.of(node)).get(0));
    }
    return result;
  }

  /** The top-level memories that the cores of one {@code core_memory_sharing} group share. */
  private static List<SharedMemory> sharedMemories(Path file, List<Core> cores, List<Integer> group) {
    Set<String> names = new LinkedHashSet<>();
    String ids = group.stream().map(String::valueOf).collect(Collectors.joining("_"));
    for (MemoryOperand operand : MemoryOperand.values()) {
      Map<Integer, String> top = new LinkedHashMap<>();
      for (int id : group) {
        Core core = cores.stream().filter(c -> c.id() == id).findFirst().orElseThrow(() -> InputException.in(file,
            "core_memory_sharing " + group + " names core " + id + ", which is not a core"));
        top.put(id, core.localMemory(operand).map(MemoryLevel::name).orElse(null));
      }
      Set<String> distinct = new LinkedHashSet<>(top.values());
      if (distinct.size() > 1) {
        throw InputException.in(file, "core_memory_sharing " + group + ": the cores keep operand " + operand
            + " in top memories of different names " + top + "; a shared memory has one name in every core");
      }
      distinct.stream().filter(n -> n != null).forEach(names::add);
    }
    return names.stream().map(n -> Readers.domain(file, () -> new SharedMemory(n + "_" + ids, group, n))).toList();
  }

  private static Map<Integer, Path> coreFiles(Path file, JsonNode cores) {
    Map<Integer, Path> files = new LinkedHashMap<>();
    if (cores.isArray()) {
      for (int i = 0; i < cores.size(); i++) {
        files.put(i, resolve(file, cores.get(i).asText()));
      }
    } else if (cores.isObject()) {
      for (Map.Entry<String, JsonNode> entry : cores.properties()) {
        if (!entry.getValue().isTextual()) {
          throw InputException.in(file, "cores." + entry.getKey() + ": give the core's file name; Laminar does not "
              + "read cores written inline in the accelerator file");
        }
        files.put(Readers.integer(file, entry.getKey(), "cores"), resolve(file, entry.getValue().asText()));
      }
    } else {
      throw InputException.in(file, "cores must map core ids to core files");
    }
    return files;
  }

  private static List<Core> cores(Map<Integer, Path> files) {
    Map<Path, String> declared = new LinkedHashMap<>();
    files.values().forEach(f -> declared.computeIfAbsent(f, p -> ZigZagCoreReader.declared(p).name()));
    List<Core> cores = new ArrayList<>();
    files.forEach((id, f) -> {
      String name = declared.get(f);
      boolean clash = declared.entrySet().stream().anyMatch(e -> !e.getKey().equals(f) && e.getValue().equals(name));
      cores.add(ZigZagCoreReader.read(f, id, clash ? stem(f) : name));
    });
    return cores;
  }

  private static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
  }

  /**
   * The links between compute cores. An entry of Stream's current form (a map) that includes the
   * off-chip core is the path of its cores to DRAM, which Laminar models as the DRAM's own ports;
   * a bus of it still connects its other cores with each other, as in Stream.
   */
  private static List<Link> links(Path file, AcceleratorFile accelerator, MemoryCores memoryCores,
      Set<Integer> toDram) {
    List<Link> links = new ArrayList<>();
    double defaultEnergy = accelerator.unitEnergyCost() == null ? 0 : accelerator.unitEnergyCost();
    Set<String> names = new LinkedHashSet<>();
    List<JsonNode> groups = accelerator.coreConnectivity();
    for (JsonNode group : groups == null ? List.<JsonNode>of() : groups) {
      if (group.isObject()) {
        connection(file, group, defaultEnergy, names, memoryCores, toDram).ifPresent(links::add);
        continue;
      }
      List<Integer> cores = groups(file, List.of(group)).get(0);
      if (accelerator.bandwidth() == null) {
        throw InputException.in(file, "bandwidth (bits/cycle) is missing for the links between cores");
      }
      links.add(Readers.domain(file, () -> new Link(linkName(cores), cores, accelerator.bandwidth(), defaultEnergy)));
    }
    return links;
  }

  /**
   * The link of one connection map, named {@code <type>_<its cores>} (off-chip core included), with
   * a count appended when two connections join the same cores (Stream's testing accelerators give
   * two cores a link and a bus with DRAM); empty when only the off-chip core remains to connect.
   */
  private static Optional<Link> connection(Path file, JsonNode node, double defaultEnergy, Set<String> names,
      MemoryCores memoryCores, Set<Integer> toDram) {
    ConnectionFile connection = YamlFiles.convert(file, node, ConnectionFile.class, "core_connectivity");
    String type = connection.type() == null ? "link" : connection.type();
    String where = "core_connectivity " + connection.cores();
    if (!type.equals("link") && !type.equals("bus")) {
      throw InputException.in(file, where + ": type '" + type + "'; expected link or bus");
    }
    if (type.equals("link") && connection.cores().size() != 2) {
      throw InputException.in(file, where + ": a link connects exactly two cores; use type: bus for more");
    }
    if (connection.bandwidth() <= 0 || connection.bandwidth() != Math.rint(connection.bandwidth())) {
      throw InputException.in(file, where + ": bandwidth must be a positive whole number of bits/cycle, got "
          + connection.bandwidth());
    }
    // Two or more cores besides DRAM's are linked with each other; a memory core's group counts once
    // (a memory core alone with DRAM is its group's path to DRAM).
    List<Integer> ends = connection.cores().stream().filter(c -> !toDram.contains(c)).toList();
    List<Integer> cores = memoryCores.substitute(ends);
    if (ends.size() < 2 || cores.size() < 2) {
      return Optional.empty();
    }
    double energy = connection.unitEnergyCost() == null ? defaultEnergy : connection.unitEnergyCost();
    String base = type + "_" + connection.cores().stream().map(String::valueOf).collect(Collectors.joining("_"));
    String name = base;
    for (int copy = 2; !names.add(name); copy++) {
      name = base + "_" + copy;
    }
    String unique = name;
    return Optional.of(Readers.domain(file, () -> new Link(unique, cores, (long) connection.bandwidth(), energy)));
  }

  private static String linkName(List<Integer> cores) {
    return "link_" + cores.stream().map(String::valueOf).collect(Collectors.joining("_"));
  }

  /**
   * A warning for each connection to the off-chip core narrower than the DRAM's ports: Stream
   * bounds those transfers by the connection, Laminar by the ports, so its DRAM traffic is faster.
   */
  private static void warnNarrowOffchipConnections(Path file, AcceleratorFile accelerator, Dram dram) {
    for (JsonNode node : accelerator.coreConnectivity() == null ? List.<JsonNode>of()
        : accelerator.coreConnectivity()) {
      if (!node.isObject()) {
        continue;
      }
      ConnectionFile connection = YamlFiles.convert(file, node, ConnectionFile.class, "core_connectivity");
      long ports = Math.min(dram.readBandwidthBits(), dram.writeBandwidthBits());
      if (connection.cores().contains(accelerator.offchipCoreId()) && connection.bandwidth() < ports) {
        InputWarnings.warn(file + ": core_connectivity " + connection.cores() + " reaches the off-chip core at "
            + (long) connection.bandwidth() + " bits/cycle, less than its ports' " + ports + "; Laminar moves DRAM "
            + "data at the ports' bandwidth");
      }
    }
  }

  /** Core-id groups given as {@code "a, b"} strings or as lists. */
  private static List<List<Integer>> groups(Path file, List<JsonNode> groups) {
    List<List<Integer>> result = new ArrayList<>();
    for (JsonNode group : groups == null ? List.<JsonNode>of() : groups) {
      List<String> ids = new ArrayList<>();
      if (group.isArray()) {
        group.forEach(id -> ids.add(id.asText()));
      } else {
        ids.addAll(List.of(group.asText().split(",")));
      }
      List<Integer> cores = new ArrayList<>();
      ids.forEach(id -> cores.add(Readers.integer(file, id, "core group " + group)));
      result.add(cores);
    }
    return result;
  }

  private static List<Link> mesh(Path file, GraphFile graph, Set<Integer> ids) {
    if (!graph.type().equals("2d_mesh")) {
      throw InputException.in(file, "graph.type '" + graph.type() + "' is not supported; expected 2d_mesh");
    }
    Set<Integer> special = new LinkedHashSet<>();
    Optional.ofNullable(graph.poolingCoreId()).ifPresent(special::add);
    Optional.ofNullable(graph.simdCoreId()).ifPresent(special::add);
    List<Integer> meshCores = ids.stream().filter(id -> !special.contains(id)).toList();
    if (meshCores.size() != graph.rows() * graph.cols()) {
      throw InputException.in(file, "graph: a " + graph.rows() + "x" + graph.cols() + " mesh needs "
          + graph.rows() * graph.cols() + " cores, but there are " + meshCores.size() + " " + meshCores);
    }
    List<List<Integer>> pairs = new ArrayList<>();
    for (int r = 0; r < graph.rows(); r++) {
      for (int c = 0; c < graph.cols(); c++) {
        int here = meshCores.get(r * graph.cols() + c);
        if (c + 1 < graph.cols()) {
          pairs.add(List.of(here, meshCores.get(r * graph.cols() + c + 1)));
        }
        if (r + 1 < graph.rows()) {
          pairs.add(List.of(here, meshCores.get((r + 1) * graph.cols() + c)));
        }
      }
    }
    for (int s : special) {
      if (!ids.contains(s)) {
        throw InputException.in(file, "graph: core " + s + " is not a core");
      }
      meshCores.forEach(m -> pairs.add(List.of(m, s)));
    }
    return pairs.stream().map(p -> Readers.domain(file, () -> new Link("link_" + p.get(0) + "_" + p.get(1), p,
        graph.bandwidth(), graph.unitEnergyCost()))).toList();
  }

  /**
   * DRAM as described by the outermost memory of {@code core}: bandwidth of its read and write
   * ports (bits/cycle), energy per bit = access energy / port width, one shared port when a
   * port carries both reads and writes.
   */
  public static Dram dram(Path file, Core core) {
    if (core.memories().isEmpty()) {
      throw InputException.in(file, "the off-chip core " + core.name() + " has no memory");
    }
    MemoryLevel memory = core.memories().get(core.memories().size() - 1);
    Optional<MemoryPort> read = widest(memory, false);
    Optional<MemoryPort> write = widest(memory, true);
    if (read.isEmpty() || write.isEmpty()) {
      throw InputException.in(file, "memory " + memory.name() + " needs a port that reads and one that writes "
          + "to serve as DRAM");
    }
    boolean shared = memory.ports().stream().anyMatch(p -> carries(p, true) && carries(p, false));
    long readBw = read.get().maxBandwidthBits();
    long writeBw = write.get().maxBandwidthBits();
    return Readers.domain(file, () -> new Dram(readBw, writeBw, shared, memory.readEnergyPj() / readBw,
        memory.writeEnergyPj() / writeBw));
  }

  private static Optional<MemoryPort> widest(MemoryLevel memory, boolean writes) {
    return memory.ports().stream().filter(p -> carries(p, writes))
        .max((a, b) -> Integer.compare(a.maxBandwidthBits(), b.maxBandwidthBits()));
  }

  private static boolean carries(MemoryPort port, boolean writes) {
    return port.allocations().stream().map(PortAllocation::direction).anyMatch(d -> d.writes() == writes);
  }

  /** The core file {@code reference} names, looked up as the class comment says. */
  static Path resolve(Path acceleratorFile, String reference) {
    Path dir = acceleratorFile.toAbsolutePath().getParent();
    List<Path> candidates = new ArrayList<>();
    candidates.add(dir.resolve(reference));
    candidates.add(dir.resolve("cores").resolve(reference));
    int repo = reference.indexOf(REPOSITORY_PREFIX);
    List<Path> ancestors = Stream.iterate(dir, p -> p != null, Path::getParent).limit(3).toList();
    if (repo >= 0) {
      String inRepository = reference.substring(repo + REPOSITORY_PREFIX.length());
      ancestors.forEach(a -> candidates.add(a.resolve(inRepository)));
    }
    String fileName = Path.of(reference).getFileName().toString();
    for (Path ancestor : ancestors) {
      try (Stream<Path> children = Files.list(ancestor)) {
        children.filter(Files::isDirectory).sorted()
            .forEach(c -> candidates.add(c.resolve("hardware").resolve("cores").resolve(fileName)));
      } catch (IOException e) {
        // An unreadable folder has no core files for us: the remaining candidates decide.
      }
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::normalize)
        .orElseThrow(() -> InputException.in(acceleratorFile, "core file '" + reference + "' not found (looked in "
            + candidates.stream().map(p -> p.normalize().getParent().toString()).distinct()
                .collect(Collectors.joining(", ")) + ")"));
  }
}
