package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laminar.hardware.Core;
import org.laminar.hardware.ImcArray;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.OperationalArray;
import org.laminar.hardware.SpatialUnrolling;
import org.laminar.hardware.Unroll;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Operand;
import org.laminar.workload.OperatorType;
import org.laminar.workload.Padding;
import org.laminar.workload.Precision;

/**
 * ZigZag's IMC equations (cost-model/README.md, "In-memory-computing cores") on tiny arrays,
 * every expected value worked out by hand in the comments. With ZigZag's 28 nm parameters,
 * V² = 0.81: a full adder (3 NAND2 + 2 XOR2 = 4.2 fF) is 0.003402 pJ, a half-active one (2 XOR2)
 * 0.001701 pJ, a 1-bit multiplier (½ NAND2) 0.0002835 pJ, a DFF (2.1 fF) 0.001701 pJ, a cell's
 * bitline (0.35 fF) 0.0002835 pJ.
 */
class ImcModelTest {
  private static final double FULL_ADDER = 0.003402;
  private static final double HALF_ADDER = 0.001701;

  /** Analog: 4-bit inputs in 2-bit slices, 2-bit weights, 3-bit ADC, 2 columns (D1) × 4 rows (D2). */
  private static final ImcArray ANALOG = new ImcArray(ImcArray.Type.ANALOG, 4, 2, 2, 3, 2, "D1", 2, "D2", 4, 1);
  /** Digital: 2-bit inputs one bit at a time, 2-bit weights, 2 columns × 4 rows. */
  private static final ImcArray DIGITAL = new ImcArray(ImcArray.Type.DIGITAL, 2, 2, 1, 0, 2, "D1", 2, "D2", 4, 1);

  @Test
  void analogArrayEnergyByHand() {
    // 16 MACs, 2 columns × 4 rows mapped: 16 / 8 = 2 macro activations, 4 / 2 = 2 slices each:
    // 4 slices in all.
    ImcEnergy e = new ImcModel(ANALOG).energy(16, 2, 4, 8);
    // DAC per 2-bit slice: 50 fF × 2 × 0.81 = 0.081 pJ; 4 rows × 4 slices.
    assertEquals(0.081 * 4 * 4, e.dacsPj(), 1e-12);
    // ADC: (100 × 3 + 0.001 × 4³) fF × 0.81 = 0.24305184 pJ; 2 weight bits × 2 columns × 4 slices.
    assertEquals(0.24305184 * 2 * 2 * 4, e.adcsPj(), 1e-12);
    // Multipliers: 2 weight bits × 2 physical columns × 4 mapped rows, 4 slices.
    assertEquals(0.0002835 * 2 * 2 * 4 * 4, e.multipliersPj(), 1e-12);
    // Bitlines: 2 weight bits × 2 mapped columns × 4 physical rows, 4 slices.
    assertEquals(0.0002835 * 2 * 2 * 4 * 4, e.bitlinesPj(), 1e-12);
    assertEquals(0, e.adderTreesPj());
    // Place-value adder over the 2 weight bits of 3-bit ADC words: 3 × 1 + 2 × (1 − ½) = 4 adders.
    assertEquals(FULL_ADDER * 4 * 2 * 4, e.placeValueAddersPj(), 1e-12);
    // Accumulator: 4 + 3 + 2 = 9 bits of adder and DFF per column.
    assertEquals((FULL_ADDER + HALF_ADDER) * 9 * 2 * 4, e.accumulatorsPj(), 1e-12);
    assertEquals(1.296 + 3.88882944 + 0.018144 + 0.018144 + 0.108864 + 0.367416, e.totalPj(), 1e-9);
  }

  @Test
  void digitalArrayEnergyByHand() {
    // 12 MACs over 2 columns × 3 rows: 2 activations × 2 one-bit slices = 4 slices.
    ImcEnergy e = new ImcModel(DIGITAL).energy(12, 2, 3, 6);
    // Multipliers: all 1 × 2 × 2 × 4 = 16 of the macro switch, 4 slices.
    assertEquals(0.0002835 * 16 * 4, e.multipliersPj(), 1e-12);
    // Adder tree of 4 two-bit inputs, 3 active: the full left pair (2 adders) and the root
    // (2 + 1 = 3 bits) switch fully, the right pair's adder (2 bits) half: 5 full, 2 half
    // (4 × 3 − (2 + 2 + 1) = 7 adders in all). One tree per column and slice bit.
    assertEquals((5 * FULL_ADDER + 2 * HALF_ADDER) * 2 * 4, e.adderTreesPj(), 1e-12);
    // One slice computed at a time: no place-value adder.
    assertEquals(0, e.placeValueAddersPj());
    // Accumulator: 2 input bits + log2(4) + 2 weight bits = 6 bits.
    assertEquals((FULL_ADDER + HALF_ADDER) * 6 * 2 * 4, e.accumulatorsPj(), 1e-12);
    assertEquals(0, e.dacsPj() + e.adcsPj() + e.bitlinesPj());
  }

  @Test
  void adderTreeCountsEveryAdderOnceWhenFull() {
    ImcModel model = new ImcModel(DIGITAL);
    // 8 inputs of 4 bits: 8 × 5 − (4 + 3 + 1) = 32 adders, all active.
    assertEquals(32 * FULL_ADDER, model.adderTreePj(4, 8, 8), 1e-12);
    // One active input of 8: the joins at 6, 5 and 4 bits switch half; nothing fully.
    assertEquals((6 + 5 + 4) * HALF_ADDER, model.adderTreePj(4, 1, 8), 1e-12);
    // Five of 8: the left four (4·5 − 7 = 13) and the root (6 bits) fully, then the right half's
    // joins at 5 and 4 bits half.
    assertEquals((13 + 6) * FULL_ADDER + (5 + 4) * HALF_ADDER, model.adderTreePj(4, 5, 8), 1e-12);
    assertEquals(0, model.adderTreePj(4, 0, 8));
  }

  @Test
  void clockPeriodsAreZigZagsPublishedOnes() {
    // ZigZag's tests (KULeuven-MICAS/zigzag tests/main/test_imc/test_aimc.py and test_dimc.py)
    // expect tclk 14.07244 ns for aimc.yaml and 3.75708 ns for dimc.yaml (128 × 128, 8-bit).
    // By hand, analog: ADC 8 × (0.00653 × 128 + 0.640) = 11.80672, multiplier 0.0478,
    // place-value adder (8 inputs of 8 bits) 2 × 0.22944 + 0.21032 + 7 × 0.0956 = 1.3384,
    // accumulator 16 → 24 bits 0.21032 + 7 × 0.0956 = 0.87952.
    ImcArray aimc = new ImcArray(ImcArray.Type.ANALOG, 8, 8, 2, 8, 8, "D1", 128, "D2", 128, 1);
    assertEquals(14.07244, new ImcModel(aimc).clockNs(), 1e-9);
    // Digital: multiplier 0.0478, adder tree of 128 8-bit inputs 6 × 0.22944 + 0.21032 + 13 × 0.0956
    // = 2.82976, accumulator 15 → 23 bits 0.87952.
    ImcArray dimc = new ImcArray(ImcArray.Type.DIGITAL, 8, 8, 1, 0, 8, "D1", 128, "D2", 128, 1);
    assertEquals(3.75708, new ImcModel(dimc).clockNs(), 1e-9);
  }

  /** A 2 × 4 core with one buffer for all operands, 8-bit ports; IMC when {@code macro} is given. */
  private static Core core(Optional<ImcArray> macro) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("D1", 2);
    dims.put("D2", 4);
    MemoryLevel buffer = TinyLayerTest.buffer(dims.keySet());
    Map<String, List<Unroll>> unrolling = new LinkedHashMap<>();
    unrolling.put("D1", List.of(new Unroll(LoopDim.K, 2)));
    unrolling.put("D2", List.of(new Unroll(LoopDim.C, 4)));
    return new Core(0, "tiny", new OperationalArray(0, dims, macro), List.of(buffer), new SpatialUnrolling(unrolling));
  }

  @Test
  void imcCoreKeepsTheMemoryModelAndStretchesItsIterationsByTheInputSlices() {
    // GEMM 2 rows × K 2 × C 4 = 16 MACs: K over the 2 columns, C over the 4 rows, 2 activations
    // of the macro: the analog array's energy is that of analogArrayEnergyByHand.
    Layer gemm = new Layer(0, "g", OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 2, LoopDim.K, 2, LoopDim.C, 4),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8), Map.of());
    LayerEvaluation digital = new AnalyticalCostModel().evaluate(gemm, core(Optional.empty()));
    LayerEvaluation imc = new AnalyticalCostModel().evaluate(gemm, core(Optional.of(ANALOG)));
    assertEquals(5.69739744, imc.macEnergyPj(), 1e-9);
    assertEquals(digital.memoryEnergyPj(), imc.memoryEnergyPj(), 1e-9);
    // 4-bit inputs in 2-bit slices: every temporal iteration takes 2 cycles.
    assertEquals(2, digital.temporalCycles());
    assertEquals(4, imc.temporalCycles());
    assertEquals(2 * digital.idealCycles(), imc.idealCycles());
    // I brings 4 new 8-bit inputs (4 cycles on its 8-bit port) per iteration: the digital array's
    // 1-cycle window stalls (4 − 1) × (2 − 1) = 3 cycles, the IMC array's 2-cycle one 2.
    assertEquals(3, digital.stallCycles());
    assertEquals(2, imc.stallCycles());
    assertTrue(imc.latencyCycles() > digital.latencyCycles());
  }

  /**
   * A 4-column × 2-row core (K over the columns, C over the rows) of {@link TinyLayerTest#buffer}:
   * one memory for all operands, one 8-bit port per operand; IMC with {@code macro}.
   */
  private static Core fourByTwo(ImcArray macro) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("D1", 4);
    dims.put("D2", 2);
    Map<String, List<Unroll>> unrolling = new LinkedHashMap<>();
    unrolling.put("D1", List.of(new Unroll(LoopDim.K, 4)));
    unrolling.put("D2", List.of(new Unroll(LoopDim.C, 2)));
    return new Core(0, "imc", new OperationalArray(0, dims, Optional.of(macro)),
        List.of(TinyLayerTest.buffer(dims.keySet())), new SpatialUnrolling(unrolling));
  }

  /**
   * A whole layer on an analog and on a digital array, energy and latency by the equations.
   * GEMM K 4 × C 4 = 16 MACs, 8 per macro activation: C = 2 temporal iterations, 2 activations.
   * Both arrays feed their inputs in 2 slices (analog 4-bit inputs in 2-bit
   * slices, digital 2-bit inputs bit by bit): each iteration takes 2 cycles, 4 input slices in all.
   *
   * <p>Memory (8-bit ports, one per operand, 1 pJ per read, 2 pJ per write): per iteration W
   * brings 4 × 2 new 8-bit weights (8 words), I 2 inputs broadcast over the columns (2 words),
   * O writes the 4 partial sums and reads them back (4 words each way): 16 + 4 + 8 reads and 8
   * writes, 44 pJ. Latency: 2 iterations × 2 cycles = 4 temporal cycles; each transfer's period
   * and window is one iteration, 2 cycles (ZigZag's {@code cycles_per_op}): W needs 8 cycles per
   * period, stalling (8 − 2) × (2 − 1) = 6 cycles; I needs 2, none; O's port carries 4 + 4, the
   * windows overlapping fully: (4 − 2) + (4 − 2) = 4. Ports run in parallel: 6 cycles of stall,
   * one memory level: no on- or off-loading; 10 cycles. (With 1-cycle windows, as before the
   * stretch, W alone would stall 7 cycles.)
   */
  @ParameterizedTest
  @CsvSource({
      // DAC 0.081 pJ × 2 rows × 4 slices = 0.648; ADC 0.24305184 × 2 weight bits × 4 columns × 4
      // = 7.77765888; multipliers 0.0002835 × 2 × 4 physical columns × 2 rows × 4 = 0.018144;
      // bitlines 0.0002835 × 2 × 4 columns × 2 physical rows × 4 = 0.018144; place-value adders
      // 4 × 0.003402 × 4 columns × 4 = 0.217728; accumulators (0.003402 + 0.001701) × 9 bits × 4 × 4
      // = 0.734832.
      "ANALOG, 4, 2, 3, 9.41450688",
      // Multipliers 0.0002835 × 1 × 2 × 4 × 2 (the whole macro) × 4 slices = 0.018144; one adder tree
      // per column and slice bit over 2 two-bit inputs, 2 × 3 − (2 + 1 + 1) = 2 full adders,
      // 0.006804 × 4 columns × 4 = 0.108864; no place-value adder (one slice at a time);
      // accumulators 0.005103 × (2 + 1 + 2) bits × 4 × 4 = 0.40824.
      "DIGITAL, 2, 1, 0, 0.535248"})
  void aLayerOnAnImcArrayByHand(ImcArray.Type type, int inputBits, int sliceBits, int adcBits, double arrayPj) {
    ImcArray macro = new ImcArray(type, inputBits, 2, sliceBits, adcBits, 2, "D1", 4, "D2", 2, 1);
    Layer gemm = new Layer(0, "g", OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 1, LoopDim.K, 4, LoopDim.C, 4),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8), Map.of());
    LayerEvaluation e = new AnalyticalCostModel().evaluate(gemm, fourByTwo(macro));
    assertEquals(arrayPj, e.macEnergyPj(), 1e-9);
    assertEquals(16, e.access("buf", Operand.W).orElseThrow().reads());
    assertEquals(4, e.access("buf", Operand.I).orElseThrow().reads());
    assertEquals(8, e.access("buf", Operand.O).orElseThrow().reads());
    assertEquals(8, e.access("buf", Operand.O).orElseThrow().writes());
    assertEquals(44, e.memoryEnergyPj(), 1e-9);
    assertEquals(4, e.idealCycles());
    assertEquals(4, e.temporalCycles());
    assertEquals(6, e.stallCycles());
    assertEquals(10, e.latencyCycles(), 1e-9);
  }

  @Test
  void aSlidingWindowOverTheColumnsNeedsDiagonalRows() {
    // A 1-D convolution, OX 2 over the 2 columns and FX 3 over the rows: output x reads inputs
    // x..x+2, so the two columns' weights sit on rows shifted by one: 3 + 2 − 1 = 4 rows are
    // driven, while one activation still does 2 × 3 = 6 MACs (6 MACs: one activation).
    Layer conv = new Layer(0, "c", OperatorType.CONV, "Conv", Map.of(LoopDim.K, 1, LoopDim.C, 1, LoopDim.OY, 1,
        LoopDim.OX, 2, LoopDim.FY, 1, LoopDim.FX, 3), 1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8), Map.of());
    Map<String, List<Unroll>> unrolling = new LinkedHashMap<>();
    unrolling.put("D1", List.of(new Unroll(LoopDim.OX, 2)));
    unrolling.put("D2", List.of(new Unroll(LoopDim.FX, 3)));
    Problem p = new Problem(conv, core(Optional.of(ANALOG)), LayerMapping.spatialOnly(new SpatialUnrolling(unrolling)));
    ImcEnergy e = new ImcModel(ANALOG).energy(p);
    assertEquals(new ImcModel(ANALOG).energy(6, 2, 4, 6), e);
    // DACs: 4 rows × 2 slices × 0.081 pJ.
    assertEquals(0.648, e.dacsPj(), 1e-12);
  }

  @Test
  void anImcArrayMustMatchItsDimensions() {
    assertThrows(IllegalArgumentException.class,
        () -> new OperationalArray(0, Map.of("D1", 2, "D2", 8), Optional.of(ANALOG)));
    assertThrows(IllegalArgumentException.class,
        () -> new OperationalArray(0.1, Map.of("D1", 2, "D2", 4), Optional.of(ANALOG)));
    // A digital array with an ADC, a bit-serial slice wider than the input, cells of two weights.
    assertThrows(IllegalArgumentException.class,
        () -> new ImcArray(ImcArray.Type.DIGITAL, 2, 2, 1, 4, 2, "D1", 2, "D2", 4, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new ImcArray(ImcArray.Type.ANALOG, 2, 2, 4, 4, 2, "D1", 2, "D2", 4, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new ImcArray(ImcArray.Type.ANALOG, 4, 2, 2, 3, 4, "D1", 2, "D2", 4, 1));
  }

  @Test
  void aHintTriesTheFullestUnrollingsThatFit() {
    // K = 6, C = 4 on 2 × 4: K may take 2 or 1 (divisors of 6 up to 2), C 4, 2 or 1; the fullest
    // is K 2 × C 4 = 8 PEs.
    Layer gemm = new Layer(0, "g", OperatorType.GEMM, "Gemm", Map.of(LoopDim.OY, 1, LoopDim.K, 6, LoopDim.C, 4),
        1, 1, 1, 1, Padding.NONE, new Precision(8, 8, 8, 8), Map.of());
    SpatialHint hint = new SpatialHint(Map.of("D1", List.of(LoopDim.K), "D2", List.of(LoopDim.C)));
    List<SpatialUnrolling> candidates = hint.candidates(gemm, core(Optional.of(ANALOG)));
    assertEquals(6, candidates.size());
    assertEquals(Map.of("D1", List.of(new Unroll(LoopDim.K, 2)), "D2", List.of(new Unroll(LoopDim.C, 4))),
        candidates.get(0).byArrayDimension());
    LayerMapping hinted = new LayerMapping(SpatialUnrolling.NONE, List.of(), Map.of(), hint);
    LayerEvaluation e = new AnalyticalCostModel(new Mapping(Map.of(Mapping.DEFAULT, hinted)))
        .evaluate(gemm, core(Optional.of(ANALOG)));
    // The fullest unrolling is also the fastest: 3 K iterations × 2 slices.
    assertEquals(6, e.temporalCycles());
  }
}
