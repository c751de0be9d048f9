package org.laminar.explore;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.Overlap;

/**
 * One point of a sweep as {@code points.json} and {@code points.csv} give it: its inputs, what
 * became of it, and the checker's figures of its schedule. Figures of a point without a valid
 * schedule are null; bounds are null where the problem was not built.
 *
 * @param id the point's number in the sweep (from 1)
 * @param workload workload file or bundled name
 * @param hardware accelerator file or bundled name
 * @param tiling the {@code --tiling} value
 * @param overlap the {@code --overlap} mode ({@code cache}, {@code recompute}, {@code h-cache});
 *     left out of a row when {@code cache}, so that rows of sweeps without the axis read as before,
 *     and read as {@code cache} when absent
 * @param stream the {@code --stream} policy ({@code never}, {@code when-needed}, {@code always}, {@code choose});
 *     read as {@code never}, what sweeps before the option used, when absent
 * @param fuse the {@code --fuse} value
 * @param scheduler the scheduler's name
 * @param objective what the exact scheduler minimised; {@code -} for a greedy one
 * @param status {@code optimal}, {@code feasible}, {@code heuristic} (the scheduler's status, the
 *     schedule checked), {@code no-schedule} (the scheduler found none in its time), {@code pruned}
 *     (its bounds are dominated by a schedule found: not solved), {@code infeasible} (the problem
 *     cannot be scheduled, e.g. a tile fits no core), {@code skipped} (the sweep's time limit came
 *     first), {@code invalid} (the checker rejects the schedule: a bug in the scheduler)
 * @param valid whether the checker accepted a schedule
 * @param latencyCycles latency (cycles)
 * @param energyPj total energy (pJ)
 * @param edp energy × latency (pJ·cycles)
 * @param peakMemoryBits fullest local memory at its fullest (bits)
 * @param latencyBoundCycles best lower bound on the latency (cycles): analytical, raised by the solver's
 * @param energyBoundPj lower bound on the energy (pJ), {@link org.laminar.bound.EnergyBound}
 * @param memoryBoundBits lower bound on the peak memory (bits), {@link org.laminar.bound.MemoryBound}
 * @param gap {@code (value − bound) / value} of the objective in {@code gapOf}
 * @param gapOf the figure {@code gap} is about: the objective an exact scheduler optimised (its
 *     own bound within its model, except for latency), else latency
 * @param timeLimitS the time limit the point's search was given (s); null for a greedy scheduler
 * @param wallTimeS the point's wall time, problem building included (s)
 * @param front whether no other point's schedule dominates this one's on the sweep's axes
 * @param reason why the point has no valid schedule, or what pruned it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "workload", "hardware", "tiling", "overlap", "stream", "fuse", "scheduler", "objective",
    "status", "valid", "latency_cycles", "energy_pJ", "edp", "peak_memory_bits", "latency_bound_cycles",
    "energy_bound_pJ", "memory_bound_bits", "gap", "gap_of", "time_limit_s", "wall_time_s", "front", "reason"})
public record PointResult(
    @JsonProperty(value = "id", required = true) int id,
    @JsonProperty(value = "workload", required = true) String workload,
    @JsonProperty(value = "hardware", required = true) String hardware,
    @JsonProperty(value = "tiling", required = true) String tiling,
    @JsonProperty("overlap") @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Cached.class)
    String overlap,
    @JsonProperty("stream") String stream,
    @JsonProperty(value = "fuse", required = true) String fuse,
    @JsonProperty(value = "scheduler", required = true) String scheduler,
    @JsonProperty(value = "objective", required = true) String objective,
    @JsonProperty(value = "status", required = true) String status,
    @JsonProperty(value = "valid", required = true) boolean valid,
    @JsonProperty("latency_cycles") Long latencyCycles,
    @JsonProperty("energy_pJ") Double energyPj,
    @JsonProperty("edp") Double edp,
    @JsonProperty("peak_memory_bits") Long peakMemoryBits,
    @JsonProperty("latency_bound_cycles") Long latencyBoundCycles,
    @JsonProperty("energy_bound_pJ") Double energyBoundPj,
    @JsonProperty("memory_bound_bits") Long memoryBoundBits,
    @JsonProperty("gap") Double gap,
    @JsonProperty("gap_of") String gapOf,
    @JsonProperty("time_limit_s") Double timeLimitS,
    @JsonProperty(value = "wall_time_s", required = true) double wallTimeS,
    @JsonProperty(value = "front", required = true) boolean front,
    @JsonProperty("reason") String reason) {

  /** The statuses, as {@link #status} spells them. */
  public static final List<String> STATUSES = List.of("optimal", "feasible", "heuristic", "no-schedule", "pruned",
      "infeasible", "skipped", "invalid");

  /** The overlap mode a row leaves out. */
  public static final String CACHE = Overlap.CACHE.toString();

  /** The stream policy of a row without one: sweeps before {@code --stream} never streamed. */
  public static final String NO_STREAMS = StreamPolicy.NEVER.cliName();

  public PointResult {
    checkArgument(id >= 1, "point ids start at 1, got %s", id);
    overlap = overlap == null ? CACHE : Overlap.parse(overlap).toString();
    stream = stream == null ? NO_STREAMS : StreamPolicy.parse(stream).cliName();
    checkNotNull(workload, "point %s: workload is missing", id);
    checkNotNull(hardware, "point %s: hardware is missing", id);
    checkArgument(STATUSES.contains(status), "point %s: unknown status %s", id, status);
    checkArgument(valid == (latencyCycles != null), "point %s: figures exactly for a valid schedule", id);
    checkArgument(!front || valid, "point %s: only a valid schedule is on the front", id);
  }

  /** The point's figures on {@code axes} (valid points only). */
  public double[] figures(List<Axis> axes) {
    checkArgument(valid, "point %s has no valid schedule", id);
    return axes.stream().mapToDouble(a -> switch (a) {
      case LATENCY -> latencyCycles;
      case ENERGY -> energyPj;
      case MEMORY -> peakMemoryBits;
    }).toArray();
  }

  /** The problem this point schedules: its workload, hardware, tiling, overlap mode, stream policy and fusion. */
  public List<String> problem() {
    return List.of(workload, hardware, tiling, overlap, stream, fuse);
  }

  /** Jackson's filter of {@link #overlap}: true (leave out) for {@code cache}. */
  static final class Cached {
    @Override
    public boolean equals(Object value) {
      return CACHE.equals(value);
    }

    @Override
    public int hashCode() {
      return CACHE.hashCode();
    }
  }

  /**
   * This result with the latency bound {@code bound} (cycles), proven for its problem by another
   * point, if that is higher; a latency gap is then to it.
   */
  public PointResult withLatencyBound(long bound) {
    if (latencyBoundCycles == null || bound <= latencyBoundCycles) {
      return this;
    }
    Double newGap = valid && "latency".equals(gapOf) && latencyCycles > 0
        ? (double) (latencyCycles - bound) / latencyCycles : gap;
    return new PointResult(id, workload, hardware, tiling, overlap, stream, fuse, scheduler, objective, status, valid,
        latencyCycles, energyPj, edp, peakMemoryBits, bound, energyBoundPj, memoryBoundBits, newGap, gapOf, timeLimitS,
        wallTimeS, front, reason);
  }

  /** This result as point {@code newId} of a sweep (a resumed sweep's numbering). */
  public PointResult withId(int newId) {
    return new PointResult(newId, workload, hardware, tiling, overlap, stream, fuse, scheduler, objective, status,
        valid, latencyCycles, energyPj, edp, peakMemoryBits, latencyBoundCycles, energyBoundPj, memoryBoundBits, gap,
        gapOf, timeLimitS, wallTimeS, front, reason);
  }

  /** This result marked as on the front or not. */
  public PointResult onFront(boolean on) {
    return new PointResult(id, workload, hardware, tiling, overlap, stream, fuse, scheduler, objective, status, valid,
        latencyCycles, energyPj, edp, peakMemoryBits, latencyBoundCycles, energyBoundPj, memoryBoundBits, gap, gapOf,
        timeLimitS, wallTimeS, on, reason);
  }
}
