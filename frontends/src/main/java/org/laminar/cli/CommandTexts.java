package org.laminar.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import org.laminar.cli.InputOptions.Input;

/**
 * One command's part of the options its mixins share ({@link InputOptions}, {@link JsonOption}): its
 * defaults, its required inputs, what its JSON holds. A class-based resource bundle: each command
 * has a subclass with a public no-argument constructor and names it in its
 * {@code @Command(resourceBundle)}; picocli resolves the mixins' {@code ${bundle:…}} variables in that
 * command's bundle only, so each command's {@code --help} shows its own.
 */
abstract class CommandTexts extends ListResourceBundle {
  private final Object[][] contents;

  /** A command without inputs; {@code jsonShape} completes {@link JsonOption#TEXT}. */
  CommandTexts(String jsonShape) {
    this(Input.OPTIONAL, Input.OPTIONAL, jsonShape);
  }

  /** How the command takes each input; {@code jsonShape} completes {@link JsonOption#TEXT}. */
  CommandTexts(Input workload, Input hardware, String jsonShape) {
    List<Object[]> entries = new ArrayList<>();
    add(entries, InputOptions.WORKLOAD_DEFAULT, workload.defaultValue());
    add(entries, InputOptions.WORKLOAD_NOTE, workload.note());
    add(entries, InputOptions.WORKLOAD_REQUIRED, workload.required() ? "yes" : null);
    add(entries, InputOptions.HARDWARE_DEFAULT, hardware.defaultValue());
    add(entries, InputOptions.HARDWARE_NOTE, hardware.note());
    add(entries, InputOptions.HARDWARE_REQUIRED, hardware.required() ? "yes" : null);
    add(entries, JsonOption.SHAPE, jsonShape);
    this.contents = entries.toArray(Object[][]::new);
  }

  private static void add(List<Object[]> entries, String key, String value) {
    if (value != null) {
      entries.add(new Object[] {key, value});
    }
  }

  @Override
  protected Object[][] getContents() {
    return contents.clone();
  }
}
