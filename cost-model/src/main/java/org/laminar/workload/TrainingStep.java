package org.laminar.workload;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.Lists;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an inference workload into one training step: the forward layers, the loss gradient, the
 * backward layers and the weight updates, all as ordinary {@link Layer}s of one DAG, so that
 * tiling, fusion, scheduling and the checker treat them like any other layer. The activations a
 * backward layer needs are producer edges from the forward layer that made them: their memory is
 * held (or spilled) until the backward layer has read them, as for any tensor.
 *
 * <p>The loop dimensions of each gradient layer are chosen so that the tile graph's rule for a
 * layer reading its producer (output row {@code r} reads input rows {@code S·r + D·f − padTop},
 * channels of its own groups; see {@code TileGraphBuilder}) is exactly the access pattern of the
 * gradient. Per forward layer {@code L} with loops {@code K, C, G, OY, OX, FY, FX}, stride
 * {@code S}, dilation {@code D}, padding {@code P} and input height {@code IY} (widths alike):
 *
 * <ul>
 *   <li><b>input gradient</b> {@code L.dI} (CONV, GEMM and POOL layers, same operator type): the
 *       transposed convolution of {@code dL/dO} in its sub-pixel (phase) form, a stride-1 layer
 *       whose output row {@code r} holds the {@code S} input rows {@code S·r … S·r+S−1} as
 *       channels: {@code K' = C·Sy·Sx}, {@code C' = K}, {@code G' = G}, {@code OY' = ⌈IY/S⌉},
 *       {@code FY' = b − a + 1}, {@code padTop' = −a} with {@code a = ⌈(P−D·(FY−1))/S⌉} and
 *       {@code b = ⌊(S−1+P)/S⌋} (the first and last rows of {@code dL/dO} the band needs), and
 *       the forward weights as its constant {@code W}. At stride 1 and dilation 1 this is the
 *       plain transposed convolution ({@code K' = C}, {@code C' = K}, {@code OY' = IY},
 *       {@code FY' = FY}, {@code padTop' = FY−1−P}); with 'same' padding its MACs are exactly
 *       the forward ones. The dense form also counts the zero taps of strided, dilated and
 *       unpadded layers (e.g. a 3×3 stride-2 layer: {@code 4·2·2 = 16} taps per channel pair
 *       instead of 9), so those input gradients cost more than their forward layer.
 *   <li><b>weight gradient</b> {@code L.dW} (CONV): {@code dW[k][c][fy][fx] = Σ dO[k][oy][ox] ·
 *       I[c][S·oy+D·fy−P][S·ox+D·fx−P]}, a grouped convolution of the forward input with
 *       {@code dL/dO} as its kernel: {@code G' = G·C}, {@code C' = 1}, {@code K' = K},
 *       {@code OY' = FY}, {@code OX' = FX}, {@code FY' = OY}, {@code FX' = OX}, stride {@code D},
 *       dilation {@code S}, padding {@code P}. Its MACs are exactly the forward ones; its
 *       {@code I} is the forward input (an edge from the forward producer, or DRAM), its
 *       {@code W} is {@code dL/dO} (read whole, as every activation used as a kernel). The cost
 *       model sees {@code dL/dO} as {@code G'} different kernels, so it does not credit its reuse
 *       across input channels: the weight-gradient cost is pessimistic.
 *   <li><b>weight update</b> {@code L.update} (ELEMENTWISE over the {@code G·C·K·FY·FX} weights):
 *       reads {@code dL/dW} and the weights (from DRAM) and writes the new weights.
 *   <li>activation layers: {@code dI = dO ⊙ f'(y)}, an ELEMENTWISE layer reading the forward
 *       output {@code y} (exact for ReLU, sigmoid and tanh, whose derivative is a function of
 *       {@code y}).
 *   <li>element-wise layers: {@code Mul} gets one ELEMENTWISE layer per activation input (the
 *       gradient times the other input); an {@code Add} or any other element-wise operator passes
 *       the gradient through unchanged (no layer).
 *   <li>a tensor read by several layers gets the sum of their gradients: a chain of
 *       {@code L.grad} ELEMENTWISE adds. Each network output {@code y} gets a loss-gradient layer
 *       {@code loss.L} (ACTIVATION over {@code y}) that feeds its backward.
 * </ul>
 *
 * <p>Max pooling's argmax mask is not modelled (its input gradient reads {@code dL/dO} only). A
 * gradient in phase layout or of a concatenation has other channels than the tensor it belongs
 * to, so the tile graph reads it whole. The weight gradient of a matrix product whose {@code W} is
 * an activation is that activation's gradient (no update). Batch sizes above 1 are refused: the
 * weight gradient reduces over the batch, which the loop nest (whose outputs are indexed by
 * {@code B}) cannot express.
 */
public final class TrainingStep {

  private final Workload forward;
  private final List<Layer> layers = new ArrayList<>();
  /** Per forward layer id: the layers whose outputs add up to the gradient of its output. */
  private final Map<Integer, List<Integer>> contributions = new HashMap<>();
  private int nextId;

  private TrainingStep(Workload forward) {
    this.forward = forward;
    this.nextId = forward.layers().stream().mapToInt(Layer::id).max().orElse(0) + 1;
  }

  /**
   * The training step of {@code forward}: its layers (ids kept) followed by the loss gradient,
   * backward and update layers (new ids above the largest forward id).
   *
   * @throws IllegalArgumentException naming the layer when a layer has a batch above 1
   */
  public static Workload of(Workload forward) {
    return new TrainingStep(forward).run();
  }

  private Workload run() {
    for (Layer layer : forward.layers()) {
      checkArgument(layer.size(LoopDim.B) == 1, "training step of workload %s: layer '%s' has batch %s; only "
          + "batch 1 is supported (the weight gradient reduces over the batch)", forward.name(), layer.name(),
          layer.size(LoopDim.B));
      layers.add(layer);
    }
    for (Layer layer : forward.layers()) {
      if (forward.consumers(layer.id()).isEmpty()) {
        contribute(layer.id(), add(layer.name(), "loss.", OperatorType.ACTIVATION, "LossGradient",
            outputShape(layer), 1, 1, 1, 1, Padding.NONE, gradientPrecision(layer), List.of(layer.id()), null));
      }
    }
    for (Layer layer : Lists.reverse(forward.layers())) {
      backward(layer, gradientOf(layer));
    }
    return new Workload(forward.name() + "-training", layers);
  }

  /** The id of the layer holding the gradient of {@code layer}'s output, summing contributions. */
  private int gradientOf(Layer layer) {
    List<Integer> parts = contributions.get(layer.id());
    checkArgument(parts != null, "training step of workload %s: layer '%s' gets no gradient", forward.name(),
        layer.name());
    int sum = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      String suffix = parts.size() == 2 ? ".grad" : ".grad" + i;
      sum = add(layer.name(), suffix, OperatorType.ELEMENTWISE, "Add", outputShape(layer), 1, 1, 1, 1,
          Padding.NONE, gradientPrecision(layer), List.of(sum), parts.get(i));
    }
    return sum;
  }

  private void backward(Layer layer, int gradient) {
    List<Integer> inputs = layer.producersOf(Operand.I);
    List<Integer> second = layer.producersOf(Operand.W);
    switch (layer.type()) {
      case CONV, GEMM, POOL -> {
        int dI = inputGradient(layer, gradient);
        inputs.forEach(p -> contribute(p, dI));
        if (layer.type() != OperatorType.POOL) {
          int dW = weightGradient(layer, gradient);
          if (!second.isEmpty()) {
            contribute(second.get(0), dW);
          } else if (layer.hasConstantWeights()) {
            weightUpdate(layer, layers.get(layers.size() - 1));
          }
        }
      }
      case ACTIVATION -> {
        if (!inputs.isEmpty()) {
          int dI = add(layer.name(), ".dI", OperatorType.ELEMENTWISE, "Mul", outputShape(layer), 1, 1, 1, 1,
              Padding.NONE, gradientPrecision(layer), List.of(gradient), layer.id());
          inputs.forEach(p -> contribute(p, dI));
        }
      }
      case ELEMENTWISE -> {
        if (layer.opName().equalsIgnoreCase("Mul")) {
          Integer other = second.isEmpty() ? null : second.get(0);
          if (!inputs.isEmpty()) {
            int dI = add(layer.name(), ".dI", OperatorType.ELEMENTWISE, "Mul", layer.dims(), 1, 1, 1, 1,
                Padding.NONE, gradientPrecision(layer), List.of(gradient), other);
            inputs.forEach(p -> contribute(p, dI));
          }
          if (other != null) {
            int dW = add(layer.name(), ".dW", OperatorType.ELEMENTWISE, "Mul", layer.dims(), 1, 1, 1, 1,
                Padding.NONE, gradientPrecision(layer), List.of(gradient), inputs.isEmpty() ? null : inputs.get(0));
            contribute(other, dW);
          }
        } else {
          inputs.forEach(p -> contribute(p, gradient));
          second.forEach(p -> contribute(p, gradient));
        }
      }
    }
  }

  /** The phase-form transposed layer (see the class comment). */
  private int inputGradient(Layer layer, int gradient) {
    int sy = layer.strideY();
    int sx = layer.strideX();
    int ay = ceilDiv(layer.padding().top() - layer.dilationY() * (layer.size(LoopDim.FY) - 1), sy);
    int by = Math.floorDiv(sy - 1 + layer.padding().top(), sy);
    int ax = ceilDiv(layer.padding().left() - layer.dilationX() * (layer.size(LoopDim.FX) - 1), sx);
    int bx = Math.floorDiv(sx - 1 + layer.padding().left(), sx);
    // A window that starts after the band's first row (padding wider than the kernel) is widened to
    // start there: padding cannot be negative, and a wider window reads a superset.
    ay = Math.min(ay, 0);
    ax = Math.min(ax, 0);
    by = Math.max(by, ay);
    bx = Math.max(bx, ax);
    int oy = ceilDiv(layer.inputHeight(), sy);
    int ox = ceilDiv(layer.inputWidth(), sx);
    int fy = by - ay + 1;
    int fx = bx - ax + 1;
    Padding pad = new Padding(-ay, Math.max(0, oy - 1 + fy + ay - layer.size(LoopDim.OY)), -ax,
        Math.max(0, ox - 1 + fx + ax - layer.size(LoopDim.OX)));
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.K, layer.size(LoopDim.C) * sy * sx);
    dims.put(LoopDim.C, layer.size(LoopDim.K));
    dims.put(LoopDim.G, layer.size(LoopDim.G));
    dims.put(LoopDim.OY, oy);
    dims.put(LoopDim.OX, ox);
    dims.put(LoopDim.FY, fy);
    dims.put(LoopDim.FX, fx);
    Precision p = layer.precision();
    Precision precision = new Precision(p.weightBits(), p.finalOutputBits(), p.partialOutputBits(), p.inputBits());
    List<Integer> second = layer.producersOf(Operand.W);
    return add(layer.name(), ".dI", layer.type(), layer.opName(), dims, 1, 1, 1, 1, pad, precision,
        List.of(gradient), second.isEmpty() ? null : second.get(0));
  }

  /**
   * The weight gradient as a matrix product of the forward input's im2col matrix with
   * {@code dL/dO}, or, when the tile graph could mistake that matrix for the input tensor, as a
   * convolution of the forward input with {@code dL/dO} as kernel (see the class comment).
   */
  private int weightGradient(Layer layer, int gradient) {
    Precision p = layer.precision();
    int weightBits = p.weightBits() > 0 ? p.weightBits() : p.inputBits();
    Precision precision = new Precision(p.finalOutputBits(), p.inputBits(), p.partialOutputBits(), weightBits);
    int reduction = layer.size(LoopDim.OY) * layer.size(LoopDim.OX);
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.G, layer.size(LoopDim.G));
    dims.put(LoopDim.K, layer.size(LoopDim.K));
    if (reduction != layer.size(LoopDim.C)) {
      dims.put(LoopDim.OY, layer.size(LoopDim.C) * layer.size(LoopDim.FY) * layer.size(LoopDim.FX));
      dims.put(LoopDim.C, reduction);
      return add(layer.name(), ".dW", OperatorType.GEMM, "Gemm", dims, 1, 1, 1, 1, Padding.NONE, precision,
          layer.producersOf(Operand.I), gradient);
    }
    dims.put(LoopDim.G, layer.size(LoopDim.G) * layer.size(LoopDim.C));
    dims.put(LoopDim.OY, layer.size(LoopDim.FY));
    dims.put(LoopDim.OX, layer.size(LoopDim.FX));
    dims.put(LoopDim.FY, layer.size(LoopDim.OY));
    dims.put(LoopDim.FX, layer.size(LoopDim.OX));
    return add(layer.name(), ".dW", OperatorType.CONV, "Conv", dims, layer.dilationY(), layer.dilationX(),
        layer.strideY(), layer.strideX(), layer.padding(), precision, layer.producersOf(Operand.I), gradient);
  }

  /** Element-wise over {@code dL/dW} in its layout: {@code K·G} channels × {@code C·FY·FX} rows. */
  private void weightUpdate(Layer layer, Layer dW) {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.G, dW.outputChannels());
    dims.put(LoopDim.OY, dW.size(LoopDim.OY));
    dims.put(LoopDim.OX, dW.size(LoopDim.OX));
    int bits = layer.precision().weightBits();
    add(layer.name(), ".update", OperatorType.ELEMENTWISE, "Sub", dims, 1, 1, 1, 1, Padding.NONE,
        new Precision(bits, bits, bits, bits), List.of(dW.id()), null);
  }

  /** Element-wise dimensions of {@code layer}'s output: {@code G} output channels × rows × columns. */
  private static Map<LoopDim, Integer> outputShape(Layer layer) {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.G, layer.outputChannels());
    dims.put(LoopDim.OY, layer.size(LoopDim.OY));
    dims.put(LoopDim.OX, layer.size(LoopDim.OX));
    return dims;
  }

  /** A gradient of {@code layer}'s output carries the output's precision in every operand. */
  private static Precision gradientPrecision(Layer layer) {
    int bits = layer.precision().finalOutputBits();
    return new Precision(bits, bits, layer.precision().partialOutputBits(), bits);
  }

  private void contribute(int forwardId, int gradientLayer) {
    contributions.computeIfAbsent(forwardId, k -> new ArrayList<>()).add(gradientLayer);
  }

  /** Adds a layer named {@code base + suffix} (or {@code suffix + base} for a prefix ending in '.'). */
  private int add(String base, String suffix, OperatorType type, String opName, Map<LoopDim, Integer> dims,
      int strideY, int strideX, int dilationY, int dilationX, Padding padding, Precision precision,
      List<Integer> inputs, Integer second) {
    Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
    producers.put(Operand.I, inputs);
    if (second != null) {
      producers.put(Operand.W, List.of(second));
    }
    String name = suffix.endsWith(".") ? suffix + base : base + suffix;
    int id = nextId++;
    layers.add(new Layer(id, name, type, opName, dims, strideY, strideX, dilationY, dilationX, padding, precision,
        producers));
    return id;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
