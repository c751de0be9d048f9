package org.laminar.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tiling;

/**
 * The bundled benchmark suites ({@code suites:} in the instance index): named lists of
 * {@code laminar schedule} problems. A member's files are paths from the repository root (inputs
 * in {@code ../shared/instances} are referenced there, not copied); other names are bundled
 * instances.
 */
public final class Suites {
  private Suites() {
  }

  /**
   * A suite.
   *
   * @param name the name {@code inspect --list} shows
   * @param description its size range and target
   * @param members its problems, in order
   */
  public record Suite(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "description", required = true) String description,
      @JsonProperty(value = "members", required = true) List<Member> members) {
    public Suite {
      checkNotNull(name, "suite name is missing");
      members = ImmutableList.copyOf(members);
    }

    /** One line per member: name, inputs, tile count, note. */
    public String describeMembers() {
      return members.stream().map(Member::describe).collect(Collectors.joining(System.lineSeparator()));
    }
  }

  /**
   * One problem of a suite, as on the command line of {@code laminar schedule}.
   *
   * @param name short name
   * @param workload workload file (from the repository root) or bundled name
   * @param hardware accelerator file or bundled name
   * @param mapping Stream mapping file, or null (then {@code tiling})
   * @param tiling {@code --tiling}, or null with a mapping
   * @param fuse {@code --fuse}
   * @param tiles tile count of its tile graph
   * @param note what a user should know about it, or null
   */
  public record Member(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "workload", required = true) String workload,
      @JsonProperty(value = "hardware", required = true) String hardware,
      @JsonProperty("mapping") String mapping,
      @JsonProperty("tiling") String tiling,
      @JsonProperty(value = "fuse", required = true) String fuse,
      @JsonProperty(value = "tiles", required = true) int tiles,
      @JsonProperty("note") String note) {
    public Member {
      checkNotNull(name, "member name is missing");
      checkArgument(mapping == null || tiling == null, "suite member %s: a mapping or a tiling, not both", name);
      checkArgument(tiles > 0, "suite member %s: tile count must be > 0, got %s", name, tiles);
    }

    /** The command-line arguments of {@code laminar schedule} for this member. */
    public String arguments() {
      return "--workload " + workload + " --hardware " + hardware
          + (mapping != null ? " --mapping " + mapping : " --tiling " + tiling) + " --fuse " + fuse;
    }

    String describe() {
      return String.format("%s: %,d tiles; %s%s", name, tiles, arguments(), note == null ? "" : " (" + note + ")");
    }

    /** The member's accelerator, its file resolved from {@code root} (the repository root). */
    public Accelerator accelerator(Path root) {
      return Inputs.accelerator(resolve(root, hardware));
    }

    /** The member's tiling, its files resolved from {@code root} (the repository root). */
    public Tiling tiling(Path root) {
      return Inputs.tiling(Inputs.workload(resolve(root, workload)), accelerator(root),
          Optional.ofNullable(mapping).map(m -> Path.of(resolve(root, m))), Optional.ofNullable(tiling), fuse);
    }

    /** The member's problem, its files resolved from {@code root} (the repository root). */
    public SchedulingProblem problem(Path root) {
      return SchedulingProblem.of(tiling(root), accelerator(root), new AnalyticalCostModel());
    }

    private static String resolve(Path root, String pathOrName) {
      return pathOrName.contains("/") ? root.resolve(pathOrName).normalize().toString() : pathOrName;
    }
  }

  /** The bundled suites, in the order of the index. */
  public static List<Suite> all() {
    return Inputs.index().suites();
  }

  /**
   * The suite called {@code name}.
   *
   * @throws InputException naming the bundled suites when there is none of that name
   */
  public static Suite named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new InputException(
        name + ": no bundled suite of that name (bundled: " + all().stream().map(Suite::name)
            .collect(Collectors.joining(", ")) + ")"));
  }
}
