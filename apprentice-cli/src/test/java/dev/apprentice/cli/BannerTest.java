package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup banner (PRODUCT.md §1): the URL, the data directory, the models, the simulator and how to authenticate;
 * its example call works as printed, sending a key once the server wants one.
 */
class BannerTest {

  @TempDir Path dataDir;
  private ApprenticeServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private ApprenticeServer start() {
    return start("");
  }

  private ApprenticeServer start(String moreProviders) {
    return start(moreProviders, "");
  }

  private ApprenticeServer start(String moreProviders, String moreModels) {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        """ + moreProviders + """
        models:
          sim-echo:
            targets: [ { provider: sim, model: sim-echo } ]
        """ + moreModels, Map.of()).withServer("127.0.0.1", 0).withDataDir(dataDir.toString());
    server = ApprenticeServer.start(config, Map.of(), "admin-key-for-banner", Clock.systemUTC());
    return server;
  }

  @Test
  void theBannerNamesTheUrlTheDataDirectoryEveryModelWithItsTargetsAndTheSimulator() {
    String banner = Banner.render(start(), "built-in default");

    assertThat(banner).startsWith("Apprentice gateway is serving on http://127.0.0.1:" + server.port() + "/v1\n")
        .contains("  data dir:  " + dataDir.toAbsolutePath().normalize() + "\n")
        .contains("    sim-echo  ->  sim/sim-echo [simulator]  (fallback)\n")
        .contains("the built-in SIMULATOR answers for 'simulator' targets");
  }

  @Test
  void aRagModelWhoseCollectionDoesNotExistIsWarnedAboutAndOneWhoseCollectionExistsIsNot() {
    String rag = """
          ghost-bot:
            targets: [ { provider: sim, model: sim-echo } ]
            rag: { collection: ghost }
          docs-bot:
            targets: [ { provider: sim, model: sim-echo } ]
            rag: { collection: handbook }
        """;
    start("", rag).collections().create("handbook");

    String banner = Banner.render(server, "apprentice.yaml");

    assertThat(banner).contains("  warning:   model 'ghost-bot' retrieves from collection 'ghost', which does not "
        + "exist: its calls are answered without context until it is created (apprentice collections create ghost)\n")
        .doesNotContain("'handbook', which does not exist");
  }

  @Test
  void anAdminKeyTooShortToBindBeyondLoopbackIsWarnedAbout() {
    String banner = Banner.render(start(), "built-in default");

    assertThat(banner).contains("  warning:   APPRENTICE_ADMIN_KEY has 20 characters; use at least 24");
  }

  @Test
  void whileCallsAreOpenOnLoopbackTheExampleCallSendsNoKey() {
    String banner = Banner.render(start(), "built-in default");

    assertThat(banner).contains("open on loopback").contains("curl ").doesNotContain("authorization: Bearer");
  }

  @Test
  void whileCallsAreOpenOnLoopbackItSaysAnSdksPlaceholderKeyIsIgnored() {
    String banner = Banner.render(start(), "built-in default");

    assertThat(banner).contains("until then an SDK's placeholder api key (sk-anything) is ignored");
  }

  @Test
  void onceAClientKeyExistsTheExampleCallSendsOne() {
    start().keys().create(ApiKey.Role.CLIENT, "acme", "banner", Set.of(), Limits.NONE);

    String banner = Banner.render(server, "built-in default");

    assertThat(banner).contains("every call needs a client key").contains("-H \"authorization: Bearer $KEY\"");
  }

  @Test
  void theSimulatorNoteSuggestsApprenticeYamlOnlyOnTheBuiltInDefault() {
    start();

    assertThat(Banner.render(server, "built-in default")).contains("or write apprentice.yaml, for real models");
    assertThat(Banner.render(server, "rag.yaml")).doesNotContain("write apprentice.yaml")
        .contains("give models openai or anthropic targets in rag.yaml for real ones");
  }

  @Test
  void withARealProviderServingSomeModelsTheSimulatorNoteAsksForNoKeyOrConfig() {
    start("  openai: { type: openai, api_key: sk-set-in-the-environment }\n",
        "  gpt-4o: { targets: [ { provider: openai, model: gpt-4o } ] }\n");

    assertThat(Banner.render(server, "built-in default"))
        .contains("  note:      the built-in SIMULATOR answers for 'simulator' targets (a deterministic fake LLM)\n")
        .doesNotContain("set OPENAI_API_KEY").doesNotContain("for real");
    assertThat(Banner.render(server, "rag.yaml")).doesNotContain("for real ones");
  }

  @Test
  void anApiKeyFromAnUnsetVariableIsWarnedAboutAtStartup() {
    start("  local: { type: openai, base_url: \"http://127.0.0.1:1/v1\", api_key: \"${LOCAL_KEY}\" }\n");

    assertThat(Banner.render(server, "local.yaml")).contains("  warning:   providers.local.api_key: environment"
        + " variable 'LOCAL_KEY' is not set: this provider is called without an API key");
  }
}
