package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
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
    // Grouping commas and decimal points, not the German dots and commas: MACs 3·3·8·16·32·32 of
    // conv0, a latency with one decimal, a utilisation in per cent.
    assertTrue(out.contains("1,179,648"), out);
    assertTrue(Pattern.compile("conv0 .* [0-9]{1,3},[0-9]{3}\\.[0-9] +[0-9]+\\.[0-9]%").matcher(out)
        .find(), out);
  }
}
