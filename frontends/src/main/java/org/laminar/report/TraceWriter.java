package org.laminar.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.laminar.check.MemoryTrace;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * Writes a schedule as a Chrome/Perfetto trace ({@code trace.json}, the JSON "trace event format";
 * opens in ui.perfetto.dev and chrome://tracing).
 *
 * <p>One cycle is one microsecond of trace time. Three processes group the tracks: {@code cores}
 * (one thread per core, events named after tiles, {@code conv2/t17}), {@code interconnect} (one
 * thread per link or bus) and {@code DRAM} (one thread per port); movements are named by kind
 * ({@code weight load}, {@code transfer}, ...) with their details in {@code args}. Process and
 * thread names and sort indices are metadata events; each local memory's occupancy is a counter
 * of the {@code cores} process.
 */
public final class TraceWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private TraceWriter() {
  }

  /** Writes the trace of {@code run}'s schedule to {@code out} (which stays open). */
  public static void write(Run run, OutputStream out) throws IOException {
    Schedule schedule = run.result().schedule().orElseThrow(
        () -> new IllegalArgumentException("scheduler " + run.scheduler() + " found no schedule to trace"));
    SchedulingProblem problem = run.problem();
    Tracks tracks = new Tracks(problem.accelerator());
    TileNames names = new TileNames(problem.graph());
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeObjectFieldStart("otherData");
      g.writeStringField("workload", problem.graph().workload().name());
      g.writeStringField("accelerator", problem.accelerator().name());
      g.writeStringField("scheduler", run.scheduler());
      g.writeStringField("time_unit", "1 us of trace time = 1 cycle");
      g.writeEndObject();
      g.writeArrayFieldStart("traceEvents");
      metadata(g, tracks.all());
      for (ScheduledTile t : schedule.tiles()) {
        int row = tracks.ofCore(t.core());
        if (row >= 0 && t.tile() >= 0 && t.tile() < problem.graph().tiles().size()) {
          Tile tile = problem.graph().tiles().get(t.tile());
          slice(g, tracks.all().get(row), names.name(t.tile()), "tile", t.start(), t.end());
          g.writeNumberField("tile", t.tile());
          g.writeStringField("layer", problem.graph().workload().layer(tile.layer()).name());
          g.writeNumberField("core", t.core());
          g.writeNumberField("macs", tile.macs());
          g.writeNumberField("output_bits", tile.outputBits());
          endSlice(g);
        }
      }
      for (Movement m : schedule.movements()) {
        int row = tracks.ofResource(m.resource());
        if (row >= 0) {
          MovementKind kind = MovementKind.of(m);
          slice(g, tracks.all().get(row), kind.label(), kind.id(), m.start(), m.end());
          g.writeNumberField("bits", m.bits());
          g.writeStringField("what", m.describe());
          endSlice(g);
        }
      }
      if (run.check().isPresent()) {
        for (MemoryTrace memory : run.check().get().memory()) {
          counters(g, memory);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static int pid(Tracks.Track track) {
    return track.group().ordinal() + 1;
  }

  private static int tid(Tracks.Track track) {
    return track.index() + 1;
  }

  private static void metadata(JsonGenerator g, List<Tracks.Track> tracks) throws IOException {
    for (Tracks.Group group : Tracks.Group.values()) {
      if (tracks.stream().anyMatch(t -> t.group() == group)) {
        meta(g, "process_name", group.ordinal() + 1, -1, "name", group.label);
        meta(g, "process_sort_index", group.ordinal() + 1, -1, "sort_index", group.ordinal());
      }
    }
    for (Tracks.Track t : tracks) {
      meta(g, "thread_name", pid(t), tid(t), "name", t.label());
      meta(g, "thread_sort_index", pid(t), tid(t), "sort_index", t.index());
    }
  }

  private static void meta(JsonGenerator g, String name, int pid, int tid, String key, Object value)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ph", "M");
    g.writeNumberField("pid", pid);
    if (tid >= 0) {
      g.writeNumberField("tid", tid);
    }
    g.writeObjectFieldStart("args");
    if (value instanceof String s) {
      g.writeStringField(key, s);
    } else {
      g.writeNumberField(key, (Integer) value);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Opens a complete event ({@code ph: X}) and its {@code args}; {@link #endSlice} closes both. */
  private static void slice(JsonGenerator g, Tracks.Track track, String name, String category, long start, long end)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("cat", category);
    g.writeStringField("ph", "X");
    g.writeNumberField("pid", pid(track));
    g.writeNumberField("tid", tid(track));
    g.writeNumberField("ts", start);
    g.writeNumberField("dur", end - start);
    g.writeObjectFieldStart("args");
  }

  private static void endSlice(JsonGenerator g) throws IOException {
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void counters(JsonGenerator g, MemoryTrace memory) throws IOException {
    String name = "memory " + memory.label() + " (bits)";
    for (MemoryTrace.Step step : memory.steps()) {
      g.writeStartObject();
      g.writeStringField("name", name);
      g.writeStringField("ph", "C");
      g.writeNumberField("pid", Tracks.Group.CORES.ordinal() + 1);
      g.writeNumberField("ts", step.cycle());
      g.writeObjectFieldStart("args");
      g.writeNumberField("bits", step.bits());
      g.writeEndObject();
      g.writeEndObject();
    }
  }
}
