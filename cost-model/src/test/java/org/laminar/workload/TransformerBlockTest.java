package org.laminar.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Split;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;
import org.laminar.tiling.TileGraphBuilder;
import org.laminar.tiling.Tiling;

class TransformerBlockTest {

  private static final TransformerBlock BLOCK = new TransformerBlock("block", 128, 256, 4, 1024, 8);

  private static Layer named(Workload w, String name) {
    return w.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void macsOfTheProjectionsAttentionAndFfn() {
    // Q, K, V and output projections 4·S·H·H = 4·128·256·256 = 33,554,432; QKᵀ and AV per head
    // 2·h·S·S·d = 2·S·S·H = 8,388,608; FFN 2·S·H·F = 2·128·256·1024 = 67,108,864.
    Workload w = BLOCK.workload();
    assertEquals(17, w.layers().size());
    assertEquals(33554432L + 8388608L + 67108864L, w.computeMacs());
    Layer qk = named(w, "qk");
    assertEquals(Map.of(LoopDim.G, 4, LoopDim.OY, 128, LoopDim.K, 128, LoopDim.C, 64),
        qk.dims().entrySet().stream().filter(e -> e.getValue() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertEquals(List.of(named(w, "q").id()), qk.producersOf(Operand.I));
    assertEquals(List.of(named(w, "k").id()), qk.producersOf(Operand.W));
    assertEquals(0, qk.weightBits(), "K is an activation, not a constant");
    assertEquals(128L * 256 * 8, named(w, "add1").weightBits(), "the residual reads the block input");
  }

  @Test
  void aSwigluFfnGatesTheUpProjectionWithSiluOfTheGate() {
    // FFN 3·S·H·F = 3·128·256·1024 = 100,663,296 instead of GELU's two products.
    Workload w = new TransformerBlock("gated", 128, 256, 4, 1024, 8, TransformerBlock.Ffn.SWIGLU, 0).workload();
    assertEquals(19, w.layers().size());
    assertEquals(33554432L + 8388608L + 100663296L, w.computeMacs());
    Layer gate = named(w, "ffn1");
    Layer up = named(w, "ffn3");
    Layer silu = named(w, "silu");
    Layer mul = named(w, "ffn.mul");
    assertEquals(List.of(named(w, "ln2").id()), up.producersOf(Operand.I));
    assertEquals(List.of(gate.id()), silu.producersOf(Operand.I));
    assertEquals(OperatorType.ACTIVATION, silu.type());
    assertEquals(List.of(silu.id()), mul.producersOf(Operand.I));
    assertEquals(List.of(up.id()), mul.producersOf(Operand.W));
    assertEquals(128L * 1024, mul.macs());
    assertEquals(List.of(mul.id()), named(w, "ffn2").producersOf(Operand.I));
    assertTrue(w.layers().stream().noneMatch(l -> l.name().equals("gelu")));
  }

  /**
   * One new token against 127 cached positions (128 in all), hidden 256, 4 heads of 64, FFN 1024:
   * projections 4·1·256² = 262,144 MACs, attention 2·1·128·256 = 65,536, FFN 2·1·256·1024 = 524,288.
   * The caches are DRAM inputs of 127·256·8 = 260,096 bits each; the new key and value rows,
   * 1·256·8 = 2,048 bits each, are written to them by two sink layers.
   */
  @Test
  void aDecodeStepReadsTheKvCacheFromDramAndAppendsTheNewRows() {
    Workload w = new TransformerBlock("decode", 1, 256, 4, 1024, 8, TransformerBlock.Ffn.GELU, 127).workload();
    assertEquals(22, w.layers().size());
    for (String name : List.of("k", "v")) {
      Layer write = named(w, name + ".cache.write");
      assertEquals(List.of(named(w, name).id()), write.producersOf(Operand.I));
      assertTrue(w.consumers(write.id()).isEmpty(), "a sink: its output is stored to DRAM");
      assertEquals(256L * 8, write.outputBits());
    }
    assertEquals(262144L + 65536L + 524288L, w.computeMacs());
    Layer qkCache = named(w, "qk.cache");
    assertEquals(Map.of(LoopDim.G, 4, LoopDim.K, 127, LoopDim.C, 64),
        qkCache.dims().entrySet().stream().filter(e -> e.getValue() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertEquals(127L * 256 * 8, qkCache.weightBits(), "the key cache");
    assertTrue(qkCache.producersOf(Operand.W).isEmpty(), "read from DRAM");
    Layer avCache = named(w, "av.cache");
    assertEquals(127L * 256 * 8, avCache.weightBits(), "the value cache");
    assertEquals(127, avCache.size(LoopDim.C));
    // Softmax over all 128 positions of each head, reading both score blocks.
    Layer softmax = named(w, "softmax");
    assertEquals(List.of(qkCache.id(), named(w, "qk").id()), softmax.producersOf(Operand.I));
    assertEquals(4L * 128, softmax.macs());
    assertEquals(128, named(w, "softmax.stats").size(LoopDim.C));
    Layer sum = named(w, "av.sum");
    assertEquals(List.of(avCache.id()), sum.producersOf(Operand.I));
    assertEquals(List.of(named(w, "av").id()), sum.producersOf(Operand.W));
    assertEquals(List.of(sum.id()), named(w, "out").producersOf(Operand.I));
    // Every layer's tiles cover it; the decode step tiles and the bits into each tile add up.
    TileGraph g = TileGraphBuilder.build(Tiling.uniform(w, LayerTiling.WHOLE, new FusionPolicy.All()));
    for (Layer l : w.layers()) {
      assertEquals(l.macs(), g.tilesOf(l.id()).stream().mapToLong(Tile::macs).sum(), l.name());
    }
  }

  @Test
  void headsMustDivideTheHiddenSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TransformerBlock("odd", 16, 30, 4, 64, 8));
    assertTrue(e.getMessage().contains("heads (4) must divide hidden (30)"), e.getMessage());
  }

  /** Bits the tiles of layer {@code from} send to tile {@code t}. */
  private static long bitsFrom(TileGraph g, List<List<TileEdge>> incoming, Tile t, int from) {
    return incoming.get(t.id()).stream().filter(e -> g.tiles().get(e.producer()).layer() == from)
        .mapToLong(TileEdge::bits).sum();
  }

  @Test
  void sequenceBandsAndHeadPartsReadTheirRowsAndHeads() {
    // 4 sequence bands of 32 rows; heads split in 2 parts of 2 heads (64 channels per head).
    Workload w = BLOCK.workload();
    TileGraph g = TileGraphBuilder.build(Tiling.uniform(w,
        new LayerTiling(Split.of(4), Split.of(2), List.of(), false), new FusionPolicy.All()));
    List<List<TileEdge>> incoming = g.incoming();
    int q = named(w, "q").id();
    int k = named(w, "k").id();
    int v = named(w, "v").id();
    int qk = named(w, "qk").id();
    int softmax = named(w, "softmax").id();
    int stats = named(w, "softmax.stats").id();
    for (Tile t : g.tilesOf(qk)) {
      int heads = t.output().channelEnd() / 128 - t.output().channelStart() / 128;
      assertEquals(2, heads);
      assertEquals((long) t.output().rows() * heads * 64 * 8, bitsFrom(g, incoming, t, q), "its heads' queries");
      assertEquals(128L * 256 * 8, bitsFrom(g, incoming, t, k), "every key");
    }
    for (Tile t : g.tilesOf(stats)) {
      int heads = t.output().channelEnd() - t.output().channelStart();
      assertEquals((long) t.output().rows() * heads * 128 * 8, bitsFrom(g, incoming, t, qk),
          "the whole score rows of its heads");
    }
    for (Tile t : g.tilesOf(named(w, "av").id())) {
      int heads = t.output().channelEnd() / 64 - t.output().channelStart() / 64;
      assertEquals((long) t.output().rows() * heads * 128 * 8, bitsFrom(g, incoming, t, softmax));
      assertEquals(128L * 256 * 8, bitsFrom(g, incoming, t, v), "every value");
    }
    for (Tile t : g.tilesOf(named(w, "ln2.stats").id())) {
      assertEquals((long) t.output().rows() * 256 * 8, bitsFrom(g, incoming, t, named(w, "add1").id()),
          "LayerNorm's statistics read whole rows");
    }
  }
}
