package org.laminar.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Variation;

/**
 * An accelerator derived from a base (a file or a bundled name) by {@link Variation}s, named as the
 * user writes it: {@code quad-core[sram=2x]}, {@code quad-core[sram=2x,link=0.5x]}, {@code
 * quad-core[cores=8]}. Each change is one of
 *
 * <ul>
 *   <li>{@code sram=Fx}: every core's local memories (the outermost on-chip memory of each operand)
 *       F times as large; {@code sram.NAME=Fx} the memory NAME of every core that has one;
 *   <li>{@code link=Fx}: every link's bandwidth F times;
 *   <li>{@code dram=Fx}: DRAM's read and write bandwidths F times;
 *   <li>{@code cores=N}: N copies of a homogeneous accelerator's core, linked as the base's cores are.
 * </ul>
 *
 * @param base the base accelerator's file or bundled name
 * @param changes the changes, applied in order (at least one)
 */
public record AcceleratorVariant(String base, List<Variation> changes) {
  public AcceleratorVariant {
    checkNotNull(base, "base accelerator is missing");
    checkArgument(!changes.isEmpty(), "a variant of %s changes nothing", base);
    changes = ImmutableList.copyOf(changes);
  }

  /**
   * The variant {@code hardware} names ({@code base[change,change...]}), empty when it names no
   * variant (no trailing bracket).
   *
   * @throws InputException naming {@code hardware} when a change does not parse
   */
  public static Optional<AcceleratorVariant> of(String hardware) {
    int open = hardware.lastIndexOf('[');
    if (!hardware.endsWith("]") || open <= 0) {
      return Optional.empty();
    }
    return Optional.of(new AcceleratorVariant(hardware.substring(0, open),
        changes(hardware.substring(open + 1, hardware.length() - 1), hardware)));
  }

  /**
   * The comma-separated changes {@code text} ({@code sram=2x,link=0.5x}).
   *
   * @throws InputException naming {@code where} when one does not parse
   */
  public static List<Variation> changes(String text, String where) {
    List<Variation> changes = new ArrayList<>();
    for (String change : text.split(",", -1)) {
      changes.add(change(change.trim(), where));
    }
    return changes;
  }

  /**
   * One change, {@code sram=2x}, {@code sram.NAME=0.5x}, {@code link=2x}, {@code dram=2x} or {@code
   * cores=4}.
   *
   * @throws InputException naming {@code where} when it does not parse
   */
  public static Variation change(String text, String where) {
    int eq = text.indexOf('=');
    String knob = eq < 0 ? text : text.substring(0, eq).trim().toLowerCase(Locale.ROOT);
    String value = eq < 0 ? "" : text.substring(eq + 1).trim();
    String usage = where + ": expected sram=Fx, sram.MEMORY=Fx, link=Fx, dram=Fx or cores=N (e.g. sram=2x), got '"
        + text + "'";
    if (eq < 0 || value.isEmpty()) {
      throw new InputException(usage);
    }
    if (knob.equals("cores")) {
      try {
        return InputException.at(where, () -> new Variation.Cores(Integer.parseInt(value)));
      } catch (NumberFormatException e) {
        throw new InputException(where + ": cores=N takes a whole number of cores, got '" + value + "'", e);
      }
    }
    double factor;
    try {
      factor = Double.parseDouble(value.endsWith("x") ? value.substring(0, value.length() - 1) : value);
    } catch (NumberFormatException e) {
      throw new InputException(where + ": " + knob + " takes a scale such as 2x or 0.5x, got '" + value + "'", e);
    }
    return InputException.at(where, () -> switch (knob) {
      case "sram" -> new Variation.Memory(Optional.empty(), factor);
      case "link" -> new Variation.LinkBandwidth(factor);
      case "dram" -> new Variation.DramBandwidth(factor);
      default -> {
        if (knob.startsWith("sram.") && knob.length() > "sram.".length()) {
          // The memory's name as written: names are case-sensitive.
          yield new Variation.Memory(Optional.of(text.substring("sram.".length(), eq).trim()), factor);
        }
        throw new InputException(usage);
      }
    });
  }

  /** {@code base} with every change applied, named {@code base-name[changes]}. */
  public Accelerator apply(Accelerator baseAccelerator) {
    Accelerator a = baseAccelerator;
    for (Variation v : changes) {
      Accelerator before = a;
      a = InputException.at(baseAccelerator.name() + "[" + v.text() + "]", () -> v.apply(before));
    }
    return new Accelerator(baseAccelerator.name() + "[" + text() + "]", a.cores(), a.links(), a.dram(),
        a.sharedMemories());
  }

  /** The changes as written, comma-separated: {@code sram=2x,link=0.5x}. */
  public String text() {
    return text(changes);
  }

  /** {@code changes} written one way, comma-separated: {@code sram=2x,link=0.5x} (a scale {@code 2} as {@code 2x}). */
  public static String text(List<Variation> changes) {
    return changes.stream().map(Variation::text).collect(Collectors.joining(","));
  }
}
