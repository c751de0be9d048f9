package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.laminar.workload.Workload;

/**
 * The tiles of a tiled workload and the data dependencies between them. Tiles are numbered
 * {@code 0..n-1} in a topological order: every edge goes from a lower to a higher id.
 *
 * @param workload the workload the tiles come from
 * @param tiles the tiles, {@code tiles.get(i).id() == i}
 * @param edges producer → consumer dependencies, each carrying the bits the consumer reads
 */
public record TileGraph(Workload workload, List<Tile> tiles, List<TileEdge> edges) {
  public TileGraph {
    checkNotNull(workload, "workload is missing");
    tiles = ImmutableList.copyOf(tiles);
    edges = ImmutableList.copyOf(edges);
    for (int i = 0; i < tiles.size(); i++) {
      checkArgument(tiles.get(i).id() == i, "tile at position %s has id %s", i, tiles.get(i).id());
    }
    for (TileEdge e : edges) {
      checkArgument(e.consumer() < tiles.size(), "edge %s->%s: no tile %s", e.producer(), e.consumer(), e.consumer());
      checkArgument(e.producer() < e.consumer(), "edge %s->%s is not in topological order", e.producer(),
          e.consumer());
    }
  }

  /** Edges into each tile, indexed by consumer id. */
  public List<List<TileEdge>> incoming() {
    List<List<TileEdge>> in = new ArrayList<>();
    tiles.forEach(t -> in.add(new ArrayList<>()));
    edges.forEach(e -> in.get(e.consumer()).add(e));
    return in.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
  }

  /** Edges out of each tile, indexed by producer id. */
  public List<List<TileEdge>> outgoing() {
    List<List<TileEdge>> out = new ArrayList<>();
    tiles.forEach(t -> out.add(new ArrayList<>()));
    edges.forEach(e -> out.get(e.producer()).add(e));
    return out.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
  }

  /** The tiles of one layer, in id order. */
  public List<Tile> tilesOf(int layer) {
    return tiles.stream().filter(t -> t.layer() == layer).collect(ImmutableList.toImmutableList());
  }

  /**
   * MAC operations of all tiles: the workload's MACs, plus the rows that {@link Overlap#RECOMPUTE}
   * computes more than once.
   */
  public long macs() {
    return tiles.stream().mapToLong(Tile::macs).sum();
  }

  /** Whether a tile's output leaves the chip: its layer has no consumer in the workload. */
  public boolean isSink(Tile tile) {
    return workload.consumers(tile.layer()).isEmpty();
  }
}
