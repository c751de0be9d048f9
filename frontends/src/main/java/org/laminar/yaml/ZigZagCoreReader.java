package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.ImcArray;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.io.InputException;
import org.laminar.workload.LoopDim;

/**
 * Reads a ZigZag core description ({@code memories}, {@code operational_array}, optional
 * {@code dataflows}) into a {@link Core}. Memories are listed innermost first, as ZigZag does.
 *
 * <p>Two generations of the format load:
 * <ul>
 *   <li>Stream's: {@code r_bw}/{@code w_bw} (bits/cycle), {@code min_r_granularity}/
 *       {@code min_w_granularity}, port counts {@code r_port}/{@code w_port}/{@code rw_port}
 *       (ports named {@code r_port_1}, {@code w_port_1}, {@code rw_port_1}, ...) and {@code ports}
 *       as one map per operand, in the order of {@code operands}, from direction
 *       ({@code fh, tl, fl, th}) to port name. A read port carries {@code r_bw} bits per cycle at
 *       most and {@code min_r_granularity} (default {@code r_bw}) at least; a write port the same
 *       with the {@code w_} keys; a read-write port the larger bandwidth and the smaller granularity.
 *   <li>ZigZag's current one: {@code ports} as a list of named ports with {@code type},
 *       {@code bandwidth_min}, {@code bandwidth_max} and {@code allocation: ["I1, tl", ...]}.
 * </ul>
 * {@code multipliers} is accepted for {@code operational_array} (older files). A dataflow entry
 * unrolling a loop dimension Laminar does not have (e.g. FuseMax's {@code D}) is dropped: no
 * Laminar layer has that dimension, so it has size 1 there and unrolling it changes nothing.
 * {@code D0}, {@code D1}, {@code D2} in a dataflow are the GEMM dimensions (→ OY, K, C).
 * A core without {@code dataflows} gets {@link SpatialUnrolling#GENERATED}: the cost model
 * generates each layer's unrolling, as ZigZag and Stream do.
 *
 * <p>Fields of ZigZag's current schema that are accepted and ignored, and why: {@code area},
 * {@code unit_area} (area is not modelled); {@code latency} (ZigZag's cost model does not read a
 * memory's access latency either); {@code auto_cost_extraction} and {@code mem_type} (they drive
 * ZigZag's CACTI cost extraction, which Laminar does not run: the file's {@code r_cost}/{@code
 * w_cost} are used, so a file that leaves them to CACTI is refused); {@code force_double_buffering}
 * (ZigZag stores it on the memory instance but its cost model, at its current version, never
 * reads it). Stream's additions: {@code type} ({@link StreamCoreKind}: {@code [zigzag.]compute},
 * {@code memory}, {@code shim} or {@code offchip}, what a Stream accelerator does with each being
 * {@link StreamAcceleratorReader}'s; an {@code aie2} type makes the file an AIE tile's, read by
 * {@link AieTileReader}), {@code operator_types} (Stream's automatic core choice and utilisation
 * statistics; Laminar's cores are chosen by the mapping's {@code core_allocation}) and
 * {@code operand_precision} (number formats for Stream's hardware area and energy estimate; a
 * layer's precisions come from the workload). Any other unknown field is refused, naming the
 * closest known one.
 */
public final class ZigZagCoreReader {

  private ZigZagCoreReader() {
  }

  @JsonIgnoreProperties({"area", "latency", "mem_type", "force_double_buffering"})
  record MemoryFile(
      @JsonProperty(value = "size", required = true) long size,
      @JsonProperty("r_bw") Integer readBandwidth,
      @JsonProperty("w_bw") Integer writeBandwidth,
      @JsonProperty("r_cost") Double readCost,
      @JsonProperty("w_cost") Double writeCost,
      @JsonProperty("auto_cost_extraction") Boolean autoCostExtraction,
      @JsonProperty("r_port") Integer readPorts,
      @JsonProperty("w_port") Integer writePorts,
      @JsonProperty("rw_port") Integer readWritePorts,
      @JsonProperty("min_r_granularity") Integer minReadGranularity,
      @JsonProperty("min_w_granularity") Integer minWriteGranularity,
      @JsonProperty(value = "operands", required = true) List<String> operands,
      @JsonProperty(value = "ports", required = true) List<JsonNode> ports,
      @JsonProperty("served_dimensions") List<String> servedDimensions) {
  }

  @JsonIgnoreProperties({"unit_area"})
  record ArrayFile(
      @JsonProperty("is_imc") Boolean inMemoryComputing,
      @JsonProperty("imc_type") String imcType,
      @JsonProperty("input_precision") List<Integer> inputPrecision,
      @JsonProperty("bit_serial_precision") Double bitSerialPrecision,
      @JsonProperty("adc_resolution") Double adcResolution,
      @JsonProperty("unit_energy") Double unitEnergy,
      @JsonProperty(value = "dimensions", required = true) List<String> dimensions,
      @JsonProperty(value = "sizes", required = true) List<Integer> sizes) {
  }

  /**
   * A core file. Stream adds {@code type} (checked in {@link #toCore}), {@code operator_types} and
   * {@code operand_precision}; the last two are accepted and ignored (see the class comment).
   */
  @JsonIgnoreProperties({"operator_types", "operand_precision"})
  record CoreFile(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty("type") String type,
      @JsonProperty(value = "memories", required = true) LinkedHashMap<String, MemoryFile> memories,
      @JsonProperty("operational_array") ArrayFile operationalArray,
      @JsonProperty("multipliers") ArrayFile multipliers,
      @JsonProperty("dataflows") LinkedHashMap<String, List<String>> dataflows) {
  }

  record NamedPort(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "type", required = true) String type,
      @JsonProperty(value = "bandwidth_min", required = true) int bandwidthMin,
      @JsonProperty(value = "bandwidth_max", required = true) int bandwidthMax,
      @JsonProperty(value = "allocation", required = true) List<String> allocation) {
  }

  /** Reads the core in {@code file} with id 0. */
  public static Core read(Path file) {
    return read(file, 0);
  }

  /** Reads the core in {@code file}, giving it {@code id}. */
  public static Core read(Path file, int id) {
    return read(file, id, null);
  }

  /**
   * Reads the core in {@code file}, giving it {@code id} and, when {@code name} is not null, that
   * name instead of the file's.
   */
  public static Core read(Path file, int id, String name) {
    if (aieTile(file)) {
      AieTileReader.TileFile tile = AieTileReader.parse(file);
      return Readers.domain(file, () -> AieTileReader.toCore(file, tile, id, name == null ? tile.name() : name));
    }
    CoreFile core = parse(file);
    return Readers.domain(file, () -> toCore(file, core, id, name == null ? core.name() : name));
  }

  /** The name and kind a core file declares. */
  record Declared(String name, StreamCoreKind kind) {
  }

  /** What the core file {@code file} (a ZigZag core's or an AIE tile's) declares. */
  static Declared declared(Path file) {
    if (aieTile(file)) {
      AieTileReader.TileFile tile = AieTileReader.parse(file);
      return new Declared(tile.name(), StreamCoreKind.of(file, tile.name(), tile.type()));
    }
    CoreFile core = parse(file);
    return new Declared(core.name(), kind(file, core));
  }

  /** Whether {@code file} describes an AIE tile ({@link AieTileReader}) rather than a ZigZag core. */
  private static boolean aieTile(Path file) {
    JsonNode type = YamlFiles.tree(YamlFiles.file(file)).path("type");
    return type.isTextual() && StreamCoreKind.aieTile(type.asText());
  }

  /**
   * The parsed ZigZag core file. Its {@code type} is looked at first: a type that is no Stream
   * core's is clearer to hear of than the first field the file lacks.
   */
  private static CoreFile parse(Path file) {
    JsonNode tree = YamlFiles.tree(YamlFiles.file(file));
    if (tree.path("type").isTextual()) {
      StreamCoreKind.of(file, tree.path("name").asText("?"), tree.path("type").asText());
    }
    return YamlFiles.read(file, YamlFiles.yaml(), CoreFile.class);
  }

  /** The kind of core {@code core} (read from {@code file}) is. */
  private static StreamCoreKind kind(Path file, CoreFile core) {
    return StreamCoreKind.of(file, core.name(), core.type());
  }

  static Core toCore(Path file, CoreFile core, int id, String name) {
    kind(file, core);
    List<MemoryLevel> memories = new ArrayList<>();
    core.memories().forEach((memoryName, memory) -> memories.add(memory(file, memoryName, memory)));
    return new Core(id, name, array(file, core), memories, dataflow(file, core.dataflows()));
  }

  private static OperationalArray array(Path file, CoreFile core) {
    ArrayFile array = core.operationalArray() != null ? core.operationalArray() : core.multipliers();
    if (array == null) {
      throw InputException.in(file, "core " + core.name() + " has no operational_array");
    }
    if (array.dimensions().size() != array.sizes().size()) {
      throw InputException.in(file, "operational_array: " + array.dimensions().size() + " dimensions but "
          + array.sizes().size() + " sizes");
    }
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (int i = 0; i < array.dimensions().size(); i++) {
      dims.put(array.dimensions().get(i), array.sizes().get(i));
    }
    if (Boolean.TRUE.equals(array.inMemoryComputing())) {
      ImcArray macro = imcArray(file, core, array, dims);
      return Readers.domain(file, () -> new OperationalArray(0, dims, Optional.of(macro)));
    }
    List<String> imcOnly = imcOnlyFields(array);
    if (!imcOnly.isEmpty()) {
      throw InputException.in(file, "core " + core.name() + ": operational_array: " + imcOnly + " describe an "
          + "in-memory-computing array; set is_imc: true or remove them");
    }
    if (array.unitEnergy() == null) {
      throw InputException.in(file, "operational_array: missing field 'unit_energy'");
    }
    return new OperationalArray(array.unitEnergy(), dims);
  }

  /**
   * ZigZag's IMC array: {@code imc_type} (analog/digital), {@code input_precision [activation,
   * weight]}, {@code bit_serial_precision}, {@code adc_resolution} (analog only), and the memory
   * named {@code cells} holding the weights. As in ZigZag, the wordline dimension is the first
   * array dimension by name, the bitline dimension the second, the rest count macros.
   */
  private static ImcArray imcArray(Path file, CoreFile core, ArrayFile array, Map<String, Integer> dims) {
    String where = "core " + core.name() + ": operational_array";
    if (array.imcType() == null || array.inputPrecision() == null || array.bitSerialPrecision() == null) {
      throw InputException.in(file, where + ": an IMC array (is_imc: true) needs imc_type, input_precision and "
          + "bit_serial_precision");
    }
    if (array.unitEnergy() != null) {
      throw InputException.in(file, where + ": an IMC array has no unit_energy (its circuits are costed)");
    }
    ImcArray.Type type = switch (array.imcType().toLowerCase(Locale.ROOT)) {
      case "analog" -> ImcArray.Type.ANALOG;
      case "digital" -> ImcArray.Type.DIGITAL;
      default -> throw InputException.in(file, where + ": imc_type '" + array.imcType()
          + "'; expected analog or digital");
    };
    if (array.inputPrecision().size() != 2) {
      throw InputException.in(file, where + ": input_precision must be [activation bits, weight bits], got "
          + array.inputPrecision());
    }
    if (type == ImcArray.Type.ANALOG && array.adcResolution() == null) {
      throw InputException.in(file, where + ": an analog IMC array needs adc_resolution");
    }
    if (dims.size() < 2) {
      throw InputException.in(file, where + ": an IMC array needs a wordline and a bitline dimension, has "
          + dims.keySet());
    }
    MemoryFile cells = core.memories().get("cells");
    if (cells == null) {
      throw InputException.in(file, "core " + core.name() + ": an IMC array needs the memory 'cells' holding "
          + "its weights");
    }
    List<String> byName = dims.keySet().stream().sorted().toList();
    int banks = byName.subList(2, byName.size()).stream().mapToInt(dims::get).reduce(1, (a, b) -> a * b);
    int adc = array.adcResolution() == null ? 0 : wholeBits(file, where, "adc_resolution", array.adcResolution());
    int bitSerial = wholeBits(file, where, "bit_serial_precision", array.bitSerialPrecision());
    return Readers.domain(file, () -> new ImcArray(type, array.inputPrecision().get(0), array.inputPrecision().get(1),
        bitSerial, adc, Math.toIntExact(cells.size()), byName.get(0), dims.get(byName.get(0)),
        byName.get(1), dims.get(byName.get(1)), banks));
  }

  /** A bit count, typed as a number by ZigZag: {@code 4} and {@code 4.0} are 4 bits. */
  private static int wholeBits(Path file, String where, String field, double value) {
    if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
      throw InputException.in(file, where + ": " + field + " is a whole number of bits, got " + value);
    }
    return (int) value;
  }

  /** The IMC fields set on {@code array} ({@code input_precision} is ZigZag's for every array). */
  private static List<String> imcOnlyFields(ArrayFile array) {
    List<String> fields = new ArrayList<>();
    if (array.imcType() != null) {
      fields.add("imc_type");
    }
    if (array.bitSerialPrecision() != null) {
      fields.add("bit_serial_precision");
    }
    // ZigZag's default adc_resolution is 0, which its validator accepts on any array.
    if (array.adcResolution() != null && array.adcResolution() != 0) {
      fields.add("adc_resolution");
    }
    return fields;
  }

  static SpatialUnrolling dataflow(Path file, Map<String, List<String>> dataflows) {
    if (dataflows == null) {
      return SpatialUnrolling.GENERATED;
    }
    Map<String, List<Unroll>> unrolling = new LinkedHashMap<>();
    dataflows.forEach((arrayDim, entries) -> {
      List<Unroll> unrolls = new ArrayList<>();
      for (String entry : entries) {
        String[] parts = entry.split(",");
        if (parts.length != 2) {
          throw InputException.in(file, "dataflows." + arrayDim + ": expected 'DIM, FACTOR', got '" + entry + "'");
        }
        int factor = Readers.integer(file, parts[1].trim(), "dataflows." + arrayDim);
        loopDim(parts[0].trim()).ifPresent(dim -> unrolls.add(new Unroll(dim, factor)));
      }
      unrolling.put(arrayDim, unrolls);
    });
    return new SpatialUnrolling(unrolling);
  }

  /** A loop dimension by ZigZag name; GEMM's D0/D1/D2 are OY/K/C; other names are not Laminar's. */
  static Optional<LoopDim> loopDim(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "D0" -> Optional.of(LoopDim.OY);
      case "D1" -> Optional.of(LoopDim.K);
      case "D2" -> Optional.of(LoopDim.C);
      default -> Arrays.stream(LoopDim.values()).filter(d -> d.name().equals(upper)).findFirst();
    };
  }

  private static MemoryLevel memory(Path file, String name, MemoryFile memory) {
    String where = "memory " + name;
    if (memory.readCost() == null || memory.writeCost() == null) {
      throw InputException.in(file, where + ": r_cost and w_cost (pJ per access) are required"
          + (Boolean.TRUE.equals(memory.autoCostExtraction()) ? "; auto_cost_extraction has ZigZag estimate them "
          + "with CACTI, which Laminar does not run: copy the costs ZigZag reports into the file" : ""));
    }
    Set<MemoryOperand> operands = EnumSet.noneOf(MemoryOperand.class);
    for (String operand : memory.operands()) {
      operands.add(memoryOperand(file, operand, where));
    }
    boolean named = !memory.ports().isEmpty() && memory.ports().get(0).has("name");
    List<MemoryPort> ports = named ? namedPorts(file, where, memory) : countedPorts(file, where, memory);
    List<String> served = memory.servedDimensions() == null ? List.of() : memory.servedDimensions();
    return Readers.domain(file, () -> new MemoryLevel(name, memory.size(), memory.readCost(), memory.writeCost(),
        operands, ports, Set.copyOf(served)));
  }

  private static List<MemoryPort> namedPorts(Path file, String where, MemoryFile memory) {
    List<MemoryPort> ports = new ArrayList<>();
    for (JsonNode node : memory.ports()) {
      NamedPort port = YamlFiles.convert(file, node, NamedPort.class, where + ": port");
      MemoryPort.Type type = switch (port.type().toLowerCase(Locale.ROOT)) {
        case "read" -> MemoryPort.Type.READ;
        case "write" -> MemoryPort.Type.WRITE;
        case "read_write" -> MemoryPort.Type.READ_WRITE;
        default -> throw InputException.in(file, where + ": port " + port.name() + " has type '" + port.type()
            + "'; expected read, write or read_write");
      };
      List<PortAllocation> allocations = new ArrayList<>();
      for (String allocation : port.allocation()) {
        String[] parts = allocation.split(",");
        if (parts.length != 2) {
          throw InputException.in(file, where + ": port " + port.name() + ": allocation '" + allocation
              + "' is not 'OPERAND, DIRECTION'");
        }
        allocations.add(new PortAllocation(memoryOperand(file, parts[0].trim(), where),
            direction(file, parts[1].trim(), where)));
      }
      ports.add(Readers.domain(file, () -> new MemoryPort(port.name(), type, port.bandwidthMin(),
          port.bandwidthMax(), allocations)));
    }
    return ports;
  }

  private static List<MemoryPort> countedPorts(Path file, String where, MemoryFile memory) {
    if (memory.ports().size() != memory.operands().size()) {
      throw InputException.in(file, where + ": " + memory.ports().size() + " port maps for "
          + memory.operands().size() + " operands; give one map per operand, in the order of 'operands'");
    }
    if (memory.readBandwidth() == null || memory.writeBandwidth() == null) {
      throw InputException.in(file, where + ": r_bw and w_bw are required with per-operand port maps");
    }
    int readBw = memory.readBandwidth();
    int writeBw = memory.writeBandwidth();
    int minRead = memory.minReadGranularity() == null ? readBw : memory.minReadGranularity();
    int minWrite = memory.minWriteGranularity() == null ? writeBw : memory.minWriteGranularity();
    Map<String, PortSpec> specs = new LinkedHashMap<>();
    addPorts(specs, "r_port", memory.readPorts(), MemoryPort.Type.READ, minRead, readBw);
    addPorts(specs, "w_port", memory.writePorts(), MemoryPort.Type.WRITE, minWrite, writeBw);
    addPorts(specs, "rw_port", memory.readWritePorts(), MemoryPort.Type.READ_WRITE, Math.min(minRead, minWrite),
        Math.max(readBw, writeBw));
    for (int i = 0; i < memory.ports().size(); i++) {
      MemoryOperand operand = memoryOperand(file, memory.operands().get(i), where);
      JsonNode map = memory.ports().get(i);
      if (!map.isObject()) {
        throw InputException.in(file, where + ": ports[" + i + "] must map directions (fh, tl, fl, th) to port names");
      }
      for (Map.Entry<String, JsonNode> entry : map.properties()) {
        PortSpec spec = specs.get(entry.getValue().asText());
        if (spec == null) {
          throw InputException.in(file, where + ": ports[" + i + "]." + entry.getKey() + " names port '"
              + entry.getValue().asText() + "', which the port counts do not declare (have " + specs.keySet() + ")");
        }
        spec.allocations.add(new PortAllocation(operand, direction(file, entry.getKey(), where)));
      }
    }
    List<MemoryPort> ports = new ArrayList<>();
    specs.forEach((portName, spec) -> ports.add(Readers.domain(file,
        () -> new MemoryPort(portName, spec.type, spec.min, spec.max, spec.allocations))));
    return ports;
  }

  private static void addPorts(Map<String, PortSpec> specs, String prefix, Integer count, MemoryPort.Type type,
      int min, int max) {
    for (int i = 1; count != null && i <= count; i++) {
      specs.put(prefix + "_" + i, new PortSpec(type, Math.min(min, max), max, new ArrayList<>()));
    }
  }

  private record PortSpec(MemoryPort.Type type, int min, int max, List<PortAllocation> allocations) {
  }

  static MemoryOperand memoryOperand(Path file, String operand, String where) {
    try {
      return MemoryOperand.valueOf(operand.trim());
    } catch (IllegalArgumentException e) {
      throw InputException.in(file, where + ": unknown memory operand '" + operand + "'; expected I1, I2 or O", e);
    }
  }

  private static DataDirection direction(Path file, String direction, String where) {
    try {
      return DataDirection.valueOf(direction.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InputException.in(file, where + ": unknown data direction '" + direction + "'; expected fh, tl, fl or th",
          e);
    }
  }
}
