package dev.apprentice.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.eval.metric.judge.JudgeScores;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EvalLlmJudgeTest {

  private final JudgeScores scores = new JudgeScores(1, 5);

  @Test
  void theScoreIsReadFromEveryUsualShapeOfAnswer() {
    assertThat(scores.parse("Score: 4/5").getAsDouble()).isEqualTo(4);
    assertThat(scores.parse("4").getAsDouble()).isEqualTo(4);
    assertThat(scores.parse("{\"score\": 3, \"reason\": \"ok\"}").getAsDouble()).isEqualTo(3);
    assertThat(scores.parse("```json\n{\"score\": \"5\"}\n```").getAsDouble()).isEqualTo(5);
    assertThat(scores.parse("The answer is mostly right.\n**Score:** 2").getAsDouble()).isEqualTo(2);
    assertThat(scores.parse("I'd give it 3 out of 5.").getAsDouble()).isEqualTo(3);
    assertThat(scores.parse("rating = 4.5").getAsDouble()).isEqualTo(4.5);
  }

  @Test
  void theLastExplicitScoreLabelWinsOverNumbersInTheJudgesReasoning() {
    assertThat(scores.parse("The answer is written for grade 5 readers and misses the second step.\nScore: 2")
        .getAsDouble()).isEqualTo(2);
    assertThat(scores.parse("Correctness: the rating of 4 I first considered is too generous; it gets 1 of the 3 "
        + "facts.\n\n**Score:** 2/5").getAsDouble()).isEqualTo(2);
    assertThat(scores.parse("Score: 5\nOn reflection the date is wrong.\nFinal score: 3").getAsDouble())
        .isEqualTo(3);
    assertThat(scores.parse("It covers 2/3 of the points. Overall 4/5.").getAsDouble()).isEqualTo(4);
    assertThat(scores.parse("Grade 2 vocabulary, fine for the audience. Final score 4").getAsDouble())
        .isEqualTo(4);
    assertThat(scores.parse("Underscore: 3 is a typo here. Score: 1").getAsDouble()).isEqualTo(1);
  }

  @Test
  void anOutOfRangeOrMissingScoreIsUnparsed() {
    assertThat(scores.parse("Score: 9/10")).isEmpty();
    assertThat(scores.parse("{\"score\": 0}")).isEmpty();
    assertThat(scores.parse("I cannot grade this.")).isEmpty();
    assertThat(scores.parse("")).isEmpty();
  }

  @Test
  void aScoreOutOfAnotherScaleThanTheJudgesIsUnparsedRatherThanReadOnItsScale() {
    assertThat(scores.parse("Score: 4/10")).as("4 of 10 is not 4 of 5").isEmpty();
    assertThat(scores.parse("I'd give it 2 out of 10.")).isEmpty();
    assertThat(new JudgeScores(1, 10).parse("Score: 4/5")).as("4 of 5 is not 4 of 10").isEmpty();
    assertThat(scores.parse("Score: 4/5.0").getAsDouble()).isEqualTo(4);
    assertThat(new JudgeScores(0, 10).parse("7 out of 10").getAsDouble()).isEqualTo(7);
  }

  @Test
  void samplesAreAveragedOnZeroToOneAndUnparsedOnesAreCountedAndLeftOut() {
    ScriptedClient judge = new ScriptedClient(List.of("Score: 5", "Score: 3", "no idea"));
    Metric metric = EvalMetrics.registry(null, judge).create("llm_judge",
        Settings.of(Map.of("model", "judge-model", "samples", 3)));

    Measurement m = Measurements.measure(metric, new EvalCase("What is 2+2?", "4", List.of("4"), null, List.of(),
        List.of(), List.of("eval", "run-1", "small")));

    assertThat(m.value()).isCloseTo(0.75, Offset.offset(1e-12));
    assertThat(m.statistics()).containsEntry("unparsed", 1.0).containsEntry("samples", 3.0);
    assertThat(m.note()).contains("1 of 3");
    assertThat(m.costUsd()).isCloseTo(0.003, Offset.offset(1e-12));
    assertThat(m.tokens()).isEqualTo(3 * 30);
    assertThat(judge.requests).hasSize(3).allSatisfy(r -> assertThat(r).contains("What is 2+2?").contains("4"));
    assertThat(judge.tags).allSatisfy(t -> assertThat(t).containsExactly("eval", "run-1", "small", "judge"));
  }

  @Test
  void failedJudgeCallsAreCountedApartFromUnparsedAnswers() {
    ScriptedClient judge = new ScriptedClient(java.util.Arrays.asList(null, "Score: 4", "no idea", null));
    Metric metric = EvalMetrics.registry(null, judge).create("llm_judge",
        Settings.of(Map.of("model", "judge-model", "samples", 4)));

    Measurement m = Measurements.measure(metric, EvalCase.text("x", List.of("y")));

    assertThat(m.value()).isCloseTo(0.75, Offset.offset(1e-12));
    assertThat(m.statistics()).containsEntry("samples", 4.0).containsEntry("failed", 2.0).containsEntry("unparsed", 1.0);
    assertThat(m.note()).isEqualTo("2 of 4 judge calls failed (model_not_found: no model 'judge-model'); "
        + "1 of 2 judge answers unparsed");
    assertThat(m.costUsd()).as("only the answered calls cost").isCloseTo(0.002, Offset.offset(1e-12));
  }

  @Test
  void anItemWhoseEveryJudgeCallFailedIsUnscoredWithNoAnswerCountedAsUnparsed() {
    Metric metric = EvalMetrics.registry(null, new ScriptedClient(java.util.Collections.singletonList(null)))
        .create("llm_judge", Settings.of(Map.of("model", "judge-model", "samples", 2)));

    Measurement m = Measurements.measure(metric, EvalCase.text("x", List.of("y")));

    assertThat(m.scored()).isFalse();
    assertThat(m.statistics()).containsEntry("failed", 2.0).containsEntry("unparsed", 0.0);
    assertThat(m.note()).isEqualTo("2 of 2 judge calls failed (model_not_found: no model 'judge-model')");
  }

  @Test
  void anItemWithNoParsedSampleIsUnscored() {
    Metric metric = EvalMetrics.registry(null, new ScriptedClient(List.of("hmm"))).create("llm_judge",
        Settings.of(Map.of("model", "judge-model")));

    assertThat(Measurements.measure(metric, EvalCase.text("x", List.of("y"))).scored()).isFalse();
  }

  @Test
  void aRubricThatPlacesTheOutputItselfIsTheWholePrompt() {
    ScriptedClient judge = new ScriptedClient(List.of("{\"score\": 1}"));
    Metric metric = EvalMetrics.registry(null, judge).create("llm_judge", Settings.of(Map.of("model", "j", "min", 0,
        "max", 1, "rubric", "Is <<{{output}}>> polite? Answer {\"score\": 0 or 1}")));

    assertThat(Measurements.measure(metric, EvalCase.text("thanks!", List.of())).value()).isEqualTo(1);
    assertThat(judge.requests.getFirst()).contains("Is <<thanks!>> polite?");
  }

  /**
   * Answers with the scripted texts in turn (repeating the last), each call costing $0.001 and 30 tokens; a null text
   * is a failed call (the judge model does not exist).
   */
  private static final class ScriptedClient implements ChatClient {
    private final Iterator<String> answers;
    private String last;
    final List<String> requests = new ArrayList<>();
    final List<List<String>> tags = new ArrayList<>();

    ScriptedClient(List<String> answers) {
      this.answers = answers.iterator();
    }

    @Override
    public synchronized Completion complete(dev.apprentice.api.ChatRequest request, List<String> callTags) {
      requests.add(request.messages().stream().map(dev.apprentice.api.Message::text).reduce("", String::concat));
      tags.add(callTags);
      if (answers.hasNext()) last = answers.next();
      if (last == null) {
        throw new dev.apprentice.eval.client.ChatFailure("model_not_found", "no model '" + request.model() + "'",
            "judge-trace");
      }
      return new Completion(last, 20, 10, 0.001, 1, "judge-trace", List.of());
    }
  }
}
