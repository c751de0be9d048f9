package org.laminar.cost;

import java.util.List;
import java.util.function.IntFunction;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;

/**
 * Which loops index which operand of a layer, as ZigZag classifies them: relevant (a new
 * iteration touches new data), irrelevant (the same data is reused) or partially relevant (the
 * output and kernel positions of a sliding window, which together index the input rows/columns).
 *
 * <p>An input extent never exceeds the rows (columns) the layer really reads: the padding rows a
 * window reaches hold no data, so they are neither stored nor moved. ZigZag clips every partially
 * relevant extent the same way, to the layer's input size without padding ({@code LayerNode.
 * calc_tensor_dim}); it changes costs only where loops span the padded border.
 */
final class Relevance {
  /** The relevance classes. */
  enum Kind { RELEVANT, IRRELEVANT, PARTIAL }

  private final Layer layer;
  private final boolean window;
  /** {@code gcd(stride, dilation)} along rows and columns. */
  private final int gcdY;
  private final int gcdX;
  /** Input rows and columns the whole shape reads, padding excluded: the largest extents. */
  private final double rowsLimit;
  private final double columnsLimit;
  /** The class of each dimension for each operand, by ordinals: the inner loops ask for it often. */
  private final Kind[][] kinds = new Kind[Operand.values().length][LoopDim.values().length];

  Relevance(Layer layer) {
    this.layer = layer;
    this.window = layer.type() == OperatorType.CONV || layer.type() == OperatorType.POOL;
    this.gcdY = gcd(layer.strideY(), layer.dilationY());
    this.gcdX = gcd(layer.strideX(), layer.dilationX());
    this.rowsLimit = Math.max(1, extent(gcdY, layer.strideY(), layer.dilationY(), layer.size(LoopDim.OY),
        layer.size(LoopDim.FY), Double.MAX_VALUE) - layer.padding().top() - layer.padding().bottom());
    this.columnsLimit = Math.max(1, extent(gcdX, layer.strideX(), layer.dilationX(), layer.size(LoopDim.OX),
        layer.size(LoopDim.FX), Double.MAX_VALUE) - layer.padding().left() - layer.padding().right());
    for (Operand operand : Operand.values()) {
      for (LoopDim dim : LoopDim.values()) {
        kinds[operand.ordinal()][dim.ordinal()] = classify(operand, dim);
      }
    }
  }

  /** The class of {@code dim} for {@code operand}. */
  Kind kind(Operand operand, LoopDim dim) {
    return kinds[operand.ordinal()][dim.ordinal()];
  }

  private Kind classify(Operand operand, LoopDim dim) {
    return switch (operand) {
      case W -> layer.type().weightDims().contains(dim) ? Kind.RELEVANT : Kind.IRRELEVANT;
      case O -> switch (dim) {
        case B, K, G, OY, OX -> Kind.RELEVANT;
        default -> Kind.IRRELEVANT;
      };
      case I -> switch (dim) {
        case B, C, G -> Kind.RELEVANT;
        case OY, OX -> window ? Kind.PARTIAL : Kind.RELEVANT;
        case FY, FX -> window ? Kind.PARTIAL : Kind.IRRELEVANT;
        default -> Kind.IRRELEVANT;
      };
    };
  }

  boolean irrelevant(Operand operand, LoopDim dim) {
    return kind(operand, dim) == Kind.IRRELEVANT;
  }

  boolean relevant(Operand operand, LoopDim dim) {
    return kind(operand, dim) == Kind.RELEVANT;
  }

  /**
   * Per level of {@code levels} (loops innermost first within a level, levels bottom-up): the
   * product of the relevant factors ({@code [lv][0]}) and of the irrelevant ones ({@code [lv][1]}).
   * A partially relevant loop is split into the growth of the input extent it causes (relevant)
   * and the rest of its iterations (irrelevant), from the extents of all loops up to it (see
   * {@link #extent}).
   */
  double[][] split(Operand operand, List<List<Loop>> levels) {
    return split(operand, levels.size(), levels::get, lv -> List.of());
  }

  /**
   * {@link #split(Operand, List)} of the levels {@code 0..count-1} whose loops are those of
   * {@code first.apply(lv)} followed by those of {@code second.apply(lv)}, without building them.
   */
  double[][] split(Operand operand, int count, IntFunction<List<Loop>> first, IntFunction<List<Loop>> second) {
    double[][] result = new double[count][];
    Kind[] byDim = kinds[operand.ordinal()];
    Window y = new Window(layer.strideY(), layer.dilationY(), gcdY, rowsLimit);
    Window x = new Window(layer.strideX(), layer.dilationX(), gcdX, columnsLimit);
    for (int lv = 0; lv < count; lv++) {
      double[] products = {1, 1};
      accumulate(first.apply(lv), byDim, y, x, products);
      accumulate(second.apply(lv), byDim, y, x, products);
      result[lv] = products;
    }
    return result;
  }

  private static void accumulate(List<Loop> loops, Kind[] byDim, Window y, Window x, double[] products) {
    for (int i = 0; i < loops.size(); i++) {
      Loop loop = loops.get(i);
      switch (byDim[loop.dim().ordinal()]) {
        case RELEVANT -> products[0] *= loop.size();
        case IRRELEVANT -> products[1] *= loop.size();
        case PARTIAL -> {
          Window w = loop.dim() == LoopDim.OY || loop.dim() == LoopDim.FY ? y : x;
          double extentBefore = w.extent();
          double reuseBefore = w.iterations() / extentBefore;
          w.grow(loop);
          products[0] *= w.extent() / extentBefore;
          products[1] *= (w.iterations() / w.extent()) / reuseBefore;
        }
      }
    }
  }

  /** Elements of {@code operand} indexed by loops of the given total sizes per dimension. */
  double elements(Operand operand, double[] sizeByDim) {
    double elements = 1;
    Kind[] byDim = kinds[operand.ordinal()];
    for (int d = 0; d < byDim.length; d++) {
      if (byDim[d] == Kind.RELEVANT) {
        elements *= sizeByDim[d];
      }
    }
    if (operand == Operand.I && window) {
      elements *= extent(gcdY, layer.strideY(), layer.dilationY(), whole(sizeByDim[LoopDim.OY.ordinal()]),
          whole(sizeByDim[LoopDim.FY.ordinal()]), rowsLimit);
      elements *= extent(gcdX, layer.strideX(), layer.dilationX(), whole(sizeByDim[LoopDim.OX.ordinal()]),
          whole(sizeByDim[LoopDim.FX.ordinal()]), columnsLimit);
    }
    return elements;
  }

  /**
   * Distinct input positions {@code stride·o + dilation·f} for {@code o < outputs}, {@code f <
   * kernel} (ZigZag's count): {@code O·F − max(0, F − S/g)·(O − D/g)} with {@code g =
   * gcd(S, D)}, which is {@code S·(O−1) + D·(F−1) + 1} when the kernel covers the stride and
   * fewer (a strided 1×1 kernel skips inputs) when it does not.
   */
  static double extent(int stride, int dilation, double outputs, double kernel) {
    return extent(gcd(stride, dilation), stride, dilation, outputs, kernel, Double.MAX_VALUE);
  }

  /**
   * {@link #extent(int, int, double, double)} with {@code g = gcd(stride, dilation)} given, at most
   * {@code limit} (the input size without padding).
   */
  private static double extent(int g, int stride, int dilation, double outputs, double kernel, double limit) {
    double unique = outputs * kernel - Math.max(0, kernel - stride / g) * (outputs - (double) dilation / g);
    return Math.max(1, Math.min(limit, Math.min(outputs * kernel, unique)));
  }

  /** The integer part of a loop-size product (which may be fractional by rounding error). */
  private static double whole(double size) {
    return Math.max(1, Math.floor(size + 1e-9));
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Cumulative output and kernel iterations along one axis, for the split of partial loops. */
  private static final class Window {
    private final int stride;
    private final int dilation;
    private final int gcd;
    private final double limit;
    private double outputs = 1;
    private double kernel = 1;

    Window(int stride, int dilation, int gcd, double limit) {
      this.stride = stride;
      this.dilation = dilation;
      this.gcd = gcd;
      this.limit = limit;
    }

    void grow(Loop loop) {
      if (loop.dim() == LoopDim.OY || loop.dim() == LoopDim.OX) {
        outputs *= loop.size();
      } else {
        kernel *= loop.size();
      }
    }

    /**
     * The input extent of the output and kernel iterations so far, counted from their whole parts:
     * a fractional unrolling (7 outputs on 4 PEs: 1.75 per temporal step) indexes as many distinct
     * inputs as its integer part, as in ZigZag ({@code LayerNode.calc_tensor_dim} truncates the
     * loop sizes it relates); the reuse factor keeps the fractional iteration count.
     */
    double extent() {
      return Relevance.extent(gcd, stride, dilation, whole(outputs), whole(kernel), limit);
    }

    double iterations() {
      return outputs * kernel;
    }
  }
}
