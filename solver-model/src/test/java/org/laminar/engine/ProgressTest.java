package org.laminar.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.laminar.engine.Progress.Event;

class ProgressTest {
  private static Progress step(Event event, double seconds, double incumbent, double bound) {
    return new Progress(event, seconds, incumbent, bound, Progress.gap(incumbent, bound));
  }

  @Test
  void throttledPassesEverySolutionButABoundOnlyAfterAQuietInterval() {
    List<Double> passed = new ArrayList<>();
    Consumer<Progress> lines = Progress.throttled(p -> passed.add(p.seconds()), 5);
    lines.accept(step(Event.SOLUTION, 0.5, 100, 10));
    lines.accept(step(Event.BOUND, 1, 100, 20));
    lines.accept(step(Event.BOUND, 5.5, 100, 30));
    lines.accept(step(Event.BOUND, 6, 100, 40));
    lines.accept(step(Event.SOLUTION, 7, 90, 40));
    lines.accept(step(Event.BOUND, 11.9, 90, 50));
    lines.accept(step(Event.BOUND, 12, 90, 60));
    assertEquals(List.of(0.5, 5.5, 7.0, 12.0), passed);
  }

  @Test
  void raisedLiftsTheBoundToTheFloorAndDropsBoundStepsThatRaiseNothing() {
    List<Progress> passed = new ArrayList<>();
    Consumer<Progress> lines = Progress.raised(passed::add, 80, System.nanoTime());
    lines.accept(step(Event.SOLUTION, 0, 100, Double.NEGATIVE_INFINITY));
    lines.accept(step(Event.BOUND, 1, 100, 60));
    lines.accept(step(Event.BOUND, 2, 100, 85));
    lines.accept(step(Event.SOLUTION, 3, 90, 85));
    assertEquals(List.of(Event.SOLUTION, Event.BOUND, Event.SOLUTION), passed.stream().map(Progress::event).toList());
    assertEquals(List.of(80.0, 85.0, 85.0), passed.stream().map(Progress::bound).toList());
    // (100 - 80) / 100, (100 - 85) / 100, (90 - 85) / 90
    assertEquals(0.20, passed.get(0).gap(), 1e-9);
    assertEquals(0.15, passed.get(1).gap(), 1e-9);
    assertEquals(5.0 / 90, passed.get(2).gap(), 1e-9);
    for (int i = 1; i < passed.size(); i++) {
      assertTrue(passed.get(i).seconds() >= passed.get(i - 1).seconds(), "timed from one start: " + passed);
    }
  }

  @Test
  void lineShowsTimeIncumbentBoundAndGap() {
    assertEquals("time 1.25 s  incumbent 45  bound 40  gap 11.1%", step(Event.BOUND, 1.25, 45, 40).line());
    assertEquals("time 0.00 s  incumbent 2.5  bound 2  gap 20.0%", step(Event.SOLUTION, 0, 2.5, 2).line());
  }
}
