package dev.apprentice.providers.http;

import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.WebClientServiceRequest;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;
import java.time.Duration;

/**
 * Gives a response's body its own read timeout. Helidon's {@code readTimeout} is the connection's socket timeout
 * for the whole exchange, so the short wait allowed for a stream's first token would also cut any later pause
 * between events; once the headers are in, this service sets the connection's timeout to the one the request
 * carries in {@link #PROPERTY} (milliseconds).
 */
final class BodyReadTimeout implements WebClientService {

  static final String PROPERTY = "apprentice.body-read-timeout-ms";

  @Override
  public WebClientServiceResponse handle(Chain chain, WebClientServiceRequest request) {
    WebClientServiceResponse response = chain.proceed(request);
    String millis = request.properties().get(PROPERTY);
    if (millis != null && response.connection() instanceof ClientConnection connection) {
      connection.readTimeout(Duration.ofMillis(Math.max(1, Long.parseLong(millis))));
    }
    return response;
  }

  @Override
  public String name() {
    return "apprentice-body-read-timeout";
  }

  @Override
  public String type() {
    return "apprentice-body-read-timeout";
  }
}
