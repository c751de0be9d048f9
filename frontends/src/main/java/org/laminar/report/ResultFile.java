package org.laminar.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.laminar.io.InputException;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;

/**
 * {@code result.json}: the run's inputs and options, its {@link Summary} (status, validity,
 * violations, metrics, bound, gap), the scheduler's wall time and statistics, and the schedule
 * itself — every tile with its name, core, start and end (cycles), every movement with its kind
 * ({@code weight-load}, {@code weight-stream}, {@code input-stream}, {@code output-stream},
 * {@code input-load}, {@code link-hop}, {@code spill-write}, {@code spill-read}, {@code sink-store}), resource, bits, start and end. {@link #read} gives
 * back what {@link #write} wrote.
 *
 * @param laminar the version of Laminar that wrote it
 * @param inputs what was scheduled: names of the workload, hardware, mapping, tiling, fusion, and the
 *     layers split beyond the default tiling ({@code split_further}: layer name → split)
 * @param options the scheduler options
 * @param summary the run's summary
 * @param wallTimeSeconds how long the scheduler ran (s)
 * @param solver the exact scheduler's figures: the objective it optimised, its value, bound and gap
 *     within the model, the warm start, conflicts, branches and search wall time (empty for greedy
 *     schedulers)
 * @param schedule the schedule, or null when the scheduler found none
 */
public record ResultFile(String laminar, Map<String, Object> inputs, Map<String, Object> options, Summary summary,
    double wallTimeSeconds, Map<String, Object> solver, Schedule schedule) {

  /** Laminar's version, as {@code laminar --version} prints it. */
  public static final String VERSION = "0.1.0";

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .configure(SerializationFeature.INDENT_OUTPUT, true)
      .addMixIn(Movement.class, MovementKinds.class);

  /** The movement's kind names in the file. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Movement.WeightLoad.class, name = "weight-load"),
      @JsonSubTypes.Type(value = Movement.WeightStream.class, name = "weight-stream"),
      @JsonSubTypes.Type(value = Movement.InputStream.class, name = "input-stream"),
      @JsonSubTypes.Type(value = Movement.SecondInputStream.class, name = "second-input-stream"),
      @JsonSubTypes.Type(value = Movement.OutputStream.class, name = "output-stream"),
      @JsonSubTypes.Type(value = Movement.InputLoad.class, name = "input-load"),
      @JsonSubTypes.Type(value = Movement.LinkHop.class, name = "link-hop"),
      @JsonSubTypes.Type(value = Movement.SpillWrite.class, name = "spill-write"),
      @JsonSubTypes.Type(value = Movement.SpillRead.class, name = "spill-read"),
      @JsonSubTypes.Type(value = Movement.SinkStore.class, name = "sink-store")})
  private interface MovementKinds {}

  /** A tile of the schedule with its name. */
  record TileEntry(
      @JsonProperty(value = "tile", required = true) int tile,
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "core", required = true) int core,
      @JsonProperty(value = "start", required = true) long start,
      @JsonProperty(value = "end", required = true) long end) {}

  /** The schedule as the file holds it. */
  record ScheduleEntry(
      @JsonProperty(value = "tiles", required = true) List<TileEntry> tiles,
      @JsonProperty(value = "movements", required = true) List<Movement> movements) {}

  /** The file's content for {@code run}. */
  public static ResultFile of(Run run, Map<String, Object> inputs, Map<String, Object> options) {
    return of(run, inputs, options, Map.of());
  }

  /** As {@link #of(Run, Map, Map)}, with the exact scheduler's figures ({@code solver}). */
  public static ResultFile of(Run run, Map<String, Object> inputs, Map<String, Object> options,
      Map<String, Object> solver) {
    return new ResultFile(VERSION, inputs, options, Summary.of(run), run.wallTime().toNanos() / 1e9, solver,
        run.result().schedule().orElse(null));
  }

  /** Writes {@code result} to {@code file}, naming its tiles by {@code names}. */
  static void write(ResultFile result, TileNames names, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("laminar", result.laminar);
    root.set("inputs", JSON.valueToTree(result.inputs));
    root.set("options", JSON.valueToTree(result.options));
    root.setAll((ObjectNode) JSON.valueToTree(result.summary));
    root.put("wall_time_s", result.wallTimeSeconds);
    root.set("solver", JSON.valueToTree(result.solver));
    if (result.schedule == null) {
      root.putNull("schedule");
    } else {
      List<TileEntry> tiles = result.schedule.tiles().stream()
          .map(t -> new TileEntry(t.tile(), names.name(t.tile()), t.core(), t.start(), t.end())).toList();
      root.set("schedule", JSON.valueToTree(new ScheduleEntry(tiles, result.schedule.movements())));
    }
    JSON.writeValue(file.toFile(), root);
  }

  /**
   * Reads a file {@link #write} wrote.
   *
   * @throws InputException naming the file when it is not such a file
   */
  public static ResultFile read(Path file) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
      String laminar = root.remove("laminar").asText();
      Map<String, Object> inputs = JSON.treeToValue(root.remove("inputs"), new TypeReference<>() { });
      Map<String, Object> options = JSON.treeToValue(root.remove("options"), new TypeReference<>() { });
      double wallTime = root.remove("wall_time_s").asDouble();
      Map<String, Object> solver = JSON.treeToValue(root.remove("solver"), new TypeReference<>() { });
      JsonNode scheduleNode = root.remove("schedule");
      Schedule schedule = null;
      if (!scheduleNode.isNull()) {
        ScheduleEntry entry = JSON.treeToValue(scheduleNode, ScheduleEntry.class);
        schedule = new Schedule(entry.tiles().stream()
            .map(t -> new ScheduledTile(t.tile(), t.core(), t.start(), t.end())).toList(), entry.movements());
      }
      return new ResultFile(laminar, inputs, options, JSON.treeToValue(root, Summary.class), wallTime, solver,
          schedule);
    } catch (IOException | RuntimeException e) {
      throw InputException.in(file, "not a Laminar result file: " + e.getMessage(), e);
    }
  }
}
