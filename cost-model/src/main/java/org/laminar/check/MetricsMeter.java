package org.laminar.check;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Link;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Movement.LinkHop;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;

/**
 * The checker's measurement of a replayed schedule ({@link Metrics}): latency is the end of the
 * last tile or movement (cycles); energy (pJ) is the cost model's compute and on-chip memory energy
 * of each tile, bits × energy per bit of every link hop, and bits × read or write energy per bit of
 * every DRAM movement; utilisation per core is its busy cycles / latency. It judges nothing: the
 * figures are those of the schedule as given.
 */
final class MetricsMeter {
  private MetricsMeter() {}

  /**
   * The metrics of {@code schedule}.
   *
   * @param placed by tile id, its scheduled run (null: not scheduled, not measured)
   * @param costs by tile id, its cost on the core it runs on, as the rules judged it
   * @param coreIds every core id, in the order the metrics list them
   * @param links the accelerator's links by name (a hop on an unknown link costs nothing)
   * @param peak core id → the highest total its memories hold (bits)
   */
  static Metrics measure(SchedulingProblem problem, Schedule schedule, ScheduledTile[] placed, TileCost[] costs,
      List<Integer> coreIds, Map<String, Link> links, IntToLongFunction peak) {
    long latency = 0;
    double compute = 0;
    double onChip = 0;
    Map<Integer, Integer> coreAt = new HashMap<>();
    coreIds.forEach(c -> coreAt.put(c, coreAt.size()));
    long[] busy = new long[coreIds.size()];
    for (ScheduledTile st : placed) {
      if (st != null) {
        latency = Math.max(latency, st.end());
        compute += costs[st.tile()].macEnergyPj();
        onChip += costs[st.tile()].memoryEnergyPj();
        busy[coreAt.get(st.core())] += st.end() - st.start();
      }
    }
    double interconnect = 0;
    double dram = 0;
    for (Movement m : schedule.movements()) {
      latency = Math.max(latency, m.end());
      if (m instanceof LinkHop h && links.containsKey(h.resource())) {
        interconnect += h.bits() * links.get(h.resource()).energyPerBitPj();
      } else if (m.readsDram()) {
        dram += m.bits() * problem.accelerator().dram().readEnergyPerBitPj();
      } else if (m.writesDram()) {
        dram += m.bits() * problem.accelerator().dram().writeEnergyPerBitPj();
      }
    }
    Map<Integer, Long> peakBits = new LinkedHashMap<>();
    Map<Integer, Double> utilization = new LinkedHashMap<>();
    for (int core : coreIds) {
      peakBits.put(core, peak.applyAsLong(core));
      utilization.put(core, latency == 0 ? 0 : (double) busy[coreAt.get(core)] / latency);
    }
    return new Metrics(latency, new EnergyBreakdown(compute, onChip, interconnect, dram), peakBits, utilization);
  }
}
