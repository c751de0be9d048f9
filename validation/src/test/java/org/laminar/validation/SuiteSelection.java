package org.laminar.validation;

import java.nio.file.Path;
import java.util.List;
import org.laminar.io.Suites;

/**
 * The suite members a validation runner works on, from its system properties: {@code
 * -Dlaminar.suite=NAME} (the runner's default otherwise) and {@code -Dlaminar.members=NAME,...},
 * which keeps only those members (all when absent); {@code -Dlaminar.root} is the project root the
 * members' input paths are read from.
 */
final class SuiteSelection {
  private SuiteSelection() {}

  /** The suite's name: {@code laminar.suite}, or {@code fallback}. */
  static String suite(String fallback) {
    return System.getProperty("laminar.suite", fallback);
  }

  /** The members of {@link #suite(String)} that {@code laminar.members} names, in suite order. */
  static List<Suites.Member> members(String fallback) {
    List<String> only = List.of(System.getProperty("laminar.members", "").split(",")).stream()
        .filter(m -> !m.isBlank()).toList();
    return Suites.named(suite(fallback)).members().stream()
        .filter(m -> only.isEmpty() || only.contains(m.name())).toList();
  }

  /** The project root: {@code laminar.root}, or the working directory. */
  static Path root() {
    return Path.of(System.getProperty("laminar.root", "."));
  }
}
