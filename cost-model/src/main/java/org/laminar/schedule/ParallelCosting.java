package org.laminar.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.tiling.Tile;

/**
 * Costs the distinct (tile shape, core) pairs of a problem on a bounded pool (one thread per
 * processor), so that the problem's sequential pass over its tiles finds every cost memoised. A
 * cost model is deterministic and thread-safe ({@link org.laminar.cost.CostModel}), so the costs
 * do not depend on the number of threads or the order in which they finish; a pair the model
 * refuses is left to the sequential pass, which reports it.
 */
final class ParallelCosting {
  private ParallelCosting() {
  }

  /**
   * Calls {@code cost} once for one tile of each distinct (shape, core id, weight bits) among
   * {@code tiles} on their {@code cores}, in parallel, and returns when all calls have ended.
   */
  static void run(List<Tile> tiles, List<List<Integer>> cores, Accelerator accelerator, BiConsumer<Tile, Core> cost,
      ProblemProgress progress) {
    Map<List<Object>, Runnable> tasks = new LinkedHashMap<>();
    for (Tile tile : tiles) {
      for (int id : cores.get(tile.id())) {
        Core core = accelerator.core(id);
        tasks.putIfAbsent(List.of(tile.shape(), id, tile.weightBits()), () -> cost.accept(tile, core));
      }
    }
    int total = tasks.size();
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), total);
    int[] done = {0};
    if (threads <= 1) {
      for (Runnable task : tasks.values()) {
        costOne(task, done, total, progress);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "laminar-costing");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable task : tasks.values()) {
        futures.add(pool.submit(() -> costOne(task, done, total, progress)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("costing failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void costOne(Runnable task, int[] done, int total, ProblemProgress progress) {
    try {
      task.run();
    } catch (RuntimeException refused) {
      // The sequential pass costs this pair again and reports the refusal with its tile.
    }
    synchronized (done) {
      progress.costed(++done[0], total);
    }
  }
}
