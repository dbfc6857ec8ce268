package dev.apprentice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.accounting.StreamAssembler;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What each attempt of a call is booked at: the answer on the last answered, given-up prompts where sent. */
class AttemptBookingsTest {

  @AutoClose
  private final FakeProvider provider = new FakeProvider("p");
  private final Target target = new Target(provider, "gpt-4o", 1);
  private final Attempt timedOut = new Attempt(target, Kind.TIMEOUT, 0, null, 0);
  private final Attempt neverSent = new Attempt(target, Kind.TIMEOUT, 0, null, 0, false);
  private final Attempt errorAnswer = new Attempt(target, Kind.SERVER_ERROR, 500, null, 0);
  private final Attempt answered = new Attempt(target, null, 200, null, 0);
  private static final Attempt.Booking ANSWER = new Attempt.Booking(10, 5, 0.5, false);

  @Test
  void theAnswerIsBookedOnTheLastAttemptThatSucceededAndEachGivenUpAttemptAtItsPrompt() {
    List<Attempt> attempts = List.of(answered, timedOut, errorAnswer, neverSent, timedOut, answered);
    List<Integer> asked = new ArrayList<>();

    List<Attempt.Booking> bookings = Attempt.bookings(attempts, ANSWER, i -> {
      asked.add(i);
      return new Attempt.Booking(i, 0, i / 10.0, true);
    });

    assertThat(asked).containsExactly(1, 4);
    assertThat(bookings).containsExactly(Attempt.Booking.NOTHING, new Attempt.Booking(1, 0, 0.1, true),
        Attempt.Booking.NOTHING, Attempt.Booking.NOTHING, new Attempt.Booking(4, 0, 0.4, true), ANSWER);
    assertThat(Attempt.givenUpTotal(attempts, bookings)).isEqualTo(new Attempt.Booking(5, 0, 0.5, true));
  }

  @Test
  void aCallWithoutAnAnswerBooksNoAttemptForOneAndSumsToNothingWhenNoneWasGivenUp() {
    List<Attempt> attempts = List.of(answered, errorAnswer);

    List<Attempt.Booking> bookings = Attempt.bookings(attempts, null, i -> ANSWER);

    assertThat(bookings).containsOnly(Attempt.Booking.NOTHING).hasSize(2);
    assertThat(Attempt.givenUpTotal(attempts, bookings)).isSameAs(Attempt.Booking.NOTHING);
    assertThat(Attempt.lastAnswered(attempts)).isZero();
    assertThat(Attempt.lastAnswered(List.of(errorAnswer))).isEqualTo(-1);
  }

  @Test
  void anAnswerThatBrokeOffBeforeGoingOutKeepsItsFailureAsOutcomeAndIsBookedAsTheAnswerNotAsAGivenUpPrompt() {
    Attempt brokeOff = answered.brokeOff(new ProviderException(Kind.TIMEOUT, 0, "no text in time"));
    List<Attempt> attempts = List.of(timedOut, brokeOff);

    List<Attempt.Booking> bookings = Attempt.bookings(attempts, ANSWER, i -> new Attempt.Booking(1, 0, 0.1, true));

    assertThat(Attempt.records(attempts, bookings, 0).getLast().outcome()).isEqualTo("timeout");
    assertThat(brokeOff.givenUpAfterSending()).isFalse();
    assertThat(bookings).containsExactly(new Attempt.Booking(1, 0, 0.1, true), ANSWER);
    assertThat(Attempt.givenUpTotal(attempts, bookings)).isEqualTo(new Attempt.Booking(1, 0, 0.1, true));
  }

  @Test
  void aStreamThatBrokeOffWhileItsOpeningWasHeldIsGivenUpAfterSendingWhateverItsFailureAndItsOutputCounts() {
    StreamAssembler sent = new StreamAssembler();
    sent.add(FakeProvider.textChunk("Use the key "));
    ChatResponse opening = sent.response();
    // a connection lost without a status is booked at nothing, unless the stream had begun
    ProviderException lost = new ProviderException(Kind.CONNECTION, 0, "lost");
    Attempt broken = Attempt.failed(target, new BrokenOpening(lost, opening, 0), 0, 0, 0);
    List<Attempt> attempts = List.of(Attempt.failed(target, lost, 0, 0, 0), broken, answered);

    List<Attempt.Booking> bookings = Attempt.bookings(attempts, ANSWER, i -> new Attempt.Booking(3, 4, 0.2, true));

    assertThat(broken.brokenOpening()).isSameAs(opening);
    assertThat(Attempt.records(attempts, bookings, 0).get(1).outcome()).isEqualTo("connection");
    assertThat(bookings).containsExactly(Attempt.Booking.NOTHING, new Attempt.Booking(3, 4, 0.2, true), ANSWER);
    assertThat(Attempt.givenUpTotal(attempts, bookings)).isEqualTo(new Attempt.Booking(3, 4, 0.2, true));
  }
}
