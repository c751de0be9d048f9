package org.laminar.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}, for every command that prints JSON: one declaration, the same words in each
 * {@code --help}, followed by what the command's JSON holds (from its {@link CommandTexts}).
 */
final class JsonOption {
  /** Bundle key: what the command's JSON holds, appended to {@link #TEXT}. */
  static final String SHAPE = "json.shape";

  /** The description every command shares. */
  static final String TEXT = "print JSON instead of text";

  @Option(names = "--json", description = TEXT + "${bundle:" + SHAPE + ":-}")
  boolean on;
}
