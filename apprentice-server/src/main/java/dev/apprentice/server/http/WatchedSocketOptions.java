package dev.apprentice.server.http;

import io.helidon.common.socket.SocketOptions;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Helidon's options for the sockets a listener accepts, as built, plus one thing they cannot say: each socket is
 * handed to {@code accepted} once configured, for {@link ConnectionTimeouts} to watch.
 */
final class WatchedSocketOptions implements SocketOptions {

  private final SocketOptions base;
  private final Duration readTimeout;
  private final Consumer<SocketChannel> accepted;

  WatchedSocketOptions(SocketOptions base, Duration readTimeout, Consumer<SocketChannel> accepted) {
    this.base = base;
    this.readTimeout = readTimeout;
    this.accepted = accepted;
  }

  @Override
  public void configureSocket(SocketChannel socket) {
    base.configureSocket(socket);
    try {
      accepted.accept(socket);
    } catch (RuntimeException e) {
      // runs on Helidon's listener thread, which an exception escaping here could stop: the connection goes unwatched
    }
  }

  @Override
  public void configureSocket(Socket socket) {
    base.configureSocket(socket);
  }

  @Override
  public Map<SocketOption<?>, Object> socketOptions() {
    return base.socketOptions();
  }

  @Override
  public Duration connectTimeout() {
    return base.connectTimeout();
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public Optional<Integer> socketReceiveBufferSize() {
    return base.socketReceiveBufferSize();
  }

  @Override
  public Optional<Integer> socketSendBufferSize() {
    return base.socketSendBufferSize();
  }

  @Override
  public boolean socketReuseAddress() {
    return base.socketReuseAddress();
  }

  @Override
  public boolean socketKeepAlive() {
    return base.socketKeepAlive();
  }

  @Override
  public boolean tcpNoDelay() {
    return base.tcpNoDelay();
  }
}
