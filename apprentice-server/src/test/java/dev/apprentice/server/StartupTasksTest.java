package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartupTasksTest {

  @Test
  void aServerWithNothingToLoadIsReady() {
    assertThat(new StartupTasks().notReady()).isEmpty();
  }

  @Test
  void aRunningTaskIsNamedAndAFinishedOneIsForgotten() throws Exception {
    StartupTasks tasks = new StartupTasks();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    tasks.start("the slow model", () -> {
      await(release);
      finished.countDown();
    });

    assertThat(tasks.notReady()).hasValue("still loading the slow model");

    release.countDown();
    finished.await(10, TimeUnit.SECONDS);
    assertThat(eventually(tasks)).isTrue();
  }

  @Test
  void aFailedTaskKeepsItsErrorEvenAfterTheOthersFinish() throws Exception {
    StartupTasks tasks = new StartupTasks();
    tasks.start("the fast model", () -> {});
    tasks.start("the broken model", () -> {
      throw new IllegalStateException("the file is not a model");
    });

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tasks.notReady().orElse("").startsWith("still loading") && System.nanoTime() < deadline) Thread.sleep(10);

    assertThat(tasks.notReady()).hasValue("the broken model could not be loaded: the file is not a model");
  }

  @Test
  void aTaskFailedByAnErrorWithoutAMessageIsSaidToFailWithItsCausesMessage() throws Exception {
    StartupTasks tasks = new StartupTasks();
    tasks.start("the native model", () -> {
      throw new ExceptionInInitializerError(new IllegalStateException("no native library"));
    });

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tasks.notReady().orElse("").startsWith("still loading") && System.nanoTime() < deadline) Thread.sleep(10);

    assertThat(tasks.notReady())
        .hasValue("the native model could not be loaded: no native library");
  }

  private static boolean eventually(StartupTasks tasks) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tasks.notReady().isPresent() && System.nanoTime() < deadline) Thread.sleep(10);
    return tasks.notReady().isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
