package org.laminar.alloc;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import org.laminar.greedy.Guide;

/** One random change of a guide: what the search tries between two decodes. */
enum Move {
  /** One channel part of a layer to another core it may run on. */
  PART {
    @Override
    Guide apply(Guide guide, Layers layers, Random random) {
      Layers.Layer layer = pick(layers.movable(), random);
      int p = random.nextInt(layer.parts().size());
      int[] part = layer.parts().get(p);
      int core = other(layer.cores().get(p), guide.core(part[0]), random);
      return guide.withCores(part, filled(part.length, core));
    }
  },
  /** Every part of a layer to one core (each part where it may run there). */
  LAYER {
    @Override
    Guide apply(Guide guide, Layers layers, Random random) {
      Layers.Layer layer = pick(layers.movable(), random);
      List<Integer> cores = layer.cores().get(random.nextInt(layer.cores().size()));
      int core = cores.get(random.nextInt(cores.size()));
      return spread(guide, layer, new int[] {core});
    }
  },
  /**
   * A layer's parts round-robin over its allowed cores from a random one (one part: its tiles
   * round-robin), so that a layer can use cores the planner left idle.
   */
  SPREAD {
    @Override
    Guide apply(Guide guide, Layers layers, Random random) {
      Layers.Layer layer = pick(layers.movable(), random);
      List<Integer> cores = layer.cores().get(0);
      int width = 1 + random.nextInt(cores.size());
      int from = random.nextInt(cores.size());
      int[] chosen = new int[width];
      for (int i = 0; i < width; i++) {
        chosen[i] = cores.get((from + i) % cores.size());
      }
      return spread(guide, layer, chosen);
    }
  },
  /**
   * Every layer aligned with a layer (same fused stack, same output regions) to its cores band by
   * band: each tile to the core of the layer's first tile of the same band, where it may run there.
   * A row band then stays on one core through the stack and only its halo moves between cores, a
   * layout that layer moves reach only by chance (one per layer, each with the right offset).
   */
  ALIGN {
    @Override
    Guide apply(Guide guide, Layers layers, Random random) {
      List<Layers.Layer> leaders = List.copyOf(layers.aligned().keySet());
      Layers.Layer leader = pick(leaders, random);
      Guide aligned = guide;
      for (Layers.Layer layer : layers.aligned().get(leader)) {
        aligned = assign(aligned, layer, (i, p) -> guide.core(leader.leaders()[layer.bands()[i]]));
      }
      return aligned;
    }
  },
  /**
   * A layer's tiles earlier or later among the ready tiles: their keys shifted by up to the
   * layer's span in the start schedule, either way.
   */
  PRIORITY {
    @Override
    Guide apply(Guide guide, Layers layers, Random random) {
      Layers.Layer layer = pick(layers.all(), random);
      long delta = (long) ((2 * random.nextDouble() - 1) * layer.spanCycles());
      return guide.withKeysShifted(layer.tiles(), delta);
    }
  };

  /** {@code guide} changed at random; the layers have at least one movable one for the core moves. */
  abstract Guide apply(Guide guide, Layers layers, Random random);

  /**
   * A move drawn for {@code layers}: the core moves only when some layer may move, the alignment only
   * when some layers align. Priority shifts are drawn as often as the core moves together (both matter: measured, docs/EXACT.md).
   */
  static Move draw(Layers layers, Random random) {
    if (layers.movable().isEmpty() || random.nextBoolean()) {
      return PRIORITY;
    }
    return values()[random.nextInt(layers.aligned().isEmpty() ? 3 : 4)];
  }

  private static Layers.Layer pick(List<Layers.Layer> from, Random random) {
    return from.get(random.nextInt(from.size()));
  }

  /** A core of {@code cores} other than {@code current} if there is one. */
  private static int other(List<Integer> cores, int current, Random random) {
    if (cores.size() == 1) {
      return cores.get(0);
    }
    int c = cores.get(random.nextInt(cores.size() - 1));
    return c == current ? cores.get(cores.size() - 1) : c;
  }

  /**
   * {@code layer}'s parts round-robin over {@code cores} (a layer of one part: its tiles), each
   * part or tile only where it may run there.
   */
  private static Guide spread(Guide guide, Layers.Layer layer, int[] cores) {
    boolean byTile = layer.parts().size() == 1;
    return assign(guide, layer, (i, p) -> cores[(byTile ? i : p) % cores.length]);
  }

  /**
   * {@code layer}'s tiles each to the core {@code wanted} gives for its position in the layer's
   * tiles and its part, where it may run there (else it keeps its core).
   */
  private static Guide assign(Guide guide, Layers.Layer layer, IntBinaryOperator wanted) {
    int[] tiles = layer.tiles();
    int[] core = new int[tiles.length];
    int i = 0;
    for (int p = 0; p < layer.parts().size(); p++) {
      List<Integer> allowed = layer.cores().get(p);
      for (int t : layer.parts().get(p)) {
        int c = wanted.applyAsInt(i, p);
        core[i++] = allowed.contains(c) ? c : guide.core(t);
      }
    }
    return guide.withCores(tiles, core);
  }

  private static int[] filled(int n, int value) {
    int[] a = new int[n];
    Arrays.fill(a, value);
    return a;
  }
}
