package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * <p>Each layer is cut into a grid of channel parts × row bands × column tiles ({@link
 * Tiling#channelParts}, {@link Tiling#rowParts}, {@link Tiling#columnParts}); one tile per cell. A
 * tile with output rows {@code [r0, r1)} reads input rows {@code [r0·S − padTop, (r1−1)·S +
 * D·(FY−1) − padTop]} (the halo included), clipped to the rows its producer has, and likewise
 * along columns when its layer is split into column tiles (a layer of one column tile reads its
 * producers' whole width), and the input channels its output channels depend on: all of them for a
 * convolution or matrix product without groups, the channels of its own groups otherwise. When a
 * layer reads several producers their outputs are concatenated along channels in
 * {@link Layer#producersOf} order. An edge from a producer tile carries exactly the part of the
 * producer's output the consumer reads: rows × columns × channels × batch × the producer's final
 * precision. Element-wise layers read their second operand ({@link Operand#W}) the same way.
 *
 * <p>The rows and columns a tile computes depend on the tiling's {@link Overlap} mode. With {@link
 * Overlap#CACHE} the tiles of a layer partition its output and a tile reads the overlap from its
 * neighbouring producer tiles. Along a dimension the mode recomputes (rows for {@link
 * Overlap#RECOMPUTE} and {@link Overlap#H_CACHE}, columns for {@link Overlap#RECOMPUTE} only), part
 * {@code b} of a layer also computes every row (column) that part {@code b} of a consumer in the same
 * stack with as many parts along that dimension reads region by region (its window, clipped to the
 * layer's size), the consumers' own parts grown first (from the stack's last layer back); such a
 * consumer then reads part {@code b} of the producer only along that dimension. Every other read
 * (from another stack, between layers with different part counts, of a producer read whole, along a
 * cached dimension) reads what each producer tile owns under its partition, so that nothing is read
 * twice.
 *
 * <p>Two cases cannot be mapped region by region and are read whole: an operand whose producers'
 * output channels do not add up to the layer's input channels (a flatten or reshape lies between
 * them), and the second activation operand of a matrix product (its layout may be transposed); a
 * layer split into column tiles also reads whole a producer whose columns do not map one to one. A
 * producer tile read twice by one consumer (through both operands, or a tensor concatenated with
 * itself) gives one edge carrying the larger of the two reads.
 *
 * <p>A tile's {@link Tile#shape} is its layer with {@code OY} ({@code OX}) set to the tile's rows
 * (columns), the split channel dimension set to its part, and the padding reduced to the rows (and,
 * for column tiles, columns) of padding the tile really reads, so that {@code shape.inputHeight()}
 * is the height of its input region. Tiles are numbered stack by stack; within a stack they follow
 * the depth-first order of fused execution (always the deepest tile whose inputs are all produced,
 * then the lowest band, then the leftmost column tile, then the lowest channel part), which is a
 * topological order for any tiling.
 *
 * <p>Cost: linear in tiles plus edges (row, column and channel ranges are intersected per producer
 * layer by index arithmetic), plus a priority-queue sort of the tiles.
 */
public final class TileGraphBuilder {

  private final Tiling tiling;
  private final Workload workload;
  private final Map<Integer, Grid> grids = new LinkedHashMap<>();
  private final List<Cell> cells = new ArrayList<>();
  /** Along a recomputed dimension, by layer id: the first and one-past-last row (column) each part computes. */
  private final Map<Axis, Map<Integer, int[][]>> grown = new EnumMap<>(Axis.class);

  private TileGraphBuilder(Tiling tiling) {
    this.tiling = tiling;
    this.workload = tiling.workload();
  }

  /** The tile graph of {@code tiling}. */
  public static TileGraph build(Tiling tiling) {
    return new TileGraphBuilder(tiling).run();
  }

  /** The spatial dimensions a layer's output is cut along, with the window geometry along each. */
  private enum Axis {
    ROWS(LoopDim.OY, LoopDim.FY),
    COLUMNS(LoopDim.OX, LoopDim.FX);

    final LoopDim output;
    final LoopDim kernel;

    Axis(LoopDim output, LoopDim kernel) {
      this.output = output;
      this.kernel = kernel;
    }

    int stride(Layer layer) {
      return this == ROWS ? layer.strideY() : layer.strideX();
    }

    int dilation(Layer layer) {
      return this == ROWS ? layer.dilationY() : layer.dilationX();
    }

    int padBefore(Layer layer) {
      return this == ROWS ? layer.padding().top() : layer.padding().left();
    }

    int inputSize(Layer layer) {
      return this == ROWS ? layer.inputHeight() : layer.inputWidth();
    }

    boolean recomputed(Overlap overlap) {
      return this == ROWS ? overlap.recomputesRows() : overlap.recomputesColumns();
    }
  }

  /** The tiles of one layer: channel parts × row bands × column tiles, cells numbered from {@code first}. */
  private record Grid(Layer layer, int position, int stack, Partition rows, Partition columns, Partition channels,
      int unit, int first) {
    int cell(int part, int band, int column) {
      return first + (part * rows.parts() + band) * columns.parts() + column;
    }

    Partition along(Axis axis) {
      return axis == Axis.ROWS ? rows : columns;
    }

    int channelStart(int part) {
      return channels.start(part) * unit;
    }

    int channelEnd(int part) {
      return channels.end(part) * unit;
    }
  }

  /** A tile before numbering, with what it reads: producer cell → bits. */
  private record Cell(Grid grid, int part, int band, int column, Region region, Map<Integer, Long> reads) {
    int index(Axis axis) {
      return axis == Axis.ROWS ? band : column;
    }
  }

  private TileGraph run() {
    int position = 0;
    int first = 0;
    for (Layer layer : workload.layers()) {
      Grid grid = new Grid(layer, position++, tiling.stackOf(layer.id()), tiling.rowParts(layer),
          tiling.columnParts(layer), tiling.channelParts(layer),
          Tiling.channelDim(layer) == LoopDim.G ? layer.size(LoopDim.K) : 1, first);
      grids.put(layer.id(), grid);
      first += grid.channels().parts() * grid.rows().parts() * grid.columns().parts();
    }
    for (Axis axis : Axis.values()) {
      if (axis.recomputed(tiling.overlap())) {
        grow(axis);
      }
    }
    for (Grid grid : grids.values()) {
      for (int part = 0; part < grid.channels().parts(); part++) {
        for (int band = 0; band < grid.rows().parts(); band++) {
          for (int column = 0; column < grid.columns().parts(); column++) {
            // A layer of one column tile spans every column, which its regions say without a width.
            boolean whole = grid.columns().parts() == 1;
            Region region = new Region(grid.channelStart(part), grid.channelEnd(part), start(grid, Axis.ROWS, band),
                end(grid, Axis.ROWS, band), whole ? 0 : start(grid, Axis.COLUMNS, column),
                whole ? Region.ALL_COLUMNS : end(grid, Axis.COLUMNS, column));
            cells.add(new Cell(grid, part, band, column, region, new LinkedHashMap<>()));
          }
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
   * Along recomputed {@code axis}: grows each part of each layer, from the last layer back, by what
   * part {@code b} of its recomputing consumers ({@link #own}) reads.
   */
  private void grow(Axis axis) {
    Map<Integer, List<Layer>> consumers = new HashMap<>();
    for (Layer layer : workload.layers()) {
      layer.allProducers().forEach(p -> consumers.computeIfAbsent(p, x -> new ArrayList<>()).add(layer));
    }
    Map<Integer, int[][]> ranges = new HashMap<>();
    grown.put(axis, ranges);
    List<Layer> order = workload.layers();
    for (int i = order.size() - 1; i >= 0; i--) {
      Layer layer = order.get(i);
      Partition parts = grids.get(layer.id()).along(axis);
      int[] start = new int[parts.parts()];
      int[] end = new int[parts.parts()];
      for (int b = 0; b < parts.parts(); b++) {
        start[b] = parts.start(b);
        end[b] = parts.end(b);
      }
      for (Layer consumer : consumers.getOrDefault(layer.id(), List.of())) {
        Grid reader = grids.get(consumer.id());
        if (!own(reader, grids.get(layer.id()), axis) || !readsByWindow(consumer, layer.id())) {
          continue;
        }
        for (int b = 0; b < parts.parts(); b++) {
          int[] window = window(consumer, axis, start(reader, axis, b), end(reader, axis, b));
          start[b] = Math.min(start[b], Math.max(window[0], 0));
          end[b] = Math.max(end[b], Math.min(window[1], layer.size(axis.output) - 1) + 1);
        }
      }
      ranges.put(layer.id(), new int[][] {start, end});
    }
  }

  /** The first output row (column) part {@code index} of {@code grid} computes along {@code axis}. */
  private int start(Grid grid, Axis axis, int index) {
    int[][] ranges = grown.getOrDefault(axis, Map.of()).get(grid.layer().id());
    return ranges == null ? grid.along(axis).start(index) : ranges[0][index];
  }

  /** One past the last output row (column) part {@code index} of {@code grid} computes along {@code axis}. */
  private int end(Grid grid, Axis axis, int index) {
    int[][] ranges = grown.getOrDefault(axis, Map.of()).get(grid.layer().id());
    return ranges == null ? grid.along(axis).end(index) : ranges[1][index];
  }

  /**
   * Whether part {@code b} of {@code consumer} along {@code axis} reads part {@code b} of {@code
   * producer} only, which then computes what it reads: the mode recomputes along {@code axis}, one
   * stack, as many parts.
   */
  private boolean own(Grid consumer, Grid producer, Axis axis) {
    return axis.recomputed(tiling.overlap()) && consumer.stack() == producer.stack()
        && consumer.along(axis).parts() == producer.along(axis).parts();
  }

  /** Whether {@code layer} reads {@code producer}'s output row by row through its window (not whole). */
  private boolean readsByWindow(Layer layer, int producer) {
    List<Integer> inputs = layer.producersOf(Operand.I);
    List<Integer> second = layer.producersOf(Operand.W);
    return inputs.contains(producer) && byRegion(layer, inputs)
        || layer.type() == OperatorType.ELEMENTWISE && second.contains(producer) && byRegion(layer, second);
  }

  /**
   * The input rows (columns) {@code [lo, hi]} that output rows (columns) {@code [from, to)} of
   * {@code layer} read along {@code axis}, the halo included, before clipping to the input's size
   * (so {@code lo} may be below 0).
   */
  private static int[] window(Layer layer, Axis axis, int from, int to) {
    int lo = from * axis.stride(layer) - axis.padBefore(layer);
    int hi = (to - 1) * axis.stride(layer) + axis.dilation(layer) * (layer.size(axis.kernel) - 1)
        - axis.padBefore(layer);
    return new int[] {lo, hi};
  }

  /** Elements of {@code [lo, hi]} inside {@code [0, size)}. */
  private static int clipped(int[] range, int size) {
    return Math.max(0, Math.min(range[1], size - 1) - Math.max(range[0], 0) + 1);
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
    int[] rows = window(layer, Axis.ROWS, out.rowStart(), out.rowEnd());
    // A layer of one column tile reads its producers' whole width, as before column tiles existed.
    boolean wholeWidth = cell.grid().columns().parts() == 1;
    int[] columns = wholeWidth ? new int[] {0, Integer.MAX_VALUE}
        : window(layer, Axis.COLUMNS, out.columnStart(), out.columnEnd());

    List<Integer> inputs = layer.producersOf(Operand.I);
    long dramInputBits = 0;
    int inputRows;
    int inputColumns;
    if (inputs.isEmpty()) {
      inputRows = layer.inputHeight();
      inputColumns = layer.inputWidth();
      dramInputBits = (long) clipped(rows, inputRows) * (inEnd - inFirst) * clipped(columns, inputColumns)
          * layer.size(LoopDim.B) * layer.precision().inputBits();
    } else {
      boolean spatial = read(cell, inputs, inFirst, inEnd, rows, columns);
      Layer producer = grids.get(inputs.get(0)).layer();
      inputRows = spatial ? producer.size(LoopDim.OY) : layer.inputHeight();
      inputColumns = spatial ? producer.size(LoopDim.OX) : layer.inputWidth();
    }
    List<Integer> second = layer.producersOf(Operand.W);
    if (!second.isEmpty()) {
      if (layer.type() == OperatorType.ELEMENTWISE) {
        read(cell, second, inFirst, inEnd, rows, columns);
      } else {
        readWhole(cell, second.get(0));
      }
    }

    int padLeft = wholeWidth ? layer.padding().left() : Math.max(0, -columns[0]);
    int padRight = wholeWidth ? layer.padding().right() : Math.max(0, columns[1] - (inputColumns - 1));
    Layer shape = shape(cell, new Padding(Math.max(0, -rows[0]), Math.max(0, rows[1] - (inputRows - 1)), padLeft,
        padRight));
    Grid grid = cell.grid();
    int slice = cell.part();
    if (layer.type().weightDims().contains(LoopDim.OY)) {
      slice = slice * grid.rows().parts() + cell.band();
    }
    if (layer.type().weightDims().contains(LoopDim.OX)) {
      slice = slice * grid.columns().parts() + cell.column();
    }
    return new Tile(grid.cell(cell.part(), cell.band(), cell.column()), layer.id(), out, shape, slice,
        shape.weightBits(), shape.outputBits(), dramInputBits, grid.stack());
  }

  /** The cell's layer with its tile's rows and columns, its channel part and padding {@code pad}. */
  private static Layer shape(Cell cell, Padding pad) {
    Layer layer = cell.grid().layer();
    Partition channels = cell.grid().channels();
    EnumMap<LoopDim, Integer> dims = new EnumMap<>(layer.dims());
    dims.put(LoopDim.OY, cell.region().rows());
    if (cell.grid().columns().parts() > 1) {
      dims.put(LoopDim.OX, cell.region().columnEnd() - cell.region().columnStart());
    }
    dims.put(Tiling.channelDim(layer), channels.end(cell.part()) - channels.start(cell.part()));
    return new Layer(layer.id(), layer.name(), layer.type(), layer.opName(), dims, layer.strideY(),
        layer.strideX(), layer.dilationY(), layer.dilationX(), pad, layer.precision(), layer.producers());
  }

  /**
   * Records what the cell reads of an operand made of {@code producers} concatenated along
   * channels: input channels {@code [inFirst, inEnd)}, input rows {@code rows} and columns {@code
   * columns} (each {@code [lo, hi]}). Returns whether the operand could be mapped region by region
   * (otherwise every producer is read whole).
   */
  private boolean read(Cell cell, List<Integer> producers, int inFirst, int inEnd, int[] rows, int[] columns) {
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
        readRegion(cell, producer, first, end, rows, columns, true);
      }
      offset += size;
    }
    return true;
  }

  /**
   * Whether {@code layer} can read the operand made of {@code producers} concatenated along channels
   * region by region: their channels add up to its input channels and their rows (and, for a layer
   * split into column tiles, their columns) map one to one.
   */
  private boolean byRegion(Layer layer, List<Integer> producers) {
    long channels = producers.stream().mapToLong(p -> grids.get(p).layer().outputChannels()).sum();
    boolean columnsMatter = grids.get(layer.id()).columns().parts() > 1;
    return channels == layer.inputChannels() && matches(layer, producers, Axis.ROWS)
        && (!columnsMatter || matches(layer, producers, Axis.COLUMNS));
  }

  /**
   * Whether every producer has the rows (columns) the windows read along {@code axis} (up to the
   * stride − 1 no window reaches): an upsampled, sliced or broadcast operand does not.
   */
  private boolean matches(Layer layer, List<Integer> producers, Axis axis) {
    int needed = axis.inputSize(layer);
    return producers.stream().mapToInt(p -> grids.get(p).layer().size(axis.output))
        .allMatch(size -> size >= needed && size < needed + axis.stride(layer));
  }

  private void readWhole(Cell cell, int producer) {
    Grid grid = grids.get(producer);
    Layer p = grid.layer();
    readRegion(cell, grid, 0, p.outputChannels(), new int[] {0, p.size(LoopDim.OY) - 1},
        new int[] {0, p.size(LoopDim.OX) - 1}, false);
  }

  /**
   * Adds the reads of producer channels {@code [first, end)} × rows {@code rows} × columns {@code
   * columns} (each {@code [lo, hi]}, clipped), per dimension through the cell's window ({@code
   * window}) from its own part when {@link #own}, otherwise from the producer parts that own them.
   */
  private void readRegion(Cell cell, Grid producer, int first, int end, int[] rows, int[] columns, boolean window) {
    List<int[]> bands = spans(cell, producer, Axis.ROWS, rows, window);
    List<int[]> tiles = spans(cell, producer, Axis.COLUMNS, columns, window);
    Layer p = producer.layer();
    long perElement = (long) p.size(LoopDim.B) * p.precision().finalOutputBits();
    int lastPart = producer.channels().partOf((end - 1) / producer.unit());
    for (int part = producer.channels().partOf(first / producer.unit()); part <= lastPart; part++) {
      int channels = Math.min(end, producer.channelEnd(part)) - Math.max(first, producer.channelStart(part));
      for (int[] band : bands) {
        for (int[] tile : tiles) {
          cell.reads().merge(producer.cell(part, band[0], tile[0]),
              (long) band[1] * tile[1] * channels * perElement, Math::max);
        }
      }
    }
  }

  /**
   * The producer parts along {@code axis} that hold {@code range} (clipped to the producer's size),
   * each as {part, elements read}: the cell's own part when it reads through its window and {@link
   * #own}, otherwise every part of the partition the range meets.
   */
  private List<int[]> spans(Cell cell, Grid producer, Axis axis, int[] range, boolean window) {
    Layer p = producer.layer();
    int from = Math.max(range[0], 0);
    int to = Math.min(range[1], p.size(axis.output) - 1);
    if (from > to) {
      return List.of();
    }
    if (window && own(cell.grid(), producer, axis)) {
      int index = cell.index(axis);
      checkState(start(producer, axis, index) <= from && to < end(producer, axis, index),
          "part %s of layer '%s' reads %s %s-%s of layer '%s', whose part computes %s-%s", index,
          cell.grid().layer().name(), axis.name().toLowerCase(Locale.ROOT), from, to, p.name(),
          start(producer, axis, index), end(producer, axis, index) - 1);
      return List.<int[]>of(new int[] {index, to - from + 1});
    }
    Partition parts = producer.along(axis);
    List<int[]> out = new ArrayList<>();
    for (int i = parts.partOf(from); i <= parts.partOf(to); i++) {
      out.add(new int[] {i, Math.min(to + 1, parts.end(i)) - Math.max(from, parts.start(i))});
    }
    return out;
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
        .thenComparingInt(i -> cells.get(i).column())
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
