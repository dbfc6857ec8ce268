package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  /** Hands out at most {@code step} bytes per read and remembers the largest read asked for. */
  private static final class Trickle extends InputStream {
    private final byte[] bytes;
    private final int step;
    private int pos;
    int largestAsk;

    Trickle(byte[] bytes, int step) {
      this.bytes = bytes;
      this.step = step;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      largestAsk = Math.max(largestAsk, len);
      if (pos >= bytes.length) return -1;
      int n = Math.min(Math.min(len, step), bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private static List<SseEvent> all(InputStream in) throws IOException {
    SseReader reader = new SseReader(in);
    List<SseEvent> events = new ArrayList<>();
    SseEvent event;
    while ((event = reader.next()) != null) events.add(event);
    return events;
  }

  private static List<SseEvent> all(String text, int step) throws IOException {
    return all(new Trickle(text.getBytes(StandardCharsets.UTF_8), step));
  }

  @Test
  void eventsAreSplitOnBlankLinesWhateverTheLineEnds() throws IOException {
    for (String end : List.of("\n", "\r\n", "\r")) {
      String text = "data: one" + end + end + "event: ping" + end + "data: two" + end + end;
      for (int step : new int[] {1, 2, 3, 1000}) {
        List<SseEvent> events = all(text, step);
        assertThat(events).as("line end %s, %d bytes a read", end.replace("\r", "CR").replace("\n", "LF"), step)
            .extracting(SseEvent::event, SseEvent::data)
            .containsExactly(Tuple.tuple(null, "one"),
                Tuple.tuple("ping", "two"));
      }
    }
  }

  @Test
  void dataLinesOfOneEventAreJoinedByNewlinesAndCommentsAreSkipped() throws IOException {
    List<SseEvent> events = all(": keep-alive\ndata: {\"a\":\ndata:1}\nid: 7\n\n", 4);

    assertThat(events).singleElement().satisfies(e -> assertThat(e.data()).isEqualTo("{\"a\":\n1}"));
  }

  @Test
  void anErrorLineAsLlamaCppsServerWritesItIsTheDataOfAnErrorEventAndCountsAsAWholeEvent() throws IOException {
    // llama.cpp tools/server/utils.hpp: server_sent_event(sink, "error", data) writes "error: " + data + "\n\n"
    String text = "error: {\"code\":500,\"message\":\"failed\"}\n\ndata: [DONE]\n\n";

    assertThat(all(text, 3)).extracting(SseEvent::event, SseEvent::data).containsExactly(
        Tuple.tuple("error", "{\"code\":500,\"message\":\"failed\"}"), Tuple.tuple(null, "[DONE]"));
    SseReader reader = new SseReader(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(reader.ready()).as("a whole error event is buffered").isTrue();
  }

  @Test
  void anEventStillBeingBuiltWhenTheStreamEndsIsReturnedLast() throws IOException {
    assertThat(all("data: first\n\ndata: cut", 5)).extracting(SseEvent::data).containsExactly("first", "cut");
  }

  @Test
  void multiByteCharactersSplitAcrossReadsArriveWhole() throws IOException {
    assertThat(all("data: {\"content\":\"héllo → 世界 🎉\"}\n\n", 1)).singleElement()
        .satisfies(e -> assertThat(e.data()).isEqualTo("{\"content\":\"héllo → 世界 🎉\"}"));
  }

  @Test
  void aLineLongerThanTheBufferIsReadWhole() throws IOException {
    String big = "x".repeat(50_000);

    assertThat(all("data: " + big + "\n\n", 700)).singleElement()
        .satisfies(e -> assertThat(e.bytes()).hasSize(50_000));
  }

  @Test
  void readsNeverAskForMoreThanASmallBuffer() throws IOException {
    Trickle in = new Trickle(("data: " + "y".repeat(5_000) + "\n\n").getBytes(StandardCharsets.UTF_8), 10_000);

    assertThat(all(in)).hasSize(1);
    assertThat(in.largestAsk).isLessThanOrEqualTo(SseReader.READ_SIZE);
  }

  @Test
  void anEndlessLineIsRefusedInsteadOfFillingTheHeap() {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'z';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'z');
        return len;
      }
    };

    assertThatThrownBy(() -> new SseReader(endless).next()).isInstanceOf(IOException.class)
        .hasMessageContaining("longer than");
  }

  private static SseReader afterFirstEvent(String text) throws IOException {
    SseReader reader = new SseReader(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(reader.next().data()).isEqualTo("one");
    return reader;
  }

  @Test
  void readyOnlyWhenAWholeEventWithDataIsAlreadyHere() throws IOException {
    assertThat(afterFirstEvent("data: one\n\ndata: two\n\n").ready()).isTrue();
    assertThat(afterFirstEvent("data: one\r\n\r\ndata: two\r\n\r\n").ready()).isTrue();
    assertThat(afterFirstEvent("data: one\r\rdata: two\r\r").ready()).isTrue();
    assertThat(afterFirstEvent("data: one\n\ndata: tw").ready()).as("half an event").isFalse();
    assertThat(afterFirstEvent("data: one\n\ndata: two\n").ready()).as("no blank line yet").isFalse();
    assertThat(afterFirstEvent("data: one\n\n: keep-alive\n\n").ready()).as("a comment is no event").isFalse();
    assertThat(afterFirstEvent("data: one\n\n").ready()).as("nothing more").isFalse();
  }

  @Test
  void readyReadsOnlyWhatTheStreamSaysIsAvailable() throws IOException {
    Trickle in = new Trickle("data: one\n\ndata: two\n\n".getBytes(StandardCharsets.UTF_8), 11);
    SseReader reader = new SseReader(in);

    assertThat(reader.next().data()).isEqualTo("one");
    assertThat(reader.ready()).as("nothing buffered, nothing available: no blocking read").isFalse();
    assertThat(reader.next().data()).isEqualTo("two");
  }

  @Test
  void dataIsMatchesTheTrimmedDataOnly() {
    SseEvent done = new SseEvent(null, " [DONE] ".getBytes(StandardCharsets.UTF_8));

    assertThat(done.dataIs("[DONE]")).isTrue();
    assertThat(done.dataIs("[DONE")).isFalse();
    assertThat(new SseEvent(null, " \t".getBytes(StandardCharsets.UTF_8)).blank()).isTrue();
  }
}
