package org.laminar.yaml;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.Link;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.SharedMemory;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.io.InputException;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Shapes;
import org.laminar.workload.Workload;

/**
 * Laminar's own workload and accelerator format, in YAML or JSON (described in
 * {@code docs/FORMATS.md}). Every field is required but an accelerator's {@code shared_memories}
 * (none when left out); a file is recognised by its top-level {@code format: laminar/1}.
 */
public final class LaminarFormat {
  /** The value of the top-level {@code format} field. */
  public static final String VERSION = "laminar/1";

  private LaminarFormat() {
  }

  record WorkloadFile(
      @JsonProperty("format") String format,
      @JsonProperty("name") String name,
      @JsonProperty("layers") List<LayerEntry> layers) {
  }

  record LayerEntry(
      @JsonProperty("id") int id,
      @JsonProperty("name") String name,
      @JsonProperty("type") OperatorType type,
      @JsonProperty("op") String op,
      @JsonProperty("dims") Map<LoopDim, Integer> dims,
      @JsonProperty("stride") List<Integer> stride,
      @JsonProperty("dilation") List<Integer> dilation,
      @JsonProperty("padding") List<Integer> padding,
      @JsonProperty("precision") PrecisionEntry precision,
      @JsonProperty("sources") Map<Operand, List<Integer>> sources) {
  }

  record PrecisionEntry(
      @JsonProperty("W") int weight,
      @JsonProperty("I") int input,
      @JsonProperty("O") int partialOutput,
      @JsonProperty("O_final") int finalOutput) {
  }

  record AcceleratorFile(
      @JsonProperty("format") String format,
      @JsonProperty("name") String name,
      @JsonProperty("core_types") Map<String, CoreTypeEntry> coreTypes,
      @JsonProperty("cores") List<CoreEntry> cores,
      @JsonProperty("links") List<LinkEntry> links,
      @JsonProperty("dram") DramEntry dram,
      @JacksonInject(YamlFiles.NONE) @JsonInclude(JsonInclude.Include.NON_EMPTY)
      @JsonProperty("shared_memories") List<SharedMemoryEntry> sharedMemories) {
  }

  record SharedMemoryEntry(
      @JsonProperty("name") String name,
      @JsonProperty("cores") List<Integer> cores,
      @JsonProperty("memory") String memory) {
  }

  record CoreTypeEntry(
      @JsonProperty("array") ArrayEntry array,
      @JacksonInject(YamlFiles.ABSENT) @JsonInclude(JsonInclude.Include.NON_NULL)
      @JsonProperty("dataflow") Map<String, Map<LoopDim, Integer>> dataflow,
      @JsonProperty("memories") List<MemoryEntry> memories) {
  }

  record ArrayEntry(
      @JsonProperty("mac_energy_pJ") double macEnergyPj,
      @JsonProperty("dimensions") Map<String, Integer> dimensions) {
  }

  record MemoryEntry(
      @JsonProperty("name") String name,
      @JsonProperty("size_bits") long sizeBits,
      @JsonProperty("read_energy_pJ") double readEnergyPj,
      @JsonProperty("write_energy_pJ") double writeEnergyPj,
      @JsonProperty("operands") List<MemoryOperand> operands,
      @JsonProperty("served_dimensions") List<String> servedDimensions,
      @JsonProperty("ports") List<PortEntry> ports) {
  }

  record PortEntry(
      @JsonProperty("name") String name,
      @JsonProperty("type") MemoryPort.Type type,
      @JsonProperty("min_bandwidth_bits") int minBandwidthBits,
      @JsonProperty("max_bandwidth_bits") int maxBandwidthBits,
      @JsonProperty("carries") Map<MemoryOperand, List<DataDirection>> carries) {
  }

  record CoreEntry(@JsonProperty("id") int id, @JsonProperty("type") String type) {
  }

  record LinkEntry(
      @JsonProperty("name") String name,
      @JsonProperty("cores") List<Integer> cores,
      @JsonProperty("bandwidth_bits") long bandwidthBits,
      @JsonProperty("energy_per_bit_pJ") double energyPerBitPj) {
  }

  record DramEntry(
      @JsonProperty("read_bandwidth_bits") long readBandwidthBits,
      @JsonProperty("write_bandwidth_bits") long writeBandwidthBits,
      @JsonProperty("shared_port") boolean sharedPort,
      @JsonProperty("read_energy_per_bit_pJ") double readEnergyPerBitPj,
      @JsonProperty("write_energy_per_bit_pJ") double writeEnergyPerBitPj) {
  }

  /** Reads a Laminar workload. */
  public static Workload readWorkload(YamlFiles.Source source) {
    WorkloadFile file = YamlFiles.read(source, YamlFiles.laminar(source), WorkloadFile.class);
    checkVersion(source, file.format());
    List<Layer> layers = new ArrayList<>();
    for (LayerEntry l : file.layers()) {
      String where = source.label() + ": layer '" + l.name() + "'";
      pairs(where, "stride", l.stride(), 2);
      pairs(where, "dilation", l.dilation(), 2);
      pairs(where, "padding [top, bottom, left, right]", l.padding(), 4);
      PrecisionEntry p = l.precision();
      layers.add(Readers.domain(source.label(), () -> new Layer(l.id(), l.name(), l.type(), l.op(), l.dims(),
          l.stride().get(0), l.stride().get(1), l.dilation().get(0), l.dilation().get(1),
          new Padding(l.padding().get(0), l.padding().get(1), l.padding().get(2), l.padding().get(3)),
          new Precision(p.weight(), p.input(), p.partialOutput(), p.finalOutput()), l.sources())));
    }
    return Readers.domain(source.label(), () -> Shapes.checked(new Workload(file.name(), layers)));
  }

  /** Reads a Laminar accelerator. */
  public static Accelerator readAccelerator(YamlFiles.Source source) {
    AcceleratorFile file = YamlFiles.read(source, YamlFiles.laminar(source), AcceleratorFile.class);
    checkVersion(source, file.format());
    List<Core> cores = new ArrayList<>();
    for (CoreEntry c : file.cores()) {
      CoreTypeEntry type = file.coreTypes().get(c.type());
      if (type == null) {
        throw new InputException(source.label() + ": core " + c.id() + " has type '" + c.type()
            + "', which core_types does not define (defined: " + file.coreTypes().keySet() + ")");
      }
      cores.add(Readers.domain(source.label(), () -> core(c, type)));
    }
    List<Link> links = new ArrayList<>();
    for (LinkEntry l : file.links()) {
      links.add(Readers.domain(source.label(), () -> new Link(l.name(), l.cores(), l.bandwidthBits(),
          l.energyPerBitPj())));
    }
    List<SharedMemory> shared = new ArrayList<>();
    for (SharedMemoryEntry m : file.sharedMemories()) {
      shared.add(Readers.domain(source.label(), () -> new SharedMemory(m.name(), m.cores(), m.memory())));
    }
    DramEntry d = file.dram();
    return Readers.domain(source.label(), () -> new Accelerator(file.name(), cores, links,
        new Dram(d.readBandwidthBits(), d.writeBandwidthBits(), d.sharedPort(), d.readEnergyPerBitPj(),
            d.writeEnergyPerBitPj()), shared));
  }

  private static void checkVersion(YamlFiles.Source source, String format) {
    if (!VERSION.equals(format)) {
      throw new InputException(source.label() + ": format '" + format + "' is not supported; expected " + VERSION);
    }
  }

  private static void pairs(String where, String field, List<Integer> values, int size) {
    if (values.size() != size) {
      throw new InputException(where + ": " + field + " needs " + size + " numbers, got " + values);
    }
  }

  private static Core core(CoreEntry entry, CoreTypeEntry type) {
    List<MemoryLevel> memories = new ArrayList<>();
    for (MemoryEntry m : type.memories()) {
      List<MemoryPort> ports = new ArrayList<>();
      for (PortEntry p : m.ports()) {
        List<PortAllocation> allocations = new ArrayList<>();
        p.carries().forEach((operand, directions) -> directions.forEach(
            d -> allocations.add(new PortAllocation(operand, d))));
        ports.add(new MemoryPort(p.name(), p.type(), p.minBandwidthBits(), p.maxBandwidthBits(), allocations));
      }
      memories.add(new MemoryLevel(m.name(), m.sizeBits(), m.readEnergyPj(), m.writeEnergyPj(),
          Set.copyOf(m.operands()), ports, Set.copyOf(m.servedDimensions())));
    }
    return new Core(entry.id(), entry.type(), new OperationalArray(type.array().macEnergyPj(),
        type.array().dimensions()), memories, dataflow(type.dataflow()));
  }

  /** No {@code dataflow}: the cost model generates the unrolling per layer, as for a ZigZag core without one. */
  private static SpatialUnrolling dataflow(Map<String, Map<LoopDim, Integer>> entry) {
    if (entry == YamlFiles.ABSENT_MAP) {
      return SpatialUnrolling.GENERATED;
    }
    Map<String, List<Unroll>> dataflow = new LinkedHashMap<>();
    entry.forEach((arrayDim, unrolls) -> {
      List<Unroll> list = new ArrayList<>();
      unrolls.forEach((dim, factor) -> list.add(new Unroll(dim, factor)));
      dataflow.put(arrayDim, list);
    });
    return new SpatialUnrolling(dataflow);
  }

  /** {@code workload} in Laminar's format, as JSON or YAML text. */
  public static String write(Workload workload, boolean json) {
    List<LayerEntry> layers = new ArrayList<>();
    for (Layer l : workload.layers()) {
      Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
      l.dims().forEach((d, size) -> {
        if (size != 1) {
          dims.put(d, size);
        }
      });
      Padding pad = l.padding();
      Precision p = l.precision();
      layers.add(new LayerEntry(l.id(), l.name(), l.type(), l.opName(), dims, List.of(l.strideY(), l.strideX()),
          List.of(l.dilationY(), l.dilationX()), List.of(pad.top(), pad.bottom(), pad.left(), pad.right()),
          new PrecisionEntry(p.weightBits(), p.inputBits(), p.partialOutputBits(), p.finalOutputBits()),
          l.producers()));
    }
    return text(new WorkloadFile(VERSION, workload.name(), layers), json);
  }

  /**
   * {@code accelerator} in Laminar's format, as JSON or YAML text. Cores of one name become one
   * core type.
   *
   * @throws IllegalArgumentException when two different cores share a name
   */
  public static String write(Accelerator accelerator, boolean json) {
    Map<String, CoreTypeEntry> types = new LinkedHashMap<>();
    Map<String, Core> firstOfType = new LinkedHashMap<>();
    List<CoreEntry> cores = new ArrayList<>();
    for (Core c : accelerator.cores()) {
      Core first = firstOfType.putIfAbsent(c.name(), c);
      if (first == null) {
        types.put(c.name(), coreType(c));
      } else if (!sameType(first, c)) {
        throw new IllegalArgumentException("accelerator " + accelerator.name() + ": cores " + first.id() + " and "
            + c.id() + " are both named " + c.name() + " but differ; give them different names");
      }
      cores.add(new CoreEntry(c.id(), c.name()));
    }
    List<LinkEntry> links = accelerator.links().stream()
        .map(l -> new LinkEntry(l.name(), l.cores(), l.bandwidthBits(), l.energyPerBitPj())).toList();
    List<SharedMemoryEntry> shared = accelerator.sharedMemories().stream()
        .map(m -> new SharedMemoryEntry(m.name(), m.cores(), m.memory())).toList();
    Dram d = accelerator.dram();
    return text(new AcceleratorFile(VERSION, accelerator.name(), types, cores, links, new DramEntry(
        d.readBandwidthBits(), d.writeBandwidthBits(), d.sharedPort(), d.readEnergyPerBitPj(),
        d.writeEnergyPerBitPj()), shared), json);
  }

  private static boolean sameType(Core a, Core b) {
    return a.array().equals(b.array()) && a.memories().equals(b.memories()) && a.dataflow().equals(b.dataflow());
  }

  private static CoreTypeEntry coreType(Core c) {
    // Refused rather than written as a digital array, which would read back with other costs.
    checkArgument(c.array().imc().isEmpty(), "core %s: Laminar's format cannot describe an in-memory-computing "
        + "array yet; keep it in ZigZag's format", c.name());
    checkArgument(c.array().fixedRate().isEmpty(), "core %s: Laminar's format cannot describe an AIE compute tile "
        + "(a fixed MAC rate, no PE array) yet; keep it in Stream's format", c.name());
    Map<String, Map<LoopDim, Integer>> dataflow = c.dataflow().generated() ? null : new LinkedHashMap<>();
    c.dataflow().byArrayDimension().forEach((arrayDim, unrolls) -> {
      Map<LoopDim, Integer> factors = new LinkedHashMap<>();
      unrolls.forEach(u -> factors.merge(u.dim(), u.factor(), (a, b) -> a * b));
      dataflow.put(arrayDim, factors);
    });
    List<MemoryEntry> memories = new ArrayList<>();
    for (MemoryLevel m : c.memories()) {
      List<PortEntry> ports = new ArrayList<>();
      for (MemoryPort p : m.ports()) {
        Map<MemoryOperand, List<DataDirection>> carries = new EnumMap<>(MemoryOperand.class);
        p.allocations().forEach(a -> carries.computeIfAbsent(a.operand(), o -> new ArrayList<>()).add(a.direction()));
        ports.add(new PortEntry(p.name(), p.type(), p.minBandwidthBits(), p.maxBandwidthBits(), carries));
      }
      memories.add(new MemoryEntry(m.name(), m.sizeBits(), m.readEnergyPj(), m.writeEnergyPj(),
          m.operands().stream().sorted().toList(),
          m.servedDimensions().stream().sorted().toList(), ports));
    }
    return new CoreTypeEntry(new ArrayEntry(c.array().macEnergyPj(), c.array().dimensions()), dataflow, memories);
  }

  private static String text(Object value, boolean json) {
    try {
      return YamlFiles.laminar(json).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
