package org.laminar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

  /** {@code value} as the indented JSON the commands print. */
  static String text(Object value) throws JsonProcessingException {
    return Mapper.INDENTED.writeValueAsString(value);
  }

  /** Made on first use: a run that prints no JSON loads none of Jackson's serializers (docs/PERFORMANCE.md). */
  private static final class Mapper {
    static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
