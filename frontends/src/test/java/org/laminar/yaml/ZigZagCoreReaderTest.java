package org.laminar.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laminar.hardware.Core;
import org.laminar.hardware.DataDirection;
import org.laminar.hardware.ImcArray;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.hardware.MemoryPort;
import org.laminar.hardware.PortAllocation;
import org.laminar.hardware.Unroll;
import org.laminar.io.InputException;
import org.laminar.workload.LoopDim;

class ZigZagCoreReaderTest {
  @TempDir
  Path dir;

  @Test
  void streamGenerationPortsFollowTheOperandOrder() {
    Core core = ZigZagCoreReader.read(SharedInstances.path("stream", "examples", "hardware", "cores",
        "tpu_like.yaml"), 3);
    assertEquals(3, core.id());
    assertEquals("tpu_like", core.name());
    assertEquals(List.of("rf_128B", "rf_2B", "sram_2MB"), core.memories().stream().map(MemoryLevel::name).toList());
    assertEquals(0.04, core.array().macEnergyPj());
    assertEquals(Map.of("D1", 32, "D2", 32), core.array().dimensions());
    assertEquals(List.of(new Unroll(LoopDim.K, 32)), core.dataflow().byArrayDimension().get("D1"));
    assertEquals(List.of(new Unroll(LoopDim.C, 32)), core.dataflow().byArrayDimension().get("D2"));

    MemoryLevel sram = core.memories().get(2);
    assertEquals(16_777_216L, sram.sizeBits());
    assertEquals(416.16, sram.readEnergyPj());
    assertEquals(378.4, sram.writeEnergyPj());
    assertEquals(Set.of("D1", "D2"), sram.servedDimensions());
    MemoryPort read = sram.port(MemoryOperand.O, DataDirection.TH).orElseThrow();
    assertEquals(new MemoryPort("r_port_1", MemoryPort.Type.READ, 64, 2048, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.I2, DataDirection.TL),
        new PortAllocation(MemoryOperand.O, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.TH))),
        read);
    assertEquals("w_port_1", sram.port(MemoryOperand.O, DataDirection.FL).orElseThrow().name());

    MemoryLevel psum = core.memories().get(1);
    assertEquals("w_port_2", psum.port(MemoryOperand.O, DataDirection.FL).orElseThrow().name());
    // Without granularity keys the minimum bandwidth is the full bandwidth.
    assertEquals(16, psum.port(MemoryOperand.O, DataDirection.TH).orElseThrow().minBandwidthBits());
  }

  @Test
  void readWritePortsCarryBothDirections() {
    Core simd = ZigZagCoreReader.read(SharedInstances.path("stream", "examples", "hardware", "cores", "simd.yaml"));
    MemoryLevel sram = simd.memories().get(0);
    assertEquals(List.of("rw_port_1", "rw_port_2"), sram.ports().stream().map(MemoryPort::name).toList());
    assertEquals(MemoryPort.Type.READ_WRITE, sram.ports().get(0).type());
    assertEquals("rw_port_2", sram.port(MemoryOperand.O, DataDirection.TH).orElseThrow().name());
    assertEquals("rw_port_1", sram.port(MemoryOperand.I2, DataDirection.FH).orElseThrow().name());
  }

  @Test
  void namedPortGenerationAndTheLastDuplicateKeyWins() {
    Core core = ZigZagCoreReader.read(SharedInstances.path("zigzag", "hardware", "tpu_like.yaml"));
    assertEquals(List.of("rf_128B", "rf_2B", "sram_2MB", "dram"),
        core.memories().stream().map(MemoryLevel::name).toList());
    MemoryLevel sram = core.memories().get(2);
    assertEquals(Set.of(MemoryOperand.I1, MemoryOperand.O), sram.operands());
    assertEquals(new MemoryPort("w_port_1", MemoryPort.Type.WRITE, 64, 2048, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.FH), new PortAllocation(MemoryOperand.O, DataDirection.FH),
        new PortAllocation(MemoryOperand.O, DataDirection.FL))), sram.ports().get(1));
    MemoryLevel dram = core.memories().get(3);
    assertEquals(1, dram.ports().size());
    assertEquals(MemoryPort.Type.READ_WRITE, dram.ports().get(0).type());
    assertEquals(8, dram.ports().get(0).allocations().size());
    assertTrue(core.dataflow().isEmpty());
  }

  @Test
  void multipliersStandForTheOperationalArray() {
    Core core = ZigZagCoreReader.read(SharedInstances.path("stream", "examples", "hardware", "cores",
        "meta_prototype.yaml"));
    assertEquals(Map.of("D1", 32, "D2", 2, "D3", 4, "D4", 4), core.array().dimensions());
  }

  @Test
  void unknownLoopDimensionsInADataflowAreDropped() {
    Core core = ZigZagCoreReader.read(SharedInstances.path("stream", "examples", "hardware", "cores",
        "fusemax_array.yaml"));
    assertEquals(List.of(), core.dataflow().byArrayDimension().get("D1"));
    assertEquals(256, core.dataflow().factor(LoopDim.K));
  }

  @Test
  void aPortNameTheCountsDoNotDeclareIsAnError() throws IOException {
    assertFails("""
        name: bad
        memories:
          rf:
            size: 8
            r_bw: 8
            w_bw: 8
            r_cost: 1
            w_cost: 1
            r_port: 1
            w_port: 1
            operands: [I1]
            ports:
              - fh: w_port_1
                tl: r_port_2
        operational_array:
          unit_energy: 1
          dimensions: [D1]
          sizes: [4]
        """,
        "memory rf: ports[0].tl names port 'r_port_2', which the port counts do not declare "
            + "(have [r_port_1, w_port_1])");
  }

  @Test
  void aMisspeltFieldNamesTheLineAndTheClosestField() throws IOException {
    assertFails("""
        name: bad
        memories:
          rf:
            size: 8
            r_cost: 1
            w_cost: 1
            operands: [I1]
            ports: []
            served_dimension: []
        """,
        "line 10, column 1: at memories.rf.served_dimension: unknown field 'served_dimension' "
            + "(did you mean 'served_dimensions'?)");
  }

  @Test
  void aMissingFieldIsNamed() throws IOException {
    assertFails("""
        name: bad
        memories:
          rf:
            r_cost: 1
        """,
        "line 5, column 1: at memories.rf: missing field 'size'");
  }

  /** A core whose cells memory and operational array are {@code cells} and {@code array}. */
  private static String imcCore(String cells, String array) {
    return """
        name: imc
        memories:
        %s
          sram:
            size: 65536
            r_cost: 1
            w_cost: 1
            operands: [I1, I2, O]
            ports:
              - {name: rw, type: read_write, bandwidth_min: 8, bandwidth_max: 64,
                 allocation: ["I1, fh", "I1, tl", "I2, fh", "I2, tl", "O, fh", "O, tl", "O, fl", "O, th"]}
            served_dimensions: [D1, D2]
        operational_array:
        %s
          dimensions: [D2, D1, D3]
          sizes: [16, 8, 2]
        """.formatted(cells, array);
  }

  private static final String CELLS = """
        cells:
          size: 4
          r_cost: 0
          w_cost: 0.1
          operands: [I2]
          ports:
            - {name: rw, type: read_write, bandwidth_min: 4, bandwidth_max: 4, allocation: ["I2, fh", "I2, tl"]}
          served_dimensions: []
      """;

  @Test
  void anImcArrayTakesItsWordlinesFromTheFirstDimensionByName() throws IOException {
    Path file = SharedInstances.write(dir, "imc.yaml", imcCore(CELLS, """
          is_imc: true
          imc_type: analog
          input_precision: [8, 4]
          bit_serial_precision: 2
          adc_resolution: 6
        """));
    ImcArray macro = ZigZagCoreReader.read(file).array().imc().orElseThrow();
    // D1 (size 8) holds the wordlines, D2 (16) the bitlines, D3 counts 2 macros; cells from 'cells'.
    assertEquals(new ImcArray(ImcArray.Type.ANALOG, 8, 4, 2, 6, 4, "D1", 8, "D2", 16, 2), macro);
  }

  @Test
  void imcBitCountsTypedAsNumbersInZigZagsSchemaMayBeWrittenWithAPoint() throws IOException {
    String array = """
          is_imc: true
          imc_type: analog
          input_precision: [8, 4]
          bit_serial_precision: %s
          adc_resolution: 6.0
        """;
    ImcArray macro = ZigZagCoreReader.read(SharedInstances.write(dir, "point.yaml",
        imcCore(CELLS, array.formatted("2.0")))).array().imc().orElseThrow();
    assertEquals(List.of(2, 6), List.of(macro.bitSerialBits(), macro.adcBits()));
    assertFails(imcCore(CELLS, array.formatted("2.5")),
        "core imc: operational_array: bit_serial_precision is a whole number of bits, got 2.5");
    // ZigZag's default adc_resolution, 0, is accepted on an array that is not IMC.
    Path plain = SharedInstances.write(dir, "plain.yaml", imcCore(CELLS, "  unit_energy: 0.1\n  adc_resolution: 0\n"));
    assertTrue(ZigZagCoreReader.read(plain).array().imc().isEmpty());
  }

  @Test
  void imcFieldsAreChecked() throws IOException {
    assertFails(imcCore(CELLS, "  is_imc: true\n  imc_type: analog\n  input_precision: [8, 4]\n"
        + "  bit_serial_precision: 2\n"), "core imc: operational_array: an analog IMC array needs adc_resolution");
    assertFails(imcCore("", "  is_imc: true\n  imc_type: digital\n  input_precision: [8, 4]\n"
        + "  bit_serial_precision: 2\n"), "core imc: an IMC array needs the memory 'cells' holding its weights");
    assertFails(imcCore(CELLS, "  is_imc: true\n  imc_type: optical\n  input_precision: [8, 4]\n"
        + "  bit_serial_precision: 2\n"), "core imc: operational_array: imc_type 'optical'; expected analog or digital");
    assertFails(imcCore(CELLS, "  unit_energy: 0.1\n  bit_serial_precision: 2\n"),
        "core imc: operational_array: [bit_serial_precision] describe an in-memory-computing array; "
            + "set is_imc: true or remove them");
    assertFails(imcCore(CELLS, "  is_imc: true\n  imc_type: digital\n  input_precision: [8, 4]\n"
        + "  bit_serial_precision: 16\n"), "IMC array: bit_serial_precision must be a power of two bits at most "
        + "the input precision 8, got 16");
  }

  @Test
  void currentSchemaFieldsWithoutACostEffectAreAcceptedAndAMisspeltOneStillFails() throws IOException {
    // A core written from ZigZag's current accelerator schema: mem_type and force_double_buffering
    // on a memory (CACTI input, and a flag its cost model does not read), area and latency.
    String core = """
        name: current
        memories:
          rf:
            size: 64
            r_cost: 0.5
            w_cost: 0.6
            area: 0
            latency: 1
            mem_type: rf
            auto_cost_extraction: false
            force_double_buffering: %s
            operands: [I1, I2, O]
            ports:
              - name: rw_port_1
                type: read_write
                bandwidth_min: 8
                bandwidth_max: 64
                allocation: ["I1, tl", "I2, tl", "O, tl", "O, fl"]
            served_dimensions: [D1]
        operational_array:
          unit_energy: 0.04
          unit_area: 1
          dimensions: [D1]
          sizes: [4]
        """;
    Core withFlag = ZigZagCoreReader.read(SharedInstances.write(dir, "flag.yaml", core.formatted("true")));
    Core without = ZigZagCoreReader.read(SharedInstances.write(dir, "noflag.yaml", core.formatted("false")));
    assertEquals(without.memories(), withFlag.memories(), "the flag changes no cost");
    assertEquals(64, withFlag.memories().get(0).sizeBits());
    Path misspelt = SharedInstances.write(dir, "misspelt.yaml",
        core.formatted("true").replace("force_double_buffering", "force_double_bufering"));
    String message = assertThrows(InputException.class, () -> ZigZagCoreReader.read(misspelt)).getMessage();
    assertTrue(message.startsWith(misspelt + ": line "), message);
    assertTrue(message.endsWith("at memories.rf.force_double_bufering: unknown field 'force_double_bufering' "
        + "(did you mean 'force_double_buffering'?)"), message);
  }

  @Test
  void costsLeftToCactiAreRefusedSayingWhy() throws IOException {
    // ZigZag's schema lets auto_cost_extraction replace r_cost and w_cost by a CACTI estimate.
    String core = """
        name: cacti
        memories:
          sram:
            size: 1024
            latency: 1
            auto_cost_extraction: %s
            operands: [I1, I2, O]
            ports:
              - name: rw_port_1
                type: read_write
                bandwidth_min: 8
                bandwidth_max: 64
                allocation: ["I1, tl", "I2, tl", "O, tl", "O, fl"]
            served_dimensions: [D1]
        operational_array:
          unit_energy: 0.04
          dimensions: [D1]
          sizes: [4]
        """;
    Path cacti = SharedInstances.write(dir, "cacti.yaml", core.formatted("true"));
    assertEquals(cacti + ": memory sram: r_cost and w_cost (pJ per access) are required; auto_cost_extraction has "
        + "ZigZag estimate them with CACTI, which Laminar does not run: copy the costs ZigZag reports into the file",
        assertThrows(InputException.class, () -> ZigZagCoreReader.read(cacti)).getMessage());
    Path none = SharedInstances.write(dir, "none.yaml", core.formatted("false"));
    assertEquals(none + ": memory sram: r_cost and w_cost (pJ per access) are required",
        assertThrows(InputException.class, () -> ZigZagCoreReader.read(none)).getMessage());
  }

  private void assertFails(String yaml, String problem) throws IOException {
    Path file = SharedInstances.write(dir, "core.yaml", yaml);
    InputException e = assertThrows(InputException.class, () -> ZigZagCoreReader.read(file));
    assertEquals(file + ": " + problem, e.getMessage());
  }
}
