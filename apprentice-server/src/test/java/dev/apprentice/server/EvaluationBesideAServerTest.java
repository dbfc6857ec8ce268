package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.eval.GatewayChatClient;
import dev.apprentice.testing.WordHashEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server holds its data directory's response cache and collections for writing; an evaluation's in-process gateway
 * on the same data directory opens no cache and reads the collections, so it runs beside it. A second server cannot,
 * and says why.
 */
class EvaluationBesideAServerTest {

  private static final String ADMIN_KEY = "admin-key-for-evaluation-tests";
  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      models:
        echo:
          targets: [ { provider: sim, model: sim-echo } ]
        handbook:
          targets: [ { provider: sim, model: sim-echo } ]
          rag: { collection: kb, k: 2, min_score: -1 }
      """;

  private final Path dataDir = TempDirs.create();
  private final ApprenticeConfig config = Gateways.onAnyFreePort(ConfigLoader.parse(CONFIG, Map.of()), dataDir);
  private final ApprenticeServer server = ApprenticeServer.start(config, Map.of(), ADMIN_KEY, Clock.systemUTC(),
      WordHashEmbedder::new);
  private ApprenticeServer evaluation;

  @AfterEach
  void stop() {
    if (evaluation != null) evaluation.close();
    server.close();
  }

  private static ChatRequest ask(String model, String text) {
    return ChatRequest.builder().model(model).messages(List.of(Message.user(text))).temperature(0.0).build();
  }

  @Test
  void anEvaluationsGatewayRunsBesideAServerAndRetrievesFromTheCollectionsItHolds() {
    KeyedHttp http = new KeyedHttp(server);
    http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}");
    http.post("/admin/collections/kb/documents", ADMIN_KEY,
        "{\"documents\": [{\"id\": \"refunds\", \"text\": \"Refunds take five days.\"}]}");
    assertThat(server.cache()).isNotNull();

    evaluation = ApprenticeServer.startForEvaluation(config, WordHashEmbedder::new);
    GatewayChatClient client = new GatewayChatClient(evaluation.gateway());

    assertThat(evaluation.cache()).isNull();
    assertThat(client.complete(ask("echo", "hello"), List.of("eval")).text()).contains("hello");
    Completion retrieved = client.complete(ask("handbook", "how long do refunds take"), List.of("eval"));
    assertThat(retrieved.retrievedIds()).containsExactly("refunds#0");

    http.post("/admin/collections/kb/documents", ADMIN_KEY,
        "{\"documents\": [{\"id\": \"returns\", \"text\": \"Returns are free.\"}]}");
    assertThat(client.complete(ask("handbook", "are returns free"), List.of("eval")).retrievedIds())
        .containsExactlyInAnyOrder("refunds#0", "returns#0");
  }

  @Test
  void aSecondServerOnTheSameDataDirectoryIsRefusedNamingTheFirstBeforeItOpensTheCache() {
    assertThatThrownBy(() -> ApprenticeServer.start(config, Map.of(), ADMIN_KEY, Clock.systemUTC(),
        WordHashEmbedder::new))
        .isInstanceOf(DataDirServer.HeldElsewhere.class)
        .hasMessageContaining("another server (pid " + ProcessHandle.current().pid() + ", http://127.0.0.1:"
            + server.port() + ") serves the data directory");
  }
}
