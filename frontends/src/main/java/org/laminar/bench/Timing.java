package org.laminar.bench;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Wall and CPU seconds of one measured step. CPU is the whole process's (every thread, the JIT
 * compiler and the collector included), the steadier figure on a loaded machine.
 *
 * @param wallSeconds elapsed time (s)
 * @param cpuSeconds process CPU time (s)
 */
public record Timing(double wallSeconds, double cpuSeconds) {

  /** The result of one timed call and its timing. */
  public record Timed<T>(T value, Timing timing) {
  }

  /** Runs {@code step} and times it. */
  public static <T> Timed<T> of(Supplier<T> step) {
    long cpu = processCpuNanos();
    long wall = System.nanoTime();
    T value = step.get();
    return new Timed<>(value, new Timing((System.nanoTime() - wall) / 1e9, (processCpuNanos() - cpu) / 1e9));
  }

  /** CPU time of this process so far (ns); 0 where the JVM does not report it. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
