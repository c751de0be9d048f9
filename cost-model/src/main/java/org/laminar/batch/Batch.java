package org.laminar.batch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.List;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;
import org.laminar.tiling.TileEdge;
import org.laminar.tiling.TileGraph;

/**
 * A batch of {@code iterations} inferences of one workload, as one tile graph: every tile and edge
 * of the single inference once per iteration, and nothing between iterations. Copy {@code i} of
 * tile {@code b} has id {@code i · tilesPerIteration + b} (iteration-major, so the ids stay in a
 * topological order), the same layer, weight slice, shape and allowed cores.
 *
 * <p>What is shared and what is not: the weights are constant, so every copy of a tile uses the
 * same weight slice of the same layer, and the checker's rule for weights (one load of a layer's
 * slices per core, resident until the last of its tiles on that core ends) makes them loaded once
 * per core for the whole batch. Network inputs and sink outputs are per iteration: each copy loads
 * its own input and stores its own output. Every scheduler, bound and the checker work on the
 * unrolled problem unchanged.
 *
 * @param iterations number of inferences, at least 1
 * @param tilesPerIteration tiles of one inference, at least 1
 */
public record Batch(int iterations, int tilesPerIteration) {
  public Batch {
    checkArgument(iterations >= 1, "a batch needs at least 1 iteration, got %s", iterations);
    checkArgument(tilesPerIteration >= 1, "a batch needs at least 1 tile per iteration, got %s", tilesPerIteration);
  }

  /** The batch of {@code iterations} copies of {@code single}'s tile graph. */
  public static Batch of(SchedulingProblem single, int iterations) {
    checkNotNull(single, "problem is missing");
    return new Batch(iterations, single.graph().tiles().size());
  }

  /** Tiles of the whole batch. */
  public int tiles() {
    return iterations * tilesPerIteration;
  }

  /** The iteration of tile {@code id} of the unrolled graph. */
  public int iteration(int id) {
    checkArgument(id >= 0 && id < tiles(), "tile %s is not in a batch of %s tiles", id, tiles());
    return id / tilesPerIteration;
  }

  /** The tile of the single inference that tile {@code id} of the unrolled graph copies. */
  public int base(int id) {
    checkArgument(id >= 0 && id < tiles(), "tile %s is not in a batch of %s tiles", id, tiles());
    return id % tilesPerIteration;
  }

  /** The id of iteration {@code iteration}'s copy of tile {@code base}. */
  public int copy(int base, int iteration) {
    checkArgument(base >= 0 && base < tilesPerIteration && iteration >= 0 && iteration < iterations,
        "no copy %s of tile %s in a batch of %s x %s tiles", iteration, base, iterations, tilesPerIteration);
    return iteration * tilesPerIteration + base;
  }

  /**
   * The problem of this batch: {@code single}'s tile graph unrolled, each copy allowed on its
   * tile's cores, with {@code single}'s accelerator, costs, operand links and copy phases.
   */
  public SchedulingProblem unroll(SchedulingProblem single) {
    TileGraph graph = single.graph();
    checkArgument(graph.tiles().size() == tilesPerIteration, "a batch of %s tiles per iteration cannot unroll a "
        + "problem of %s tiles", tilesPerIteration, graph.tiles().size());
    if (iterations == 1) {
      return single;
    }
    List<Tile> tiles = new ArrayList<>(tiles());
    List<TileEdge> edges = new ArrayList<>(iterations * graph.edges().size());
    List<List<Integer>> cores = new ArrayList<>(tiles());
    for (int i = 0; i < iterations; i++) {
      for (Tile t : graph.tiles()) {
        tiles.add(new Tile(copy(t.id(), i), t.layer(), t.output(), t.shape(), t.weightSlice(), t.weightBits(),
            t.outputBits(), t.dramInputBits(), t.stack()));
        cores.add(single.allowedCores(t));
      }
      for (TileEdge e : graph.edges()) {
        edges.add(new TileEdge(copy(e.producer(), i), copy(e.consumer(), i), e.bits()));
      }
    }
    return new SchedulingProblem(new TileGraph(graph.workload(), tiles, edges), single.accelerator(), cores,
        single.costModel(), single.memoryOperands(), single.copyPhases());
  }
}
