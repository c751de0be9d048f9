package org.laminar.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.laminar.greedy.GreedySchedulers;
import org.laminar.tilesearch.Candidate;
import org.laminar.tilesearch.TilingSearch;

/**
 * A tiling search ({@code --tiling auto=...}) as {@code --json} and {@code result.json} show it: the
 * objective, the chosen split, and every candidate with the checker's figures of its best greedy
 * schedule.
 *
 * @param objective what the search minimised ({@code latency}, {@code energy}, {@code edp})
 * @param schedulers the greedy schedulers each candidate was scheduled by
 * @param stream the stream policy (--stream) every candidate was measured under, the run's
 * @param chosen the index of the chosen candidate
 * @param split the chosen split, one entry per fused stack
 * @param notes stacks not tried for want of budget
 * @param candidates every candidate, in the order tried
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TilingSearchJson(
    @JsonProperty(value = "objective", required = true) String objective,
    @JsonProperty(value = "schedulers", required = true) List<String> schedulers,
    @JsonProperty(value = "stream", required = true) String stream,
    @JsonProperty(value = "chosen", required = true) int chosen,
    @JsonProperty(value = "split", required = true) List<String> split,
    @JsonProperty(value = "notes", required = true) List<String> notes,
    @JsonProperty(value = "candidates", required = true) List<Row> candidates) {

  /**
   * One candidate.
   *
   * @param index its position in the order tried
   * @param phase {@code start}, {@code uniform}, {@code stack} or {@code stream} (a uniform split that did
   *     not fit, run as given, not split further, its activations streamed as {@code stream} has them)
   * @param layers {@code all}, or the stack's layer indices
   * @param split the split given to those layers
   * @param tiles its tiles (0 when not built)
   * @param scheduler the greedy scheduler of its best schedule, or null
   * @param latencyCycles the checker's latency of that schedule (cycles), or null
   * @param energyPj its energy (pJ), or null
   * @param edp its energy × latency (pJ·cycles), or null
   * @param valid whether some greedy schedule is valid
   * @param reason why not, or null
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Row(
      @JsonProperty(value = "index", required = true) int index,
      @JsonProperty(value = "phase", required = true) String phase,
      @JsonProperty(value = "layers", required = true) String layers,
      @JsonProperty(value = "split", required = true) String split,
      @JsonProperty(value = "tiles", required = true) int tiles,
      @JsonProperty("scheduler") String scheduler,
      @JsonProperty("latency_cycles") Long latencyCycles,
      @JsonProperty("energy_pJ") Double energyPj,
      @JsonProperty("edp") Double edp,
      @JsonProperty(value = "valid", required = true) boolean valid,
      @JsonProperty("reason") String reason) {

    static Row of(Candidate c) {
      return new Row(c.index(), c.phase(), c.layers(), c.split(), c.tiles(), c.scheduler().orElse(null),
          c.metrics().map(m -> m.latencyCycles()).orElse(null), c.metrics().map(m -> m.energyPj()).orElse(null),
          c.metrics().map(m -> m.edp()).orElse(null), c.valid(), c.reason().orElse(null));
    }
  }

  /** The search's figures. */
  public static TilingSearchJson of(TilingSearch.Result r) {
    return new TilingSearchJson(r.goal().text(), GreedySchedulers.NAMES, r.streaming().cliName(), r.chosen().index(), r.splits(), r.notes(),
        r.candidates().stream().map(Row::of).toList());
  }
}
