package org.laminar.workload;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One layer of a workload: shape only, weight values are never needed.
 *
 * <p>The layer computes {@code O[b][g][k][oy][ox] (+)= W[g][k][c][fy][fx] · I[b][g][c][iy][ix]}
 * with {@code iy = strideY·oy + dilationY·fy − padding.top} (and the same for x). Input channels
 * are {@code C·G}, output channels {@code K·G}; a dimension absent from {@link #dims()} has size
 * 1.
 *
 * @param id unique id within the workload
 * @param name human-readable name (unique within the workload)
 * @param type operator class, which fixes operand relevance
 * @param opName the operator name from the source file ({@code Conv}, {@code MaxPool}, ...),
 *     used by mappings that allocate by operator type
 * @param dims loop-dimension sizes (elements); missing dimensions have size 1
 * @param strideY stride along rows (elements)
 * @param strideX stride along columns (elements)
 * @param dilationY kernel dilation along rows
 * @param dilationX kernel dilation along columns
 * @param padding zero padding of the input (elements)
 * @param precision operand precisions (bits)
 * @param producers for operand {@link Operand#I}: the layers whose outputs, concatenated along
 *     channels in list order, form the input (empty: the network input, read from DRAM); for
 *     {@link Operand#W}: the layer that produces the second activation operand (absent: constant
 *     weights, read from DRAM)
 */
public record Layer(
    int id,
    String name,
    OperatorType type,
    String opName,
    Map<LoopDim, Integer> dims,
    int strideY,
    int strideX,
    int dilationY,
    int dilationX,
    Padding padding,
    Precision precision,
    Map<Operand, List<Integer>> producers) {

  public Layer {
    checkNotNull(name, "layer %s: name is missing", id);
    checkNotNull(type, "layer %s: operator type is missing", name);
    checkNotNull(opName, "layer %s: operator name is missing", name);
    checkNotNull(padding, "layer %s: padding is missing", name);
    checkNotNull(precision, "layer %s: precision is missing", name);
    EnumMap<LoopDim, Integer> sizes = new EnumMap<>(LoopDim.class);
    for (LoopDim d : LoopDim.values()) {
      Integer size = dims.getOrDefault(d, 1);
      checkArgument(size != null && size > 0, "layer %s: dimension %s must be > 0, got %s", name, d, size);
      sizes.put(d, size);
    }
    dims = Maps.immutableEnumMap(sizes);
    checkArgument(strideY > 0 && strideX > 0, "layer %s: stride must be > 0, got %sx%s", name, strideY, strideX);
    checkArgument(dilationY > 0 && dilationX > 0, "layer %s: dilation must be > 0, got %sx%s", name, dilationY, dilationX);
    checkArgument(!producers.containsKey(Operand.O), "layer %s: operand O has no producer", name);
    checkArgument(producers.getOrDefault(Operand.W, List.of()).size() <= 1,
        "layer %s: operand W has at most one producer", name);
    checkArgument(!producers.containsKey(Operand.W) || type.hasWeightOperand(),
        "layer %s: a %s layer has no W operand to produce", name, type);
    ImmutableMap.Builder<Operand, List<Integer>> copy = ImmutableMap.builder();
    producers.forEach((operand, ids) -> {
      if (!ids.isEmpty()) {
        copy.put(operand, ImmutableList.copyOf(ids));
      }
    });
    producers = Maps.immutableEnumMap(copy.buildOrThrow());
  }

  /**
   * The largest MAC, element or bit count of a layer that Laminar accepts: 2⁵³, so that every
   * count is also exact as a double (energies are) and sums over up to 1,024 such layers fit a
   * {@code long}. {@link Workload} refuses larger layers.
   */
  public static final long MAX_COUNT = 1L << 53;

  /** Size of loop dimension {@code d} (1 when absent). */
  public int size(LoopDim d) {
    return dims.get(d);
  }

  /** Multiply-accumulate operations (or element operations for non-MAC layers). */
  public long macs() {
    long macs = 1;
    for (int size : dims.values()) {
      macs = Math.multiplyExact(macs, size);
    }
    return macs;
  }

  /** Input rows the layer reads, padding excluded: {@code S·(OY−1) + D·(FY−1) + 1 − pads}. */
  public int inputHeight() {
    return Math.max(1, strideY * (size(LoopDim.OY) - 1) + dilationY * (size(LoopDim.FY) - 1) + 1
        - padding.top() - padding.bottom());
  }

  /** Input columns the layer reads, padding excluded. */
  public int inputWidth() {
    return Math.max(1, strideX * (size(LoopDim.OX) - 1) + dilationX * (size(LoopDim.FX) - 1) + 1
        - padding.left() - padding.right());
  }

  /** Input channels ({@code C·G}). */
  public int inputChannels() {
    return Math.multiplyExact(size(LoopDim.C), size(LoopDim.G));
  }

  /** Output channels ({@code K·G}). */
  public int outputChannels() {
    return Math.multiplyExact(size(LoopDim.K), size(LoopDim.G));
  }

  /** Whether the W operand is constant weights that must be loaded from DRAM. */
  public boolean hasConstantWeights() {
    return type.hasWeightOperand() && precision.weightBits() > 0 && !producers.containsKey(Operand.W);
  }

  /** Bits of constant weights (0 when the layer has none). */
  public long weightBits() {
    if (!hasConstantWeights()) {
      return 0;
    }
    long elements = 1;
    for (LoopDim d : type.weightDims()) {
      elements = Math.multiplyExact(elements, size(d));
    }
    return Math.multiplyExact(elements, precision.weightBits());
  }

  /** Bits of the complete output at final precision. */
  public long outputBits() {
    return product(size(LoopDim.B), outputChannels(), size(LoopDim.OY), size(LoopDim.OX),
        precision.finalOutputBits());
  }

  /** Bits of the operand-I input tensor the layer reads (padding excluded). */
  public long inputBits() {
    return product(size(LoopDim.B), inputChannels(), inputHeight(), inputWidth(), precision.inputBits());
  }

  /** The exact product of {@code factors}; an {@link ArithmeticException} where a long cannot hold it. */
  private static long product(long... factors) {
    long product = 1;
    for (long f : factors) {
      product = Math.multiplyExact(product, f);
    }
    return product;
  }

  /** Producers of operand {@code operand}; empty when it comes from DRAM. */
  public List<Integer> producersOf(Operand operand) {
    return producers.getOrDefault(operand, List.of());
  }

  /** All producer layer ids, operand I first. */
  public Set<Integer> allProducers() {
    var all = new java.util.LinkedHashSet<Integer>(producersOf(Operand.I));
    all.addAll(producersOf(Operand.W));
    return all;
  }

  /** The loop dimensions that index {@code operand}; I's {@code OY, OX, FY, FX} are partially relevant. */
  public Set<LoopDim> relevantDims(Operand operand) {
    return switch (operand) {
      case W -> type.weightDims();
      case I -> EnumSet.of(LoopDim.B, LoopDim.C, LoopDim.G, LoopDim.OY, LoopDim.OX, LoopDim.FY, LoopDim.FX);
      case O -> EnumSet.of(LoopDim.B, LoopDim.K, LoopDim.G, LoopDim.OY, LoopDim.OX);
    };
  }

  /** A copy of this layer with other loop sizes (a tile's shape); everything else is kept. */
  public Layer withDims(Map<LoopDim, Integer> newDims) {
    return new Layer(id, name, type, opName, newDims, strideY, strideX, dilationY, dilationX, padding,
        precision, producers);
  }
}
