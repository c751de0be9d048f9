package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Workload;

/**
 * Generates the tile graph of a {@link Tiling}.
 *
 * <p>Each layer is cut into a grid of channel parts × row bands ({@link Tiling#channelParts},
 * {@link Tiling#rowParts}); one tile per cell. A tile with output rows {@code [r0, r1)} reads input
 * rows {@code [r0·S − padTop, (r1−1)·S + D·(FY−1) − padTop]} (the halo included), clipped to the
 * rows its producer has, and the input channels its output channels depend on: all of them for a
 * convolution or matrix product without groups, the channels of its own groups otherwise. When a
 * layer reads several producers their outputs are concatenated along channels in
 * {@link Layer#producersOf} order. An edge from a producer tile carries exactly the part of the
 * producer's output the consumer reads: rows × channels × the producer's width × batch × the
 * producer's final precision. Element-wise layers read their second operand ({@link Operand#W})
 * the same way.
 *
 * <p>The rows a band computes depend on the tiling's {@link Overlap} mode. With {@link
 * Overlap#CACHE} the bands of a layer partition its rows ({@link Tiling#rowParts}) and a band reads
 * the overlap rows from its neighbouring producer bands. With {@link Overlap#RECOMPUTE}, band {@code
 * b} of a layer also computes every row that band {@code b} of a consumer in the same stack with as
 * many row bands reads region by region (the rows of its window, clipped to the layer's rows), the
 * consumers' own bands grown first (from the stack's last layer back); such a consumer then reads
 * band {@code b} of the producer only. Every other read (from another stack, between layers with
 * different band counts, of a producer read whole) reads the rows each producer band owns under
 * its partition, so that no row is read twice.
 *
 * <p>Two cases cannot be mapped region by region and are read whole: an operand whose producers'
 * output channels do not add up to the layer's input channels (a flatten or reshape lies between
 * them), and the second activation operand of a matrix product (its layout may be transposed). A
 * producer tile read twice by one consumer (through both operands, or a tensor concatenated with
 * itself) gives one edge carrying the larger of the two reads.
 *
 * <p>A tile's {@link Tile#shape} is its layer with {@code OY} set to the band's rows, the split
 * channel dimension set to its part, and the padding reduced to the rows of padding the band
 * really reads, so that {@code shape.inputHeight()} is the height of its input region. Tiles are
 * numbered stack by stack; within a stack they follow the depth-first order of fused execution
 * (always the deepest tile whose inputs are all produced, then the lowest band, then the lowest
 * channel part), which is a topological order for any tiling.
 *
 * <p>Cost: linear in tiles plus edges (row and channel ranges are intersected per producer layer
 * by index arithmetic), plus a priority-queue sort of the tiles.
 */
public final class TileGraphBuilder {

  private final Tiling tiling;
  private final Workload workload;
  private final Map<Integer, Grid> grids = new LinkedHashMap<>();
  private final List<Cell> cells = new ArrayList<>();
  /** With {@link Overlap#RECOMPUTE}: by layer id, the first and one-past-last row each band computes. */
  private final Map<Integer, int[][]> grown = new HashMap<>();

  private TileGraphBuilder(Tiling tiling) {
    this.tiling = tiling;
    this.workload = tiling.workload();
  }

  /** The tile graph of {@code tiling}. */
  public static TileGraph build(Tiling tiling) {
    return new TileGraphBuilder(tiling).run();
  }

  /** The tiles of one layer: channel parts × row bands, cells numbered from {@code first}. */
  private record Grid(Layer layer, int position, int stack, Partition rows, Partition channels, int unit,
      int first) {
    int cell(int part, int band) {
      return first + part * rows.parts() + band;
    }

    int channelStart(int part) {
      return channels.start(part) * unit;
    }

    int channelEnd(int part) {
      return channels.end(part) * unit;
    }
  }

  /** A tile before numbering, with what it reads: producer cell → bits. */
  private record Cell(Grid grid, int part, int band, Region region, Map<Integer, Long> reads) {
  }

  private TileGraph run() {
    int position = 0;
    int first = 0;
    for (Layer layer : workload.layers()) {
      Grid grid = new Grid(layer, position++, tiling.stackOf(layer.id()), tiling.rowParts(layer),
          tiling.channelParts(layer), Tiling.channelDim(layer) == LoopDim.G ? layer.size(LoopDim.K) : 1, first);
      grids.put(layer.id(), grid);
      first += grid.channels().parts() * grid.rows().parts();
    }
    if (tiling.overlap() == Overlap.RECOMPUTE) {
      growBands();
    }
    for (Grid grid : grids.values()) {
      for (int part = 0; part < grid.channels().parts(); part++) {
        for (int band = 0; band < grid.rows().parts(); band++) {
          Region region = new Region(grid.channelStart(part), grid.channelEnd(part), rowStart(grid, band),
              rowEnd(grid, band));
          cells.add(new Cell(grid, part, band, region, new LinkedHashMap<>()));
        }
      }
    }
    List<Tile> tiles = new ArrayList<>(cells.size());
    for (Cell cell : cells) {
      tiles.add(describe(cell));
    }
    return number(tiles);
  }

  /**
   * {@link Overlap#RECOMPUTE}: grows each band of each layer, from the last layer back, by the rows
   * band {@code b} of its recomputing consumers ({@link #ownBand}) reads.
   */
  private void growBands() {
    Map<Integer, List<Layer>> consumers = new HashMap<>();
    for (Layer layer : workload.layers()) {
      layer.allProducers().forEach(p -> consumers.computeIfAbsent(p, x -> new ArrayList<>()).add(layer));
    }
    List<Layer> order = workload.layers();
    for (int i = order.size() - 1; i >= 0; i--) {
      Layer layer = order.get(i);
      Grid grid = grids.get(layer.id());
      int bands = grid.rows().parts();
      int[] start = new int[bands];
      int[] end = new int[bands];
      for (int b = 0; b < bands; b++) {
        start[b] = grid.rows().start(b);
        end[b] = grid.rows().end(b);
      }
      for (Layer consumer : consumers.getOrDefault(layer.id(), List.of())) {
        Grid reader = grids.get(consumer.id());
        if (!ownBand(reader, grid) || !readsByWindow(consumer, layer.id())) {
          continue;
        }
        for (int b = 0; b < bands; b++) {
          int[] window = window(consumer, rowStart(reader, b), rowEnd(reader, b));
          start[b] = Math.min(start[b], Math.max(window[0], 0));
          end[b] = Math.max(end[b], Math.min(window[1], layer.size(LoopDim.OY) - 1) + 1);
        }
      }
      grown.put(layer.id(), new int[][] {start, end});
    }
  }

  /** The first output row band {@code band} of {@code grid} computes. */
  private int rowStart(Grid grid, int band) {
    int[][] rows = grown.get(grid.layer().id());
    return rows == null ? grid.rows().start(band) : rows[0][band];
  }

  /** One past the last output row band {@code band} of {@code grid} computes. */
  private int rowEnd(Grid grid, int band) {
    int[][] rows = grown.get(grid.layer().id());
    return rows == null ? grid.rows().end(band) : rows[1][band];
  }

  /**
   * Whether band {@code b} of {@code consumer} reads band {@code b} of {@code producer} only, which
   * then computes what it reads: {@link Overlap#RECOMPUTE}, one stack, as many row bands.
   */
  private boolean ownBand(Grid consumer, Grid producer) {
    return tiling.overlap() == Overlap.RECOMPUTE && consumer.stack() == producer.stack()
        && consumer.rows().parts() == producer.rows().parts();
  }

  /** Whether {@code layer} reads {@code producer}'s output row by row through its window (not whole). */
  private boolean readsByWindow(Layer layer, int producer) {
    List<Integer> inputs = layer.producersOf(Operand.I);
    List<Integer> second = layer.producersOf(Operand.W);
    return inputs.contains(producer) && byRegion(layer, inputs)
        || layer.type() == OperatorType.ELEMENTWISE && second.contains(producer) && byRegion(layer, second);
  }

  /**
   * The input rows {@code [lo, hi]} that output rows {@code [rowStart, rowEnd)} of {@code layer}
   * read, the halo included, before clipping to the rows the input has (so {@code lo} may be below 0).
   */
  private static int[] window(Layer layer, int rowStart, int rowEnd) {
    int lo = rowStart * layer.strideY() - layer.padding().top();
    int hi = (rowEnd - 1) * layer.strideY() + layer.dilationY() * (layer.size(LoopDim.FY) - 1)
        - layer.padding().top();
    return new int[] {lo, hi};
  }

  /** Fills the cell's reads and returns its tile with a provisional id (its cell index). */
  private Tile describe(Cell cell) {
    Layer layer = cell.grid().layer();
    Region out = cell.region();
    // The input channels of the tile's groups: all of them unless the split cuts groups.
    boolean grouped = Tiling.channelDim(layer) == LoopDim.G;
    int k = layer.size(LoopDim.K);
    int c = layer.size(LoopDim.C);
    int inFirst = grouped ? out.channelStart() / k * c : 0;
    int inEnd = grouped ? out.channelEnd() / k * c : layer.inputChannels();
    int[] window = window(layer, out.rowStart(), out.rowEnd());
    int lo = window[0];
    int hi = window[1];

    List<Integer> inputs = layer.producersOf(Operand.I);
    long dramInputBits = 0;
    int inputRows;
    if (inputs.isEmpty()) {
      inputRows = layer.inputHeight();
      int rows = Math.max(0, Math.min(hi, inputRows - 1) - Math.max(lo, 0) + 1);
      dramInputBits = (long) rows * (inEnd - inFirst) * layer.inputWidth() * layer.size(LoopDim.B)
          * layer.precision().inputBits();
    } else {
      boolean spatial = read(cell, inputs, inFirst, inEnd, lo, hi);
      inputRows = spatial ? grids.get(inputs.get(0)).layer().size(LoopDim.OY) : layer.inputHeight();
    }
    List<Integer> second = layer.producersOf(Operand.W);
    if (!second.isEmpty()) {
      if (layer.type() == OperatorType.ELEMENTWISE) {
        read(cell, second, inFirst, inEnd, lo, hi);
      } else {
        readWhole(cell, second.get(0));
      }
    }

    Layer shape = shape(cell, Math.max(0, -lo), Math.max(0, hi - (inputRows - 1)));
    int slice = layer.type().weightDims().contains(LoopDim.OY)
        ? cell.part() * cell.grid().rows().parts() + cell.band() : cell.part();
    return new Tile(cell.grid().cell(cell.part(), cell.band()), layer.id(), out, shape, slice, shape.weightBits(),
        shape.outputBits(), dramInputBits, cell.grid().stack());
  }

  /** The cell's layer with its band's rows, its channel part and the row padding it reads. */
  private static Layer shape(Cell cell, int padTop, int padBottom) {
    Layer layer = cell.grid().layer();
    Partition channels = cell.grid().channels();
    EnumMap<LoopDim, Integer> dims = new EnumMap<>(layer.dims());
    dims.put(LoopDim.OY, cell.region().rows());
    dims.put(Tiling.channelDim(layer), channels.end(cell.part()) - channels.start(cell.part()));
    Padding pad = new Padding(padTop, padBottom, layer.padding().left(), layer.padding().right());
    return new Layer(layer.id(), layer.name(), layer.type(), layer.opName(), dims, layer.strideY(),
        layer.strideX(), layer.dilationY(), layer.dilationX(), pad, layer.precision(), layer.producers());
  }

  /**
   * Records what the cell reads of an operand made of {@code producers} concatenated along
   * channels: input channels {@code [inFirst, inEnd)}, input rows {@code [lo, hi]}. Returns whether
   * the operand could be mapped region by region (otherwise every producer is read whole).
   */
  private boolean read(Cell cell, List<Integer> producers, int inFirst, int inEnd, int lo, int hi) {
    if (!byRegion(cell.grid().layer(), producers)) {
      producers.forEach(p -> readWhole(cell, p));
      return false;
    }
    int offset = 0;
    for (int p : producers) {
      Grid producer = grids.get(p);
      int size = producer.layer().outputChannels();
      int first = Math.max(inFirst, offset) - offset;
      int end = Math.min(inEnd, offset + size) - offset;
      if (first < end) {
        readRegion(cell, producer, first, end, lo, hi, true);
      }
      offset += size;
    }
    return true;
  }

  /**
   * Whether {@code layer} can read the operand made of {@code producers} concatenated along channels
   * region by region: their channels add up to its input channels and their rows map one to one.
   */
  private boolean byRegion(Layer layer, List<Integer> producers) {
    long channels = producers.stream().mapToLong(p -> grids.get(p).layer().outputChannels()).sum();
    // Rows map one to one only when every producer has the rows the windows read (up to the
    // stride − 1 rows no window reaches): an upsampled, sliced or broadcast operand does not.
    boolean rowsMatch = producers.stream().mapToInt(p -> grids.get(p).layer().size(LoopDim.OY))
        .allMatch(rows -> rows >= layer.inputHeight() && rows < layer.inputHeight() + layer.strideY());
    return channels == layer.inputChannels() && rowsMatch;
  }

  private void readWhole(Cell cell, int producer) {
    Grid grid = grids.get(producer);
    readRegion(cell, grid, 0, grid.layer().outputChannels(), 0, grid.layer().size(LoopDim.OY) - 1, false);
  }

  /**
   * Adds the reads of producer channels {@code [first, end)} × rows {@code [lo, hi]} (clipped):
   * through the cell's window ({@code window}) from its own band when {@link #ownBand}, otherwise
   * from the producer bands that own those rows.
   */
  private void readRegion(Cell cell, Grid producer, int first, int end, int lo, int hi, boolean window) {
    Layer p = producer.layer();
    int top = Math.max(lo, 0);
    int bottom = Math.min(hi, p.size(LoopDim.OY) - 1);
    if (top > bottom) {
      return;
    }
    long perRowChannel = (long) p.size(LoopDim.OX) * p.size(LoopDim.B) * p.precision().finalOutputBits();
    int lastPart = producer.channels().partOf((end - 1) / producer.unit());
    if (window && ownBand(cell.grid(), producer)) {
      int band = cell.band();
      checkState(rowStart(producer, band) <= top && bottom < rowEnd(producer, band),
          "band %s of layer '%s' reads rows %s-%s of layer '%s', whose band computes %s-%s", band,
          cell.grid().layer().name(), top, bottom, p.name(), rowStart(producer, band), rowEnd(producer, band) - 1);
      for (int part = producer.channels().partOf(first / producer.unit()); part <= lastPart; part++) {
        int channels = Math.min(end, producer.channelEnd(part)) - Math.max(first, producer.channelStart(part));
        cell.reads().merge(producer.cell(part, band), (long) (bottom - top + 1) * channels * perRowChannel,
            Math::max);
      }
      return;
    }
    int lastBand = producer.rows().partOf(bottom);
    for (int part = producer.channels().partOf(first / producer.unit()); part <= lastPart; part++) {
      int channels = Math.min(end, producer.channelEnd(part)) - Math.max(first, producer.channelStart(part));
      for (int band = producer.rows().partOf(top); band <= lastBand; band++) {
        int rows = Math.min(bottom + 1, producer.rows().end(band)) - Math.max(top, producer.rows().start(band));
        cell.reads().merge(producer.cell(part, band), (long) rows * channels * perRowChannel, Math::max);
      }
    }
  }

  /** Renumbers the tiles in depth-first topological order and builds the graph. */
  private TileGraph number(List<Tile> provisional) {
    int n = cells.size();
    int[] waiting = new int[n];
    List<List<Integer>> consumers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      consumers.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      waiting[i] = cells.get(i).reads().size();
      for (int producer : cells.get(i).reads().keySet()) {
        consumers.get(producer).add(i);
      }
    }
    Comparator<Integer> depthFirst = Comparator.<Integer>comparingInt(i -> cells.get(i).grid().stack())
        .thenComparingInt(i -> -cells.get(i).grid().position())
        .thenComparingInt(i -> cells.get(i).band())
        .thenComparingInt(i -> cells.get(i).part());
    PriorityQueue<Integer> ready = new PriorityQueue<>(depthFirst);
    for (int i = 0; i < n; i++) {
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    int[] id = new int[n];
    int[] order = new int[n];
    int next = 0;
    while (!ready.isEmpty()) {
      int i = ready.poll();
      id[i] = next;
      order[next++] = i;
      for (int consumer : consumers.get(i)) {
        if (--waiting[consumer] == 0) {
          ready.add(consumer);
        }
      }
    }
    List<Tile> tiles = new ArrayList<>(n);
    List<TileEdge> edges = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Tile t = provisional.get(order[k]);
      int consumer = k;
      tiles.add(new Tile(k, t.layer(), t.output(), t.shape(), t.weightSlice(), t.weightBits(), t.outputBits(),
          t.dramInputBits(), t.stack()));
      cells.get(order[k]).reads().entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(p -> id[p])))
          .forEach(e -> edges.add(new TileEdge(id[e.getKey()], consumer, e.getValue())));
    }
    return new TileGraph(workload, tiles, edges);
  }
}
