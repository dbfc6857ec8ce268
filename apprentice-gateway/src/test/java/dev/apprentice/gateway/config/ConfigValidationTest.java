package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  private static final String PROVIDERS = """
      providers:
        openai: { type: openai, api_key: x }
        anthropic: { type: anthropic }
        sim: { type: simulator }
      """;

  @Test
  void aTargetNamingAnUnknownProviderListsTheKnownOnesAndSuggestsTheClosest() {
    assertThat(problemsOf(PROVIDERS + """
        models:
          gpt-4o:
            targets:
              - { provider: openai, model: gpt-4o }
              - { provider: opena, model: gpt-4o }
        """)).containsExactly("models.gpt-4o.targets[1].provider: unknown provider 'opena' (known: openai, anthropic, sim) "
            + "(did you mean 'openai'?)");
  }

  @Test
  void theProviderNamesMetricsUseForCacheHitsAndUnansweredCallsAreRefusedWithTheirPaths() {
    assertThat(problemsOf("""
        providers:
          cache: { type: simulator }
          None: { type: simulator }
          sim: { type: simulator }
        models:
          m: { targets: [ { provider: cache, model: x }, { provider: sim, model: y } ] }
        """)).containsExactly(
        "providers.cache: 'cache' is reserved: /metrics counts calls the response cache answered under provider"
            + " 'cache' and those no provider answered under 'none' (any case); choose another provider name",
        "providers.None: 'None' is reserved: /metrics counts calls the response cache answered under provider"
            + " 'cache' and those no provider answered under 'none' (any case); choose another provider name");
  }

  @Test
  void aModelNamedLikeTheMetricsLabelOfRefusedRequestsIsRefusedWithItsPath() {
    assertThat(problemsOf("""
        providers:
          sim: { type: simulator }
        models:
          None: { targets: [ { provider: sim, model: x } ] }
          cache: { targets: [ { provider: sim, model: y } ] }
        """)).containsExactly("models.None: 'None' is reserved: /metrics counts requests refused before they became a"
        + " call (an unknown model among them) under model 'none' (any case); choose another model name");
  }

  @Test
  void everyProviderTypesKeyIsStrippedOfTheWhitespaceAroundIt() {
    String yaml = """
        providers:
          oai: { type: openai, api_key: "${OAI_KEY}" }
          ant: { type: anthropic, api_key: "${ANT_KEY}" }
        models:
          m: { targets: [ { provider: oai, model: x }, { provider: ant, model: y } ] }
        """;

    ApprenticeConfig config = ConfigLoader.parse(yaml, Map.of("OAI_KEY", "sk-oai \n", "ANT_KEY", "\tsk-ant-key\r\n"));

    assertThat(config.providers().get("oai").apiKey()).isEqualTo("sk-oai");
    assertThat(config.providers().get("ant").apiKey()).isEqualTo("sk-ant-key");
  }

  @Test
  void aKeyWithWhitespaceOrAControlCharacterInsideIsRefusedNamingThePathNotTheKey() {
    String yaml = """
        providers:
          ant: { type: anthropic, api_key: "${ANT_KEY}" }
          oai: { type: openai, api_key: "${OAI_KEY}" }
        models:
          m: { targets: [ { provider: oai, model: x }, { provider: ant, model: y } ] }
        """;

    assertThat(ConfigExamples.problemsOf(yaml, Map.of("ANT_KEY", "sk-ant secret", "OAI_KEY", "sk-oai\u001bsecret")))
        .containsExactly("providers.ant.api_key: holds whitespace at character 7 of the key (not counting the"
            + " whitespace around it): an API key is one word; check the value or the environment variable it comes"
            + " from", "providers.oai.api_key: holds a control character at character 7 of the key (not counting the"
            + " whitespace around it): an API key is one word; check the value or the environment variable it comes"
            + " from")
        .noneMatch(problem -> problem.contains("secret"));
  }

  @Test
  void aNonNumericPortIsReportedWithTheAllowedRange() {
    assertThat(problemsOf("server: { port: abc }\n" + MINIMAL))
        .containsExactly("server.port: expected an integer between 0 and 65535, got 'abc'");
  }

  @Test
  void aMisspeltKeySuggestsTheClosestKnownKey() {
    assertThat(problemsOf(PROVIDERS + """
        models:
          smart:
            retrys: 3
            targets: [ { provider: openai, model: gpt-4o, wieght: 2 } ]
        providrs: {}
        """)).containsExactly(
        "models.smart.targets[0].wieght: unknown key (did you mean 'weight'?)",
        "models.smart.retrys: unknown key (did you mean 'retries'?)",
        "providrs: unknown key (did you mean 'providers'?)");
  }

  @Test
  void severalProblemsAreReportedTogetherOnePerLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("server: { host: '', port: 70000, max_body_bytes: lots }\n" + MINIMAL, Map.of()));

    assertThat(e.problems()).containsExactly(
        "server.host: must not be empty",
        "server.port: expected an integer between 0 and 65535, got '70000'",
        "server.max_body_bytes: expected a positive integer, got 'lots'");
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
  }

  @Test
  void everyModelSettingIsCheckedAtItsPath() {
    assertThat(problemsOf(PROVIDERS + """
        models:
          smart:
            strategy: fastest
            targets:
              - { provider: openai, weight: 0 }
              - model: gpt-4o
            price: { input_per_mtok: -1, output_per_mtok: cheap }
            retries: 11
            timeout_ms: 0
            ttft_timeout_ms: -5
            retry_backoff_ms: soon
            attempt_timeout_ms: 0
            circuit_breaker: { failure_rate_percent: 150, minimum_calls: 0, open_ms: 0 }
        """)).containsExactly(
        "models.smart.strategy: unknown strategy 'fastest' (known: fallback, weighted, least-latency)",
        "models.smart.targets[0].model: is required",
        "models.smart.targets[0].weight: expected a number greater than 0, got '0'",
        "models.smart.targets[1].provider: is required",
        "models.smart.price.input_per_mtok: expected a non-negative number, got '-1'",
        "models.smart.price.output_per_mtok: expected a non-negative number, got 'cheap'",
        "models.smart.retries: expected an integer between 0 and 10, got '11'",
        "models.smart.timeout_ms: expected a positive number of milliseconds up to 604800000 (7 days), got '0'",
        "models.smart.ttft_timeout_ms: expected a positive number of milliseconds up to 604800000 (7 days), got '-5'",
        "models.smart.retry_backoff_ms: expected a positive number of milliseconds up to 604800000 (7 days), got 'soon'",
        "models.smart.circuit_breaker.failure_rate_percent: expected an integer between 1 and 100, got '150'",
        "models.smart.circuit_breaker.minimum_calls: expected an integer between 1 and 10000, got '0'",
        "models.smart.circuit_breaker.open_ms: expected a positive number of milliseconds up to 604800000 (7 days), got '0'",
        "models.smart.attempt_timeout_ms: expected a positive number of milliseconds up to 604800000 (7 days), got '0'");
  }

  @Test
  void durationsAndBreakerWindowsTooLargeToServeAreRefusedAtTheirPath() {
    assertThat(problemsOf(PROVIDERS + """
        models:
          m:
            targets: [ { provider: openai, model: x } ]
            timeout_ms: 99999999999999999
            circuit_breaker: { minimum_calls: 2147483647 }
        """)).containsExactly(
        "models.m.timeout_ms: expected a positive number of milliseconds up to 604800000 (7 days), got '99999999999999999'",
        "models.m.circuit_breaker.minimum_calls: expected an integer between 1 and 10000, got '2147483647'");
  }

  @Test
  void aHostWithASchemeOrPortAndAStoreNamingNoFileAreRefusedByConfigCheckNotFirstByServe() {
    for (String host : new String[] {"127.0.0.1:8080", "http://0.0.0.0", " 127.0.0.1"}) {
      assertThat(problemsOf("server: { host: \"" + host + "\" }\n" + ConfigExamples.MINIMAL)).singleElement()
          .asString().startsWith("server.host: expected a host name or an IP address");
    }
    for (String host : new String[] {"127.0.0.1", "localhost", "gateway.internal.example.com", "::1", "[::1]", "0.0.0.0"}) {
      assertThat(ConfigLoader.parse("server: { host: \"" + host + "\" }\n" + ConfigExamples.MINIMAL, Map.of())
          .server().host()).isEqualTo(host);
    }
    for (String url : new String[] {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file:x.db?mode=memory"}) {
      assertThat(problemsOf("store: { url: \"" + url + "\" }\n" + ConfigExamples.MINIMAL)).singleElement()
          .asString().startsWith("store.url: '" + url + "' names no file");
    }
  }

  @Test
  void aConfigNeedsAModelAndEveryModelNeedsATarget() {
    assertThat(problemsOf(PROVIDERS)).containsExactly("models: at least one model is required");
    assertThat(problemsOf(PROVIDERS + "models:\n  empty: {}\n  bare:\n"))
        .containsExactly("models.empty.targets: at least one target is required",
            "models.bare.targets: at least one target is required");
  }

  @Test
  void everyProviderSettingIsCheckedAtItsPath() {
    assertThat(problemsOf("""
        providers:
          a: { base_url: "http://x" }
          b: { type: openapi }
          c: { type: openai, base_url: "ftp://files", connect_timeout_ms: -1, headers: { X-Trace: [1] },
               output_limit_field: max_output_tokens }
          d: { type: anthropic, max_tokens_default: 0 }
          e: { type: simulator, mode: shout, lorem_tokens: 0, tokens_per_second: -1, faults: { timeout: 2 } }
          f: { type: simulator, mode: fixed }
        """ + "models:\n  m: { targets: [ { provider: a, model: x } ] }\n")).containsExactly(
        "providers.a.type: is required (one of: openai, anthropic, simulator)",
        "providers.b.type: unknown provider type 'openapi' (known: openai, anthropic, simulator) (did you mean"
            + " 'openai'?)",
        "providers.c.output_limit_field: unknown output limit field 'max_output_tokens' (known: auto, max_tokens,"
            + " max_completion_tokens)",
        "providers.c.base_url: expected an http(s) URL, got 'ftp://files'",
        "providers.c.headers.X-Trace: expected a string, got a list",
        "providers.c.connect_timeout_ms: expected a positive number of milliseconds up to 604800000 (7 days), got '-1'",
        "providers.d.max_tokens_default: expected a positive integer, got '0'",
        "providers.e.mode: unknown mode 'shout' (known: echo, fixed, lorem)",
        "providers.e.lorem_tokens: expected an integer between 1 and 1000000, got '0'",
        "providers.e.tokens_per_second: expected a non-negative number, got '-1'",
        "providers.e.faults.timeout: expected a number between 0 and 1, got '2'",
        "providers.f.text: is required when mode is fixed");
  }

  @Test
  void keysOfAnotherProviderTypeAreRejectedWithTheReason() {
    assertThat(problemsOf("""
        providers:
          openai: { type: openai, mode: echo, max_tokens_default: 100 }
          sim: { type: simulator, api_key: secret, base_url: "http://x" }
          claude: { type: anthropic, output_limit_field: max_tokens }
        models:
          m: { targets: [ { provider: sim, model: x } ] }
        """)).containsExactly(
        "providers.openai.mode: only valid for providers of type simulator",
        "providers.openai.max_tokens_default: only valid for providers of type anthropic",
        "providers.sim.base_url: only valid for providers of type openai or anthropic",
        "providers.sim.api_key: only valid for providers of type openai or anthropic",
        "providers.claude.output_limit_field: only valid for providers of type openai");
  }

  @Test
  void aWrongShapeIsReportedOnceWithoutFollowUpComplaints() {
    assertThat(problemsOf("""
        server: 8080
        store: { url: "postgres://db" }
        providers:
          sim: [ simulator ]
        models:
          m: { targets: { provider: sim } }
        """)).containsExactly(
        "server: expected a mapping, got '8080'",
        "store.url: expected a JDBC URL (jdbc:sqlite:PATH), got 'postgres://db'",
        "providers.sim: expected a mapping, got a list",
        "models.m.targets: expected a list, got a mapping");
  }

  @Test
  void aNegativeConcurrencyLimitIsRefusedWithItsPath() {
    assertThat(problemsOf("server: { max_concurrent_calls: -1 }\n" + ConfigExamples.MINIMAL)).containsExactly(
        "server.max_concurrent_calls: expected an integer between 0 and 1000000, got '-1'");
    assertThat(ConfigLoader.parse("server: { max_concurrent_calls: 64 }\n" + ConfigExamples.MINIMAL, Map.of())
        .withServer("0.0.0.0", 9000).server().maxConcurrentCalls()).as("kept when host and port change").isEqualTo(64);
  }

  @Test
  void theInflightBodyBudgetIsASixteenthOfTheHeapUnlessSetAndABadValueIsRefusedWithItsPath() {
    ServerSettings defaults = ConfigLoader.parse(ConfigExamples.MINIMAL, Map.of()).server();
    assertThat(defaults.inflightBodyBytes(256L * 1_048_576)).isEqualTo(16L * 1_048_576);
    assertThat(defaults.inflightBodyBytes(4L * 1_048_576)).as("at least 1 MiB").isEqualTo(1_048_576);
    ServerSettings set = ConfigLoader.parse("server: { max_inflight_body_mb: 64 }\n" + ConfigExamples.MINIMAL, Map.of())
        .withServer("0.0.0.0", 9000).server();
    assertThat(set.inflightBodyBytes(256L * 1_048_576)).as("kept when host and port change").isEqualTo(64L * 1_048_576);
    assertThat(problemsOf("server: { max_inflight_body_mb: 0 }\n" + ConfigExamples.MINIMAL)).containsExactly(
        "server.max_inflight_body_mb: expected an integer between 1 and 1000000, got '0'");
  }

  @Test
  void connectionTimeoutsAndTheirLimitAreReadWithDefaultsAndKeptWhenHostAndPortChange() {
    ServerSettings defaults = ConfigLoader.parse(ConfigExamples.MINIMAL, Map.of()).server();
    assertThat(defaults.readTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(defaults.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(defaults.maxConnections()).isEqualTo(10_000);
    ServerSettings set = ConfigLoader.parse("server: { read_timeout_ms: 5000, idle_timeout_ms: 15000, "
        + "max_connections: 50 }\n" + ConfigExamples.MINIMAL, Map.of()).withServer("0.0.0.0", 9000).server();
    assertThat(set.readTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(set.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(15));
    assertThat(set.maxConnections()).isEqualTo(50);
    assertThat(problemsOf("server: { read_timeout_ms: 0, max_connections: 0 }\n" + ConfigExamples.MINIMAL))
        .containsExactly(
        "server.read_timeout_ms: expected a positive number of milliseconds up to 604800000 (7 days), got '0'",
        "server.max_connections: expected an integer between 1 and 1000000, got '0'");
  }

  @Test
  void anEmptyMetricsKeyIsRefusedRatherThanLeavingMetricsOpen() {
    assertThat(problemsOf("server: { metrics_key: \"${METRICS_KEY:-}\" }\n" + ConfigExamples.MINIMAL)).containsExactly(
        "server.metrics_key: must not be empty (leave it out to keep /metrics open)");
    assertThat(ConfigLoader.parse(ConfigExamples.MINIMAL, Map.of()).server().metricsKey()).as("open by default")
        .isNull();
    assertThat(ConfigLoader.parse("server: { metrics_key: scrape-secret-123 }\n" + ConfigExamples.MINIMAL, Map.of())
        .withServer("0.0.0.0", 9000).server().metricsKey()).as("kept when host and port change")
        .isEqualTo("scrape-secret-123");
  }

  @Test
  void twoModelsSharingATargetMustAgreeOnItsCircuitBreaker() {
    String shared = """
        providers:
          sim: { type: simulator }
        models:
          fast: { targets: [ { provider: sim, model: sim-echo } ] }
          careful:
            targets: [ { provider: sim, model: sim-lorem }, { provider: sim, model: sim-echo } ]
            circuit_breaker: { minimum_calls: 3 }
          also-careful:
            targets: [ { provider: sim, model: sim-lorem } ]
            circuit_breaker: { minimum_calls: 3 }
        """;

    assertThat(problemsOf(shared)).containsExactly("models.careful.circuit_breaker: target 'sim/sim-echo' is also a"
        + " target of model 'fast', whose circuit_breaker differs; a target has one breaker, shared by every model"
        + " that routes to it: give both the same values (or set them only at the top level)");
  }

  @Test
  void aDatabaseThisVersionCannotOpenIsRefusedByTheConfigCheckNotAtServe() {
    assertThat(problemsOf("store: { url: 'jdbc:postgresql://db/app' }\n" + ConfigExamples.MINIMAL)).containsExactly(
        "store.url: PostgreSQL is not supported by this version yet (the SQL is kept portable for it); use "
            + "jdbc:sqlite:PATH");
    assertThat(problemsOf("store: { url: 'jdbc:mysql://db/app' }\n" + ConfigExamples.MINIMAL)).containsExactly(
        "store.url: unsupported database 'jdbc:mysql://db/app'; use jdbc:sqlite:PATH");
  }

  @Test
  void aYamlSyntaxErrorNamesLineAndColumnWithoutAStackTrace() {
    assertThatThrownBy(() -> ConfigLoader.parse("server:\n  host: [127.0.0.1\n  port: 8080\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid YAML at line 3, column ")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("at com.");
  }

  @Test
  void aDuplicateKeyIsAnErrorRatherThanSilentlyLastWins() {
    assertThatThrownBy(() -> ConfigLoader.parse("server:\n  port: 1\n  port: 2\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("duplicate key 'port'");
  }

  @Test
  void aHostFromTheCommandLineIsHeldToTheRulesOfServerHost() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL, Map.of());

    assertThatThrownBy(() -> config.withServer("http://0.0.0.0", null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("server.host: expected a host name or an IP address (no scheme, no port: the port is server.port),"
            + " got 'http://0.0.0.0'");
    assertThat(config.withServer("0.0.0.0", 9000).server().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void aMisspeltWordAmongFixedChoicesIsAnsweredWithTheClosestOne() {
    assertThat(problemsOf(MINIMAL + "    strategy: least_latency\n    traces: { capture: metadata_only }\n"))
        .containsExactly("models.echo.strategy: unknown strategy 'least_latency' (known: fallback, weighted,"
            + " least-latency) (did you mean 'least-latency'?)",
            "models.echo.traces.capture: unknown capture policy 'metadata_only' (known: full, metadata-only) (did you"
            + " mean 'metadata-only'?)");
    assertThat(problemsOf("logging: { format: xml }\n" + MINIMAL))
        .containsExactly("logging.format: unknown log format 'xml' (known: text, json)");
  }

  @Test
  void aUrlWhoseHostNoHttpClientCanCallIsRefusedSayingItIsTheHost() {
    String host = ": its host is missing or not a valid host name (letters, digits, '-' and '.'; '_' is not allowed)";

    assertThat(problemsOf("""
        telemetry: { otlp: { endpoint: "http://otel_collector:4318/v1/traces" } }
        providers:
          sim: { type: simulator }
          vllm: { type: openai, base_url: "http://local_vllm:8000/v1" }
          bare: { type: anthropic, base_url: "https:///v1" }
        models:
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """)).containsExactly(
        "providers.vllm.base_url: expected an http(s) URL, got 'http://local_vllm:8000/v1'" + host,
        "providers.bare.base_url: expected an http(s) URL, got 'https:///v1'" + host,
        "telemetry.otlp.endpoint: expected an http(s) URL such as http://collector:4318/v1/traces, got"
            + " 'http://otel_collector:4318/v1/traces'" + host);
  }

  @Test
  void aRefusedUrlIsEchoedWithItsCredentialsMasked() {
    String host = ": its host is missing or not a valid host name (letters, digits, '-' and '.'; '_' is not allowed)";

    assertThat(problemsOf("""
        telemetry: { otlp: { endpoint: "http://ingest-token-0123456789@otel_collector:4318/v1/traces" } }
        store: { url: "jdbc:mysql://app:db-secret@db/apprentice?password=db-secret2" }
        providers:
          sim: { type: simulator }
          a: { type: openai, base_url: "https://user:p@ss-word@local_vllm/v1" }
          b: { type: openai, base_url: "user:secret@gateway/v1?api-version=2024-02-01&key=AIzaSecretKey0123" }
        models:
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """)).containsExactly(
        "store.url: unsupported database 'jdbc:mysql://app:****@db/apprentice?password=****'; use jdbc:sqlite:PATH",
        "providers.a.base_url: expected an http(s) URL, got 'https://user:****@local_vllm/v1'" + host,
        "providers.b.base_url: expected an http(s) URL, got 'user:****@gateway/v1?api-version=2024-02-01&key=****'",
        "telemetry.otlp.endpoint: expected an http(s) URL such as http://collector:4318/v1/traces, got"
            + " 'http://****@otel_collector:4318/v1/traces'" + host);
  }

  @Test
  void anEmptyNameOrAPlaceholderInANameIsRefusedWhereverEntriesAreNamed() {
    assertThat(problemsOf("""
        providers:
          sim: { type: simulator }
          "${PROVIDER}": { type: simulator }
        models:
          "": { targets: [ { provider: sim, model: sim-echo } ] }
          echo: { targets: [ { provider: sim, model: sim-echo } ], retrys: 1 }
        tenants:
          " ": { rpm: 5 }
        """, Map.of("PROVIDER", "other"))).containsExactly(
        "providers.${PROVIDER}: a name is not interpolated (only values are): write the name itself",
        "models.'': a name must not be empty",
        "models.echo.retrys: unknown key (did you mean 'retries'?)",
        "tenants.' ': a name must not be empty");
  }

  @Test
  void aNameWithBlanksAroundItIsRefusedSayingTheNameClientsWouldSend() {
    assertThat(problemsOf("""
        providers:
          sim: { type: simulator }
          "sim2 ": { type: simulator }
        models:
          " smart": { targets: [ { provider: sim, model: sim-echo } ] }
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        tenants:
          "\tacme": { rpm: 5 }
        """)).containsExactly(
        "providers.'sim2 ': a name must not begin or end with blanks (write 'sim2')",
        "models.' smart': a name must not begin or end with blanks (write 'smart')",
        "tenants.'\tacme': a name must not begin or end with blanks (write 'acme')");
  }

  @Test
  void aKeyWrittenShortIsAnsweredWithTheKeyThatHoldsIt() {
    assertThat(problemsOf("""
        providers:
          sim: { type: simulator }
          claude: { type: anthropic, max_tokens: 1024, timeout_ms: 3000 }
        models:
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """)).containsExactly("providers.claude.max_tokens: unknown key (did you mean 'max_tokens_default'?)",
        "providers.claude.timeout_ms: unknown key (did you mean 'connect_timeout_ms'?)");
  }

  @Test
  void aSettingAtTheWrongLevelSaysWhereItGoes() {
    assertThat(problemsOf("retries: 3\ntimeout_ms: 5000\n" + MINIMAL + "    traces: { enabled: false }\n"))
        .containsExactly(
            "retries: set per model, under models.NAME (circuit_breaker, cache, guard and traces are the blocks with a"
            + " top-level default for every model)",
            "timeout_ms: set per model, under models.NAME (circuit_breaker, cache, guard and traces are the blocks with"
            + " a top-level default for every model)",
            "models.echo.traces.enabled: only valid in the top-level traces block (a model's traces block sets capture"
            + " only)");
  }
}
