package org.laminar.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.laminar.schedule.ProblemProgress;
import org.laminar.tiling.TileGraph;

/**
 * Tells the user on stderr which phase of a command is running (reading, tiling, costing,
 * bounds, scheduling, checking) once it has lasted {@value #QUIET_SECONDS} s, then every
 * {@value #EVERY_SECONDS} s, and how long it took; costing with its count of distinct (tile shape,
 * core) pairs done. Quick phases print nothing, so a fast run's stderr stays empty. On an
 * interactive terminal ({@link System#console()} present) one line is redrawn, with a bar while
 * costing; otherwise each report is a plain line ({@link ProgressLine}).
 */
final class PhaseProgress implements ProblemProgress, AutoCloseable {
  static final long QUIET_SECONDS = 2;
  static final long EVERY_SECONDS = 5;

  private final PrintWriter err;
  private final boolean interactive;
  private final LongSupplier clock;
  /** Calls {@link #tick} four times a second; null for {@link #manual} progress. */
  private final ScheduledExecutorService ticker;
  private String phase;
  private long phaseStart;
  private long lastReport;
  private boolean reported;
  private int done;
  private int total;

  private PhaseProgress(PrintWriter err, boolean interactive, LongSupplier clock, boolean ticking) {
    this.err = err;
    this.interactive = interactive;
    this.clock = clock;
    this.ticker = ticking ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "laminar-progress");
      t.setDaemon(true);
      return t;
    }) : null;
    if (ticker != null) {
      ticker.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }
  }

  /** Progress on {@code err}, redrawn in place when the process has an interactive terminal. */
  static PhaseProgress on(PrintWriter err) {
    return new PhaseProgress(err, ProgressLine.interactive(), System::nanoTime, true);
  }

  /** Plain-line progress on {@code err} read from {@code clock} (ns), reported only when {@link #tick} is called. */
  static PhaseProgress manual(PrintWriter err, LongSupplier clock) {
    return new PhaseProgress(err, false, clock, false);
  }

  /** Ends the current phase and starts {@code name} (e.g. {@code "reading"}). */
  synchronized void start(String name) {
    finish();
    phase = name;
    phaseStart = clock.getAsLong();
    lastReport = phaseStart;
    reported = false;
    done = 0;
    total = 0;
  }

  @Override
  public synchronized void tiled(TileGraph graph) {
    start(String.format(Locale.ROOT, "costing (%,d tiles, %,d edges)", graph.tiles().size(), graph.edges().size()));
  }

  @Override
  public synchronized void costed(int doneNow, int totalNow) {
    done = doneNow;
    total = totalNow;
  }

  @Override
  public synchronized void close() {
    finish();
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  /** Reports the current phase if it is due. */
  synchronized void tick() {
    if (phase == null) {
      return;
    }
    long now = clock.getAsLong();
    long sinceStart = now - phaseStart;
    long sinceReport = now - lastReport;
    boolean due = interactive ? sinceStart >= TimeUnit.SECONDS.toNanos(QUIET_SECONDS)
        : !reported ? sinceStart >= TimeUnit.SECONDS.toNanos(QUIET_SECONDS)
        : sinceReport >= TimeUnit.SECONDS.toNanos(EVERY_SECONDS);
    if (due) {
      report(now, false);
    }
  }

  private void finish() {
    if (phase != null && reported) {
      report(clock.getAsLong(), true);
      ProgressLine.end(err, interactive);
    }
    phase = null;
  }

  private void report(long now, boolean ended) {
    StringBuilder line = new StringBuilder("laminar: ").append(phase);
    if (total > 0) {
      line.append(String.format(Locale.ROOT, ": %,d/%,d (tile shape, core) pairs", done, total));
      if (interactive) {
        line.append(' ').append(ProgressLine.bar(done, total));
      }
    }
    line.append(String.format(Locale.ROOT, ended ? ", done in %.1f s" : ", %.0f s", (now - phaseStart) / 1e9));
    ProgressLine.draw(err, interactive, line.toString());
    reported = true;
    lastReport = now;
  }
}
