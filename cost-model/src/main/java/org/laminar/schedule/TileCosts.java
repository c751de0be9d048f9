package org.laminar.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.laminar.cost.CostModel;
import org.laminar.cost.LayerEvaluation;
import org.laminar.cost.TileCost;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.tiling.Tile;
import org.laminar.workload.Layer;

/**
 * A problem's cost model with the cost of each of its tiles on each of its allowed cores looked up
 * by index: schedulers, bounds and the checker ask for the same costs again and again, and a
 * table read is far cheaper than the model's memo (which hashes the shape and the core).
 *
 * <p>The table is filled once, costing each distinct (tile shape, core, weight bits) on a bounded
 * pool of one thread per processor. A cost model is deterministic and thread-safe ({@link
 * CostModel}), so the table does not depend on the number of threads or on the order in which
 * they finish. Pairs the model refuses are kept with the model's reason.
 */
final class TileCosts implements CostModel {
  private final CostModel model;
  private final List<Tile> tiles;
  private final List<Core> cores;
  private final Map<Integer, Integer> coreIndex = new HashMap<>();
  /** By tile id and core index: a {@link TileCost}, the model's {@link IllegalArgumentException}, or null (not asked). */
  private final Object[][] table;
  /** By tile id and core index: how the tile streams its activations there, or null (it does not). */
  private final ActivationStreams[][] streams;

  /** A cost model passed to the problem's constructor with someone to tell how the costing goes. */
  record Reporting(CostModel model, ProblemProgress progress) implements CostModel {
    @Override
    public TileCost cost(Layer shape, Core core) {
      return model.cost(shape, core);
    }

    @Override
    public Optional<LayerEvaluation> evaluation(Layer shape, Core core) {
      return model.evaluation(shape, core);
    }
  }

  private TileCosts(CostModel model, List<Tile> tiles, Accelerator accelerator) {
    this.model = model;
    this.tiles = tiles;
    this.cores = accelerator.cores();
    for (int i = 0; i < cores.size(); i++) {
      coreIndex.put(cores.get(i).id(), i);
    }
    this.table = new Object[tiles.size()][cores.size()];
    this.streams = new ActivationStreams[tiles.size()][];
  }

  /**
   * The table of {@code cost} for every tile on its {@code allowed} cores (ids the accelerator has).
   *
   * @param model the cost model, or a {@link Reporting} one, or a previous table (whose model is used)
   */
  static TileCosts of(CostModel model, List<Tile> tiles, List<List<Integer>> allowed, Accelerator accelerator,
      BiFunction<Tile, Core, TileCost> cost) {
    ProblemProgress progress = ProblemProgress.NONE;
    CostModel inner = model;
    if (inner instanceof Reporting r) {
      progress = r.progress();
      inner = r.model();
    }
    if (inner instanceof TileCosts previous) {
      inner = previous.model;
    }
    TileCosts costs = new TileCosts(inner, tiles, accelerator);
    costs.fill(allowed, cost, progress);
    return costs;
  }

  /** The model the table was filled from. */
  CostModel model() {
    return model;
  }

  @Override
  public TileCost cost(Layer shape, Core core) {
    return model.cost(shape, core);
  }

  @Override
  public Optional<LayerEvaluation> evaluation(Layer shape, Core core) {
    return model.evaluation(shape, core);
  }

  /**
   * The cost of {@code tile} on {@code core} from the table, with its activations streamed ({@code
   * streamed}, its {@link #streams} view's) or on chip, or null when the table does not have it
   * (another problem's tile or core, a core the tile is not allowed on, a pair the model refuses, or
   * a tile that does not stream there).
   */
  TileCost lookup(Tile tile, Core core, boolean streamed) {
    int c = index(tile, core);
    if (c < 0) {
      return null;
    }
    if (streamed) {
      return streams[tile.id()] == null || streams[tile.id()][c] == null ? null : streams[tile.id()][c].cost();
    }
    return table[tile.id()][c] instanceof TileCost cost ? cost : null;
  }

  /**
   * How {@code tile} may stream its activations on {@code core}, or null when it may not (or the
   * table does not have it).
   */
  ActivationStreams streams(Tile tile, Core core) {
    int c = index(tile, core);
    return c < 0 || streams[tile.id()] == null ? null : streams[tile.id()][c];
  }

  /** Notes that {@code tile} may stream its activations on core {@code id} as {@code how}. */
  void streamOn(Tile tile, int id, ActivationStreams how) {
    if (streams[tile.id()] == null) {
      streams[tile.id()] = new ActivationStreams[cores.size()];
    }
    streams[tile.id()][coreIndex.get(id)] = how;
  }

  /** The core index of {@code core} when {@code tile} and {@code core} are this table's, else -1. */
  private int index(Tile tile, Core core) {
    Integer c = coreIndex.get(core.id());
    return c == null || tile.id() >= tiles.size() || tiles.get(tile.id()) != tile || cores.get(c) != core ? -1 : c;
  }

  /** The model's reason for refusing {@code tile} on core {@code id}, or null when it accepts it. */
  IllegalArgumentException refusal(Tile tile, int id) {
    return table[tile.id()][coreIndex.get(id)] instanceof IllegalArgumentException e ? e : null;
  }

  private void fill(List<List<Integer>> allowed, BiFunction<Tile, Core, TileCost> cost, ProblemProgress progress) {
    // Tiles of one shape and weight slice size cost the same on a core: one of them is costed.
    Map<List<Object>, Integer> groups = new HashMap<>();
    int[] groupOf = new int[tiles.size()];
    for (Tile tile : tiles) {
      Integer known = groups.putIfAbsent(List.of(tile.shape(), tile.weightBits()), groups.size());
      groupOf[tile.id()] = known == null ? groups.size() - 1 : known;
    }
    int[][] representative = new int[groups.size()][cores.size()];
    for (int[] row : representative) {
      Arrays.fill(row, -1);
    }
    List<int[]> work = new ArrayList<>();
    for (Tile tile : tiles) {
      for (int id : allowed.get(tile.id())) {
        Integer c = coreIndex.get(id);
        if (c != null && representative[groupOf[tile.id()]][c] < 0) {
          representative[groupOf[tile.id()]][c] = tile.id();
          work.add(new int[] {tile.id(), c});
        }
      }
    }
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), work.size());
    int[] done = {0};
    if (threads <= 1) {
      work.forEach(pair -> costOne(pair, cost, done, work.size(), progress));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "laminar-costing");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int[] pair : work) {
          futures.add(pool.submit(() -> costOne(pair, cost, done, work.size(), progress)));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while costing the tiles", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    for (Tile tile : tiles) {
      for (int id : allowed.get(tile.id())) {
        Integer c = coreIndex.get(id);
        if (c != null) {
          table[tile.id()][c] = table[representative[groupOf[tile.id()]][c]][c];
        }
      }
    }
  }

  private void costOne(int[] pair, BiFunction<Tile, Core, TileCost> cost, int[] done, int total,
      ProblemProgress progress) {
    Object result;
    try {
      result = cost.apply(tiles.get(pair[0]), cores.get(pair[1]));
    } catch (IllegalArgumentException refused) {
      result = refused;
    }
    table[pair[0]][pair[1]] = result;
    synchronized (done) {
      progress.costed(++done[0], total);
    }
  }
}
