package org.laminar.check;

import org.laminar.schedule.Schedule;
import org.laminar.schedule.SchedulingProblem;

/**
 * Replays a {@link Schedule} against its {@link SchedulingProblem}, reports every broken rule and
 * computes the metrics. It shares no code with the schedulers it judges.
 *
 * <p>Times are integer cycles; an interval {@code [start, end)} includes its start and excludes
 * its end, so a movement ending at cycle 10 and a tile starting at 10 do not overlap.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li><b>Tiles</b>: every tile is scheduled once, on a core it may use, for exactly the cost
 *       model's cycles on that core (see weights for the one exception). A core runs one tile at a
 *       time.
 *   <li><b>Movements</b> last exactly {@code ⌈bits / bandwidth⌉} cycles: a link hop at its link's
 *       bandwidth, a DRAM read or write at the DRAM's read or write bandwidth. A hop's link must
 *       join its two cores; a DRAM movement uses the DRAM port ({@code dram}, or {@code dram-read}
 *       and {@code dram-write} when the DRAM has separate ports). Each link, bus and DRAM port
 *       carries one movement at a time.
 *   <li><b>Edges</b>: an edge {@code u → v} is served either (a) on chip, when both run on the same
 *       core, or in place, when they run on two cores that share the memory holding {@code u}'s
 *       output and the operand {@code v} reads it through ({@link
 *       org.laminar.hardware.SharedMemory}): no movement, {@code v} starting at or after {@code u}
 *       ends (link hops for such an edge are a violation); (b) by link hops forming a path from {@code u}'s core to {@code v}'s
 *       core, each carrying the edge's bits, the first starting at or after {@code u} ends, each
 *       next one at or after the previous ends, the last ending at or before {@code v} starts; or
 *       (c) by a read-back onto {@code v}'s core of the edge's bits, starting at or after the end of
 *       {@code u}'s spill, ending at or before {@code v} starts. A spill writes {@code u}'s whole
 *       output from {@code u}'s core, starting at or after {@code u} ends.
 *   <li><b>DRAM data</b>: a tile reading network input has one input load of exactly those bits
 *       onto its core, ending at or before it starts. A tile of a sink layer has one store of its
 *       whole output from its core, starting at or after it ends.
 *   <li><b>Weights</b>: for each layer with constant weights and each core running its tiles, one
 *       weight load of the distinct weight slices of those tiles, ending at or before the first of
 *       them starts. The weights stay resident until the last of them ends. When those slices alone
 *       exceed the core's weight memory ({@link SchedulingProblem#streamsWeights}), there is no load:
 *       each tile instead has a weight stream of its own slice from DRAM starting with it, and the
 *       tile lasts {@code max(cost-model cycles, stream cycles)}; streamed weights occupy no local
 *       memory.
 *   <li><b>Streamed activations</b>: a tile streams its activations on its core when it has a
 *       streamed view there ({@link SchedulingProblem#activationStreams}) and either may not keep
 *       them on chip there ({@link SchedulingProblem#mayKeepOnChip}) or the schedule has an input,
 *       second-input or output stream of it: the schedule carries each tile's decision in those
 *       streams, and the tile is judged by it. A tile that streams its input, its second input (an
 *       activation its layer reads as operand {@code W}) or its output has exactly one input
 *       stream, second-input stream, or output stream, of the streamed view's DRAM bits, on its
 *       core, within its execution (its cycles and energy are the streamed view's, its cycles at
 *       least its streams' port time: {@link SchedulingProblem#tileCycles}); no other tile has one,
 *       and every other tile is judged with its activations on chip. A streamed input or second input has
 *       no input load, read-back or link hops: each producer it reads through that operand must have
 *       its output in DRAM (spilled, or streamed out) by that stream's start. A streamed output has no spill or store and is read back from DRAM by
 *       every consumer that does not stream it in, on any core, from the producer's end on.
 *       Streamed operands hold no local memory.
 *   <li><b>Memory</b>: at every cycle, the bits held in each local memory of each core stay within
 *       its size. Held are: resident weights (from the load's start to the last tile of the layer
 *       on the core), each tile's output (from its start until its last on-chip consumer, first
 *       hop, spill or store has ended), and each received input (from the start of its last hop,
 *       read-back or input load until its consumer ends). Each is counted in the core's local
 *       memory for its operand ({@link SchedulingProblem#memoryOperands()}; a received input
 *       counts as the operand through which its consumer reads it); operands kept in one memory
 *       share its size, and so do all the cores that share a memory: its capacity binds what they
 *       all hold there. An output read in place by another core is counted once, in the shared
 *       memory, until that consumer ends. Output buffers hold final-precision bits; data between two hops of a
 *       route is held by the link, not by the intermediate core.
 *   <li>Any other movement (no such edge, tile or layer; a second copy) is a violation.
 * </ol>
 *
 * <h2>Metrics</h2>
 * Latency is the end of the last tile or movement (cycles). Energy (pJ): compute and on-chip
 * memory from the cost model per tile; interconnect = bits × energy per bit of every hop; DRAM =
 * bits × read or write energy per bit of every DRAM movement. EDP = energy × latency (pJ·cycles).
 * Peak memory per core = the highest total over its local memories (bits), a memory it shares with
 * other cores counted with all they hold there; utilisation per core = busy cycles / latency.
 */
public final class ScheduleChecker {

  /** Checks {@code schedule} against {@code problem}. */
  public CheckReport check(SchedulingProblem problem, Schedule schedule) {
    return new RuleCheck(problem, schedule).run();
  }
}
