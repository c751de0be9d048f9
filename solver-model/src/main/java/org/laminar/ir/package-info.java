/**
 * Laminar's generic scheduling IR: {@link org.laminar.ir.IrProblem} (resources, tasks with modes,
 * precedences, buffers), {@link org.laminar.ir.IrSolution} (a mode and a start per task) and
 * {@link org.laminar.ir.IrChecker}, which validates a solution from the IR's definition alone.
 * Times are cycles, sizes bits, energies pJ.
 *
 * <p>How a fused-tile problem maps onto it:
 * <ul>
 *   <li>each core, link, bus and DRAM port is a {@link org.laminar.ir.ResourceKind#UNARY} resource;
 *       each local memory (per core and operand memory) a {@link org.laminar.ir.ResourceKind#STORAGE}
 *       resource of its size in bits;
 *   <li>a tile is a task with one mode per allowed core (cycles and energy from the cost model).
 *       Per-layer allocation: the layer's first tile chooses, the others are derived tasks
 *       triggered by {@code first@c} for each core c;
 *   <li>an edge u→v is a precedence u→v, plus an optional transfer task with one mode per ordered
 *       pair of distinct cores (a, b), triggered by {@code u@a ∧ v@b}, using every link of the
 *       route, with precedences u→transfer→v;
 *   <li>the weight load of layer l onto core c is an optional task on the DRAM port triggered by
 *       {@code t1@c ∨ t2@c ∨ ...} over l's tiles, preceding each tile t under condition
 *       {@code t@c}; its buffer holds until each such tile ends ({@link org.laminar.ir.Hold} with
 *       condition {@code t@c}); its duration is the exact transfer time of the slices used there:
 *       increments of bits at the DRAM's bits per cycle ({@link org.laminar.ir.Task#unitsPerCycle});
 *   <li>a tile that streams its weights has a mode using its core for its whole run and the DRAM
 *       read port for the stream's cycles from its start only ({@link org.laminar.ir.Usage#prefix});
 *   <li>a tile's output is one buffer per core c (condition {@code u@c}), held by the consumers on
 *       c, the outgoing transfers and a spill store; a received input is a buffer from the
 *       transfer's start to the consumer's end, in the memory of the transfer's destination;
 *   <li>a spill is a choice task (keep / spill) whose spill mode triggers a store and a reload on
 *       the DRAM port; the kept copy's hold on the consumers is conditional on keep.
 * </ul>
 */
package org.laminar.ir;
