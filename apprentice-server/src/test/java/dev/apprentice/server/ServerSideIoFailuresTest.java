package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.testing.HookedEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An I/O failure of the server's own (a disk that fails under a model call, model files that cannot be read while a
 * collection is filled) is no departed client: it is logged and answered 500 internal_error by the gateway, not
 * swallowed and left unanswered (the web server then answered a bare 500 naming no trace, and nothing was logged).
 */
class ServerSideIoFailuresTest {

  private static final String ADMIN_KEY = "admin-key-for-io-failure-tests";

  private final HookedEmbedder unreadableModel = HookedEmbedder.wordHash(texts -> {
    throw new UncheckedIOException(new IOException("cannot read the model files"));
  });
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        disk: { type: simulator }
      models:
        broken: { targets: [ { provider: disk, model: any } ] }
      """, TempDirs.create(), Map.of("disk", new FailingDisk()), ADMIN_KEY, Clock.systemUTC(), () -> unreadableModel);
  private final KeyedHttp http = gateway.http();

  @Test
  void aChatCallThatMeetsAnIoFailureInsideTheGatewayIsA500AndTraced() {
    HttpResponse<String> failed = http.chat(null, "broken", "hello");

    JsonNode error = assertError(failed, 500, "internal_error", "internal_error", null);
    String traceId = failed.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    assertThat(error.path("message").asText()).as("answered by the gateway, not the web server").contains(traceId);
    assertThat(gateway.admin().trace(traceId).path("status").asInt()).isEqualTo(500);
  }

  @Test
  void anAdminCallThatMeetsAnIoFailureIsA500AndLogged() {
    assertThat(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"faq\"}").statusCode()).isEqualTo(201);
    Logger logger = Logger.getLogger("dev.apprentice.server.admin.AdminRoutes");
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler keep = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(keep);
    HttpResponse<String> failed;
    try {
      failed = http.post("/admin/collections/faq/documents", ADMIN_KEY,
          "{\"documents\":[{\"text\":\"the card arrives in five days\"}]}");
    } finally {
      logger.removeHandler(keep);
    }

    assertError(failed, 500, "internal_error", "internal_error", null);
    assertThat(logged).as("the failure is the server's own, so it is logged")
        .anySatisfy(r -> assertThat(r.getThrown()).hasRootCauseMessage("cannot read the model files"));
  }

  /** A provider whose disk fails under every call: an I/O failure from inside the gateway's pipeline. */
  private static final class FailingDisk implements ChatProvider {

    @Override
    public String name() {
      return "disk";
    }

    @Override
    public String type() {
      return "simulator";
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) {
      throw new UncheckedIOException(new IOException("No space left on device"));
    }

    @Override
    public ChunkStream stream(ChatRequest request, CallContext context) {
      throw new UncheckedIOException(new IOException("No space left on device"));
    }

    @Override
    public Capabilities capabilities() {
      return new Capabilities(true, true, false, false);
    }
  }
}
