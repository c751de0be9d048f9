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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * Properties of tile graphs over seeded random chains and branches (convolutions, depthwise
 * convolutions, pooling, residual adds, concatenations; random kernels, strides, dilations,
 * paddings, precisions, row and channel splits and fusion), each checked against a brute-force
 * oracle that intersects every pair of tile regions.
 */
class TileGraphPropertiesTest {

  static IntStream seeds() {
    return IntStream.range(0, 300);
  }

  /** Output shape of a layer (or of the network input, id -1) as the generator tracks it. */
  private record Tensor(int id, int channels, int rows, int cols, int bits) {
  }

  static Workload randomWorkload(Random r) {
    int batch = 1 + r.nextInt(2);
    Tensor input = new Tensor(-1, 1 + r.nextInt(4), 3 + r.nextInt(14), 1 + r.nextInt(3), 8);
    List<Tensor> outputs = new ArrayList<>();
    List<Layer> layers = new ArrayList<>();
    int n = 1 + r.nextInt(6);
    for (int id = 0; id < n; id++) {
      int kind = r.nextInt(5);
      Tensor in = id == 0 || r.nextInt(8) == 0 ? input : outputs.get(r.nextInt(outputs.size()));
      Tensor other = null;
      if (kind >= 3) {
        // An add or a concatenation needs two tensors of one spatial shape (an add: one size).
        List<List<Tensor>> pairs = new ArrayList<>();
        for (Tensor a : outputs) {
          for (Tensor b : outputs) {
            if (a.id() != b.id() && a.rows() == b.rows() && a.cols() == b.cols() && a.bits() == b.bits()
                && (kind == 4 || a.channels() == b.channels())) {
              pairs.add(List.of(a, b));
            }
          }
        }
        if (!pairs.isEmpty()) {
          List<Tensor> pair = pairs.get(r.nextInt(pairs.size()));
          in = pair.get(0);
          other = pair.get(1);
        }
      }
      int outBits = new int[] {4, 8, 8, 8, 16}[r.nextInt(5)];
      Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
      producers.put(Operand.I, in.id() < 0 ? List.of() : List.of(in.id()));
      Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
      dims.put(LoopDim.B, batch);
      dims.put(LoopDim.OX, in.cols());
      OperatorType type = OperatorType.CONV;
      String op = "Conv";
      int channels = in.channels();
      if (kind == 3 && other != null) {
        type = OperatorType.ELEMENTWISE;
        op = "Add";
        producers.put(Operand.W, List.of(other.id()));
      } else if (kind == 4 && other != null) {
        producers.put(Operand.I, List.of(in.id(), other.id()));
        channels += other.channels();
      }
      int fy = 1;
      int dilation = 1;
      int stride = 1;
      Padding pad = Padding.NONE;
      if (type != OperatorType.ELEMENTWISE) {
        fy = new int[] {1, 2, 3, 5}[r.nextInt(4)];
        dilation = fy > 1 ? 1 + r.nextInt(2) : 1;
        stride = 1 + r.nextInt(3);
        int extent = dilation * (fy - 1);
        if (r.nextBoolean() && extent % 2 == 0) {
          // 'same' padding at stride 1 keeps the rows, so that adds and concatenations find partners.
          stride = 1;
          pad = new Padding(extent / 2, extent / 2, 0, 0);
        } else {
          pad = new Padding(r.nextInt(extent + 1), r.nextInt(extent + 1), 0, 0);
        }
        if (in.rows() + pad.top() + pad.bottom() <= extent) {
          fy = 1;
          dilation = 1;
          pad = Padding.NONE;
        }
      }
      int rows = (in.rows() + pad.top() + pad.bottom() - dilation * (fy - 1) - 1) / stride + 1;
      dims.put(LoopDim.OY, rows);
      dims.put(LoopDim.FY, fy);
      int outChannels;
      if (type == OperatorType.ELEMENTWISE || kind == 1 || kind == 2) {
        dims.put(LoopDim.G, channels);
        outChannels = channels;
        if (kind == 2) {
          type = OperatorType.POOL;
          op = "MaxPool";
        }
      } else {
        outChannels = r.nextBoolean() ? channels : 1 + r.nextInt(6);
        dims.put(LoopDim.K, outChannels);
        dims.put(LoopDim.C, channels);
      }
      int weightBits = type == OperatorType.POOL ? 0 : in.bits();
      layers.add(new Layer(id, "L" + id, type, op, dims, stride, 1, dilation, 1, pad,
          new Precision(weightBits, in.bits(), 24, outBits), producers));
      outputs.add(new Tensor(id, outChannels, rows, in.cols(), outBits));
    }
    return new Workload("random", layers);
  }

  static Split randomSplit(Random r, int max) {
    return r.nextInt(5) == 0 ? Split.ALL : Split.of(1 + r.nextInt(max));
  }

  static FusionPolicy randomFusion(Random r, int layers) {
    return switch (r.nextInt(3)) {
      case 0 -> new FusionPolicy.All();
      case 1 -> new FusionPolicy.None();
      default -> {
        int first = r.nextInt(layers);
        yield new FusionPolicy.Ranges(List.of(List.of(first, first + r.nextInt(layers - first))));
      }
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void edgesCarryExactlyTheInputRegions(int seed) {
    Random r = new Random(seed);
    Workload w = randomWorkload(r);
    Tiling tiling = Tiling.of(w, l -> new LayerTiling(randomSplit(r, 5), randomSplit(r, 4), List.of(), false),
        randomFusion(r, w.layers().size()));
    TileGraph g = TileGraphBuilder.build(tiling);
    for (Layer layer : w.layers()) {
      checkLayerCoverage(g, layer);
    }
    List<List<TileEdge>> incoming = g.incoming();
    Map<Integer, List<Tile>> byLayer = g.tiles().stream().collect(Collectors.groupingBy(Tile::layer));
    for (Tile t : g.tiles()) {
      checkInputs(g, byLayer, t, incoming.get(t.id()), true);
    }
  }

  /**
   * With recomputed overlaps the bands of a layer may overlap, but they still cover its output, each
   * holds at least the rows it owns, and a tile's edges still carry its whole (grown) input region
   * exactly once; the DRAM input and input heights follow the grown rows. Layers read from another
   * stack or between different band counts are read as cached (not checked against pairs here).
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void recomputedBandsCoverTheirLayerAndReadTheirWholeInputRegionOnce(int seed) {
    Random r = new Random(seed);
    Workload w = randomWorkload(r);
    Tiling tiling = Tiling.of(w, l -> new LayerTiling(randomSplit(r, 5), randomSplit(r, 4), List.of(), false),
        randomFusion(r, w.layers().size())).withOverlap(Overlap.RECOMPUTE);
    TileGraph g = TileGraphBuilder.build(tiling);
    List<List<TileEdge>> incoming = g.incoming();
    Map<Integer, List<Tile>> byLayer = g.tiles().stream().collect(Collectors.groupingBy(Tile::layer));
    for (Layer layer : w.layers()) {
      Partition owned = tiling.rowParts(layer);
      long macs = 0;
      boolean[] covered = new boolean[layer.size(LoopDim.OY)];
      // Per channel part, band i is the i-th tile from the top (grown starts and ends only rise).
      Map<Integer, List<Tile>> parts = byLayer.get(layer.id()).stream().collect(Collectors.groupingBy(
          t -> t.output().channelStart()));
      for (List<Tile> bands : parts.values()) {
        List<Tile> sorted = bands.stream().sorted(Comparator.comparingInt((Tile t) -> t.output().rowStart())
            .thenComparingInt(t -> t.output().rowEnd())).toList();
        assertEquals(owned.parts(), sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
          Region o = sorted.get(i).output();
          assertTrue(o.rowStart() <= owned.start(i) && o.rowEnd() >= owned.end(i),
              "band " + i + " of " + layer.name() + " computes rows " + o.rowStart() + "-" + o.rowEnd()
                  + ", not all it owns");
          macs += sorted.get(i).macs();
          for (int y = o.rowStart(); y < o.rowEnd(); y++) {
            covered[y] = true;
          }
        }
      }
      for (boolean row : covered) {
        assertTrue(row, "layer " + layer.name() + ": output not covered");
      }
      assertTrue(macs >= layer.macs(), "MACs of " + layer.name());
    }
    for (Tile t : g.tiles()) {
      checkInputs(g, byLayer, t, incoming.get(t.id()), false);
    }
  }

  /** The tiles of a layer are disjoint, cover its output, and add up to its MACs and weights. */
  static void checkLayerCoverage(TileGraph g, Layer layer) {
    boolean[][] covered = new boolean[layer.outputChannels()][layer.size(LoopDim.OY)];
    long macs = 0;
    long outputBits = 0;
    long weightBits = 0;
    Set<Integer> slices = new HashSet<>();
    for (Tile t : g.tilesOf(layer.id())) {
      Region o = t.output();
      for (int c = o.channelStart(); c < o.channelEnd(); c++) {
        for (int y = o.rowStart(); y < o.rowEnd(); y++) {
          assertFalse(covered[c][y], "layer " + layer.name() + ": channel " + c + " row " + y + " computed twice");
          covered[c][y] = true;
        }
      }
      macs += t.macs();
      outputBits += t.outputBits();
      if (slices.add(t.weightSlice())) {
        weightBits += t.weightBits();
      }
    }
    for (boolean[] channel : covered) {
      for (boolean row : channel) {
        assertTrue(row, "layer " + layer.name() + ": output not covered");
      }
    }
    assertEquals(layer.macs(), macs, "MACs of " + layer.name());
    assertEquals(layer.outputBits(), outputBits, "output bits of " + layer.name());
    assertEquals(layer.weightBits(), weightBits, "weight bits of " + layer.name());
  }

  /**
   * The tile's DRAM input, input height and the total bits on its edges against its input region;
   * with {@code pairs} also every edge against the intersection of the producer tile with it.
   */
  static void checkInputs(TileGraph g, Map<Integer, List<Tile>> byLayer, Tile t, List<TileEdge> edges,
      boolean pairs) {
    Layer layer = g.workload().layer(t.layer());
    Region out = t.output();
    // Output channel o = g·K + k belongs to group g, which reads input channels [g·C, (g+1)·C).
    int k = layer.size(LoopDim.K);
    int c = layer.size(LoopDim.C);
    int inFirst = out.channelStart() / k * c;
    int inEnd = ((out.channelEnd() - 1) / k + 1) * c;
    // Input row iy = S·oy + D·fy − padTop, over the tile's rows and the kernel.
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int oy = out.rowStart(); oy < out.rowEnd(); oy++) {
      for (int fy = 0; fy < layer.size(LoopDim.FY); fy++) {
        int iy = layer.strideY() * oy + layer.dilationY() * fy - layer.padding().top();
        lo = Math.min(lo, iy);
        hi = Math.max(hi, iy);
      }
    }

    Map<Integer, Long> expected = new HashMap<>();
    long regionBits = 0;
    if (layer.producersOf(Operand.I).isEmpty()) {
      int rows = clippedRows(lo, hi, layer.inputHeight());
      assertEquals((long) rows * (inEnd - inFirst) * layer.inputWidth() * layer.size(LoopDim.B)
          * layer.precision().inputBits(), t.dramInputBits(), "DRAM input of tile " + t.id());
      assertEquals(rows, t.shape().inputHeight(), "input height of tile " + t.id());
    } else {
      assertEquals(0, t.dramInputBits());
      int producerRows = g.workload().layer(layer.producersOf(Operand.I).get(0)).size(LoopDim.OY);
      assertEquals(Math.max(1, clippedRows(lo, hi, producerRows)), t.shape().inputHeight(),
          "input height of tile " + t.id());
    }
    for (List<Integer> concat : List.of(layer.producersOf(Operand.I), layer.producersOf(Operand.W))) {
      int offset = 0;
      for (int p : concat) {
        Layer producer = g.workload().layer(p);
        int first = Math.max(inFirst, offset) - offset;
        int end = Math.min(inEnd, offset + producer.outputChannels()) - offset;
        offset += producer.outputChannels();
        if (first >= end) {
          continue;
        }
        long perRowChannel = (long) producer.size(LoopDim.OX) * producer.size(LoopDim.B)
            * producer.precision().finalOutputBits();
        regionBits += clippedRows(lo, hi, producer.size(LoopDim.OY)) * (end - first) * perRowChannel;
        for (Tile u : byLayer.get(p)) {
          Region o = u.output();
          int rows = clippedRows(Math.max(lo, o.rowStart()), Math.min(hi, o.rowEnd() - 1), o.rowEnd());
          int channels = Math.min(end, o.channelEnd()) - Math.max(first, o.channelStart());
          if (rows > 0 && channels > 0) {
            expected.merge(u.id(), rows * channels * perRowChannel, Math::max);
          }
        }
      }
    }
    Map<Integer, Long> actual = new HashMap<>();
    long edgeBits = 0;
    for (TileEdge e : edges) {
      actual.put(e.producer(), e.bits());
      edgeBits += e.bits();
    }
    if (pairs) {
      assertEquals(expected, actual, "edges into tile " + t.id() + " of layer " + layer.name());
    }
    assertEquals(regionBits, edgeBits, "input region bits of tile " + t.id() + " of layer " + layer.name());
  }

  /** Rows of {@code [lo, hi]} inside {@code [0, height)}. */
  private static int clippedRows(int lo, int hi, int height) {
    return Math.max(0, Math.min(hi, height - 1) - Math.max(lo, 0) + 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sameConvChainsInRowBandsHaveOneRowHalos(int seed) {
    Random r = new Random(seed);
    int rows = 6 + r.nextInt(40);
    int cols = 1 + r.nextInt(4);
    int bands = 2 + r.nextInt(rows - 1);
    List<Layer> chain = new ArrayList<>();
    int channels = 1 + r.nextInt(3);
    for (int id = 0; id < 2 + r.nextInt(4); id++) {
      int k = 1 + r.nextInt(4);
      chain.add(TestLayers.same3x3(id, k, channels, rows, cols, id == 0 ? List.of() : List.of(id - 1)));
      channels = k;
    }
    Workload w = new Workload("chain", chain);
    TileGraph g = TileGraphBuilder.build(
        Tiling.uniform(w, new LayerTiling(Split.of(bands), Split.ONE, List.of(), false), new FusionPolicy.All()));
    List<List<TileEdge>> incoming = g.incoming();
    for (Tile t : g.tiles()) {
      if (t.layer() == 0) {
        continue;
      }
      Layer producer = w.layer(t.layer() - 1);
      long rowBits = (long) producer.outputChannels() * cols * 8;
      long inputRows = incoming.get(t.id()).stream().mapToLong(TileEdge::bits).sum() / rowBits;
      int halos = (t.output().rowStart() > 0 ? 1 : 0) + (t.output().rowEnd() < rows ? 1 : 0);
      assertEquals(t.output().rows() + halos, inputRows, "input rows of tile " + t.id());
    }
  }
}
