package org.laminar.explore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.laminar.evaluate.Point;
import org.laminar.exact.Goal;
import org.laminar.io.InputException;

/**
 * {@code --resume DIR}: the points of a sweep that an earlier run wrote to {@code DIR/points.json}
 * are not evaluated again. A stored row stands for a point with the same workload, accelerator,
 * tiling, overlap mode (a row without one is {@code cache}), fusion and objective, and the same
 * scheduler, or, for a search, a {@code heuristic} row (the search found nothing and reported a
 * warm start under its name); each row stands for one point. Rows {@code skipped} (the time limit
 * came first) are evaluated again, as are the rows of an exact front ({@link ExactFront}), which
 * {@code --pareto} computes anew.
 */
public final class Resume {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Resume() {
  }

  /**
   * The rows of {@code dir/points.json}.
   *
   * @throws InputException naming the file when it is missing or not a sweep's points
   */
  public static List<PointResult> read(Path dir) {
    Path file = dir.resolve("points.json");
    if (!Files.isRegularFile(file)) {
      throw new InputException("--resume " + dir + ": no points.json there");
    }
    try {
      return Arrays.asList(JSON.readValue(file.toFile(), PointResult[].class));
    } catch (IOException | IllegalArgumentException e) {
      throw new InputException("--resume " + file + ": not the points of a sweep (" + e.getMessage().lines()
          .findFirst().orElse("") + ")", e);
    }
  }

  /** The stored rows that stand for points of {@code points}, by the point's id (from 1), renumbered so. */
  public static Map<Integer, PointResult> match(List<Point> points, List<PointResult> stored) {
    List<PointResult> left = new ArrayList<>(stored.stream()
        .filter(r -> !r.status().equals("skipped") && !r.objective().equals(ExactFront.OBJECTIVE)).toList());
    Map<Integer, PointResult> done = new HashMap<>();
    // Rows of the point's own scheduler first, so that a search's fallback row is not taken by another search.
    for (boolean fallback : new boolean[] {false, true}) {
      for (int i = 0; i < points.size(); i++) {
        Point p = points.get(i);
        String scheduler = p.scheduler().orElseThrow();
        boolean search = Sweep.searches(scheduler);
        if (done.containsKey(i + 1) || fallback && !search) {
          continue;
        }
        String objective = search ? Goal.parse(p.objective()).text() : Sweep.NO_OBJECTIVE;
        List<String> problem = List.of(p.workload(), p.hardware(), p.tiling().orElseThrow(), p.overlap(), p.stream(),
            p.fuse());
        for (PointResult r : left) {
          if (r.problem().equals(problem) && r.objective().equals(objective)
              && (fallback ? r.status().equals("heuristic") && !Sweep.searches(r.scheduler())
                  : r.scheduler().equals(scheduler))) {
            done.put(i + 1, r.withId(i + 1));
            left.remove(r);
            break;
          }
        }
      }
    }
    return done;
  }
}
