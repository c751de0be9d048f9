package org.laminar.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.cost.LayerEvaluation;
import org.laminar.hardware.Core;
import org.laminar.io.InputException;
import org.laminar.onnx.OnnxReader;
import org.laminar.workload.Layer;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Workload;
import org.laminar.yaml.ZigZagCoreReader;
import org.laminar.yaml.ZigZagMappingReader;
import org.laminar.yaml.ZigZagWorkloadReader;

/**
 * The cost model against ZigZag's regression figures: every row of {@code reference/COST-MODEL.md}
 * (hardware, mapping, workload, energy in pJ, latency in cycles), costed layer by layer on the
 * single core without DRAM, as ZigZag does. For an ONNX workload only the {@code CONV} and
 * {@code GEMM} layers are summed: ZigZag's ONNX front end costs only Conv and Gemm nodes.
 *
 * <p>Tolerances: the GEMM case is exact ({@value #EXACT}); the ResNet-18 rows, from ZigZag's YAML
 * workload or from the ONNX model, within {@value #RESNET_TOLERANCE} (measured: exact for tpu_like
 * and edge_tpu_like, at most +0.03 % for meta_prototype; cost-model/README.md).
 */
public final class ZigZagSuite {
  /** Relative tolerance of the hand-checked GEMM case: the figures agree to the last digit. */
  public static final double EXACT = 1e-9;
  /** Relative tolerance of the ResNet-18 rows (YAML and ONNX): 0.1 %. */
  public static final double RESNET_TOLERANCE = 0.001;

  private ZigZagSuite() {
  }

  /** One row of the reference table. */
  record Row(String hardware, String mapping, String workload, double energyPj, double cycles) {
  }

  /** The cases of every row of {@code reference/COST-MODEL.md}: energy and latency per row. */
  public static List<ValidationCase> run(Path reference, Path instances) {
    List<ValidationCase> cases = new ArrayList<>();
    for (Row row : rows(reference.resolve("COST-MODEL.md"))) {
      Path zigzag = instances.resolve("zigzag");
      Core core = ZigZagCoreReader.read(zigzag.resolve("hardware").resolve(row.hardware()));
      boolean onnx = row.workload().endsWith(".onnx");
      Workload w = onnx ? OnnxReader.read(instances.resolve("onnx").resolve(row.workload()))
          : ZigZagWorkloadReader.read(zigzag.resolve("workload").resolve(row.workload()));
      AnalyticalCostModel model = new AnalyticalCostModel(
          ZigZagMappingReader.read(zigzag.resolve("mapping").resolve(row.mapping())));
      double energy = 0;
      double latency = 0;
      for (Layer layer : w.layers()) {
        if (onnx && layer.type() != OperatorType.CONV && layer.type() != OperatorType.GEMM) {
          continue;
        }
        LayerEvaluation e = model.evaluate(layer, core);
        energy += e.energyPj();
        latency += e.latencyCycles();
      }
      double tolerance = row.workload().startsWith("gemm") ? EXACT : RESNET_TOLERANCE;
      String name = stem(row.hardware()) + " / " + row.workload();
      cases.add(ValidationCase.within("zigzag", name + " energy", "pJ", row.energyPj(), energy, tolerance));
      cases.add(ValidationCase.within("zigzag", name + " latency", "cycles", row.cycles(), latency, tolerance));
    }
    return cases;
  }

  /** The table rows {@code | hardware | mapping | workload ... | energy | latency |} of the file. */
  static List<Row> rows(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw InputException.in(file, "cannot read the reference table: " + e.getMessage(), e);
    }
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      String[] cells = line.split("\\|");
      // "| a.yaml | b.yaml | c.yaml (...) | 1,234.5 | 6,789 |" splits into 6 cells, the first empty.
      if (cells.length != 6 || !cells[1].trim().endsWith(".yaml")) {
        continue;
      }
      String workload = cells[3].trim().split("\\s+")[0];
      try {
        rows.add(new Row(cells[1].trim(), cells[2].trim(), workload, number(cells[4]), number(cells[5])));
      } catch (NumberFormatException e) {
        throw InputException.in(file, "reference row '" + line.trim() + "' has a figure that is not a number");
      }
    }
    if (rows.isEmpty()) {
      throw InputException.in(file, "no reference rows (| hardware | mapping | workload | energy | latency |)");
    }
    return rows;
  }

  private static double number(String cell) {
    return Double.parseDouble(cell.trim().replace(",", ""));
  }

  private static String stem(String file) {
    return file.endsWith(".yaml") ? file.substring(0, file.length() - ".yaml".length()) : file;
  }
}
