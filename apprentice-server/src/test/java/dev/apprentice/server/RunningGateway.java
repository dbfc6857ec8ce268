package dev.apprentice.server;

import java.util.ArrayList;
import java.util.List;

/**
 * A server started for a test, with what the test calls it through: {@link #http()} for any call and {@link #admin()}
 * for the admin API under the key the server was started with. Closing it closes the server, then the fakes it was
 * told to close ({@link #closing}), in that order, since an upstream must outlive the server that calls it; a second
 * close does nothing, so a test may close it early (to restart on the same data directory) and leave the rest to
 * {@code @AutoClose}.
 *
 * <p>This is how a new server test starts a server, made by one of the {@code Gateways.running} methods:
 *
 * <pre>{@code
 * private final FakeUpstream upstream = new FakeUpstream();
 * @AutoClose
 * private final RunningGateway gateway = Gateways.running(yaml, ADMIN_KEY, Clock.systemUTC()).closing(upstream);
 * }</pre>
 *
 * <p>A few tests start a server themselves, where the start is what they test: {@code AdminKeyLengthTest} (a start
 * refused for the host it binds), {@code DataDirServerTest} and {@code EvaluationBesideAServerTest} (the one config
 * started as a server, an evaluation's gateway and a refused second server), {@code ConfiguredEmbeddingModelTest}
 * (a config read with environment variables); {@code http.CallAdmissionTest} and {@code http.LateDepartureTest} run a
 * bare web server around one handler, no gateway.
 */
final class RunningGateway implements AutoCloseable {

  private final ApprenticeServer server;
  private final KeyedHttp http;
  private final AdminClient admin;
  private final List<AutoCloseable> fakes = new ArrayList<>();
  private boolean closed;

  RunningGateway(ApprenticeServer server, String adminKey) {
    this.server = server;
    this.http = new KeyedHttp(server);
    this.admin = new AdminClient(server, adminKey);
  }

  ApprenticeServer server() {
    return server;
  }

  KeyedHttp http() {
    return http;
  }

  AdminClient admin() {
    return admin;
  }

  /** Also closes {@code fakes}, in this order, once the server is closed. */
  RunningGateway closing(AutoCloseable... fakes) {
    this.fakes.addAll(List.of(fakes));
    return this;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    server.close();
    for (AutoCloseable fake : fakes) {
      try {
        fake.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + fake, e);
      }
    }
  }
}
