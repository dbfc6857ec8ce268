package dev.apprentice.eval.metric.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.EvalCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgePromptTest {

  private static final JudgePrompt WHOLE = JudgePrompt.of(
      "Q: {{input}}\nREF: {{reference}}\nA: {{output}}\nScore 1-5.", new JudgeScores(1, 5));

  private static String prompt(String input, String reference, String output) {
    EvalCase item = new EvalCase(input, output, List.of(reference), null, List.of(), List.of(), List.of());
    return WHOLE.messages(item).getFirst().text();
  }

  @Test
  void anInputThatMentionsTheReferencePlaceholderDoesNotLeakTheReference() {
    String prompt = prompt("what does {{reference}} mean?", "SECRET", "an answer");

    assertThat(prompt).startsWith("Q: what does {{reference}} mean?\nREF: SECRET\n");
    assertThat(prompt.indexOf("SECRET")).isEqualTo(prompt.lastIndexOf("SECRET"));
  }

  @Test
  void aReferenceOrAnswerThatMentionsAPlaceholderIsKeptAsItIs() {
    String prompt = prompt("q", "write {{output}} here", "I wrote {{input}}");

    assertThat(prompt).isEqualTo("Q: q\nREF: write {{output}} here\nA: I wrote {{input}}\nScore 1-5.");
  }
}
