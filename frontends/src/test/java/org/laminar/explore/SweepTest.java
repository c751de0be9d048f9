package org.laminar.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.evaluate.Point;
import org.laminar.evaluate.SolverSettings;
import org.laminar.io.InputException;

/** The expansion of a sweep's lists into points, and of the explore options into lists. */
class SweepTest {

  @Test
  void tilingListsExpandToEveryCombination() {
    assertEquals(List.of("oy=1", "oy=2", "oy=all"), Sweep.tilings("oy=1,2,all"));
    assertEquals(List.of("oy=1,k=1", "oy=1,k=2", "oy=4,k=1", "oy=4,k=2"), Sweep.tilings("oy=1,4,k=1,2"));
    assertEquals(List.of("auto"), Sweep.tilings("auto"));
    assertThrows(InputException.class, () -> Sweep.tilings("1,oy=2"));
  }

  @Test
  void fusionKeywordsAreOneEachAndRangesOneTogether() {
    assertEquals(List.of("none", "all", "auto"), Sweep.fusions("none,all,auto"));
    assertEquals(List.of("0-1,2-4"), Sweep.fusions("0-1,2-4"));
  }

  @Test
  void greedySchedulersMakeOnePointEachAndSearchesOnePerObjective() {
    Sweep sweep = new Sweep(List.of("chain5"), List.of("single-core", "quad-core"), List.of("oy=1", "oy=2"),
        List.of("all"), List.of("heft", "cpsat"), List.of("latency", "energy"), null);
    List<Point> points = sweep.points("tile", "memory", new SolverSettings("cpsat", 1, 1, 0, 0));
    // 2 hardware x 2 tilings x (heft + cpsat x 2 objectives)
    assertEquals(12, points.size());
    assertEquals(List.of("heft", "cpsat", "cpsat"), points.subList(0, 3).stream()
        .map(p -> p.scheduler().orElseThrow()).toList());
    assertEquals(List.of("latency", "energy"), points.subList(1, 3).stream().map(Point::objective).toList());
    assertEquals("quad-core", points.get(11).hardware());
  }

  @Test
  void anUnknownSchedulerOrAnEmptyListIsBadInput() {
    assertThrows(InputException.class, () -> new Sweep(null, null, null, null, List.of("fast"), null, null));
    assertThrows(InputException.class, () -> new Sweep(List.of(), null, null, null, null, null, null));
    assertThrows(InputException.class, () -> new Sweep(null, null, null, null, List.of("lns"), List.of("energy"), null));
  }

  @Test
  void eachVariantIsAnAcceleratorInPlaceOfItsBaseAndItsChangesAreWrittenOneWay() {
    assertEquals(List.of("sram=0.5x", "sram=1x", "sram=2x"), Sweep.variants("sram=0.5x,1x,2x"));
    assertEquals(List.of("sram=1x,cores=2", "sram=1x,cores=8", "sram=2x,cores=2", "sram=2x,cores=8"),
        Sweep.variants("sram=1x,2x,cores=2,8"));
    Sweep sweep = new Sweep(null, List.of("single-core", "quad-core"), null, List.of("all"), List.of("heft"), null,
        List.of("sram=2", "sram=2x", "link=0.50x,dram=4"));
    // "sram=2" and "sram=2x" are one variant.
    assertEquals(List.of("single-core[sram=2x]", "single-core[link=0.5x,dram=4x]", "quad-core[sram=2x]",
        "quad-core[link=0.5x,dram=4x]"), sweep.accelerators());
    assertEquals(sweep.accelerators(), sweep.points("tile", "memory", new SolverSettings("cpsat", 1, 1, 0, 0))
        .stream().map(Point::hardware).toList());
    assertEquals(List.of("quad-core"), new Sweep(null, List.of("quad-core"), null, null, null, null, null)
        .accelerators());
  }

  @Test
  void aVariantThatDoesNotParseIsBadInputNamingTheValue() {
    InputException e = assertThrows(InputException.class, () -> new Sweep(null, null, null, null, null, null,
        List.of("sram=big")));
    assertEquals("vary: sram takes a scale such as 2x or 0.5x, got 'big'", e.getMessage());
    assertThrows(InputException.class, () -> new Sweep(null, null, null, null, null, null, List.of("cache=2x")));
    assertThrows(InputException.class, () -> new Sweep(null, null, null, null, null, null, List.of("sram=0x")));
    assertThrows(InputException.class, () -> new Sweep(null, null, null, null, null, null, List.of("cores=2.5")));
    assertThrows(InputException.class, () -> Sweep.variants("2x,sram=1x"));
  }

  @Test
  void eachTilingGetsEachOverlapModeWrittenOneWay() {
    Sweep sweep = new Sweep(null, null, List.of("oy=1", "oy=2"), List.of("all"), List.of("heft"), null, null,
        List.of("Recompute", "cache", " recompute"), null);
    // "Recompute" and " recompute" are one mode.
    assertEquals(List.of("recompute", "cache"), sweep.overlap());
    List<Point> points = sweep.points("tile", "memory", new SolverSettings("cpsat", 1, 1, 0, 0));
    assertEquals(List.of("oy=1 recompute", "oy=1 cache", "oy=2 recompute", "oy=2 cache"), points.stream()
        .map(p -> p.tiling().orElseThrow() + " " + p.overlap()).toList());
    assertEquals(List.of("cache"), new Sweep(null, null, null, null, null, null, null).overlap());
    InputException e = assertThrows(InputException.class, () -> new Sweep(null, null, null, null, null, null, null,
        List.of("h-cache", "halo"), null));
    assertEquals("overlap: must be cache, recompute or h-cache, got 'halo'", e.getMessage());
  }

  @Test
  void eachOverlapModeGetsEachStreamPolicyWrittenOneWay() {
    Sweep sweep = new Sweep(null, null, null, List.of("all"), List.of("heft"), null, null,
        List.of("cache", "recompute"), List.of("Never", "when-needed", "never "));
    assertEquals(List.of("never", "when-needed"), sweep.stream());
    List<Point> points = sweep.points("tile", "memory", new SolverSettings("cpsat", 1, 1, 0, 0));
    assertEquals(List.of("cache never", "cache when-needed", "recompute never", "recompute when-needed"),
        points.stream().map(p -> p.overlap() + " " + p.stream()).toList());
    // A sweep that lists none runs schedule's default.
    assertEquals(List.of("when-needed"), new Sweep(null, null, null, null, null, null, null).stream());
    InputException e = assertThrows(InputException.class, () -> new Sweep(null, null, null, null, null, null, null,
        null, List.of("sometimes")));
    assertEquals("stream: must be never, when-needed, always or choose, got 'sometimes'", e.getMessage());
  }
}
