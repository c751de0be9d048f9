package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.workload.Operand;

class OffChipTest {
  private static final Dram DRAM = new Dram(64, 64, true, 700.0 / 64, 750.0 / 64);

  @Test
  void addsDramOnTopOfACoreWithoutIt() {
    Core core = OffChip.withDram(GemmCase.core(), DRAM);
    assertEquals(List.of("reg_O", "l1", "dram"), core.memories().stream().map(MemoryLevel::name).toList());
    MemoryLevel dram = core.memories().get(2);
    assertEquals(700, dram.readEnergyPj(), 1e-9);
    assertEquals(750, dram.writeEnergyPj(), 1e-9);
    assertEquals(Set.of("D1", "D2", "D3"), dram.servedDimensions());
    assertEquals(64, dram.port(MemoryOperand.I2, DataDirection.TL).orElseThrow().maxBandwidthBits());
  }

  @Test
  void keepsACoreWhoseTopMemoryIsTheDram() {
    Core withDram = OffChip.withDram(GemmCase.core(), DRAM);
    assertSame(withDram, OffChip.withDram(withDram, DRAM));
  }

  @Test
  void separatePortsForReadsAndWrites() {
    MemoryLevel dram = OffChip.level(new Dram(128, 64, false, 1, 2), Set.of("D1"));
    assertEquals(MemoryPort.Type.READ, dram.port(MemoryOperand.O, DataDirection.TH).orElseThrow().type());
    assertEquals(64, dram.port(MemoryOperand.O, DataDirection.FL).orElseThrow().maxBandwidthBits());
    assertEquals(128, dram.readEnergyPj(), 1e-9);
    assertEquals(128, dram.writeEnergyPj(), 1e-9);
  }

  @Test
  void weightsThenComeFromDram() {
    Core core = OffChip.withDram(GemmCase.core(), DRAM);
    LayerEvaluation e = new AnalyticalCostModel(new Mapping(Map.of(Mapping.DEFAULT, GemmCase.mapping())))
        .evaluate(GemmCase.layer(), core);
    // 128·128 weights of 8 bits, read once in 64-bit words.
    assertEquals(128 * 128 * 8 / 64, e.access("dram", Operand.W).orElseThrow().reads());
  }
}
