package org.laminar.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.laminar.check.Metrics;
import org.laminar.io.InputException;

/** A figure that a sweep's Pareto front minimises, measured by the checker. */
public enum Axis {
  /** Latency (cycles). */
  LATENCY("latency"),
  /** Total energy (pJ). */
  ENERGY("energy"),
  /** Peak occupancy of the fullest local memory (bits). */
  MEMORY("memory");

  private final String text;

  Axis(String text) {
    this.text = text;
  }

  /** The command-line spelling. */
  public String text() {
    return text;
  }

  /** This figure of a valid schedule's {@code metrics} (cycles, pJ or bits). */
  public double value(Metrics metrics) {
    return switch (this) {
      case LATENCY -> metrics.latencyCycles();
      case ENERGY -> metrics.energyPj();
      case MEMORY -> metrics.peakMemoryBits().values().stream().mapToLong(Long::longValue).max().orElse(0);
    };
  }

  /**
   * Parses a comma-separated list of distinct axes ({@code latency,energy}).
   *
   * @throws InputException naming {@code option} otherwise
   */
  public static List<Axis> parse(String text, String option) {
    List<Axis> axes = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String wanted = part.trim().toLowerCase(Locale.ROOT);
      Axis axis = null;
      for (Axis a : values()) {
        if (a.text.equals(wanted)) {
          axis = a;
        }
      }
      if (axis == null || axes.contains(axis)) {
        throw new InputException(option + " must be distinct axes among latency, energy, memory, got '" + text + "'");
      }
      axes.add(axis);
    }
    return List.copyOf(axes);
  }
}
