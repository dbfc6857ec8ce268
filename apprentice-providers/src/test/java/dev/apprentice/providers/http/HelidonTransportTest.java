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

  @Test
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void aProxyIsUsedOnlyWhenTheJvmIsToldToUseOne() {
    String before = System.getProperty("https.proxyHost");
    try {
      System.clearProperty("https.proxyHost");
      boolean without = HelidonTransport.jvmProxyConfigured();
      System.setProperty("https.proxyHost", "proxy.internal");
      assertThat(HelidonTransport.jvmProxyConfigured()).isTrue();
      assertThat(without).isEqualTo(System.getProperty("http.proxyHost") != null
          || System.getProperty("socksProxyHost") != null || Boolean.getBoolean("java.net.useSystemProxies"));
    } finally {
      if (before == null) System.clearProperty("https.proxyHost");
      else System.setProperty("https.proxyHost", before);
    }
  }

  @Test
  void aPostReachesTheUpstreamDirectlyWhenNoProxyIsConfigured() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream()) {
      upstream.json(200, "{\"ok\":true}");
      Transport.Response response = new HelidonTransport(Duration.ofSeconds(2))
          .post(URI.create(upstream.baseUrl() + "/chat/completions"), new String[] {"content-type", "application/json"},
              "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));

      try (InputStream body = response.body()) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
      }
      assertThat(upstream.takeRequest().path()).isEqualTo("/v1/chat/completions");
    }
  }
}
