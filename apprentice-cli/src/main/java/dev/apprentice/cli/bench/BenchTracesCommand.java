package dev.apprentice.cli.bench;

import dev.apprentice.api.files.DataFolders;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.server.http.TraceIds;
import dev.apprentice.store.AsyncTraceWriter;
import dev.apprentice.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code apprentice bench traces}: how many traces per second the asynchronous writer stores in SQLite, offered as
 * fast as a set of threads can produce them, with full capture (request and response bodies). This is the ceiling
 * of traced gateway throughput; the gateway benchmark checks that no trace is dropped below it.
 */
@Command(name = "traces", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measures the trace writer: rows per second into a fresh SQLite store, and drops.")
public final class BenchTracesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--rows", defaultValue = "200000", description = "Traces to write (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--threads", defaultValue = "4", description = "Producing threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--queue", description = "Writer queue capacity (default: --rows, so that nothing is dropped and the"
      + " sustained write rate is measured; the server's default is 16384).")
  Integer queue;

  /** How the bench's trace ids are made. */
  enum IdFormat { gateway, random, sequential }

  @Option(names = "--ids", defaultValue = "gateway", description = "Trace ids: gateway (as the server makes them),"
      + " random (24 random hex digits, the format before ids began with the time) or sequential (default: ${DEFAULT-VALUE}).")
  IdFormat ids;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the store (default: a temporary directory, removed after).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) throw new ParameterException(spec.commandLine(), "--rows must be at least 1");
    if (threads < 1 || threads > rows) {
      throw new ParameterException(spec.commandLine(), "--threads must be between 1 and --rows");
    }
    if (queue != null && queue < 1) throw new ParameterException(spec.commandLine(), "--queue must be at least 1");
    IntFunction<String> idOf = ids();
    PrintWriter out = spec.commandLine().getOut();
    Path base = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("apprentice-bench-traces");
    Path db = base.resolve("bench-" + System.nanoTime() + ".db");
    // the store unpacks SQLite's native library into native/ beside the database when it is the process's first
    Path nativeFolder = DataFolders.nativeLibraries(base);
    boolean nativeFolderWasThere = Files.exists(nativeFolder);
    try (Store store = Store.open("jdbc:sqlite:" + db)) {
      AsyncTraceWriter writer = new AsyncTraceWriter(store.traces(), queue == null ? rows : queue, 1_000,
          Duration.ofMillis(100));
      int perThread = rows / threads;
      long start = System.nanoTime();
      Thread[] producers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int offset = t * perThread;
        producers[t] = Thread.ofPlatform().start(() -> {
          for (int i = 0; i < perThread; i++) writer.accept(trace(offset + i, idOf.apply(offset + i)));
        });
      }
      for (Thread p : producers) p.join();
      long offered = System.nanoTime() - start;
      writer.close();
      long done = System.nanoTime() - start;
      long total = (long) perThread * threads;
      out.printf(Locale.ROOT, "traces offered: %d in %.2f s (%.0f/s offered)%n", total, offered / 1e9,
          total / (offered / 1e9));
      out.printf(Locale.ROOT, "traces written: %d, dropped (queue full): %d, in %.2f s -> %.0f rows/s written%n",
          writer.written(), writer.dropped(), done / 1e9, writer.written() / (done / 1e9));
      out.printf(Locale.ROOT, "stored: %d; database %.1f MB (with its write-ahead log)%n", store.traces().count(),
          (Files.size(db) + sizeIfAny(db.resolveSibling(db.getFileName() + "-wal"))) / 1e6);
    } finally {
      try (var files = Files.list(base)) {
        for (Path p : files.filter(p -> p.getFileName().toString().startsWith(db.getFileName().toString())).toList()) {
          Files.deleteIfExists(p);
        }
      }
      if (!nativeFolderWasThere && Files.isDirectory(nativeFolder)) {
        try (var paths = Files.walk(nativeFolder)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
      }
      if (dir == null) Files.deleteIfExists(base);
    }
    return 0;
  }

  /** The id of the {@code i}th trace, in the chosen format. */
  private IntFunction<String> ids() {
    return switch (ids) {
      case gateway -> i -> TraceIds.next();
      case random -> i -> String.format("tr_%016x%08x", ThreadLocalRandom.current().nextLong(),
          ThreadLocalRandom.current().nextInt());
      case sequential -> i -> String.format("tr_%024x", i);
    };
  }

  /** A realistic trace: one attempt, a short chat request and answer captured in full. */
  private static TraceRecord trace(int i, String id) {
    String request = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Summarise ticket " + i
        + ": the customer cannot log in after resetting the password twice.\"}]}";
    String response = "{\"id\":\"chatcmpl-" + i + "\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The customer is locked out after"
        + " two password resets; suggest an unlock.\"},\"finish_reason\":\"stop\"}]}";
    return new TraceRecord(id, Instant.now(), "tenant-" + (i % 8), "key" + (i % 32), "bench",
        "openai", "gpt-4o", "gpt-4o-2024-08-06", "fp_1", false, 200, null, null, new Tokens(42, 18, 0, 0, 0), false,
        0.000285, 12.5, null, 0.21, "miss", null, List.of("bench"), Map.of(), request, response,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 12.1, "ok", 200, null)));
  }

  /** Bytes of {@code file}, or 0 when there is none (SQLite has checkpointed its log away). */
  private static long sizeIfAny(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }
}
