package org.laminar.greedy;

import java.util.List;
import java.util.Locale;
import org.laminar.schedule.Scheduler;

/** The greedy schedulers by their command-line names. */
public final class GreedySchedulers {
  private GreedySchedulers() {}

  /** Names accepted by {@link #byName}. */
  public static final List<String> NAMES = List.of("lbl", "list", "heft");

  /**
   * The scheduler called {@code name}; {@code priority} applies to {@code list} only.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Scheduler byName(String name, ListScheduler.Priority priority) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "lbl", "layer-by-layer" -> new LayerByLayerScheduler();
      case "list" -> new ListScheduler(priority);
      case "heft" -> new HeftScheduler();
      default -> throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: " + NAMES);
    };
  }

  /** All greedy schedulers, {@code list} with the given priority. */
  public static List<Scheduler> all(ListScheduler.Priority priority) {
    return NAMES.stream().map(n -> byName(n, priority)).toList();
  }
}
