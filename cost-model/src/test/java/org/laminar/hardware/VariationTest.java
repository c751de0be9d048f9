package org.laminar.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The interconnect shapes {@code cores=N} copies, and the scales' rounding. */
class VariationTest {
  private static final Dram DRAM = new Dram(8, 8, true, 1, 1);

  private static Accelerator accelerator(int cores, List<Link> links) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel sram = new MemoryLevel("sram", 1000, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.I2,
        MemoryOperand.O), List.of(port), Set.of("D1"));
    List<Core> list = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      list.add(new Core(i, "c", new OperationalArray(1, Map.of("D1", 4)), List.of(sram), SpatialUnrolling.NONE));
    }
    return new Accelerator("acc", list, links, DRAM);
  }

  private static Link link(int... cores) {
    return new Link("l" + Arrays.toString(cores), Arrays.stream(cores).boxed().toList(), 16, 0.5);
  }

  private static List<List<Integer>> connected(Accelerator a) {
    return a.links().stream().map(Link::cores).toList();
  }

  @Test
  void aBusStaysOneBusOverAllCopies() {
    Accelerator four = new Variation.Cores(4).apply(accelerator(3, List.of(link(0, 1, 2))));
    assertEquals(List.of(List.of(0, 1, 2, 3)), connected(four));
    assertEquals(List.of(16L, 0.5), List.of(four.links().get(0).bandwidthBits(), four.links().get(0).energyPerBitPj()));
  }

  @Test
  void everyPairLinkedStaysEveryPairLinked() {
    Accelerator mesh = accelerator(3, List.of(link(0, 1), link(0, 2), link(1, 2)));
    // Three cores linked pairwise are also a ring: a ring it is.
    assertEquals(List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3), List.of(3, 0)),
        connected(new Variation.Cores(4).apply(mesh)));
    Accelerator four = accelerator(4, List.of(link(0, 1), link(0, 2), link(0, 3), link(1, 2), link(1, 3), link(2, 3)));
    assertEquals(10, new Variation.Cores(5).apply(four).links().size());
  }

  @Test
  void anotherShapeOrUnlikeLinksAreRefused() {
    // A chain 0-1-2 is neither a ring, a bus nor a mesh.
    Accelerator chain = accelerator(3, List.of(link(0, 1), link(1, 2)));
    assertThrows(IllegalArgumentException.class, () -> new Variation.Cores(4).apply(chain));
    Accelerator unlike = accelerator(3, List.of(link(0, 1), link(1, 2),
        new Link("slow", List.of(2, 0), 8, 0.5)));
    assertThrows(IllegalArgumentException.class, () -> new Variation.Cores(4).apply(unlike));
  }

  @Test
  void scalesRoundToTheNearestUnitAndNeverToZero() {
    Accelerator base = accelerator(2, List.of(link(0, 1)));
    assertEquals(333, new Variation.Memory(Optional.empty(), 1.0 / 3).apply(base).core(1).memories().get(0)
        .sizeBits());
    assertEquals(List.of(5L, 5L), List.of(new Variation.LinkBandwidth(0.3).apply(base).links().get(0).bandwidthBits(),
        new Variation.DramBandwidth(0.6).apply(base).dram().readBandwidthBits()));
    assertThrows(IllegalArgumentException.class, () -> new Variation.DramBandwidth(0.01).apply(base));
    assertEquals("sram.sram=0.25x", new Variation.Memory(Optional.of("sram"), 0.25).text());
  }
}
