package dev.apprentice.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.time.Duration;

/** The official OpenAI Java SDK pointed at a running gateway, as a user would configure it: only the base URL differs. */
final class OpenAiSdks {

  private OpenAiSdks() {}

  /** A client of {@code server} that never retries on its own, so a test sees each answer as the gateway gave it. */
  static OpenAIClient client(ApprenticeServer server) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
        .apiKey("x")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20))
        .build();
  }
}
