package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The command line run in a child JVM, so that a test can send it SIGINT as Ctrl-C does: its stdout
 * collected, its stderr line by line as it comes.
 */
final class ChildJvm {
  private final Process process;
  private final List<String> err = new ArrayList<>();
  private final CompletableFuture<String> out;
  private final Thread errors;

  /** Starts {@code laminar args...} on this JVM's class path, with the JVM options the {@code laminar} script gives. */
  ChildJvm(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Laminar.class.getName()));
    command.addAll(List.of(args));
    process = new ProcessBuilder(command).start();
    out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    errors = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (err) {
            err.add(line);
            err.notifyAll();
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    errors.setDaemon(true);
    errors.start();
  }

  /** Whether a stderr line containing {@code fragment} came within {@code seconds} (a failure guard only). */
  boolean awaitErr(String fragment, long seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (err) {
      while (err.stream().noneMatch(l -> l.contains(fragment))) {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        err.wait(left);
      }
      return true;
    }
  }

  /** Whether the child still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** Ctrl-C: SIGINT to the child. */
  void interrupt() throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());
  }

  /** Waits for the child to end (a generous guard, not a timing assertion) and returns its exit code. */
  int exit() throws Exception {
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the command ends after Ctrl-C");
    errors.join(10_000);
    return process.exitValue();
  }

  /** Everything the child printed on stdout; after {@link #exit}. */
  String out() throws Exception {
    return out.get(10, TimeUnit.SECONDS);
  }

  /** The stderr lines so far, joined. */
  String errText() {
    synchronized (err) {
      return String.join("\n", err);
    }
  }

  private static String read(InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
