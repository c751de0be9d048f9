package org.laminar.yaml;

import java.nio.file.Path;

/** Paths to the shared input files ({@code ../shared/instances} from the repository root). */
final class SharedInstances {
  private SharedInstances() {
  }

  static Path path(String first, String... more) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances").resolve(Path.of(first, more))
        .normalize();
  }
}
