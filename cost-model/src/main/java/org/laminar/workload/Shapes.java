package org.laminar.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Whether each layer reads what its producers write. A format that states every layer's loop
 * sizes (Laminar's, ZigZag's and Stream's YAML) can contradict itself; this finds it where the
 * file is read, before the contradiction becomes a schedule with numbers.
 *
 * <p>The rules, for a layer's input operand {@code I} and its producers (concatenated along
 * channels). When the input channels ({@code C·G}) are at most the producers' output channels
 * ({@code K·G}, summed; Stream's files let a layer read the first channels only), each producer's
 * rows {@code w} (its {@code OY}) and the rows the layer
 * reads {@code r} ({@link Layer#inputHeight()}, explicit padding excluded) must satisfy
 * {@code r ≤ w + D·(F − 1)} with dilation {@code D} and kernel {@code F}: ZigZag's and Stream's
 * files leave "same" padding implicit, which adds at most the kernel's halo (fewer rows may be
 * read: a strided window need not reach the last rows, and Stream's files crop); and the kernel
 * ({@code D·(F − 1) + 1}) must fit the producer's rows plus the explicit padding. The same holds
 * for columns. A layer that reads more channels than are written must read a reshape of the
 * producers' outputs (a flatten before a matrix product): the element counts must be equal.
 */
public final class Shapes {
  private Shapes() {
  }

  /**
   * Checks every layer of {@code workload} against its producers and returns the workload.
   *
   * @throws IllegalArgumentException naming the layer, the producer and the sizes that disagree
   */
  public static Workload checked(Workload workload) {
    for (Layer layer : workload.layers()) {
      List<Integer> producers = layer.producersOf(Operand.I);
      if (producers.isEmpty()) {
        continue;
      }
      List<Layer> from = producers.stream().map(workload::layer).toList();
      long channels = from.stream().mapToLong(Layer::outputChannels).sum();
      if (layer.inputChannels() <= channels) {
        for (Layer p : from) {
          checkWindow(layer, p, "rows", p.size(LoopDim.OY), layer.inputHeight(), layer.strideY(),
              layer.dilationY(), "FY", layer.size(LoopDim.FY), layer.padding().top() + layer.padding().bottom());
          checkWindow(layer, p, "columns", p.size(LoopDim.OX), layer.inputWidth(), layer.strideX(),
              layer.dilationX(), "FX", layer.size(LoopDim.FX), layer.padding().left() + layer.padding().right());
        }
        continue;
      }
      long written = from.stream().mapToLong(p -> (long) p.size(LoopDim.B) * p.outputChannels()
          * p.size(LoopDim.OY) * p.size(LoopDim.OX)).sum();
      long read = (long) layer.size(LoopDim.B) * layer.inputChannels() * layer.inputHeight() * layer.inputWidth();
      checkArgument(written == read, "layer '%s' reads %s input channels, but its producer%s %s write%s %s (and "
          + "%s elements in all, not the %s it reads)", layer.name(), layer.inputChannels(),
          from.size() == 1 ? "" : "s", names(from), from.size() == 1 ? "s" : "", channels, written, read);
    }
    return workload;
  }

  private static void checkWindow(Layer layer, Layer producer, String what, int written, int read, int stride,
      int dilation, String kernel, int kernelSize, int padding) {
    int halo = dilation * (kernelSize - 1);
    checkArgument(read <= written + halo, "layer '%s' reads %s %s (from its "
        + "output size, stride %s, kernel %s=%s and padding), but its producer '%s' writes %s", layer.name(), read,
        what, stride, kernel, kernelSize, producer.name(), written);
    checkArgument(halo + 1 <= written + padding, "layer '%s': its kernel %s=%s (dilation %s) spans %s %s, more "
        + "than the %s its producer '%s' writes plus %s of padding", layer.name(), kernel, kernelSize, dilation,
        halo + 1, what, written, producer.name(), padding);
  }

  private static String names(List<Layer> layers) {
    return String.join(", ", layers.stream().map(l -> "'" + l.name() + "'").toList());
  }
}
