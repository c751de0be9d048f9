package org.laminar.greedy;

import java.util.List;

/**
 * Stream's traditional baseline: every layer is its own stage, so all its tiles end before the
 * next layer starts; outputs that do not fit on chip are spilled to DRAM and read back.
 */
public final class LayerByLayerScheduler extends GreedyScheduler {

  @Override
  public String name() {
    return "lbl";
  }

  @Override
  ReadyKey priority(Context cx) {
    return (tile, readyCycle) -> 0;
  }

  @Override
  List<List<Integer>> stacks(Context cx) {
    return layerStacks(cx);
  }
}
