package org.laminar.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * Reads the equation-style YAML workloads of ZigZag and Stream: a list of layers, each with an
 * {@code equation} such as {@code O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]},
 * {@code loop_dims}/{@code loop_sizes}, {@code dimension_relations} ({@code ix=2*ox+1*fx}: stride
 * 2, dilation 1), {@code padding} ({@code [[top, bottom], [left, right]]}, in the order of
 * {@code pr_loop_dims}, default {@code [IY, IX]}), {@code pr_loop_sizes} (the input's size along
 * those dimensions: where the windows reach beyond it, the rows past it count as padding after
 * the input, as ZigZag bounds every input extent by it), {@code operand_precision} and
 * {@code operand_source}.
 *
 * <p>A layer naming itself as the source of an operand reads it from DRAM (the network input for
 * {@code I}, constants for {@code W}); so do the operands in {@code constant_operands}. A weight
 * precision of 0 means no weights (pooling). {@code X} and {@code Y}, Stream's names for the two
 * inputs of an element-wise layer, stand for {@code W} and {@code I}. A layer without
 * {@code name} is called {@code layer_<id>}. Stream uses {@code name} as a mapping group, so
 * several layers may share one; Laminar's layer names are unique, so each layer of such a group
 * is called {@code <name>#<id>} (a mapping matches the part before {@code #}).
 *
 * <p>Loop dimensions named as Laminar's ({@code B, K, C, OY, OX, FY, FX, G}, any case) keep their
 * meaning. Other names, and every dimension but {@code B} of a {@code Gemm}/{@code MatMul}, are
 * classified by the operands they index, as in {@code O[d0][d1] += I[d0][d2]·W[d2][d1]}: output
 * and input only → {@code OY}, output and weight → {@code K}, input and weight → {@code C}, all
 * three → {@code G}. So a GEMM written {@code O[m][n]+=I[m][k]*W[k][n]} gets its reduction
 * dimension {@code k} as {@code C}.
 */
public final class ZigZagWorkloadReader {
  private static final Pattern EQUATION = Pattern.compile(
      "\\s*(\\w+)((?:\\s*\\[\\w+])*)\\s*(\\+?=)\\s*(\\w+)((?:\\s*\\[\\w+])*)\\s*([*+])\\s*(\\w+)((?:\\s*\\[\\w+])*)\\s*");
  private static final Pattern INDEX = Pattern.compile("\\[(\\w+)]");
  private static final Pattern RELATION = Pattern.compile(
      "\\s*(\\w+)\\s*=\\s*(?:(\\d+)\\s*\\*\\s*)?(\\w+)\\s*\\+\\s*(?:(\\d+)\\s*\\*\\s*)?(\\w+)\\s*");

  private ZigZagWorkloadReader() {
  }

  record LayerFile(
      @JsonProperty(value = "id", required = true) int id,
      @JsonProperty("name") String name,
      @JsonProperty(value = "operator_type", required = true) String operatorType,
      @JsonProperty(value = "equation", required = true) String equation,
      @JsonProperty("dimension_relations") List<String> dimensionRelations,
      @JsonProperty(value = "loop_dims", required = true) List<String> loopDims,
      @JsonProperty(value = "loop_sizes", required = true) List<Integer> loopSizes,
      @JsonProperty(value = "operand_precision", required = true) Map<String, Integer> operandPrecision,
      @JsonProperty("operand_source") Map<String, JsonNode> operandSource,
      @JsonProperty("constant_operands") List<String> constantOperands,
      @JsonProperty("pr_loop_dims") List<String> prLoopDims,
      @JsonProperty("pr_loop_sizes") List<Integer> prLoopSizes,
      @JsonProperty("padding") List<List<Integer>> padding) {
  }

  /** Whether {@code tree} looks like an equation-style workload (a list of layers with equations). */
  public static boolean recognises(JsonNode tree) {
    return tree.isArray() && tree.size() > 0 && tree.get(0).has("equation");
  }

  /** Reads the workload in {@code file}; its name is the file name without extension. */
  public static Workload read(Path file) {
    LayerFile[] layers = YamlFiles.read(file, YamlFiles.mapperFor(file), LayerFile[].class);
    Map<String, Long> uses = Arrays.stream(layers).collect(Collectors.groupingBy(Translation::fileName,
        Collectors.counting()));
    List<Layer> converted = new ArrayList<>();
    for (LayerFile layer : layers) {
      String name = Translation.fileName(layer);
      converted.add(new Translation(file, layer, uses.get(name) > 1 ? name + "#" + layer.id() : name).layer());
    }
    String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return Readers.domain(file, () -> Shapes.checked(new Workload(name, converted)));
  }

  /** The conversion of one layer; {@link #fail} names the file and the layer. */
  private static final class Translation {
    private final Path file;
    private final LayerFile layer;
    private final String name;
    private final Map<Operand, List<String>> indices = new EnumMap<>(Operand.class);
    private final Map<String, LoopDim> dims = new LinkedHashMap<>();
    private boolean accumulates;

    Translation(Path file, LayerFile layer, String name) {
      this.file = file;
      this.layer = layer;
      this.name = name;
    }

    static String fileName(LayerFile layer) {
      return layer.name() != null ? layer.name() : "layer_" + layer.id();
    }

    private InputException fail(String problem) {
      return InputException.in(file, "layer '" + name + "': " + problem);
    }

    Layer layer() {
      parseEquation();
      classifyDims();
      Map<LoopDim, Integer> sizes = sizes();
      OperatorType type = type();
      int[] strides = {1, 1};
      int[] dilations = {1, 1};
      Map<String, Integer> inputAxes = relations(strides, dilations);
      Padding given = padding(inputAxes);
      Precision precision = precision(type);
      Map<Operand, List<Integer>> producers = producers();
      Layer read = Readers.domain(file, () -> new Layer(layer.id(), name, type, layer.operatorType(), sizes,
          strides[0], strides[1], dilations[0], dilations[1], given, precision, producers));
      Padding padding = inputSizes(read, inputAxes);
      return padding.equals(given) ? read : Readers.domain(file, () -> new Layer(layer.id(), name, type,
          layer.operatorType(), sizes, strides[0], strides[1], dilations[0], dilations[1], padding, precision,
          producers));
    }

    /**
     * The padding once {@code pr_loop_sizes} (the input's real size along each of {@code
     * pr_loop_dims}, ZigZag's bound on every input extent) is applied: the rows (columns) the
     * windows reach beyond the given size count as padding after the input, at least the padding
     * given. Without {@code pr_loop_sizes}, the padding given.
     */
    private Padding inputSizes(Layer read, Map<String, Integer> inputAxes) {
      Padding pad = read.padding();
      if (layer.prLoopSizes() == null) {
        return pad;
      }
      List<String> order = layer.prLoopDims() == null ? List.of("IY", "IX") : layer.prLoopDims();
      if (layer.prLoopSizes().size() != order.size()) {
        throw fail("pr_loop_sizes has " + layer.prLoopSizes().size() + " entries for the input dimensions " + order);
      }
      int[] after = {pad.bottom(), pad.right()};
      int[] reach = {read.inputHeight() + pad.bottom(), read.inputWidth() + pad.right()};
      for (int i = 0; i < order.size(); i++) {
        String dim = order.get(i).toUpperCase(Locale.ROOT);
        Integer size = layer.prLoopSizes().get(i);
        if (size == null || size <= 0) {
          throw fail("pr_loop_sizes of " + dim + " must be > 0, got " + size);
        }
        int axis = inputAxes.getOrDefault(dim, dim.endsWith("X") ? 1 : 0);
        after[axis] = Math.max(after[axis], reach[axis] - size);
      }
      return new Padding(pad.top(), after[0], pad.left(), after[1]);
    }

    private void parseEquation() {
      Matcher m = EQUATION.matcher(layer.equation());
      if (!m.matches()) {
        throw fail("cannot read equation '" + layer.equation() + "'; expected e.g. O[k][oy]+=W[k][c]*I[c][oy]");
      }
      if (!m.group(1).equals("O")) {
        throw fail("the equation's output operand is '" + m.group(1) + "'; expected O");
      }
      indices.put(Operand.O, indexList(m.group(2)));
      accumulates = m.group(3).equals("+=");
      for (int g : new int[] {4, 7}) {
        Operand operand = operand(m.group(g));
        if (indices.put(operand, indexList(m.group(g + 1))) != null) {
          throw fail("operand " + operand + " appears twice in the equation");
        }
      }
    }

    private static List<String> indexList(String text) {
      List<String> list = new ArrayList<>();
      Matcher m = INDEX.matcher(text);
      while (m.find()) {
        list.add(m.group(1).toUpperCase(Locale.ROOT));
      }
      return list;
    }

    /** A layer operand by file name: W, I, or Stream's element-wise X (→ W) and Y (→ I). */
    private Operand operand(String text) {
      return switch (text) {
        case "W", "X" -> Operand.W;
        case "I", "Y" -> Operand.I;
        case "O" -> Operand.O;
        default -> throw fail("unknown operand '" + text + "'; expected O, W or I (or X, Y)");
      };
    }

    private void classifyDims() {
      boolean gemm = namedType().orElse(null) == OperatorType.GEMM;
      for (String dim : layer.loopDims()) {
        String upper = dim.toUpperCase(Locale.ROOT);
        LoopDim loopDim = byName(upper).filter(d -> !gemm || d == LoopDim.B).orElseGet(() -> byOperands(upper));
        if (dims.containsValue(loopDim)) {
          throw fail("loop dimensions " + dimNamed(loopDim) + " and " + dim + " both map to " + loopDim);
        }
        dims.put(upper, loopDim);
      }
    }

    private String dimNamed(LoopDim loopDim) {
      return dims.entrySet().stream().filter(e -> e.getValue() == loopDim).map(Map.Entry::getKey).findFirst()
          .orElseThrow();
    }

    private static Optional<LoopDim> byName(String name) {
      for (LoopDim d : LoopDim.values()) {
        if (d.name().equals(name)) {
          return Optional.of(d);
        }
      }
      return Optional.empty();
    }

    private LoopDim byOperands(String dim) {
      boolean o = indices.get(Operand.O).contains(dim);
      boolean i = indices.get(Operand.I).contains(dim);
      boolean w = indices.get(Operand.W).contains(dim);
      if (o && i && w) {
        return LoopDim.G;
      } else if (o && i) {
        return LoopDim.OY;
      } else if (o && w) {
        return LoopDim.K;
      } else if (i && w) {
        return LoopDim.C;
      }
      throw fail("cannot tell what loop dimension " + dim + " is: it does not index two of the operands O, W, I");
    }

    private Map<LoopDim, Integer> sizes() {
      if (layer.loopSizes().size() != layer.loopDims().size()) {
        throw fail(layer.loopDims().size() + " loop_dims but " + layer.loopSizes().size() + " loop_sizes");
      }
      Map<LoopDim, Integer> sizes = new EnumMap<>(LoopDim.class);
      int i = 0;
      for (LoopDim d : dims.values()) {
        sizes.put(d, layer.loopSizes().get(i++));
      }
      return sizes;
    }

    private OperatorType type() {
      return namedType().orElseGet(this::typeFromEquation);
    }

    private Optional<OperatorType> namedType() {
      return Optional.ofNullable(switch (layer.operatorType().toLowerCase(Locale.ROOT)) {
        case "conv", "conv_downsample", "conv_pointwise", "depthwiseconv", "conv_depthwise" -> OperatorType.CONV;
        case "pooling", "maxpool", "averagepool", "avgpool", "globalaveragepool" -> OperatorType.POOL;
        case "add", "mul", "elementwise" -> OperatorType.ELEMENTWISE;
        case "gemm", "matmul" -> OperatorType.GEMM;
        default -> null;
      });
    }

    /** For an operator name Laminar does not know: the class the equation's shape implies. */
    private OperatorType typeFromEquation() {
      if (!accumulates) {
        return OperatorType.ELEMENTWISE;
      }
      List<String> w = indices.get(Operand.W);
      boolean hasKc = w.stream().anyMatch(d -> dims.get(d) == LoopDim.K || dims.get(d) == LoopDim.C);
      return hasKc ? OperatorType.CONV : OperatorType.POOL;
    }

    /** Fills strides and dilations (y, x); returns the input dimension names → axis (0 = y, 1 = x). */
    private Map<String, Integer> relations(int[] strides, int[] dilations) {
      Map<String, Integer> axes = new LinkedHashMap<>();
      for (String relation : layer.dimensionRelations() == null ? List.<String>of() : layer.dimensionRelations()) {
        Matcher m = RELATION.matcher(relation);
        if (!m.matches()) {
          throw fail("cannot read dimension relation '" + relation + "'; expected e.g. ix=2*ox+1*fx");
        }
        LoopDim first = dims.get(m.group(3).toUpperCase(Locale.ROOT));
        LoopDim second = dims.get(m.group(5).toUpperCase(Locale.ROOT));
        boolean firstIsOutput = first == LoopDim.OY || first == LoopDim.OX;
        LoopDim output = firstIsOutput ? first : second;
        if (output != LoopDim.OY && output != LoopDim.OX) {
          throw fail("dimension relation '" + relation + "' relates no output dimension (OY or OX)");
        }
        int stride = coefficient(firstIsOutput ? m.group(2) : m.group(4));
        int dilation = coefficient(firstIsOutput ? m.group(4) : m.group(2));
        int axis = output == LoopDim.OY ? 0 : 1;
        strides[axis] = stride;
        dilations[axis] = dilation;
        axes.put(m.group(1).toUpperCase(Locale.ROOT), axis);
      }
      return axes;
    }

    private static int coefficient(String text) {
      return text == null ? 1 : Integer.parseInt(text);
    }

    private Padding padding(Map<String, Integer> inputAxes) {
      if (layer.padding() == null) {
        return Padding.NONE;
      }
      List<String> order = layer.prLoopDims() == null ? List.of("IY", "IX") : layer.prLoopDims();
      if (layer.padding().size() != order.size()) {
        throw fail("padding has " + layer.padding().size() + " entries for the input dimensions " + order);
      }
      int[][] pads = new int[2][2];
      for (int i = 0; i < order.size(); i++) {
        String dim = order.get(i).toUpperCase(Locale.ROOT);
        List<Integer> pair = layer.padding().get(i);
        if (pair.size() != 2) {
          throw fail("padding of " + dim + " must be [before, after], got " + pair);
        }
        int axis = inputAxes.getOrDefault(dim, dim.endsWith("X") ? 1 : 0);
        pads[axis][0] = pair.get(0);
        pads[axis][1] = pair.get(1);
      }
      return Readers.domain(file + ": layer '" + name + "'", () -> new Padding(pads[0][0], pads[0][1], pads[1][0], pads[1][1]));
    }

    private Precision precision(OperatorType type) {
      Map<String, Integer> bits = new LinkedHashMap<>();
      layer.operandPrecision().forEach((key, value) -> {
        String canonical = key.equals("O_final") ? key : operand(key).name();
        if (bits.put(canonical, value) != null) {
          throw fail("operand_precision gives operand " + canonical + " twice");
        }
      });
      int output = required(bits, "O");
      int weight = bits.getOrDefault("W", 0);
      if (weight == 0 && type.hasWeightOperand() && type != OperatorType.ELEMENTWISE) {
        throw fail("operand_precision has no W precision for a " + layer.operatorType() + " layer");
      }
      return Readers.domain(file + ": layer '" + name + "'", () -> new Precision(weight, required(bits, "I"), output,
          bits.getOrDefault("O_final", output)));
    }

    private int required(Map<String, Integer> bits, String operand) {
      Integer value = bits.get(operand);
      if (value == null) {
        throw fail("operand_precision has no precision for operand " + operand);
      }
      return value;
    }

    private Map<Operand, List<Integer>> producers() {
      List<Operand> constant = new ArrayList<>();
      for (String c : layer.constantOperands() == null ? List.<String>of() : layer.constantOperands()) {
        constant.add(operand(c));
      }
      Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
      // ZigZag's schema makes operand_source optional: a layer without one reads every input from DRAM.
      Map<String, JsonNode> sources = layer.operandSource() == null ? Map.of() : layer.operandSource();
      sources.forEach((key, value) -> {
        Operand operand = operand(key);
        if (operand == Operand.O) {
          throw fail("operand_source: the output O has no source");
        }
        List<Integer> ids = new ArrayList<>();
        Iterable<JsonNode> given = value.isArray() ? value : List.of(value);
        for (JsonNode id : given) {
          if (!id.canConvertToInt()) {
            throw fail("operand_source." + key + ": '" + id.asText() + "' is not a layer id");
          }
          if (id.asInt() != layer.id()) {
            ids.add(id.asInt());
          }
        }
        if (!constant.contains(operand) && !ids.isEmpty()) {
          producers.put(operand, ids);
        }
      });
      return producers;
    }
  }
}
