package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

class HelidonTransportTest {

  private static final String[] PROXY_PROPERTIES =
      {"http.proxyHost", "https.proxyHost", "socksProxyHost", "java.net.useSystemProxies"};

  @Test
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void aProxyIsUsedOnlyWhenTheJvmIsToldToUseOne() {
    java.util.Map<String, String> before = new java.util.HashMap<>();
    for (String key : PROXY_PROPERTIES) before.put(key, System.getProperty(key));
    try {
      for (String key : PROXY_PROPERTIES) System.clearProperty(key);
      assertThat(HelidonTransport.jvmProxyConfigured()).isFalse();
      System.setProperty("https.proxyHost", " ");
      assertThat(HelidonTransport.jvmProxyConfigured()).as("a blank host is no proxy").isFalse();
      System.setProperty("https.proxyHost", "proxy.internal");
      assertThat(HelidonTransport.jvmProxyConfigured()).isTrue();
      System.clearProperty("https.proxyHost");
      System.setProperty("java.net.useSystemProxies", "true");
      assertThat(HelidonTransport.jvmProxyConfigured()).as("the system's settings").isTrue();
    } finally {
      before.forEach((key, value) -> {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
      });
    }
  }

  @Test
  void aPostReachesTheUpstreamDirectlyWhenNoProxyIsConfigured() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream()) {
      upstream.json(200, "{\"ok\":true}");
      Transport.Response response = new HelidonTransport(Duration.ofSeconds(2))
          .post(URI.create(upstream.baseUrl() + "/chat/completions"), new String[] {"content-type", "application/json"},
              "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2), Duration.ofSeconds(2));

      try (InputStream body = response.body()) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
      }
      assertThat(upstream.takeRequest().path()).isEqualTo("/v1/chat/completions");
    }
  }

  @Test
  void aFailureHelidonGivesWithoutWordsIsPassedOnWithoutItsClassName() {
    assertThat(HelidonTransport.cutShort(new IllegalStateException()).getMessage())
        .isEqualTo("the body ended early or was malformed");
    assertThat(HelidonTransport.notSent(new IllegalStateException()).getMessage()).isNull();
  }
}
