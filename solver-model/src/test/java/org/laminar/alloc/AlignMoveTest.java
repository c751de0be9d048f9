package org.laminar.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.laminar.check.ScheduleChecker;
import org.laminar.exact.TileProblems;
import org.laminar.greedy.Guide;
import org.laminar.greedy.GuidedDecoder;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.workload.Workload;

/**
 * The alignment move on two fused 'same'-padded 3×3 convolutions (3 → 16 → 16 channels, 32×32 maps)
 * in two row bands of 16 rows each, on two identical cores of 64 PEs joined by one 32-bit bus. A band
 * of an output holds 16 · 16 · 32 · 8 = 65,536 bits (2,048 bus cycles); the halo the other band's
 * second convolution reads from it is one row, 16 · 32 · 8 = 4,096 bits (128 cycles). A band of the
 * second convolution computes 16 · 16 · 16 · 32 · 9 / 64 = 18,432 cycles, of the first 3,456.
 */
class AlignMoveTest {
  private static final long BAND_BITS = 16L * 16 * 32 * 8;
  private static final long HALO_BITS = 16L * 32 * 8;

  private final SchedulingProblem problem = TileProblems.problem(
      TileProblems.tiles(new Workload("two", List.of(TileProblems.conv(0, 16, 3, 32, List.of()),
          TileProblems.conv(1, 16, 16, 32, List.of(0)))), "oy=2"),
      TileProblems.accelerator(2, List.of("fast"), 1L << 24, true));

  /** Tile id of band {@code band} of layer {@code layer}. */
  private int tile(Layers layers, int layer, int band) {
    Layers.Layer l = layers.all().get(layer);
    return l.tiles()[IntStream.range(0, l.tiles().length).filter(i -> l.bands()[i] == band)
        .findFirst().orElseThrow()];
  }

  /** Band b of the first layer on core b, of the second on core 1 − b; keys in tile order. */
  private Guide crossed(Layers layers) {
    int[] cores = new int[4];
    long[] keys = new long[4];
    for (int b = 0; b < 2; b++) {
      cores[tile(layers, 0, b)] = b;
      cores[tile(layers, 1, b)] = 1 - b;
    }
    for (int t = 0; t < 4; t++) {
      keys[t] = t;
    }
    return new Guide(cores, keys, true);
  }

  /** Same stack, same two row bands: each layer is the other's partner. */
  @Test
  void theTwoLayersAlignBandByBand() {
    Layers layers = new Layers(problem, decoded());
    Layers.Layer first = layers.all().get(0);
    Layers.Layer second = layers.all().get(1);
    assertEquals(List.of(second), layers.aligned().get(first));
    assertEquals(List.of(first), layers.aligned().get(second));
    assertEquals(2, first.leaders().length);
  }

  /**
   * Both guides run the first convolution alike: on DRAM (64 bits/cycle, one port) a band's input
   * (3 · 17 · 32 · 8 = 13,056 bits, 204 cycles) and the layer's weights (3,456 bits, 54) for one core,
   * then for the other, so its bands run 258–3,714 and 516–3,972.
   *
   * <p>Crossed: each band of the second convolution reads its own band from the other core (its halo
   * is in place): two hops of 65,536 bits on the one bus, 3,714–5,762 and 5,762–7,810; the later band
   * computes 7,810–26,242 and stores its 65,536 bits (1,024 cycles): 27,266.
   *
   * <p>Aligned (whichever layer leads), each band stays on one core and only the halo rows cross the
   * bus: 3,714–3,842 and 3,972–4,100. The second layer's weights (18,432 bits, 288 cycles each) are
   * on both cores long before, so its bands compute from 4,100 (waiting for the halo) and 3,972
   * (for its own band) to 22,532 and 22,404; the first placed (the lower key) stores first,
   * 22,532–23,556, the other after it (the gap before is 128 cycles, the store 1,024): 24,580. No
   * schedule ends before 24,322: a second-layer band ends at 3,972 + 128 + 18,432 = 22,532 at the
   * earliest after the later first-layer band, the other at 22,274 after the earlier one, and
   * both stores share the port.
   */
  @Test
  void aligningLeavesOnlyTheHalosOnTheBus() {
    Layers layers = new Layers(problem, decoded());
    GuidedDecoder decoder = new GuidedDecoder(problem);
    Guide crossed = crossed(layers);
    Guide aligned = Move.ALIGN.apply(crossed, layers, new Random(0));
    for (int b = 0; b < 2; b++) {
      assertEquals(aligned.core(tile(layers, 0, b)), aligned.core(tile(layers, 1, b)), "band " + b);
    }
    assertNotEquals(aligned.core(tile(layers, 0, 0)), aligned.core(tile(layers, 0, 1)), "the leader keeps its cores");

    Schedule before = decoder.decode(crossed).orElseThrow();
    Schedule after = decoder.decode(aligned).orElseThrow();
    ScheduleChecker checker = new ScheduleChecker();
    assertEquals(List.of(), checker.check(problem, before).violations());
    assertEquals(List.of(), checker.check(problem, after).violations());
    assertEquals(List.of(BAND_BITS, BAND_BITS), hopBits(before));
    assertEquals(List.of(HALO_BITS, HALO_BITS), hopBits(after));
    assertEquals(27_266, checker.check(problem, before).metrics().latencyCycles());
    assertEquals(24_580, checker.check(problem, after).metrics().latencyCycles());
  }

  private static List<Long> hopBits(Schedule s) {
    return s.movements().stream().filter(m -> m instanceof Movement.LinkHop).map(Movement::bits)
        .sorted(Comparator.reverseOrder()).toList();
  }

  /** Some schedule of the problem, for the layers' spans. */
  private Schedule decoded() {
    int[] cores = {0, 0, 0, 0};
    return new GuidedDecoder(problem).decode(new Guide(cores, new long[4], true)).orElseThrow();
  }
}
