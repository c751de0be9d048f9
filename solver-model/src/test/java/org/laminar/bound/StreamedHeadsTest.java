package org.laminar.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.check.CheckReport;
import org.laminar.check.ScheduleChecker;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.greedy.StreamedActivationsTest;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.schedule.ActivationStreams;
import org.laminar.schedule.Movement;
import org.laminar.schedule.ProblemProgress;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.schedule.StreamPolicy;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Tile;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;
import org.laminar.workload.Workload;

/**
 * A tile that streams its input may start before its producer ends: the checker asks only that the
 * input stream lie within the tile and start once the producer's output is in DRAM, and the stream
 * may be much shorter than the tile.
 *
 * <p>Two GEMMs of 2 rows, 8-bit, under {@code --stream always}: {@code g0} ({@code K = 2}, {@code C =
 * 2}: weights 32 bits, network input 32, output 32) feeds {@code g1} ({@code K = 8}, {@code C = 2}:
 * weights 128 bits, output 128), on two cores of 4 PEs unrolling {@code K} and a roomy 1,024-bit
 * buffer ({@link StreamedActivationsTest#core}), no links, DRAM 8 bits/cycle on separate read and
 * write ports. Both tiles stream their input; {@code g1}'s streamed view reads 64 bits (8 cycles)
 * while it lasts {@code c1} cycles, {@code g0}'s reads 32 (4 cycles) in {@code c0}.
 *
 * <p>A valid schedule: on the read port {@code g1}'s weights [0, 16), {@code g0}'s [16, 20) and
 * {@code g0}'s input stream [20, 24); {@code g0} on core 0 over [20, 20 + c0), spilled over [20 + c0,
 * 24 + c0); {@code g1} on core 1 from 16, right after its weights, its input stream over [24 + c0, 32 +
 * c0), within it as {@code c1 ≥ c0 + 16}; its store over the 16 cycles after it: latency 32 + c1. No
 * schedule is shorter: {@code g1}'s weights fit, so they are loaded before it (16 cycles) and its
 * output stored after it (16). The bounds that had {@code g1} start after {@code g0} ended (and after
 * {@code g0}'s weights were read, as an ancestor's) said more: 20 + c0 + c1 + 16 on the critical path.
 */
class StreamedHeadsTest {
  private static Layer gemm(int id, int k, List<Integer> producers) {
    return new Layer(id, "g" + id, OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 2, LoopDim.K, k, LoopDim.C, 2),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8),
        producers.isEmpty() ? Map.of() : Map.of(Operand.I, producers));
  }

  private static SchedulingProblem problem() {
    Accelerator two = new Accelerator("two", List.of(StreamedActivationsTest.core(0, 1024),
        StreamedActivationsTest.core(1, 1024)), List.of(), new Dram(8, 8, false, 1, 2));
    Tiling whole = Tiling.uniform(new Workload("w", List.of(gemm(0, 2, List.of()), gemm(1, 8, List.of(0)))),
        LayerTiling.WHOLE, new FusionPolicy.None());
    return SchedulingProblem.of(whole, two, new AnalyticalCostModel(), ProblemProgress.NONE, StreamPolicy.ALWAYS);
  }

  @Test
  void aTileThatStreamsItsInputMayStartBeforeItsProducerEnds() {
    SchedulingProblem problem = problem();
    List<Tile> tiles = problem.graph().tiles();
    Core core = problem.accelerator().core(0);
    ActivationStreams s0 = problem.activationStreams(tiles.get(0), core).orElseThrow();
    ActivationStreams s1 = problem.activationStreams(tiles.get(1), core).orElseThrow();
    assertTrue(s0.input() && !s0.output() && s1.input() && !s1.output(), s0 + " " + s1);
    assertEquals(List.of(32L, 64L), List.of(s0.readBits(), s1.readBits()));
    assertEquals(List.of(32L, 128L, 32L, 128L), List.of(tiles.get(0).weightBits(), tiles.get(1).weightBits(),
        tiles.get(0).outputBits(), tiles.get(1).outputBits()));
    long c0 = s0.cost().cycles();
    long c1 = s1.cost().cycles();
    assertTrue(c1 >= c0 + 16, c0 + " " + c1);
    Schedule schedule = new Schedule(List.of(new ScheduledTile(0, 0, 20, 20 + c0), new ScheduledTile(1, 1, 16, 16 + c1)),
        List.of(new Movement.WeightLoad(1, 1, 128, "dram-read", 0, 16),
            new Movement.WeightLoad(0, 0, 32, "dram-read", 16, 20),
            new Movement.InputStream(0, 0, 32, "dram-read", 20, 24),
            new Movement.SpillWrite(0, 0, 32, "dram-write", 20 + c0, 24 + c0),
            new Movement.InputStream(1, 1, 64, "dram-read", 24 + c0, 32 + c0),
            new Movement.SinkStore(1, 1, 128, "dram-write", 16 + c1, 32 + c1)));
    CheckReport report = new ScheduleChecker().check(problem, schedule);
    assertEquals(List.of(), report.violations());
    long latency = report.metrics().latencyCycles();
    assertEquals(32 + c1, latency);
    TileTimesSoundnessTest.assertHolds(problem, schedule, latency, "hand schedule");
    // The optimum by hand, 16 + c1 + 16: the bound may reach it, and it does when it is sound and as
    // strong as it can be here (g1's weights, then g1, then its store).
    assertEquals(latency, LatencyBounds.of(problem).bestCycles());
  }
}
