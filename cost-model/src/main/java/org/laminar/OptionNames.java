package org.laminar;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command-line names of the enums options choose from ({@code H_CACHE} is {@code h-cache}),
 * read in any case: one spelling rule and one error message for every such option.
 */
public final class OptionNames {
  private OptionNames() {
  }

  /** The command-line name of {@code value}: lower case, {@code -} for {@code _}. */
  public static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant of {@code type} whose command-line name is {@code name} (any case, surrounding
   * blanks ignored).
   *
   * @throws IllegalArgumentException listing the names, e.g. "must be overlapped or serial, got 'x'"
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String name) {
    E[] values = type.getEnumConstants();
    for (E value : values) {
      if (of(value).equalsIgnoreCase(name.trim())) {
        return value;
      }
    }
    List<String> names = Arrays.stream(values).map(OptionNames::of).toList();
    String first = String.join(", ", names.subList(0, names.size() - 1));
    throw new IllegalArgumentException(
        "must be " + first + " or " + names.get(names.size() - 1) + ", got '" + name + "'");
  }
}
