package org.laminar.evaluate;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One design point: the inputs as the user names them (files or bundled names) and the scheduling
 * options, exactly as {@code laminar schedule} takes them. Validation of the option values happens
 * when the point is evaluated, with messages that name the option.
 *
 * @param workload workload file or bundled name
 * @param training whether one training step of the workload is scheduled
 * @param hardware accelerator file or bundled name
 * @param onnxAxes {@code laminar} or {@code stream}: how an ONNX model's image axes are read
 * @param mapping a Stream mapping file, replacing {@code tiling}
 * @param tiling the split of every layer ({@code oy=4}, {@code auto}, ...); empty: the default
 * @param fuse the fused stacks ({@code all}, {@code none}, {@code auto} or ranges)
 * @param copyPhases {@code overlapped} or {@code serial}: whether a tile holds its core while its
 *     network input is loaded and a sink tile's output stored
 * @param overlap {@code cache}, {@code recompute} or {@code h-cache}: how the overlap between
 *     neighbouring tiles of a fused stack is handled ({@code org.laminar.tiling.Overlap})
 * @param stream {@code never}, {@code when-needed}, {@code always} or {@code choose}: where tiles stream their
 *     activations from and to DRAM ({@code org.laminar.schedule.StreamPolicy})
 * @param scheduler the scheduler to run; empty: compare them all
 * @param compare whether to compare every scheduler even when one is named
 * @param engines the exact engines a comparison runs; empty: the settings' engine
 * @param objective what exact engines minimise ({@code latency}, {@code energy}, ...)
 * @param allocation exact engines' allocation granularity ({@code tile} or {@code layer})
 * @param priority the list scheduler's rule ({@code memory} or {@code latency})
 * @param solver the exact engine and its limits
 */
public record Point(String workload, boolean training, String hardware, String onnxAxes, Optional<Path> mapping,
    Optional<String> tiling, String fuse, String copyPhases, String overlap, String stream,
    Optional<String> scheduler, boolean compare, List<String> engines, String objective, String allocation,
    String priority, SolverSettings solver) {
  public Point {
    checkNotNull(workload, "workload is missing");
    checkNotNull(hardware, "hardware is missing");
    checkNotNull(onnxAxes, "ONNX axes are missing");
    checkNotNull(mapping, "mapping is missing");
    checkNotNull(tiling, "tiling is missing");
    checkNotNull(fuse, "fusion is missing");
    checkNotNull(copyPhases, "copy phases are missing");
    checkNotNull(overlap, "overlap mode is missing");
    checkNotNull(stream, "stream policy is missing");
    checkNotNull(scheduler, "scheduler is missing");
    checkNotNull(objective, "objective is missing");
    checkNotNull(allocation, "allocation is missing");
    checkNotNull(priority, "priority is missing");
    checkNotNull(solver, "solver settings are missing");
    engines = ImmutableList.copyOf(engines);
  }

  /** This point with the exact engine and limits {@code settings}. */
  public Point withSolver(SolverSettings settings) {
    return new Point(workload, training, hardware, onnxAxes, mapping, tiling, fuse, copyPhases, overlap, stream,
        scheduler, compare, engines, objective, allocation, priority, settings);
  }

  /** Whether every scheduler runs (no scheduler named, or {@code compare}). */
  public boolean comparing() {
    return compare || scheduler.isEmpty();
  }
}
