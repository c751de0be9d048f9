package org.laminar.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a SIGTERM) at any moment of a command that searches ({@code laminar schedule},
 * {@code laminar rcpsp}): the one shutdown hook of the command line. While the inputs are read
 * and the problem is costed nothing exists to report: the hook says so and lets the JVM exit at
 * once. Once the problem exists, the hook stops the searches (an exact or LNS search then returns
 * the best schedule it has, a checked greedy one at the least), the command runs no further
 * scheduler, and the hook holds the JVM until the command has printed and written what it has.
 * The exit code is then the JVM's for the signal: 130 for Ctrl-C (143 for SIGTERM); the schedules
 * reported are checked, an interrupted exact one with status {@code FEASIBLE} (or {@code OPTIMAL}
 * if it was proven first).
 */
final class Interruption implements AutoCloseable {
  /** How long the hook waits for the command to report (s): model building may still be finishing. */
  private static final long GRACE_SECONDS = 120;

  private final PrintWriter err;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean interrupted;
  private volatile boolean problemBuilt;
  private volatile Runnable stop;

  private Interruption(PrintWriter err) {
    this.err = err;
    this.hook = new Thread(this::interrupt, "laminar-interrupt");
  }

  /** Registers the hook; {@link #close} removes it. */
  static Interruption install(PrintWriter err) {
    Interruption interruption = new Interruption(err);
    Runtime.getRuntime().addShutdownHook(interruption.hook);
    return interruption;
  }

  /**
   * The problem is built: from now on an interruption calls {@code stopSearches} (thread-safe) and
   * reports what the schedulers found.
   */
  void problemBuilt(Runnable stopSearches) {
    stop = stopSearches;
    problemBuilt = true;
    if (interrupted) {
      stopSearches.run();
    }
  }

  /** Whether Ctrl-C came: no further scheduler should start. */
  boolean interrupted() {
    return interrupted;
  }

  private void interrupt() {
    interrupted = true;
    if (!problemBuilt) {
      err.println("laminar: interrupted before any schedule was computed; nothing to report");
      err.flush();
      return;
    }
    Runnable search = stop;
    if (search != null) {
      search.run();
    }
    err.println("laminar: interrupted; reporting the schedules found so far");
    err.flush();
    try {
      finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it has just been released.
    }
  }
}
