package org.laminar.cost;

import java.util.List;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;

/**
 * Which loops index which operand of a layer, as ZigZag classifies them: relevant (a new
 * iteration touches new data), irrelevant (the same data is reused) or partially relevant (the
 * output and kernel positions of a sliding window, which together index the input rows/columns).
 */
final class Relevance {
  /** The relevance classes. */
  enum Kind { RELEVANT, IRRELEVANT, PARTIAL }

  private final Layer layer;
  private final boolean window;

  Relevance(Layer layer) {
    this.layer = layer;
    this.window = layer.type() == OperatorType.CONV || layer.type() == OperatorType.POOL;
  }

  /** The class of {@code dim} for {@code operand}. */
  Kind kind(Operand operand, LoopDim dim) {
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
    double[][] result = new double[levels.size()][2];
    Window y = new Window(layer.strideY(), layer.dilationY());
    Window x = new Window(layer.strideX(), layer.dilationX());
    for (int lv = 0; lv < levels.size(); lv++) {
      double relevant = 1;
      double irrelevant = 1;
      for (Loop loop : levels.get(lv)) {
        switch (kind(operand, loop.dim())) {
          case RELEVANT -> relevant *= loop.size();
          case IRRELEVANT -> irrelevant *= loop.size();
          case PARTIAL -> {
            Window w = loop.dim() == LoopDim.OY || loop.dim() == LoopDim.FY ? y : x;
            double extentBefore = w.extent();
            double reuseBefore = w.iterations() / extentBefore;
            w.grow(loop);
            relevant *= w.extent() / extentBefore;
            irrelevant *= (w.iterations() / w.extent()) / reuseBefore;
          }
        }
      }
      result[lv][0] = relevant;
      result[lv][1] = irrelevant;
    }
    return result;
  }

  /** Elements of {@code operand} indexed by loops of the given total sizes per dimension. */
  double elements(Operand operand, double[] sizeByDim) {
    double elements = 1;
    for (LoopDim d : LoopDim.values()) {
      if (relevant(operand, d)) {
        elements *= sizeByDim[d.ordinal()];
      }
    }
    if (operand == Operand.I && window) {
      elements *= extent(layer.strideY(), layer.dilationY(), sizeByDim[LoopDim.OY.ordinal()],
          sizeByDim[LoopDim.FY.ordinal()]);
      elements *= extent(layer.strideX(), layer.dilationX(), sizeByDim[LoopDim.OX.ordinal()],
          sizeByDim[LoopDim.FX.ordinal()]);
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
    int g = gcd(stride, dilation);
    double unique = outputs * kernel - Math.max(0, kernel - stride / g) * (outputs - (double) dilation / g);
    return Math.max(1, Math.min(outputs * kernel, unique));
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Cumulative output and kernel iterations along one axis, for the split of partial loops. */
  private static final class Window {
    private final int stride;
    private final int dilation;
    private double outputs = 1;
    private double kernel = 1;

    Window(int stride, int dilation) {
      this.stride = stride;
      this.dilation = dilation;
    }

    void grow(Loop loop) {
      if (loop.dim() == LoopDim.OY || loop.dim() == LoopDim.OX) {
        outputs *= loop.size();
      } else {
        kernel *= loop.size();
      }
    }

    double extent() {
      return Relevance.extent(stride, dilation, outputs, kernel);
    }

    double iterations() {
      return outputs * kernel;
    }
  }
}
