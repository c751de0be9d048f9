package org.laminar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on {@code laminar schedule}, in a child JVM sent SIGINT: before any schedule exists it
 * says so; after the exact search's first incumbent it prints the checked schedules it has. The
 * exit code is the JVM's for SIGINT, 130. (When the signal lands does not change what is asserted.)
 */
class InterruptTest {
  /** A child JVM running the command line with {@code args}, its stdout and stderr collected. */
  private static final class Child {
    final Process process;
    final List<String> err = new ArrayList<>();
    final CountDownLatch incumbent = new CountDownLatch(1);
    final CompletableFuture<String> out;
    final Thread errors;

    Child(String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"), Laminar.class.getName()));
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).start();
      out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      errors = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
            StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            synchronized (err) {
              err.add(line);
            }
            if (line.contains("incumbent")) {
              incumbent.countDown();
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      errors.setDaemon(true);
      errors.start();
    }

    void interrupt() throws Exception {
      assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());
    }

    int exit() throws Exception {
      assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the command ends after Ctrl-C");
      errors.join(10_000);
      return process.exitValue();
    }

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

  @Test
  void ctrlCAtOneSecondReportsWhatExistsOrThatNothingWasComputed() throws Exception {
    Child child = new Child("schedule", "--workload", "resnet18", "--hardware", "quad-core", "--scheduler", "cpsat",
        "--workers", "1", "--time-limit", "60");
    Thread.sleep(1000);
    child.interrupt();
    int code = child.exit();
    String out = child.out.get(10, TimeUnit.SECONDS);
    String err = child.errText();

    assertEquals(130, code, err);
    assertFalse(err.contains("Exception") || out.contains("Exception"), err);
    if (err.isEmpty()) {
      // On a loaded machine the JVM may still be starting at 1 s: the signal ends it before the
      // command began, with nothing computed and nothing printed.
      assertEquals("", out);
    } else if (err.contains("nothing to report")) {
      assertEquals("laminar: interrupted before any schedule was computed; nothing to report", err);
      assertEquals("", out);
    } else {
      assertTrue(out.contains("cpsat ") && out.contains(" yes "), out);
    }
  }

  @Test
  void ctrlCAfterTheFirstIncumbentPrintsTheCheckedBestSchedule() throws Exception {
    // chain5 on hetero-quad takes CP-SAT on one worker far longer to prove than to find a schedule.
    Child child = new Child("schedule", "--scheduler", "cpsat", "--workers", "1", "--time-limit", "600");
    assertTrue(child.incumbent.await(120, TimeUnit.SECONDS), child.errText());
    child.interrupt();
    int code = child.exit();
    String out = child.out.get(10, TimeUnit.SECONDS);
    String err = child.errText();

    assertEquals(130, code, err);
    assertTrue(err.contains("laminar: interrupted; reporting the schedules found so far"), err);
    String row = out.lines().filter(l -> l.startsWith("cpsat ")).findFirst().orElseThrow(() -> new AssertionError(out));
    assertTrue(row.matches("cpsat +(feasible|optimal) +yes .*"), row);
    assertFalse(err.contains("Exception"), err);
  }
}
