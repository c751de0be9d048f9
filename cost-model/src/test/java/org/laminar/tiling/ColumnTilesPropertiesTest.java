package org.laminar.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.schedule.AutoTiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * Properties of 2-D tile graphs (row bands × column tiles, {@code ox=N}) over seeded random
 * networks of convolutions, depthwise convolutions, pooling and adds whose kernels, strides,
 * dilations and paddings differ between rows and columns, in every overlap mode, each checked
 * against a brute-force oracle that walks every output pixel and kernel offset.
 */
class ColumnTilesPropertiesTest {

  static IntStream seeds() {
    return IntStream.range(0, 200);
  }

  /** Output shape of a layer (or of the network input, id -1) as the generator tracks it. */
  private record Tensor(int id, int channels, int rows, int cols, int bits) {
  }

  /** One spatial dimension of a window: kernel, dilation, stride, padding before and after, output size. */
  private record Window(int kernel, int dilation, int stride, int before, int after, int out) {
    static Window random(Random r, int in, boolean sliding) {
      int f = sliding ? new int[] {1, 2, 3, 5}[r.nextInt(4)] : 1;
      int d = f > 1 ? 1 + r.nextInt(2) : 1;
      int extent = d * (f - 1);
      boolean same = r.nextBoolean() && extent % 2 == 0;
      int s = same || !sliding ? 1 : 1 + r.nextInt(3);
      int before = same ? extent / 2 : r.nextInt(extent + 1);
      int after = same ? extent / 2 : r.nextInt(extent + 1);
      if (in + before + after <= extent) {
        return new Window(1, 1, 1, 0, 0, in);
      }
      return new Window(f, d, s, before, after, (in + before + after - extent - 1) / s + 1);
    }
  }

  static Workload randomWorkload(Random r) {
    int batch = 1 + r.nextInt(2);
    Tensor input = new Tensor(-1, 1 + r.nextInt(3), 3 + r.nextInt(10), 3 + r.nextInt(10), 8);
    List<Tensor> outputs = new ArrayList<>();
    List<Layer> layers = new ArrayList<>();
    for (int id = 0; id < 1 + r.nextInt(5); id++) {
      Tensor in = id == 0 || r.nextInt(6) == 0 ? input : outputs.get(r.nextInt(outputs.size()));
      int kind = r.nextInt(4);
      Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
      producers.put(Operand.I, in.id() < 0 ? List.of() : List.of(in.id()));
      if (kind == 3) {
        Tensor partner = in;
        List<Tensor> alike = outputs.stream().filter(o -> o.id() != partner.id() && o.channels() == partner.channels()
            && o.rows() == partner.rows() && o.cols() == partner.cols() && o.bits() == partner.bits()).toList();
        if (alike.isEmpty() || in.id() < 0) {
          kind = 0;
        } else {
          producers.put(Operand.W, List.of(alike.get(r.nextInt(alike.size())).id()));
        }
      }
      Window y = Window.random(r, in.rows(), kind != 3);
      Window x = Window.random(r, in.cols(), kind != 3);
      Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
      dims.put(LoopDim.B, batch);
      dims.put(LoopDim.OY, y.out());
      dims.put(LoopDim.OX, x.out());
      dims.put(LoopDim.FY, y.kernel());
      dims.put(LoopDim.FX, x.kernel());
      int outChannels = kind == 0 ? 1 + r.nextInt(5) : in.channels();
      if (kind == 0) {
        dims.put(LoopDim.K, outChannels);
        dims.put(LoopDim.C, in.channels());
      } else {
        dims.put(LoopDim.G, in.channels());
      }
      OperatorType type = switch (kind) {
        case 2 -> OperatorType.POOL;
        case 3 -> OperatorType.ELEMENTWISE;
        default -> OperatorType.CONV;
      };
      int outBits = new int[] {4, 8, 16}[r.nextInt(3)];
      String op = new String[] {"Conv", "Conv", "MaxPool", "Add"}[kind];
      layers.add(new Layer(id, "L" + id, type, op, dims, y.stride(), x.stride(), y.dilation(), x.dilation(),
          new Padding(y.before(), y.after(), x.before(), x.after()),
          new Precision(type == OperatorType.POOL ? 0 : in.bits(), in.bits(), 24, outBits), producers));
      outputs.add(new Tensor(id, outChannels, y.out(), x.out(), outBits));
    }
    return new Workload("random2d", layers);
  }

  private static Tiling randomTiling(Random r, Workload w) {
    return Tiling.of(w, l -> new LayerTiling(TileGraphPropertiesTest.randomSplit(r, 4),
        TileGraphPropertiesTest.randomSplit(r, 3), List.of(), false, false, TileGraphPropertiesTest.randomSplit(r, 4)),
        TileGraphPropertiesTest.randomFusion(r, w.layers().size()));
  }

  /** Cached 2-D tiles partition every layer (MACs, outputs, weights unchanged) and read exactly their windows. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void cachedColumnTilesPartitionEachLayerAndCarryExactlyTheirInputWindows(int seed) {
    Random r = new Random(seed);
    Workload w = randomWorkload(r);
    Tiling tiling = randomTiling(r, w);
    TileGraph g = TileGraphBuilder.build(tiling);
    checkPartition(g, w);
    checkInputs(g, tiling, true);
  }

  /**
   * The automatic split ({@link AutoTiling}) of random networks, fused or not, on a core of one
   * random buffer ({@link AutoTilingTest#core}, 64 to 8,192 bits): its tiles partition every layer
   * (MACs, outputs and weights unchanged) and read exactly their input windows, whatever rows,
   * columns and channels it chose; and some of the seeds' layers are split into column tiles.
   */
  @Test
  void theAutomaticSplitPartitionsEachLayerAndCarriesExactlyTheInputWindows() {
    int withColumns = 0;
    for (int seed = 0; seed < 60; seed++) {
      Random r = new Random(seed);
      Workload w = randomWorkload(r);
      FusionPolicy fusion = r.nextBoolean() ? new FusionPolicy.All() : new FusionPolicy.None();
      Tiling tiling = AutoTiling.choose(w, AutoTilingTest.core(64L << r.nextInt(8)), new AnalyticalCostModel(), fusion)
          .tiling();
      TileGraph g = TileGraphBuilder.build(tiling);
      checkPartition(g, w);
      checkInputs(g, tiling, true);
      withColumns += (int) w.layers().stream().filter(l -> tiling.columnParts(l).parts() > 1).count();
    }
    assertTrue(withColumns > 0, "no seed's layer was split into column tiles");
  }

  /** Every layer's tiles cover each output pixel of each channel once; MACs, outputs and weights are the layer's. */
  private static void checkPartition(TileGraph g, Workload w) {
    assertEquals(w.macs(), g.macs(), "splitting changes no MAC");
    for (Layer layer : w.layers()) {
      long macs = 0;
      long outputBits = 0;
      long weightBits = 0;
      Set<Integer> slices = new HashSet<>();
      boolean[][][] covered = new boolean[layer.outputChannels()][layer.size(LoopDim.OY)][layer.size(LoopDim.OX)];
      for (Tile t : g.tilesOf(layer.id())) {
        forEachPixel(t, layer, (c, oy, ox) -> {
          assertFalse(covered[c][oy][ox], layer.name() + ": channel " + c + " pixel " + oy + "," + ox + " twice");
          covered[c][oy][ox] = true;
        });
        macs += t.macs();
        outputBits += t.outputBits();
        if (slices.add(t.weightSlice())) {
          weightBits += t.weightBits();
        }
      }
      assertAllCovered(covered, layer);
      assertEquals(layer.macs(), macs, "MACs of " + layer.name());
      assertEquals(layer.outputBits(), outputBits, "output bits of " + layer.name());
      assertEquals(layer.weightBits(), weightBits, "weight bits of " + layer.name());
    }
  }

  /**
   * Recompute and h-cache: a layer's tiles cover it and hold what they own; recompute grows both
   * dimensions, h-cache rows only (its columns are the partition's), and h-cache's MACs are
   * recompute's over full-width bands: the vertical recomputation only. Each tile's edges carry its
   * (grown) input window once.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void recomputedTilesCoverTheirLayerAndHCacheRecomputesRowsOnly(int seed) {
    Random r = new Random(seed);
    Workload w = randomWorkload(r);
    Tiling cached = randomTiling(r, w);
    Map<Overlap, Long> macs = new EnumMap<>(Overlap.class);
    for (Overlap mode : List.of(Overlap.RECOMPUTE, Overlap.H_CACHE)) {
      Tiling tiling = cached.withOverlap(mode);
      TileGraph g = TileGraphBuilder.build(tiling);
      for (Layer layer : w.layers()) {
        Partition rows = tiling.rowParts(layer);
        Partition cols = tiling.columnParts(layer);
        boolean[][][] covered = new boolean[layer.outputChannels()][layer.size(LoopDim.OY)][layer.size(LoopDim.OX)];
        // Per channel part, grown starts and ends only rise: sorted by rows, then columns, tile i is
        // band i / cols, column i % cols, except that bands grown to the same rows sort by column
        // together (any of them holds what each owns): a run of k such bands is k tiles per column.
        Map<Integer, List<Tile>> parts = g.tilesOf(layer.id()).stream().collect(Collectors.groupingBy(
            t -> t.output().channelStart()));
        for (List<Tile> part : parts.values()) {
          List<Tile> sorted = part.stream().sorted(Comparator.comparingInt((Tile t) -> t.output().rowStart())
              .thenComparingInt(t -> t.output().rowEnd()).thenComparingInt(t -> t.output().columnStart())
              .thenComparingInt(t -> t.output().columnEnd())).toList();
          assertEquals(rows.parts() * cols.parts(), sorted.size());
          for (int i = 0; i < sorted.size(); i++) {
            int run = i;
            while (run > 0 && sameRows(sorted.get(run - 1), sorted.get(i))) {
              run--;
            }
            int end = i;
            while (end < sorted.size() && sameRows(sorted.get(end), sorted.get(i))) {
              end++;
            }
            int tied = (end - run) / cols.parts();
            int band = run / cols.parts() + (i - run) % tied;
            int column = (i - run) / tied;
            Region o = sorted.get(i).output();
            assertTrue(o.rowStart() <= rows.start(band) && o.rowEnd() >= rows.end(band),
                mode + ": band " + band + " of " + layer.name() + " computes rows " + o.rowStart() + "-" + o.rowEnd());
            if (cols.parts() > 1 && mode == Overlap.H_CACHE) {
              assertEquals(List.of(cols.start(column), cols.end(column)), List.of(o.columnStart(), o.columnEnd()),
                  "h-cache keeps the columns each tile owns, " + layer.name());
            } else if (cols.parts() > 1) {
              assertTrue(o.columnStart() <= cols.start(column) && o.columnEnd() >= cols.end(column),
                  mode + ": column " + column + " of " + layer.name());
            }
            forEachPixel(sorted.get(i), layer, (c, oy, ox) -> covered[c][oy][ox] = true);
          }
        }
        assertAllCovered(covered, layer);
      }
      checkInputs(g, tiling, false);
      macs.put(mode, g.macs());
    }
    Map<Integer, LayerTiling> rowsOnly = new HashMap<>();
    for (Layer l : w.layers()) {
      LayerTiling t = cached.of(l.id());
      rowsOnly.put(l.id(), new LayerTiling(t.rows(), t.channels(), t.cores(), t.coresFixed(), t.rowsAlone()));
    }
    long fullWidth = TileGraphBuilder.build(new Tiling(w, rowsOnly, cached.stacks(), Overlap.RECOMPUTE)).macs();
    assertEquals(fullWidth, macs.get(Overlap.H_CACHE), "h-cache recomputes the vertical halo only");
    assertTrue(macs.get(Overlap.RECOMPUTE) >= fullWidth && fullWidth >= w.macs(), macs + " vs " + w.macs());
  }

  private static boolean sameRows(Tile a, Tile b) {
    return a.output().rowStart() == b.output().rowStart() && a.output().rowEnd() == b.output().rowEnd();
  }

  private interface PixelVisitor {
    void visit(int channel, int row, int column);
  }

  /** Every output element of {@code t} (a region without columns spans the layer's width). */
  private static void forEachPixel(Tile t, Layer layer, PixelVisitor visitor) {
    Region o = t.output();
    for (int c = o.channelStart(); c < o.channelEnd(); c++) {
      for (int y = o.rowStart(); y < o.rowEnd(); y++) {
        for (int x = o.columnStart(); x < Math.min(o.columnEnd(), layer.size(LoopDim.OX)); x++) {
          visitor.visit(c, y, x);
        }
      }
    }
  }

  private static void assertAllCovered(boolean[][][] covered, Layer layer) {
    for (boolean[][] channel : covered) {
      for (boolean[] row : channel) {
        for (boolean pixel : row) {
          assertTrue(pixel, "layer " + layer.name() + ": output not covered");
        }
      }
    }
  }

  /** The input elements {@code [lo, hi]} output elements {@code [from, to)} reach, walking every offset. */
  private static int[] reach(int from, int to, int stride, int dilation, int kernel, int pad) {
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int o = from; o < to; o++) {
      for (int f = 0; f < kernel; f++) {
        lo = Math.min(lo, stride * o + dilation * f - pad);
        hi = Math.max(hi, stride * o + dilation * f - pad);
      }
    }
    return new int[] {lo, hi};
  }

  /** Elements of {@code [lo, hi]} inside {@code [0, size)}. */
  private static int inside(int lo, int hi, int size) {
    return Math.max(0, Math.min(hi, size - 1) - Math.max(lo, 0) + 1);
  }

  /**
   * Every tile's DRAM input, input height and width and the bits on its edges against its input
   * window (a layer of one column tile reads its producers' whole width); with {@code pairs} every
   * edge against the intersection of its producer tile with that window.
   */
  private static void checkInputs(TileGraph g, Tiling tiling, boolean pairs) {
    List<List<TileEdge>> incoming = g.incoming();
    for (Tile t : g.tiles()) {
      Layer layer = g.workload().layer(t.layer());
      Region out = t.output();
      boolean split = tiling.columnParts(layer).parts() > 1;
      int[] rows = reach(out.rowStart(), out.rowEnd(), layer.strideY(), layer.dilationY(), layer.size(LoopDim.FY),
          layer.padding().top());
      int[] cols = split ? reach(out.columnStart(), out.columnEnd(), layer.strideX(), layer.dilationX(),
          layer.size(LoopDim.FX), layer.padding().left()) : new int[] {0, Integer.MAX_VALUE};
      // Grouped layers here have K = C = 1: output channel g reads input channel g; others read all.
      boolean grouped = layer.size(LoopDim.G) > 1;
      int channels = grouped ? out.channels() : layer.inputChannels();
      int channelStart = grouped ? out.channelStart() : 0;
      List<Integer> inputs = layer.producersOf(Operand.I);
      if (inputs.isEmpty()) {
        assertEquals((long) inside(rows[0], rows[1], layer.inputHeight()) * inside(cols[0], cols[1], layer.inputWidth())
            * channels * layer.size(LoopDim.B) * layer.precision().inputBits(), t.dramInputBits(), "DRAM input");
        assertEquals(Math.max(1, inside(rows[0], rows[1], layer.inputHeight())), t.shape().inputHeight());
        assertEquals(Math.max(1, inside(cols[0], cols[1], layer.inputWidth())), t.shape().inputWidth());
      } else {
        Layer first = g.workload().layer(inputs.get(0));
        assertEquals(Math.max(1, inside(rows[0], rows[1], first.size(LoopDim.OY))), t.shape().inputHeight(),
            "input height");
        assertEquals(split ? Math.max(1, inside(cols[0], cols[1], first.size(LoopDim.OX))) : layer.inputWidth(),
            t.shape().inputWidth(), "input width");
      }
      long regionBits = 0;
      Map<Integer, Long> expected = new HashMap<>();
      List<Integer> read = new ArrayList<>(inputs);
      read.addAll(layer.producersOf(Operand.W));
      for (int p : read) {
        Layer producer = g.workload().layer(p);
        int width = producer.size(LoopDim.OX);
        long perElement = (long) channels * producer.size(LoopDim.B) * producer.precision().finalOutputBits();
        regionBits += inside(rows[0], rows[1], producer.size(LoopDim.OY)) * inside(cols[0], cols[1], width)
            * perElement;
        for (Tile u : g.tilesOf(p)) {
          Region o = u.output();
          long pixels = (long) inside(Math.max(rows[0], o.rowStart()), Math.min(rows[1], o.rowEnd() - 1), o.rowEnd())
              * inside(Math.max(cols[0], o.columnStart()), Math.min(cols[1], Math.min(o.columnEnd(), width) - 1),
                  width);
          int shared = Math.min(channelStart + channels, o.channelEnd()) - Math.max(channelStart, o.channelStart());
          if (pixels > 0 && shared > 0) {
            expected.put(u.id(), pixels * shared * producer.size(LoopDim.B) * producer.precision().finalOutputBits());
          }
        }
      }
      Map<Integer, Long> actual = new HashMap<>();
      incoming.get(t.id()).forEach(e -> actual.put(e.producer(), e.bits()));
      if (pairs) {
        assertEquals(expected, actual, "edges into tile " + t.id() + " of " + layer.name());
      }
      assertEquals(regionBits, actual.values().stream().mapToLong(Long::longValue).sum(),
          "input window bits of tile " + t.id() + " of " + layer.name());
    }
  }
}
