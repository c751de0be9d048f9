package org.laminar.exact;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a running exact search: while open, a JVM shutdown hook stops the search (the solve
 * then returns the best schedule found so far) and holds the JVM until {@link #close} is called,
 * so that the caller can still write that schedule out.
 *
 * <pre>{@code
 * try (StopOnShutdown guard = StopOnShutdown.install(scheduler)) {
 *   ExactResult r = scheduler.solve(problem);
 *   print(r);
 * }
 * }</pre>
 */
public final class StopOnShutdown implements AutoCloseable {
  /** How long the hook waits for the caller to finish writing (s). */
  private static final long GRACE_SECONDS = 30;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private StopOnShutdown(Runnable stop) {
    hook = new Thread(() -> {
      stop.run();
      try {
        finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "laminar-stop-search");
  }

  /** Registers the hook for {@code scheduler}. */
  public static StopOnShutdown install(CpSatScheduler scheduler) {
    return install(scheduler::stop);
  }

  /**
   * Registers the hook for any search that {@code stop} stops (thread-safe, returning at once;
   * e.g. {@code org.laminar.lns.LnsScheduler#stop}).
   */
  public static StopOnShutdown install(Runnable stop) {
    StopOnShutdown guard = new StopOnShutdown(stop);
    Runtime.getRuntime().addShutdownHook(guard.hook);
    return guard;
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
