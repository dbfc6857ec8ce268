package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ProviderException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** A failure whose exception carries no message is worded by its kind, never by a Java class name. */
class UpstreamFailureWordingTest {

  private static ProviderException failingWith(IOException e) {
    return failingWith(e, Secrets.NONE);
  }

  private static ProviderException failingWith(IOException e, Secrets secrets) {
    Upstream upstream = new Upstream("up", (uri, headers, body, start, read) -> {
      throw e;
    }, ErrorClassifier.STATUS_ONLY, secrets);
    CallContext context = new CallContext("trace", System.nanoTime() + TimeUnit.SECONDS.toNanos(30), Map.of());
    Throwable thrown = catchThrowable(() -> upstream.post(
        URI.create("http://127.0.0.1:9/v1/chat/completions"), new String[0], "{}".getBytes(StandardCharsets.UTF_8),
        context));
    assertThat(thrown).isInstanceOf(ProviderException.class);
    return (ProviderException) thrown;
  }

  @Test
  void aConnectionThatFailsWithoutAMessageIsWordedWithoutItsClassName() {
    ProviderException failed = failingWith(new IOException());

    assertThat(failed.getMessage()).isEqualTo("up: connection failed (no detail given)");
  }

  @Test
  void aConnectionRefusedWithoutAMessageSaysSo() {
    assertThat(failingWith(new ConnectException()).getMessage()).isEqualTo("up: cannot connect (connection refused)");
  }

  @Test
  void aWrappedCausesClassNameIsLeftOutOfTheWordsAndWhatItSaidIsKept() {
    ProviderException refused = failingWith(new IOException(new ConnectException("Connection refused")));
    ProviderException untrusted = failingWith(new SSLHandshakeException("PKIX path building failed:"
        + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path"));

    assertThat(refused.getMessage()).isEqualTo("up: connection failed (Connection refused)");
    assertThat(untrusted.getMessage()).isEqualTo(
        "up: connection failed (PKIX path building failed: unable to find valid certification path)");
  }

  @Test
  void aCredentialThatLooksLikeAClassNameIsHiddenWholeNotCutIntoAPartThatIsSaid() {
    Secrets key = Secrets.of(List.of("team.Key-0123456789abcdef"));

    ProviderException failed = failingWith(new IOException("key team.Key-0123456789abcdef refused"), key);

    assertThat(failed.getMessage()).isEqualTo("up: connection failed (key **** refused)");
  }

  @Test
  void whatHelidonSaysIsWordedWithoutClassNamesAndWithItsCredentialsHiddenWhole() {
    Secrets header = Secrets.of(List.of("team.Key-0123456789abcdef"));

    ProviderException cut = failingWith(HelidonTransport.cutShort(
        new IllegalStateException("java.io.EOFException: chunk cut at 12 bytes")));
    ProviderException invalid = failingWith(HelidonTransport.notSent(new IllegalArgumentException(
        "java.lang.IllegalArgumentException: bad value team.Key-0123456789abcdef")), header);

    assertThat(cut.getMessage()).isEqualTo("up: connection failed (the body ended early or was malformed (chunk cut at"
        + " 12 bytes))");
    assertThat(invalid.getMessage()).isEqualTo("up: connection failed (bad value ****)");
  }

  @Test
  void aCauseThatSaysNothingButItsClassNameIsWordedByItsKind() {
    ProviderException failed = failingWith(new ConnectException("java.nio.channels.ClosedChannelException"));

    assertThat(failed.getMessage()).isEqualTo("up: cannot connect (connection refused)");
  }

  @Test
  void anAnswerCutShortWithoutAMessageSaysTheConnectionClosedEarly() {
    ProviderException failed = new Upstream("up", (uri, headers, body, start, read) -> null)
        .readFailure(200, new EOFException());

    assertThat(failed.getMessage())
        .isEqualTo("up: connection lost while reading its HTTP 200 answer (the connection closed early)")
        .doesNotContain("Exception");
  }
}
