package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodiesTest {

  @Test
  void aBodyWithADeclaredLengthIsReadWholeAndToItsEnd() throws IOException {
    Counting body = new Counting("{\"ok\":true}");

    byte[] read = Bodies.readAll(body, length(11));

    assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    assertThat(body.sawEnd).as("the end was read, which frees a pooled connection").isTrue();
    assertThat(body.largestAsk).as("asked for the declared length, not a 16 KB step").isEqualTo(11);
  }

  @Test
  void aBodyLongerThanItsDeclaredLengthIsStillReadWhole() throws IOException {
    byte[] read = Bodies.readAll(new Counting("{\"answer\":\"longer than declared\"}"), length(4));

    assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("{\"answer\":\"longer than declared\"}");
  }

  @Test
  void aBodyShorterThanItsDeclaredLengthGivesWhatArrived() throws IOException {
    assertThat(Bodies.readAll(new Counting("{}"), length(100))).containsExactly('{', '}');
  }

  @Test
  void aBodyWithoutALengthOrWithAnImplausibleOneIsReadToItsEnd() throws IOException {
    HttpHeaders none = HttpHeaders.of(Map.of(), (k, v) -> true);

    assertThat(Bodies.readAll(new Counting("{\"a\":1}"), none)).hasSize(7);
    assertThat(Bodies.readAll(new Counting("{\"a\":1}"), length(Bodies.MAX_PRESIZED + 1))).hasSize(7);
  }

  private static HttpHeaders length(long bytes) {
    return HttpHeaders.of(Map.of("content-length", List.of(String.valueOf(bytes))), (k, v) -> true);
  }

  /** Records the largest read asked for and whether the end was reached. */
  private static final class Counting extends InputStream {
    private final InputStream in;
    boolean sawEnd;
    int largestAsk;

    Counting(String text) {
      this.in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) sawEnd = true;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      largestAsk = Math.max(largestAsk, len);
      int n = in.read(b, off, len);
      if (n < 0) sawEnd = true;
      return n;
    }
  }
}
