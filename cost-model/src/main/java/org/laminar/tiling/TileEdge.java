package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A data dependency between tiles: {@code consumer} reads {@code bits} of {@code producer}'s
 * output (the intersection of the producer's output region with the consumer's input region,
 * halo included, at the producer's final precision).
 *
 * @param producer producing tile id
 * @param consumer consuming tile id
 * @param bits bits carried (bits)
 */
public record TileEdge(int producer, int consumer, long bits) {
  public TileEdge {
    checkArgument(producer != consumer, "tile %s cannot depend on itself", producer);
    checkArgument(bits > 0, "edge %s->%s must carry > 0 bits, got %s", producer, consumer, bits);
  }
}
