package org.laminar.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.ImcModel;
import org.laminar.cost.LayerEvaluation;
import org.laminar.cost.Mapping;
import org.laminar.cost.OffChip;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.io.InputException;
import org.laminar.io.Inputs;
import org.laminar.onnx.OnnxAxes;
import org.laminar.workload.Layer;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Workload;
import org.laminar.yaml.ZigZagMappingReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code laminar cost}: costs every layer of a workload layer by layer on one core with the
 * analytical cost model, as ZigZag does for a single core.
 */
@Command(
    name = "cost",
    header = "Cost each layer of a workload on one core (pJ, cycles).",
    description = "Costs every layer of a workload, layer by layer, on one core with the analytical cost model "
        + "(ZigZag-style; equations in cost-model/README.md): energy in pJ, latency in cycles. Each layer reads "
        + "its operands from DRAM and writes its outputs back: the accelerator's DRAM is the core's top memory "
        + "(a ZigZag core file already ends in it).",
    resourceBundle = "org.laminar.cli.CostCommand$Texts")
public final class CostCommand implements Callable<Integer> {
  /** Both inputs are needed; no default. */
  public static final class Texts extends CommandTexts {
    public Texts() {
      super(InputOptions.Input.REQUIRED, InputOptions.Input.REQUIRED, ": the totals and one object per layer");
    }
  }

  @CommandLine.Mixin
  InputOptions input = new InputOptions();

  @CommandLine.Mixin
  JsonOption json = new JsonOption();

  @Option(names = "--onnx-axes", paramLabel = "laminar|stream", defaultValue = "laminar",
      description = "an ONNX model's H axis is OY (laminar, default) or OX as in Stream (stream); docs/ONNX.md")
  String onnxAxes;

  @Option(names = "--mapping", paramLabel = "M",
      description = "ZigZag mapping file (default: each core's dataflow, temporal ordering searched)")
  Path mapping;

  @Option(names = "--core", paramLabel = "ID", description = "core id (default: the first core)")
  Integer coreId;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** One costed layer. */
  record Row(String name, OperatorType type, long macs, double energyPj, double arrayEnergyPj, double latencyCycles,
      double utilization) {
  }

  @Override
  public Integer call() {
    input.checkRequired(spec);
    Workload w = Inputs.workload(input.workload, OnnxAxes.parse(onnxAxes));
    Accelerator accelerator = Inputs.accelerator(input.hardware);
    Core core = OffChip.withDram(core(accelerator), accelerator.dram());
    AnalyticalCostModel model = new AnalyticalCostModel(mapping == null ? Mapping.NONE
        : ZigZagMappingReader.read(mapping));
    List<Row> rows = new ArrayList<>();
    for (Layer layer : w.layers()) {
      // The cost model refuses a mapping or dataflow the core cannot run; the files must change.
      LayerEvaluation e = InputException.at((mapping == null ? input.hardware : mapping.toString()) + ": layer '"
          + layer.name() + "' on core " + core.id(), () -> model.evaluate(layer, core));
      rows.add(new Row(layer.name(), layer.type(), e.macs(), e.energyPj(), e.macEnergyPj(), e.latencyCycles(),
          e.utilization()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.on) {
      out.println(json(core, rows).toPrettyString());
    } else {
      table(out, w, core, rows);
    }
    out.flush();
    return 0;
  }

  private Core core(Accelerator accelerator) {
    if (coreId == null) {
      return accelerator.cores().get(0);
    }
    return accelerator.cores().stream().filter(c -> c.id() == coreId).findFirst()
        .orElseThrow(() -> new InputException(input.hardware + ": accelerator " + accelerator.name() + " has no core "
            + coreId + " (cores: " + accelerator.cores().stream().map(c -> String.valueOf(c.id()))
            .collect(Collectors.joining(", ")) + ")"));
  }

  private static ObjectNode json(Core core, List<Row> rows) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("energy_pJ", rows.stream().mapToDouble(Row::energyPj).sum());
    putCycles(root, rows.stream().mapToDouble(Row::latencyCycles).sum());
    root.put("array_energy_pJ", rows.stream().mapToDouble(Row::arrayEnergyPj).sum());
    core.array().imc().ifPresent(macro -> {
      ObjectNode imc = root.putObject("imc");
      imc.put("type", macro.type().name().toLowerCase(Locale.ROOT));
      imc.put("cycles_per_mac", macro.cyclesPerMac());
      imc.put("clock_ns", new ImcModel(macro).clockNs());
    });
    ArrayNode layers = root.putArray("layers");
    for (Row r : rows) {
      ObjectNode layer = layers.addObject();
      layer.put("name", r.name());
      layer.put("operator", r.type().name().toLowerCase(Locale.ROOT));
      layer.put("macs", r.macs());
      layer.put("energy_pJ", r.energyPj());
      layer.put("array_energy_pJ", r.arrayEnergyPj());
      putCycles(layer, r.latencyCycles());
      layer.put("utilization", r.utilization());
    }
    return root;
  }

  /** Latency as an integer when it is one (fractional only where loading overlaps computing in part). */
  private static void putCycles(ObjectNode node, double cycles) {
    if (cycles == Math.rint(cycles)) {
      node.put("latency_cycles", (long) cycles);
    } else {
      node.put("latency_cycles", cycles);
    }
  }

  private static void table(PrintWriter out, Workload w, Core core, List<Row> rows) {
    out.printf("%s on core %d (%s), layer by layer%n", w.name(), core.id(), core.name());
    core.array().imc().ifPresent(macro -> out.printf("in-memory computing: %s, %d cycles per MAC step, clock %.5f ns%n",
        macro.type().name().toLowerCase(Locale.ROOT), macro.cyclesPerMac(), new ImcModel(macro).clockNs()));
    int width = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(5));
    String format = "%-" + width + "s %15s %20s %16s %7s%n";
    out.printf(format, "layer", "MACs", "energy (pJ)", "latency (cycles)", "util");
    for (Row r : rows) {
      out.printf(format, r.name(), String.format("%,d", r.macs()), String.format("%,.2f", r.energyPj()),
          String.format("%,.1f", r.latencyCycles()), String.format("%.1f%%", 100 * r.utilization()));
    }
    out.printf(format, "total", String.format("%,d", rows.stream().mapToLong(Row::macs).sum()),
        String.format("%,.2f", rows.stream().mapToDouble(Row::energyPj).sum()),
        String.format("%,.1f", rows.stream().mapToDouble(Row::latencyCycles).sum()), "");
  }
}
