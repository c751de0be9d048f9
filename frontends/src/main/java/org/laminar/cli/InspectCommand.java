package org.laminar.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.FixedRateArray;
import org.laminar.hardware.Link;
import org.laminar.hardware.SharedMemory;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.io.InputException;
import org.laminar.io.Inputs;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.TrainingStep;
import org.laminar.workload.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code laminar inspect}: what Laminar reads from a workload and an accelerator — layers with
 * their dimensions, MACs and data sizes; cores with their arrays, memories and dataflows; links
 * and DRAM — as text or JSON. {@code --list} shows the bundled instances and benchmark suites.
 */
@Command(
    name = "inspect",
    header = "Show a workload and an accelerator as Laminar reads them.",
    description = "Shows a workload (layers, dimensions, MACs, weight and output bits) and an accelerator "
        + "(cores, memories, dataflows, links, DRAM) as Laminar reads them. Both are file paths "
        + "(Laminar, ZigZag or Stream YAML, JSON, ONNX) or names of bundled instances (see --list).",
    resourceBundle = "org.laminar.cli.InspectCommand$Texts")
public final class InspectCommand implements Callable<Integer> {
  /** Neither input has a default: with none, the bundled instances are listed. */
  public static final class Texts extends CommandTexts {
    public Texts() {
      super(InputOptions.Input.OPTIONAL, InputOptions.Input.OPTIONAL,
          ": the workload's and the accelerator's summaries (with --list, the bundled instances)");
    }
  }

  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input = new InputOptions();

  @Mixin
  JsonOption json = new JsonOption();

  @Option(names = "--list", description = "list the bundled workloads, accelerators and benchmark suites")
  boolean list;

  @Option(names = "--training", description = "show one training step of the workload (forward, backward and "
      + "weight-update layers) instead of its inference")
  boolean training;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    boolean nothingAsked = input.workload == null && input.hardware == null;
    Map<String, Object> report = new LinkedHashMap<>();
    if (list || nothingAsked) {
      report.put("bundled", Inputs.bundled());
    }
    if (input.workload != null) {
      Workload w = Inputs.workload(input.workload);
      report.put("workload", WorkloadSummary.of(training ? InputException.at("--training", () -> TrainingStep.of(w)) : w));
    }
    if (input.hardware != null) {
      report.put("accelerator", AcceleratorSummary.of(Inputs.accelerator(input.hardware)));
    }
    if (json.on) {
      out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build().writeValueAsString(report));
    } else {
      print(out, report);
      if (nothingAsked && !list) {
        out.println();
        out.println("Try: laminar inspect --workload resnet18 --hardware quad-core");
      }
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, Map<String, Object> report) {
    String separator = "";
    for (Object part : report.values()) {
      out.print(separator);
      separator = System.lineSeparator();
      if (part instanceof WorkloadSummary w) {
        w.print(out);
      } else if (part instanceof AcceleratorSummary a) {
        a.print(out);
      } else {
        printBundled(out, Inputs.bundled());
      }
    }
  }

  private static void printBundled(PrintWriter out, List<Inputs.Bundled> bundled) {
    String kind = "";
    for (Inputs.Bundled b : bundled) {
      if (!b.kind().equals(kind)) {
        kind = b.kind();
        out.println("Bundled " + kind + "s:");
      }
      // A suite's members follow its description, one per line, indented under it.
      out.printf("  %-14s %s%n", b.name(), b.description().replace(System.lineSeparator(),
          System.lineSeparator() + "    - "));
    }
  }

  /** One layer as shown. */
  record LayerSummary(int id, String name, String type, String op, Map<LoopDim, Integer> dims, List<Integer> stride,
      List<Integer> padding, Map<Operand, List<Integer>> sources, long macs, long weightBits, long outputBits) {

    static LayerSummary of(Layer l) {
      Map<LoopDim, Integer> dims = new LinkedHashMap<>();
      l.dims().forEach((d, size) -> {
        if (size != 1) {
          dims.put(d, size);
        }
      });
      return new LayerSummary(l.id(), l.name(), l.type().name(), l.opName(), dims, List.of(l.strideY(), l.strideX()),
          List.of(l.padding().top(), l.padding().bottom(), l.padding().left(), l.padding().right()), l.producers(),
          l.macs(), l.weightBits(), l.outputBits());
    }

    String dimsText() {
      String text = dims.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
          .collect(Collectors.joining(", "));
      return stride.get(0) * stride.get(1) > 1 ? text + ", stride " + stride.get(0) + "x" + stride.get(1) : text;
    }
  }

  /**
   * A workload as shown: its layers and totals. {@code macs} counts every layer's operations
   * (element operations for pooling, element-wise and activation layers); {@code computeMacs} only
   * those of CONV and GEMM layers, the figure published for networks.
   */
  record WorkloadSummary(String name, List<LayerSummary> layers, long macs, long computeMacs, long weightBits,
      long outputBits) {

    static WorkloadSummary of(Workload w) {
      List<LayerSummary> layers = w.layers().stream().map(LayerSummary::of).toList();
      return new WorkloadSummary(w.name(), layers, w.macs(), w.computeMacs(),
          layers.stream().mapToLong(LayerSummary::weightBits).sum(),
          layers.stream().mapToLong(LayerSummary::outputBits).sum());
    }

    void print(PrintWriter out) {
      String compute = computeMacs == macs ? "" : " (" + count(computeMacs) + " in CONV/GEMM layers)";
      out.printf("Workload %s: %s, %s MACs%s, weights %s, outputs %s%n", name, plural(layers.size(), "layer"),
          count(macs), compute, bits(weightBits), bits(outputBits));
      int nameWidth = Math.max(5, layers.stream().mapToInt(l -> l.name().length()).max().orElse(0));
      int dimsWidth = layers.stream().mapToInt(l -> l.dimsText().length()).max().orElse(0);
      String row = "  %4s  %-" + nameWidth + "s  %-11s  %-" + dimsWidth + "s  %15s  %12s  %12s%n";
      out.printf(row, "id", "name", "type", "dimensions", "MACs", "weight bits", "output bits");
      for (LayerSummary l : layers) {
        out.printf(row, l.id(), l.name(), l.type(), l.dimsText(), l.macs(), l.weightBits(), l.outputBits());
      }
      out.printf(row, "", "total", "", "", macs, weightBits, outputBits);
    }
  }

  /** A memory as shown. */
  record MemorySummary(String name, long sizeBits, List<String> operands, double readEnergyPj, double writeEnergyPj,
      List<String> ports) {

    static MemorySummary of(MemoryLevel m) {
      List<String> ports = new ArrayList<>();
      for (MemoryPort p : m.ports()) {
        String width = p.minBandwidthBits() == p.maxBandwidthBits() ? String.valueOf(p.maxBandwidthBits())
            : p.minBandwidthBits() + "-" + p.maxBandwidthBits();
        ports.add(p.name() + " " + p.type().name().toLowerCase(Locale.ROOT) + " " + width + " bits/cycle");
      }
      return new MemorySummary(m.name(), m.sizeBits(), m.operands().stream().map(Enum::name).sorted().toList(),
          m.readEnergyPj(), m.writeEnergyPj(), ports);
    }
  }

  /**
   * A core as shown; {@code macsPerCycle} (operand bits → MACs per cycle) only for a fixed-rate tile
   * (an AIE compute tile), which has no PE array.
   */
  record CoreSummary(int id, String name, Map<String, Integer> array, long pes, double macEnergyPj, String dataflow,
      List<MemorySummary> memories, @JsonInclude(JsonInclude.Include.NON_NULL) Map<Integer, Integer> macsPerCycle) {

    static CoreSummary of(Core c) {
      return new CoreSummary(c.id(), c.name(), c.array().dimensions(), c.array().size(), c.array().macEnergyPj(),
          dataflow(c.dataflow()), c.memories().stream().map(MemorySummary::of).toList(),
          c.array().fixedRate().map(FixedRateArray::macsPerCycle).orElse(null));
    }

    /** The compute part of the core's line. */
    String compute() {
      if (macsPerCycle != null) {
        return "fixed-rate tile (" + macsPerCycle.entrySet().stream().map(e -> e.getValue() + " MACs/cycle at "
            + e.getKey() + " bits").collect(Collectors.joining(", ")) + ", scaled by the mapping's kernel "
            + "utilisation; no PE array)";
      }
      return String.format(Locale.ROOT, "%s array (%d PEs, %s pJ/MAC), dataflow %s", array.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" x ")), pes, macEnergyPj, dataflow);
    }

    private static String dataflow(SpatialUnrolling unrolling) {
      if (unrolling.generated()) {
        return "generated per layer (no dataflows; unless the mapping gives one)";
      }
      if (unrolling.isEmpty()) {
        return "none (from the mapping)";
      }
      return unrolling.byArrayDimension().entrySet().stream()
          .map(e -> e.getKey() + ": " + e.getValue().stream().map(u -> u.dim() + " " + u.factor())
              .collect(Collectors.joining(" x ")))
          .collect(Collectors.joining(", "));
    }
  }

  /** An accelerator as shown. */
  record AcceleratorSummary(String name, List<CoreSummary> cores, List<Link> links, Dram dram,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SharedMemory> sharedMemories) {

    static AcceleratorSummary of(Accelerator a) {
      return new AcceleratorSummary(a.name(), a.cores().stream().map(CoreSummary::of).toList(), a.links(), a.dram(),
          a.sharedMemories());
    }

    void print(PrintWriter out) {
      out.printf("Accelerator %s: %s, %s%n", name, plural(cores.size(), "core"), plural(links.size(), "link"));
      for (CoreSummary c : cores) {
        out.printf("  core %d %s: %s%n", c.id(), c.name(), c.compute());
        for (MemorySummary m : c.memories()) {
          out.printf("    %-14s %10s  %-9s  r/w %s/%s pJ  %s%n", m.name(), bits(m.sizeBits()),
              String.join(",", m.operands()), m.readEnergyPj(), m.writeEnergyPj(), String.join("; ", m.ports()));
        }
      }
      for (Link l : links) {
        out.printf("  %s %s: cores %s, %d bits/cycle, %s pJ/bit%n", l.isBus() ? "bus" : "link", l.name(), l.cores(),
            l.bandwidthBits(), l.energyPerBitPj());
      }
      for (SharedMemory m : sharedMemories) {
        out.printf("  shared memory %s: memory %s of cores %s, one capacity%n", m.name(), m.memory(), m.cores());
      }
      out.printf("  DRAM: read %d, write %d bits/cycle (%s), %s / %s pJ/bit%n", dram.readBandwidthBits(),
          dram.writeBandwidthBits(), dram.sharedPort() ? "one shared port" : "separate ports",
          dram.readEnergyPerBitPj(), dram.writeEnergyPerBitPj());
    }
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** A count with a unit prefix: 1.82 G. */
  static String count(long n) {
    if (n < 10_000) {
      return String.valueOf(n);
    }
    String[] prefixes = {"k", "M", "G", "T"};
    double value = n;
    int i = -1;
    while (value >= 1000 && i < prefixes.length - 1) {
      value /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, "%.3g %s", value, prefixes[i]);
  }

  /** A size in bits, shown in bytes with a binary prefix where whole: 2 MiB. */
  static String bits(long bits) {
    if (bits % 8 != 0 || bits < 8 * 1024) {
      return bits + " b";
    }
    double bytes = bits / 8.0;
    String[] prefixes = {"KiB", "MiB", "GiB", "TiB"};
    int i = -1;
    while (bytes >= 1024 && i < prefixes.length - 1) {
      bytes /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.4g %s", bytes, prefixes[i]).replaceFirst("\\.?0+ ", " ");
  }
}
