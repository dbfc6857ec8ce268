package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaNamesTest {

  @Test
  void aWrappedExceptionsClassNameIsTakenOutAndWhatItSaidStays() {
    assertThat(JavaNames.removedFrom("java.net.ConnectException: Connection refused")).isEqualTo("Connection refused");
    assertThat(JavaNames.removedFrom("PKIX path building failed: sun.security.provider.certpath"
        + ".SunCertPathBuilderException: unable to find valid certification path to requested target"))
        .isEqualTo("PKIX path building failed: unable to find valid certification path to requested target");
    assertThat(JavaNames.removedFrom("the body ended early (io.helidon.common.buffers.DataReader$InsufficientData"
        + "Exception)")).isEqualTo("the body ended early");
    assertThat(JavaNames.removedFrom("read failed (ClosedChannelException)")).isEqualTo("read failed");
  }

  @Test
  void aMessageThatIsOnlyAClassNameLeavesNothing() {
    assertThat(JavaNames.removedFrom("java.nio.channels.ClosedChannelException")).isNull();
    assertThat(JavaNames.removedFrom("java.io.IOException: ")).isNull();
    assertThat(JavaNames.removedFrom("  ")).isNull();
    assertThat(JavaNames.removedFrom(null)).isNull();
  }

  @Test
  void hostNamesUrlsAndWordsThatOnlyLookAlikeAreKept() {
    String said = "Connection refused: api.example.com/10.0.0.1:443 (see https://status.example.com/Incidents); Error"
        + " 503, e.g. Overloaded";
    assertThat(JavaNames.removedFrom(said)).isEqualTo(said);
  }

  @Test
  void pathsUrlsAndHostsWithAPortKeepTheirPartsThatLookLikeClassNames() {
    for (String said : new String[] {"cannot read /srv/notes.Work/collections/kb/index/_0.cfs",
        "cannot read C:\\Users\\Ann\\my.Data\\collections", "refused by https://example.com/v1.Chat?x=1",
        "No route to host: db.Internal:5432", "/var/lib/apprentice/java.db: Connection refused",
        "connect to [2001:DB8::1]:443 failed", "javax words in user text"}) {
      assertThat(JavaNames.removedFrom(said)).isEqualTo(said);
    }
    assertThat(JavaNames.removedFrom("java.io.IOException: /srv/notes.Work/a.db")).isEqualTo("/srv/notes.Work/a.db");
  }

  @Test
  void aClassNameThatEndsASentenceIsTakenOutWithItsFullStop() {
    assertThat(JavaNames.removedFrom("the connection failed: java.io.IOException.")).isEqualTo("the connection failed");
    assertThat(JavaNames.removedFrom("closed by java.nio.channels.ClosedChannelException. Retry later"))
        .isEqualTo("closed by Retry later");
    assertThat(JavaNames.removedFrom("read failed with ClosedChannelException.")).isEqualTo("read failed with");
    assertThat(JavaNames.removedFrom("see /srv/notes.Work. Then retry")).isEqualTo("see /srv/notes.Work. Then retry");
  }

  @Test
  void hostsAndModelIdsOfOneDotOrWithAHyphenAreKept() {
    for (String said : new String[] {"No route to host: db.Internal", "api.Example refused the connection",
        "model meta.Llama-3 is not available", "model anthropic.claude-3 is not available",
        "unknown model us.meta.Llama-3-70B", "no such model: amazon.Titan"}) {
      assertThat(JavaNames.removedFrom(said)).isEqualTo(said);
    }
  }

  @Test
  void classNamesAroundHostsAndModelIdsAreStillTakenOut() {
    assertThat(JavaNames.removedFrom("java.net.UnknownHostException: db.Internal")).isEqualTo("db.Internal");
    assertThat(JavaNames.removedFrom("io.helidon.X$Y: meta.Llama-3 refused")).isEqualTo("meta.Llama-3 refused");
    assertThat(JavaNames.removedFrom("failed (io.helidon.webclient.api.Proxy$Kind)")).isEqualTo("failed");
    assertThat(JavaNames.removedFrom("acme.UpstreamException: api.Example is down")).isEqualTo("api.Example is down");
  }
}
