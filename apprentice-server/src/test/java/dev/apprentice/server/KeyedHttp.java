package dev.apprentice.server;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls to a running server that carry {@code Authorization: Bearer <key>} (no header when the key is null). */
final class KeyedHttp {

  private final RawHttp http;

  KeyedHttp(ApprenticeServer server) {
    this.http = new RawHttp(server);
  }

  HttpResponse<String> post(String path, String key, String json) {
    return http.send(authorized(http.request(path), key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST with extra headers given as name, value pairs. */
  HttpResponse<String> post(String path, String key, String json, String... headers) {
    return http.send(authorized(http.request(path), key).header("Content-Type", "application/json").headers(headers)
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> get(String path, String key) {
    return http.send(authorized(http.request(path), key).GET());
  }

  HttpResponse<String> delete(String path, String key) {
    return http.send(authorized(http.request(path), key).DELETE());
  }

  /** A chat completion of one user message. */
  HttpResponse<String> chat(String key, String model, String text) {
    return post("/v1/chat/completions", key, chatBody(model, text));
  }

  static String chatBody(String model, String text) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder request, String key) {
    return key == null ? request : request.header("Authorization", "Bearer " + key);
  }

  /** Sends {@code calls} identical chat calls at once (each on its own virtual thread) and waits for every answer. */
  java.util.List<HttpResponse<String>> chatTogether(String key, String body, int calls) throws Exception {
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.List<java.util.concurrent.Future<HttpResponse<String>>> futures = new java.util.ArrayList<>(calls);
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < calls; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return post("/v1/chat/completions", key, body);
        }));
      }
      go.countDown();
      java.util.List<HttpResponse<String>> responses = new java.util.ArrayList<>(calls);
      for (var f : futures) responses.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
      return responses;
    }
  }
}
