package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LaminarTest {
  @Test
  void printsNumbersTheSameWayWhateverTheMachinesLocale() {
    Locale before = Locale.getDefault();
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      Locale.setDefault(Locale.GERMANY);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertEquals(0, Laminar.execute("cost", "--workload", "chain3", "--hardware", "single-core"));
    } finally {
      System.setOut(stdout);
      Locale.setDefault(before);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("1,179,648") && out.contains("10,376.0") && out.contains("11.1%"), out);
  }
}
