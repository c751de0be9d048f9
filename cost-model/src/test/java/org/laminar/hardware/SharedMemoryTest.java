package org.laminar.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which memory of which core is which physical memory, and the descriptions refused. */
class SharedMemoryTest {
  private static final Dram DRAM = new Dram(8, 8, true, 1, 1);

  private static Core core(int id, long sramBits) {
    MemoryPort port = new MemoryPort("rw", MemoryPort.Type.READ_WRITE, 8, 64, List.of(
        new PortAllocation(MemoryOperand.I1, DataDirection.TL), new PortAllocation(MemoryOperand.O, DataDirection.FL)));
    MemoryLevel sram = new MemoryLevel("sram", sramBits, 1, 1, Set.of(MemoryOperand.I1, MemoryOperand.I2,
        MemoryOperand.O), List.of(port), Set.of("D1"));
    return new Core(id, "c", new OperationalArray(1, Map.of("D1", 4)), List.of(sram), SpatialUnrolling.NONE);
  }

  private static Accelerator accelerator(List<SharedMemory> shared, long... sizes) {
    List<Core> cores = new java.util.ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      cores.add(core(i, sizes[i]));
    }
    return new Accelerator("acc", cores, List.of(), DRAM, shared);
  }

  @Test
  void coresListedShareOneInstanceOthersKeepTheirOwn() {
    Accelerator a = accelerator(List.of(new SharedMemory("l2", List.of(1, 0), "sram")), 100, 100, 100);
    MemoryLevel sram = a.core(0).memories().get(0);

    MemoryInstance of0 = a.instance(0, sram);
    assertEquals(of0, a.instance(1, a.core(1).memories().get(0)));
    assertEquals(List.of(0, 1), of0.cores());
    assertEquals(100, of0.sizeBits());
    assertEquals("shared memory l2 (cores 0, 1)", of0.describe());
    MemoryInstance of2 = a.instance(2, a.core(2).memories().get(0));
    assertNotEquals(of0, of2);
    assertFalse(of2.isShared());
    assertEquals("core 2 memory sram", of2.describe());
    assertTrue(a.shareMemory(0, 1));
    assertFalse(a.shareMemory(0, 2));
  }

  @Test
  void identicalCoresWithoutSharingHaveDistinctInstances() {
    Accelerator a = accelerator(List.of(), 100, 100);
    assertNotEquals(a.instance(0, a.core(0).memories().get(0)), a.instance(1, a.core(1).memories().get(0)));
  }

  @Test
  void badDescriptionsAreRefusedByName() {
    assertEquals("accelerator acc: shared memory l2 is shared by core 5, which does not exist",
        assertThrows(IllegalArgumentException.class, () -> accelerator(List.of(new SharedMemory("l2", List.of(0, 5),
            "sram")), 100, 100)).getMessage());
    assertEquals("accelerator acc: shared memory l2 is memory 'gb' of core 0, which has no memory of that name",
        assertThrows(IllegalArgumentException.class, () -> accelerator(List.of(new SharedMemory("l2", List.of(0, 1),
            "gb")), 100, 100)).getMessage());
    assertEquals("accelerator acc: shared memory l2 is one memory, but its cores give it different sizes (100 and 200 "
        + "bits, core 1)", assertThrows(IllegalArgumentException.class, () -> accelerator(List.of(
            new SharedMemory("l2", List.of(0, 1), "sram")), 100, 200)).getMessage());
    assertEquals("accelerator acc: memory 'sram' of core 1 is in two shared memories",
        assertThrows(IllegalArgumentException.class, () -> accelerator(List.of(new SharedMemory("a", List.of(0, 1),
            "sram"), new SharedMemory("b", List.of(1, 2), "sram")), 100, 100, 100)).getMessage());
    assertEquals("shared memory l2 must be shared by at least two cores, got [0]",
        assertThrows(IllegalArgumentException.class, () -> new SharedMemory("l2", List.of(0), "sram")).getMessage());
  }
}
