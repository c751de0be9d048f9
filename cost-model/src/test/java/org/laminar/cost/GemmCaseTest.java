package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.workload.Operand;

/** ZigZag's GEMM regression case, item by item as in {@code reference/COST-MODEL.md}. */
class GemmCaseTest {
  private static final double PJ = 1e-6;
  private final LayerEvaluation e = new AnalyticalCostModel(new Mapping(Map.of(Mapping.DEFAULT, GemmCase.mapping())))
      .evaluate(GemmCase.layer(), GemmCase.core());

  @Test
  void macEnergy() {
    assertEquals(2_097_152, e.macs());
    assertEquals(83_886.08, e.macEnergyPj(), PJ);
  }

  @Test
  void inputsAreReadOncePerStationaryPeriod() {
    LayerEvaluation.Access i = e.access("l1", Operand.I).orElseThrow();
    assertEquals(256, i.reads());
    assertEquals(0, i.writes());
    assertEquals(5_862.40, i.energyPj(), PJ);
  }

  @Test
  void weightsAreReadEveryCycle() {
    LayerEvaluation.Access w = e.access("l1", Operand.W).orElseThrow();
    assertEquals(4_096, w.reads());
    assertEquals(93_798.40, w.energyPj(), PJ);
  }

  @Test
  void outputRegistersMoveDataInFourDirections() {
    LayerEvaluation.Access reg = e.access("reg_O", Operand.O).orElseThrow();
    assertEquals(2 * 262_144, reg.reads());
    assertEquals(2 * 262_144, reg.writes());
    assertEquals(20_971.52, reg.energyPj(), PJ);
  }

  @Test
  void partialSumsGoThroughL1() {
    LayerEvaluation.Access o = e.access("l1", Operand.O).orElseThrow();
    assertEquals(4_096, o.reads());
    assertEquals(4_096, o.writes());
    assertEquals(306_831.36, o.energyPj(), PJ);
  }

  @Test
  void totalEnergy() {
    assertEquals(511_349.76, e.energyPj(), PJ);
  }

  @Test
  void latencyBreakdown() {
    assertEquals(4_096, e.idealCycles());
    assertEquals(4_096, e.temporalCycles());
    // The O port carries two transfers of period 1: 2·4095 − 4096 cycles of stall.
    assertEquals(4_094, e.stallCycles());
    assertEquals(0, e.loadingCycles());
    assertEquals(1, e.offloadingCycles());
    assertEquals(8_191, e.latencyCycles());
    assertEquals(8_191, e.toTileCost().cycles());
  }

  @Test
  void theGivenOrderingIsKept() {
    assertEquals(java.util.List.of(new TemporalLoop(org.laminar.workload.LoopDim.K, 16),
        new TemporalLoop(org.laminar.workload.LoopDim.C, 16), new TemporalLoop(org.laminar.workload.LoopDim.OY, 16)),
        e.ordering());
  }
}
