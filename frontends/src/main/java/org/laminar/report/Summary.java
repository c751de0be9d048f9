package org.laminar.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.laminar.check.Metrics;
import org.laminar.check.Violation;

/**
 * One run as {@code laminar schedule --json} prints it and {@code result.json} begins. Every number
 * comes from the checker's report ({@link Run#check()}) or from the bounds, never from the
 * scheduler.
 *
 * @param scheduler scheduler name
 * @param status the scheduler's status ({@code HEURISTIC}, {@code OPTIMAL}, ...)
 * @param valid whether the checker accepted the schedule
 * @param violations the checker's violations (empty when valid)
 * @param metrics the checker's metrics of a valid schedule, else null
 * @param bound the best lower bound on the latency, with its parts
 * @param gap {@code (latency − bound) / latency} of a valid schedule, else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Summary(
    @JsonProperty(value = "scheduler", required = true) String scheduler,
    @JsonProperty(value = "status", required = true) String status,
    @JsonProperty(value = "valid", required = true) boolean valid,
    @JsonProperty(value = "violations", required = true) List<Violation> violations,
    @JsonProperty("metrics") MetricsJson metrics,
    @JsonProperty("bound") BoundJson bound,
    @JsonProperty("gap") Double gap) {

  /**
   * The checker's metrics.
   *
   * @param latencyCycles latency (cycles)
   * @param energyPj total energy (pJ)
   * @param edp energy × latency (pJ·cycles)
   * @param peakMemoryBits core id → peak local-memory occupancy (bits)
   * @param energyBreakdownPj energy by category (pJ)
   * @param utilization core id → busy cycles / latency
   */
  public record MetricsJson(
      @JsonProperty(value = "latency_cycles", required = true) long latencyCycles,
      @JsonProperty(value = "energy_pJ", required = true) double energyPj,
      @JsonProperty(value = "edp", required = true) double edp,
      @JsonProperty(value = "peak_memory_bits", required = true) Map<String, Long> peakMemoryBits,
      @JsonProperty(value = "energy_breakdown_pJ", required = true) Breakdown energyBreakdownPj,
      @JsonProperty(value = "utilization", required = true) Map<String, Double> utilization) {

    static MetricsJson of(Metrics m) {
      Map<String, Long> peak = new TreeMap<>();
      m.peakMemoryBits().forEach((core, bits) -> peak.put(core.toString(), bits));
      Map<String, Double> utilization = new TreeMap<>();
      m.utilization().forEach((core, u) -> utilization.put(core.toString(), u));
      return new MetricsJson(m.latencyCycles(), m.energyPj(), m.edp(), peak, new Breakdown(m.energy().computePj(),
          m.energy().onChipMemoryPj(), m.energy().interconnectPj(), m.energy().dramPj()), utilization);
    }
  }

  /** Energy by category (pJ). */
  public record Breakdown(
      @JsonProperty(value = "compute", required = true) double compute,
      @JsonProperty(value = "on_chip_memory", required = true) double onChipMemory,
      @JsonProperty(value = "interconnect", required = true) double interconnect,
      @JsonProperty(value = "dram", required = true) double dram) {}

  /**
   * Lower bounds on the latency (cycles).
   *
   * @param latencyCycles the best of the others
   * @param criticalPathCycles critical path, each tile on its fastest allowed core
   * @param workCycles total minimum work / cores
   * @param dramCycles compulsory DRAM traffic / bandwidth
   * @param coreWindowCycles heads + work / cores + tails of the tiles confined to a set of cores
   *     (Jackson's preemptive bound on one core)
   * @param dramWindowCycles Jackson's preemptive bound on the DRAM ports, with heads and tails
   * @param reloadCycles the least makespan that carries the DRAM traffic with the weight copies it
   *     forces (a slice read once per core that runs its tiles)
   * @param residencyCycles the weight loads that cannot start until the weight memories have room,
   *     then the tiles after the last of them
   * @param pinnedCycles a layer only one core can hold, run there one tile after another while the
   *     DRAM port carries only what may overlap it (0 when no layer is pinned)
   * @param relaxationCycles CP-SAT's proven bound on a relaxation of the problem ({@code
   *     --relaxation-bound}), or null when it was not computed
   * @param assignmentCycles CP-SAT's proven bound on the aggregated assignment relaxation ({@code
   *     --relaxation-bound}), or null when it was not computed
   * @param solverCycles the scheduler's own proven bound, or null
   */
  public record BoundJson(
      @JsonProperty(value = "latency_cycles", required = true) long latencyCycles,
      @JsonProperty(value = "critical_path_cycles", required = true) long criticalPathCycles,
      @JsonProperty(value = "work_cycles", required = true) long workCycles,
      @JsonProperty(value = "dram_cycles", required = true) long dramCycles,
      @JsonProperty(value = "core_windows_cycles", required = true) long coreWindowCycles,
      @JsonProperty(value = "dram_windows_cycles", required = true) long dramWindowCycles,
      @JsonProperty(value = "reload_cycles", required = true) long reloadCycles,
      @JsonProperty(value = "residency_cycles", required = true) long residencyCycles,
      @JsonProperty(value = "pinned_cycles", required = true) long pinnedCycles,
      @JsonProperty("relaxation_cycles") Long relaxationCycles,
      @JsonProperty("assignment_cycles") Long assignmentCycles,
      @JsonProperty("solver_cycles") Long solverCycles) {}

  /** The summary of {@code run}. */
  public static Summary of(Run run) {
    List<Violation> violations = run.check().map(c -> c.violations()).orElse(List.of());
    MetricsJson metrics = run.valid() ? MetricsJson.of(run.check().get().metrics()) : null;
    Long solver = run.result().latencyLowerBound().isPresent() ? run.result().latencyLowerBound().getAsLong() : null;
    BoundJson bound = new BoundJson(run.boundCycles(), run.bounds().criticalPathCycles(), run.bounds().workCycles(),
        run.bounds().dramCycles(), run.bounds().coreWindowCycles(), run.bounds().dramWindowCycles(),
        run.bounds().reloadCycles(), run.bounds().residencyCycles(), run.bounds().pinnedCycles(),
        run.bounds().relaxationCycles() == 0 ? null : run.bounds().relaxationCycles(),
        run.bounds().assignmentCycles() == 0 ? null : run.bounds().assignmentCycles(), solver);
    Double gap = run.gap().isPresent() ? run.gap().getAsDouble() : null;
    return new Summary(run.scheduler(), run.result().status().name(), run.valid(), violations, metrics, bound, gap);
  }
}
