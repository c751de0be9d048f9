package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RcpspCommandTest {
  private static final String J301_1 = Path.of(System.getProperty("laminar.root"), "..", "shared", "instances",
      "psplib", "j30", "j301_1.sm").toString();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Cli.execute(out, err, args);
  }

  @Test
  void printsTheOptimumAsJson() {
    assertEquals(0, run("rcpsp", J301_1, "--workers", "1", "--seed", "3", "--json"));
    assertEquals("{\"instance\":\"j301_1\",\"makespan\":43,\"status\":\"OPTIMAL\",\"bound\":43,\"valid\":true}",
        out.toString().trim());
    assertTrue(err.toString().lines().allMatch(l -> l.startsWith("rcpsp: time ")), err.toString());
    assertTrue(err.toString().contains("incumbent 43  bound 43  gap 0.0%"), err.toString());
  }

  @Test
  void chocoGivesThePublishedOptimum() {
    assertEquals(0, run("rcpsp", J301_1, "--engine", "choco", "--json"));
    assertEquals("{\"instance\":\"j301_1\",\"makespan\":43,\"status\":\"OPTIMAL\",\"bound\":43,\"valid\":true}",
        out.toString().trim());
    assertTrue(err.toString().lines().allMatch(l -> l.startsWith("rcpsp: time ")), err.toString());
  }

  @Test
  void rejectsAnUnknownEngine() {
    assertEquals(2, run("rcpsp", J301_1, "--engine", "gurobi"));
    assertEquals("laminar: error: --engine must be one of cpsat, choco, got 'gurobi'", err.toString().trim());
  }

  @Test
  void aStopAtTheGapLimitIsFeasibleNotOptimal() throws Exception {
    // CP-SAT itself reports OPTIMAL when it stops within --gap; 43 is j301_1's proven optimum.
    assertEquals(0, run("rcpsp", J301_1, "--workers", "1", "--gap", "0.9", "--json"));
    JsonNode report = new ObjectMapper().readTree(out.toString());
    assertTrue(report.get("makespan").asLong() > report.get("bound").asLong(), out.toString());
    assertEquals("FEASIBLE", report.get("status").asText());
  }

  @Test
  void printsASummaryForHumans() {
    assertEquals(0, run("rcpsp", J301_1, "--workers", "1", "--time-limit", "30"));
    assertTrue(out.toString().startsWith("j301_1: makespan 43 (OPTIMAL), lower bound 43, gap 0.0%, schedule valid"),
        out.toString());
  }

  @Test
  void rejectsAMissingFileWithExitCodeTwo() {
    assertEquals(2, run("rcpsp", "no-such.sm"));
    assertEquals("laminar: error: no-such.sm: cannot read the file: no-such.sm", err.toString().trim());
  }

  @Test
  void rejectsBadOptions() {
    assertEquals(2, run("rcpsp", J301_1, "--workers", "0"));
    assertEquals("laminar: error: --workers must be >= 1, got 0", err.toString().trim());
    assertEquals(2, run("rcpsp", J301_1, "--time-limit", "-1"));
  }
}
