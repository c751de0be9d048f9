package org.laminar.exact;

import java.util.Locale;
import org.laminar.check.Metrics;

/** What the exact scheduler minimises; every value is measured by the checker. */
public enum Goal {
  /** Latency (cycles): the makespan. */
  LATENCY("latency"),
  /** Total energy (pJ). */
  ENERGY("energy"),
  /** Energy × latency (pJ·cycles), minimised as the exact product of the two. */
  EDP("edp"),
  /** Peak occupancy of the local memories (bits): the fullest memory at its fullest cycle. */
  MEMORY("memory"),
  /** Latency first; then, among schedules of that latency, energy. */
  LATENCY_ENERGY("latency,energy");

  private final String text;

  Goal(String text) {
    this.text = text;
  }

  /** The command-line spelling. */
  public String text() {
    return text;
  }

  /**
   * Parses {@code latency}, {@code energy}, {@code edp}, {@code memory} or {@code latency,energy}.
   *
   * @throws IllegalArgumentException naming the text otherwise
   */
  public static Goal parse(String text) {
    String wanted = text.toLowerCase(Locale.ROOT).replace(" ", "");
    for (Goal g : values()) {
      if (g.text.equals(wanted)) {
        return g;
      }
    }
    throw new IllegalArgumentException("unknown objective '" + text
        + "'; expected latency, energy, edp, memory or latency,energy");
  }

  /** This goal's value in the checker's {@code metrics} (cycles, pJ, pJ·cycles or bits; for {@code latency,energy}: the latency). */
  public double value(Metrics metrics) {
    return switch (this) {
      case LATENCY, LATENCY_ENERGY -> metrics.latencyCycles();
      case ENERGY -> metrics.energyPj();
      case EDP -> metrics.edp();
      case MEMORY -> metrics.peakMemoryBits().values().stream().mapToLong(Long::longValue).max().orElse(0);
    };
  }
}
