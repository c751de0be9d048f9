package org.laminar.yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths to the shared input files ({@code ../shared/instances} from the repository root), and scratch files. */
final class SharedInstances {
  private SharedInstances() {
  }

  static Path path(String first, String... more) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances").resolve(Path.of(first, more))
        .normalize();
  }

  /** Writes {@code text} to {@code dir/name} and returns the path. */
  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
