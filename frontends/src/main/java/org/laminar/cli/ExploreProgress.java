package org.laminar.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.laminar.explore.PointResult;
import org.laminar.report.Numbers;

/**
 * A sweep's progress on stderr ({@link ProgressLine}): points done of all, points per second, the
 * estimated time left — at that rate, at most what is left of the sweep's time limit, after which
 * no point starts — and the best latency, energy and EDP of the checked schedules so far (each its
 * own point's). On an interactive terminal the line, with a bar, is redrawn as
 * each point finishes; otherwise a plain line at most every {@value #EVERY_SECONDS} s, and for the
 * last point of a sweep that lasted that long. It hears the points from the worker threads.
 */
final class ExploreProgress implements Consumer<PointResult> {
  static final long EVERY_SECONDS = 2;

  private final PrintWriter err;
  private final boolean interactive;
  private final LongSupplier clock;
  private final int total;
  private final double limitSeconds;
  private final long start;
  private long lastReport;
  private boolean drawn;
  private int done;
  private double bestLatency = Double.POSITIVE_INFINITY;
  private double bestEnergy = Double.POSITIVE_INFINITY;
  private double bestEdp = Double.POSITIVE_INFINITY;

  /**
   * @param err where the progress goes
   * @param interactive whether to redraw one line with a bar
   * @param clock the time (ns)
   * @param total the points to evaluate
   * @param limitSeconds the sweep's time limit (s)
   */
  ExploreProgress(PrintWriter err, boolean interactive, LongSupplier clock, int total, double limitSeconds) {
    this.err = err;
    this.interactive = interactive;
    this.clock = clock;
    this.total = total;
    this.limitSeconds = limitSeconds;
    this.start = clock.getAsLong();
    this.lastReport = start;
  }

  /** Progress of {@code total} points within {@code limitSeconds} on {@code err}, redrawn in place on a terminal. */
  static ExploreProgress on(PrintWriter err, int total, double limitSeconds) {
    return new ExploreProgress(err, ProgressLine.interactive(), System::nanoTime, total, limitSeconds);
  }

  @Override
  public synchronized void accept(PointResult point) {
    done++;
    if (point.valid()) {
      bestLatency = Math.min(bestLatency, point.latencyCycles());
      bestEnergy = Math.min(bestEnergy, point.energyPj());
      bestEdp = Math.min(bestEdp, point.edp());
    }
    long now = clock.getAsLong();
    long every = TimeUnit.SECONDS.toNanos(EVERY_SECONDS);
    if (interactive || now - lastReport >= every || done == total && now - start >= every) {
      ProgressLine.draw(err, interactive, line(done, total, (now - start) / 1e9, limitSeconds, bestLatency, bestEnergy,
          bestEdp, interactive));
      lastReport = now;
      drawn = true;
    }
  }

  /** Ends the redrawn line, so that what follows starts on a line of its own. */
  synchronized void close() {
    if (drawn) {
      ProgressLine.end(err, interactive);
    }
  }

  /**
   * The progress line: {@code done} of {@code total} points after {@code seconds} of a sweep limited
   * to {@code limit} (s), with the best latency (cycles), energy (pJ) and EDP so far (infinite:
   * none yet); {@code bar}: with a bar.
   */
  static String line(int done, int total, double seconds, double limit, double latency, double energy, double edp,
      boolean bar) {
    double rate = seconds > 0 ? done / seconds : 0;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "laminar: explore: %d/%d points", done, total));
    if (bar && total > 0) {
      line.append(' ').append(ProgressLine.bar(done, total));
    }
    line.append(String.format(Locale.ROOT, ", %.0f s, %.2f points/s, ETA %s", seconds, rate,
        done == total ? "0 s" : rate > 0 ? String.format(Locale.ROOT, "%.0f s",
            Math.min((total - done) / rate, Math.max(0, limit - seconds))) : "-"));
    if (Double.isFinite(latency)) {
      line.append(String.format(Locale.ROOT, "; best latency %,d cc, energy %s pJ, EDP %s", (long) latency,
          Numbers.sci(energy), Numbers.sci(edp)));
    }
    return line.toString();
  }
}
