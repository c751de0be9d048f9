package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A candidate schedule of an {@link IrProblem}: a mode and a start per task. Only
 * {@link IrChecker} says whether it is valid.
 *
 * @param modes chosen mode index per task, {@link #ABSENT} for an absent optional task
 * @param starts start cycle per task (ignored for absent tasks, by convention 0)
 */
public record IrSolution(List<Integer> modes, List<Long> starts) {
  /** The mode of an absent optional task. */
  public static final int ABSENT = -1;

  public IrSolution {
    modes = ImmutableList.copyOf(modes);
    starts = ImmutableList.copyOf(starts);
    checkArgument(modes.size() == starts.size(), "solution has %s modes but %s starts", modes.size(),
        starts.size());
  }

  /** Whether task {@code t} runs. */
  public boolean isPresent(int t) {
    return modes.get(t) != ABSENT;
  }

  /** End cycle of a present task {@code t} in {@code problem}. */
  public long end(IrProblem problem, int t) {
    return starts.get(t) + problem.tasks().get(t).modes().get(modes.get(t)).duration();
  }

  /** The last end over present tasks (cycles; 0 when nothing runs). */
  public long makespan(IrProblem problem) {
    long makespan = 0;
    for (int t = 0; t < modes.size(); t++) {
      if (isPresent(t)) {
        makespan = Math.max(makespan, end(problem, t));
      }
    }
    return makespan;
  }

  /** Total energy of the present tasks' modes (pJ). */
  public double energyPj(IrProblem problem) {
    double energy = 0;
    for (int t = 0; t < modes.size(); t++) {
      if (isPresent(t)) {
        energy += problem.tasks().get(t).modes().get(modes.get(t)).energyPj();
      }
    }
    return energy;
  }

  /**
   * The end of buffer {@code b} (cycles): the latest end among its start task and its counting
   * holds. Meaningful only when the buffer exists ({@link #hasBuffer}).
   */
  public long bufferEnd(IrProblem problem, int b) {
    Buffer buffer = problem.buffers().get(b);
    long end = end(problem, buffer.from());
    for (Hold h : buffer.until()) {
      if (isPresent(h.task()) && h.when().holds(modes)) {
        end = Math.max(end, end(problem, h.task()));
      }
    }
    return end;
  }

  /** Whether buffer {@code b} exists: its start task is present and its condition holds. */
  public boolean hasBuffer(IrProblem problem, int b) {
    Buffer buffer = problem.buffers().get(b);
    return isPresent(buffer.from()) && buffer.when().holds(modes);
  }
}
