package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {

  @Test
  void aCallAloneTakesPieceAfterPiecePastTheLimitWhileAnotherIsRefusedBesideIt() {
    BodyBudget budget = new BodyBudget(100);
    long mine = 0;
    for (int piece = 0; piece < 5; piece++) {
      assertThat(budget.take(64, mine)).as("piece %s", piece).isTrue();
      mine += 64;
    }

    assertThat(budget.take(64, 0)).as("another call").isFalse();
    assertThat(budget.held()).isEqualTo(320);
  }

  @Test
  void aCallThatDoesNotFitBesideOthersTakesNothing() {
    BodyBudget budget = new BodyBudget(100);
    assertThat(budget.take(60, 0)).isTrue();

    assertThat(budget.take(30, 0)).isTrue();
    assertThat(budget.take(20, 0)).isFalse();
    assertThat(budget.held()).isEqualTo(90);
  }
}
