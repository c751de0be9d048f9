package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression guard: the cost model reproduces, bit for bit, the cycles and energies it computed
 * when {@link CostTable#RESOURCE} was recorded, for every layer of the ZigZag reference cases and
 * every distinct tile shape and core of the bundled and Stream example problems. Optimisations of
 * {@code org.laminar.cost} must leave every row unchanged.
 */
class CostTableTest {

  @Test
  void costsAreThoseRecorded() throws IOException {
    List<String> recorded;
    try (InputStream in = CostTableTest.class.getClassLoader().getResourceAsStream(CostTable.RESOURCE)) {
      assertNotNull(in, CostTable.RESOURCE + " is missing");
      recorded = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .filter(l -> !l.startsWith("#")).toList();
    }
    List<String> now = CostTable.rows();
    for (int i = 0; i < Math.min(recorded.size(), now.size()); i++) {
      assertEquals(recorded.get(i), now.get(i), "row " + (i + 1) + " of " + CostTable.RESOURCE);
    }
    assertEquals(recorded.size(), now.size(), "rows in " + CostTable.RESOURCE);
  }
}
