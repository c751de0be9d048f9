package org.laminar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.laminar.schedule.CopyPhases;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.Overlap;

/** One spelling rule for every enum option: names, parsing in any case, the error's list. */
class OptionNamesTest {
  @Test
  void namesAreLowerCaseWithDashes() {
    assertEquals("h-cache", OptionNames.of(Overlap.H_CACHE));
    assertEquals("when-needed", StreamPolicy.WHEN_NEEDED.cliName());
    assertEquals("serial", CopyPhases.SERIAL.toString());
  }

  @Test
  void parsingIgnoresCaseAndSurroundingBlanks() {
    assertEquals(Overlap.H_CACHE, Overlap.parse(" H-Cache "));
    assertEquals(StreamPolicy.WHEN_NEEDED, StreamPolicy.parse("WHEN-NEEDED"));
    assertEquals(CopyPhases.OVERLAPPED, CopyPhases.parse("Overlapped"));
  }

  @Test
  void anUnknownNameListsEveryKnownOne() {
    assertEquals("must be cache, recompute or h-cache, got 'h_cache'",
        assertThrows(IllegalArgumentException.class, () -> Overlap.parse("h_cache")).getMessage());
    assertEquals("must be never, when-needed, always or choose, got 'sometimes'",
        assertThrows(IllegalArgumentException.class, () -> StreamPolicy.parse("sometimes")).getMessage());
    assertEquals("must be overlapped or serial, got 'x'",
        assertThrows(IllegalArgumentException.class, () -> CopyPhases.parse("x")).getMessage());
  }
}
