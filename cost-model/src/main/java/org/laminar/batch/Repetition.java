package org.laminar.batch;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;

/**
 * A schedule of one inference repeated every {@code interval} cycles: iteration {@code i}'s copy of
 * every tile and of every movement of a tile or edge starts {@code i · interval} cycles after the
 * original, on the same core or resource. The weight loads are kept once, as they are: the weights
 * stay resident for the whole batch. Only the checker says whether the result is valid (a short
 * interval makes iterations collide).
 */
public final class Repetition {
  private Repetition() {}

  /** {@code single}, a schedule of the batch's single inference, repeated every {@code interval} cycles. */
  public static Schedule of(Schedule single, Batch batch, long interval) {
    checkArgument(interval >= 0, "the interval must be >= 0 cycles, got %s", interval);
    checkArgument(single.tiles().size() == batch.tilesPerIteration(), "the schedule places %s tiles, an iteration "
        + "has %s", single.tiles().size(), batch.tilesPerIteration());
    List<ScheduledTile> tiles = new ArrayList<>(batch.tiles());
    List<Movement> movements = new ArrayList<>();
    for (int i = 0; i < batch.iterations(); i++) {
      long shift = i * interval;
      for (ScheduledTile t : single.tiles()) {
        tiles.add(new ScheduledTile(batch.copy(t.tile(), i), t.core(), t.start() + shift, t.end() + shift));
      }
      for (Movement m : single.movements()) {
        if (m instanceof Movement.WeightLoad) {
          if (i == 0) {
            movements.add(m);
          }
        } else {
          int iteration = i;
          movements.add(copy(m, id -> batch.copy(id, iteration), shift));
        }
      }
    }
    return new Schedule(tiles, movements);
  }

  /** {@code m}, {@code cycles} later (cycles ≥ −{@code m.start()}). */
  public static Movement shifted(Movement m, long cycles) {
    return copy(m, id -> id, cycles);
  }

  /** {@code m} with its tiles renamed by {@code tile}, {@code shift} cycles later. */
  private static Movement copy(Movement m, IntUnaryOperator tile, long shift) {
    long start = m.start() + shift;
    long end = m.end() + shift;
    if (m instanceof Movement.WeightLoad w) {
      return new Movement.WeightLoad(w.layer(), w.core(), w.bits(), w.resource(), start, end);
    }
    if (m instanceof Movement.WeightStream s) {
      return new Movement.WeightStream(tile.applyAsInt(s.tile()), s.core(), s.bits(), s.resource(), start, end);
    }
    if (m instanceof Movement.InputLoad in) {
      return new Movement.InputLoad(tile.applyAsInt(in.tile()), in.core(), in.bits(), in.resource(), start, end);
    }
    if (m instanceof Movement.LinkHop h) {
      return new Movement.LinkHop(tile.applyAsInt(h.producer()), tile.applyAsInt(h.consumer()), h.hop(),
          h.fromCore(), h.toCore(), h.bits(), h.resource(), start, end);
    }
    if (m instanceof Movement.SpillWrite s) {
      return new Movement.SpillWrite(tile.applyAsInt(s.tile()), s.core(), s.bits(), s.resource(), start, end);
    }
    if (m instanceof Movement.SpillRead r) {
      return new Movement.SpillRead(tile.applyAsInt(r.producer()), tile.applyAsInt(r.consumer()), r.core(), r.bits(),
          r.resource(), start, end);
    }
    Movement.SinkStore s = (Movement.SinkStore) m;
    return new Movement.SinkStore(tile.applyAsInt(s.tile()), s.core(), s.bits(), s.resource(), start, end);
  }
}
