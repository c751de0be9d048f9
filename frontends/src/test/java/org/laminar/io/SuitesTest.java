package org.laminar.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.laminar.tiling.TileGraphBuilder;

/** The bundled benchmark suites: their members, and the tile count the index states for each. */
class SuitesTest {
  private static final Path ROOT = Path.of(System.getProperty("laminar.root"));

  @Test
  void mediumAndLargeListTheirMembers() {
    assertEquals(List.of("medium", "large"), Suites.all().stream().map(Suites.Suite::name).toList());
    assertEquals(List.of("resnet18-quad-core", "resnet18-hetero-quad", "mobilenetv2-quad-core",
        "fsrcnn-depfin-quad-core", "attention-head-quad-core"),
        Suites.named("medium").members().stream().map(Suites.Member::name).toList());
    assertEquals(4, Suites.named("large").members().size());
  }

  /** Each member's tile graph, built from its files in ../shared/instances, has the stated tile count. */
  @Test
  void everyMemberHasItsStatedTileCount() {
    for (Suites.Suite suite : Suites.all()) {
      for (Suites.Member m : suite.members()) {
        assertEquals(m.tiles(), TileGraphBuilder.build(m.tiling(ROOT)).tiles().size(), m.name());
      }
    }
  }

  @Test
  void anUnknownSuiteNamesTheBundledOnes() {
    InputException e = assertThrows(InputException.class, () -> Suites.named("huge"));
    assertEquals("huge: no bundled suite of that name (bundled: medium, large)", e.getMessage());
  }
}
