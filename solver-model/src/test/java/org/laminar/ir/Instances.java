package org.laminar.ir;

import java.util.List;

/** Small hand-made IR instances whose optima are computed by hand in the comments. */
public final class Instances {
  private Instances() {}

  /**
   * A producer p and two consumers q, r on two identical cores, each 3 cycles after p's 4. A
   * transfer of 2 cycles on the one link is needed iff p and a consumer sit on different cores.
   * All on one core: 4 + 3 + 3 = 10. Optimum 9: p, q on one core [0,4) [4,7), the transfer to the
   * other core [4,6), r there [6,9).
   */
  public static IrProblem twoCoresWithTransfers() {
    IrProblem.Builder b = IrProblem.builder("two-cores");
    int c0 = b.addResource("core0", ResourceKind.UNARY, 1);
    int c1 = b.addResource("core1", ResourceKind.UNARY, 1);
    int link = b.addResource("link", ResourceKind.UNARY, 1);
    int p = b.addTask("p", List.of(Mode.on("core0", c0, 4), Mode.on("core1", c1, 4)));
    for (String consumer : List.of("q", "r")) {
      int c = b.addTask(consumer, List.of(Mode.on("core0", c0, 3), Mode.on("core1", c1, 3)));
      int x = b.addOptionalTask("p->" + consumer,
          List.of(Mode.on("core0->core1", link, 2), Mode.on("core1->core0", link, 2)),
          List.of(Condition.allOf(new ModeRef(p, 0), new ModeRef(c, 1)),
              Condition.allOf(new ModeRef(p, 1), new ModeRef(c, 0))));
      b.precede(p, c).precede(p, x).precede(x, c);
    }
    return b.build();
  }

  /**
   * Two independent chains a1 → b1 on core0 and a2 → b2 on core1 (4 and 1 cycles). Each a's
   * output (6 bits) lives in one shared memory from a's start to its consumer's end. With capacity
   * 12 both chains run in parallel: makespan 5; with 10 they must be serialised: makespan 10.
   */
  public static IrProblem sharedMemory(long capacityBits) {
    IrProblem.Builder b = IrProblem.builder("shared-memory");
    int c0 = b.addResource("core0", ResourceKind.UNARY, 1);
    int c1 = b.addResource("core1", ResourceKind.UNARY, 1);
    int mem = b.addResource("mem", ResourceKind.STORAGE, capacityBits);
    for (int core : List.of(c0, c1)) {
      int a = b.addTask("a" + core, List.of(Mode.on("c", core, 4)));
      int c = b.addTask("b" + core, List.of(Mode.on("c", core, 1)));
      b.precede(a, c);
      b.addBuffer(new Buffer("out_a" + core, mem, 6, a, List.of(Hold.until(c)), Condition.TRUE));
    }
    return b.build();
  }

  /**
   * p (2 cycles) → y (4) → q (2) on one core; y needs 6 bits of working memory while it runs, p's
   * output (8 bits) is read by q. A choice keeps p's output on chip until q ends, or spills it:
   * a store (3 cycles on the DRAM port) after p and a reload (3) before q, the output held until
   * the store ends and the reloaded copy from the reload's start to q's end.
   *
   * <p>Capacity 14 bits: keeping fits, p [0,2) y [2,6) q [6,8): makespan 8. Capacity 10: keeping
   * needs 14 during y, so spill: p [0,2), store [2,5), y [5,9) (not before the store frees the
   * 8 bits), reload [9,12) (its 8 bits cannot overlap y's 6), q [12,14): makespan 14.
   */
  public static IrProblem spill(long capacityBits) {
    IrProblem.Builder b = IrProblem.builder("spill");
    int core = b.addResource("core0", ResourceKind.UNARY, 1);
    int dram = b.addResource("dram", ResourceKind.UNARY, 1);
    int mem = b.addResource("mem", ResourceKind.STORAGE, capacityBits);
    int p = b.addTask("p", List.of(Mode.on("core0", core, 2)));
    int y = b.addTask("y", List.of(Mode.on("core0", core, 4)));
    int q = b.addTask("q", List.of(Mode.on("core0", core, 2)));
    int choice = b.addChoice("spill-p", "keep", "spill");
    Condition spilled = Condition.allOf(new ModeRef(choice, 1));
    int store = b.addOptionalTask("store-p", List.of(Mode.on("dram", dram, 3)), List.of(spilled));
    int reload = b.addOptionalTask("reload-p", List.of(Mode.on("dram", dram, 3)), List.of(spilled));
    b.precede(p, y).precede(y, q).precede(p, store).precede(store, reload).precede(reload, q);
    b.addBuffer(new Buffer("out-p", mem, 8, p,
        List.of(new Hold(q, Condition.allOf(new ModeRef(choice, 0))), Hold.until(store)), Condition.TRUE));
    b.addBuffer(new Buffer("work-y", mem, 6, y, List.of(), Condition.TRUE));
    b.addBuffer(new Buffer("reloaded-p", mem, 8, reload, List.of(Hold.until(q)), Condition.TRUE));
    return b.build();
  }

  /**
   * A 4-job RCPSP on one renewable resource of capacity 2: job1 (3 cycles, 2 units) → job3 (2, 1
   * unit); job2 (2, 1 unit) → job4 (3, 2 units). Critical path 5; resource work
   * ⌈(6 + 2 + 2 + 6) / 2⌉ = 8, reached by job1 [0,3), job2 ∥ job3 [3,5), job4 [5,8): optimum 8.
   */
  public static IrProblem smallRcpsp() {
    IrProblem.Builder b = IrProblem.builder("small-rcpsp");
    int r = b.addResource("R1", ResourceKind.RENEWABLE, 2);
    int j1 = b.addTask("job1", List.of(new Mode("m", 3, 0, List.of(new Usage(r, 2)))));
    int j2 = b.addTask("job2", List.of(new Mode("m", 2, 0, List.of(new Usage(r, 1)))));
    int j3 = b.addTask("job3", List.of(new Mode("m", 2, 0, List.of(new Usage(r, 1)))));
    int j4 = b.addTask("job4", List.of(new Mode("m", 3, 0, List.of(new Usage(r, 2)))));
    b.precede(j1, j3).precede(j2, j4);
    return b.build();
  }

  /**
   * Tiles a1, a2 (3 cycles each) of one layer and two free tasks b, c (2 each) on two cores. With
   * {@code perLayer} a2 runs on a1's core (a derived task): a1, a2 on one core, b, c on the other,
   * makespan 6. Without it a1 + b and a2 + c: makespan 5.
   */
  public static IrProblem layerAllocation(boolean perLayer) {
    IrProblem.Builder b = IrProblem.builder("layer-allocation");
    int c0 = b.addResource("core0", ResourceKind.UNARY, 1);
    int c1 = b.addResource("core1", ResourceKind.UNARY, 1);
    List<Mode> tile = List.of(Mode.on("core0", c0, 3), Mode.on("core1", c1, 3));
    int a1 = b.addTask("a1", tile);
    if (perLayer) {
      b.addDerivedTask("a2", tile, List.of(Condition.allOf(new ModeRef(a1, 0)), Condition.allOf(new ModeRef(a1, 1))));
    } else {
      b.addTask("a2", tile);
    }
    b.addTask("b", List.of(Mode.on("core0", c0, 2), Mode.on("core1", c1, 2)));
    b.addTask("c", List.of(Mode.on("core0", c0, 2), Mode.on("core1", c1, 2)));
    return b.build();
  }

  /**
   * A tile a (6 cycles on the core) that uses the port only for its first 2 cycles (a weight
   * stream), a transfer b (3 cycles on the port) and a tile d (4 cycles on the core) after b.
   * Optimum 10, the core's work: a [0,6) with the port [0,2), b [2,5), d [6,10). Were a to hold the
   * port for its whole run, every order would put 13 cycles on the port and the core in series
   * (a, b, d or b, a, d or b, d, a): 13.
   */
  public static IrProblem streamPrefix() {
    IrProblem.Builder b = IrProblem.builder("stream-prefix");
    int core = b.addResource("core", ResourceKind.UNARY, 1);
    int port = b.addResource("port", ResourceKind.UNARY, 1);
    b.addTask("a", List.of(new Mode("stream", 6, 0, List.of(new Usage(core, 1), Usage.prefix(port, 1, 2)))));
    int transfer = b.addTask("b", List.of(Mode.on("port", port, 3)));
    int d = b.addTask("d", List.of(Mode.on("core", core, 4)));
    b.precede(transfer, d);
    return b.build();
  }

  /**
   * A transfer L of 2 bits, plus 3 bits and 3 more when x runs fast, at 4 bits per cycle, before
   * x, which runs slow (5 cycles) or fast (1). Fast: L lasts ⌈8 / 4⌉ = 2 cycles, makespan 3 (each
   * increment rounded up on its own would make it ⌈2/4⌉ + ⌈3/4⌉ + ⌈3/4⌉ = 3 cycles, makespan 4).
   * Slow: L lasts ⌈2 / 4⌉ = 1, makespan 6. Optimum 3.
   */
  public static IrProblem roundedTransfer() {
    IrProblem.Builder b = IrProblem.builder("rounded-transfer");
    int core = b.addResource("core", ResourceKind.UNARY, 1);
    int port = b.addResource("port", ResourceKind.UNARY, 1);
    int x = b.addTask("x", List.of(Mode.on("slow", core, 5), Mode.on("fast", core, 1)));
    Condition fast = Condition.allOf(new ModeRef(x, 1));
    int load = b.addTask("L", List.of(Mode.on("load", port, 2)), List.of(), false,
        List.of(new Increment(fast, 3, 0), new Increment(fast, 3, 0)), 4);
    b.precede(load, x);
    return b.build();
  }
}
