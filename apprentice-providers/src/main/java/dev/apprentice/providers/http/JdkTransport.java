package dev.apprentice.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The JDK {@code HttpClient} as a transport (HTTP/1.1; its I/O on virtual threads). */
public final class JdkTransport implements Transport {

  private final HttpClient client;

  public JdkTransport(Duration connectTimeout) {
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  @Override
  public Response post(URI uri, String[] headers, byte[] body, Duration startTimeout, Duration readTimeout)
      throws IOException, InterruptedException {
    // the JDK client's timeout covers the wait for the headers only; its body reads are bounded by the call's deadline
    HttpRequest request = HttpRequest.newBuilder(uri).headers(headers).timeout(startTimeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    return new Response(response.statusCode(), response.headers(), response.body());
  }
}
