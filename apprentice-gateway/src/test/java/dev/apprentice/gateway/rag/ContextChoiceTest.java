package dev.apprentice.gateway.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.gateway.cost.TokenEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class ContextChoiceTest {

  private static RetrievedChunk chunk(String id, String text) {
    return new RetrievedChunk("kb", id, id + "#0", text, 0.5);
  }

  @Test
  void copiesFoundAfterTheKthDistinctTextAreNotReportedAsLeftOut() {
    List<RetrievedChunk> found = List.of(chunk("a", "One."), chunk("b", "Two."), chunk("c", "One."));

    ContextChoice.Selection distinct = ContextChoice.distinct(found, 2);

    assertThat(distinct.chosen()).extracting(RetrievedChunk::documentId).containsExactly("a", "b");
    assertThat(distinct.leftOut()).isEmpty();
  }

  @Test
  void textsThatDifferOnlyInCaseAreDifferentPassages() {
    ContextChoice.Selection distinct =
        ContextChoice.distinct(List.of(chunk("a", "Refunds: 14 days."), chunk("b", "REFUNDS: 14 DAYS.")), 2);

    assertThat(distinct.chosen()).hasSize(2);
  }

  @Test
  void aBudgetOfThePassagesTokensAndTheBlankLineBetweenThemHoldsThemAllAndOneTokenLessLeavesTheLastOut() {
    List<RetrievedChunk> chunks = List.of(chunk("a", "Refunds take 14 days."), chunk("b", "Fees are 2%."));
    TokenEstimator tokens = new TokenEstimator();
    int exact = tokens.countText(Passages.passage(chunks.get(0))) + tokens.countText("\n\n")
        + tokens.countText(Passages.passage(chunks.get(1)));

    assertThat(ContextChoice.withinBudget(chunks, exact).chosen()).hasSize(2);
    assertThat(ContextChoice.withinBudget(chunks, exact - 1).leftOut()).extracting(LeftOutChunk::chunkId)
        .containsExactly("b#0");
  }

  @Test
  void passagesTooShortToReachTheBudgetAreNotCountedAndLongerOnesAre() {
    List<RetrievedChunk> chunks = List.of(chunk("a", "Refunds take 14 days."), chunk("b", "Fees are 2%."));
    List<String> counted = new ArrayList<>();
    ToIntFunction<String> tokens = text -> {
      counted.add(text);
      return new TokenEstimator().countText(text);
    };

    assertThat(ContextChoice.withinBudget(chunks, 8_000, tokens).chosen()).hasSize(2);
    assertThat(counted).as("a few dozen bytes cannot hold 8,000 tokens").isEmpty();

    assertThat(ContextChoice.withinBudget(chunks, 60, tokens).chosen()).hasSize(2);
    assertThat(counted).as("their bytes could pass 60 tokens: counted").hasSize(2);
  }

  @Test
  void theTokensPassagesCanHoldAreNeverFewerThanTheyHold() {
    TokenEstimator tokens = new TokenEstimator();
    for (String text : List.of("Refunds take 14 days.", "返金は14日以内に支払われます。", "환불은 14일 이내에 지급됩니다.",
        "😀🎉👍".repeat(20), "é".repeat(50), "\n\n\n \t x")) {
      List<String> passages = List.of(Passages.passage(chunk("a", text)), Passages.passage(chunk("b", text)));
      int exact = tokens.countText(passages.get(0)) + tokens.countText("\n\n") + tokens.countText(passages.get(1));

      assertThat(ContextChoice.mostTokens(passages)).as(text).isGreaterThanOrEqualTo(exact);
    }
  }

  @Test
  void theBlankLineBetweenTwoPassagesIsCountedAsTheTokensItIs() {
    assertThat(ContextChoice.BETWEEN).isEqualTo(new TokenEstimator().countText("\n\n"));
  }
}
