package dev.apprentice.cli.eval;

import dev.apprentice.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small Banking77-like evaluation against the simulator: 30 utterances in 6 intents, a config whose two models
 * echo (one priced 4x the other), and a suite where {@code small} answers with a guess that is right on 20 items and
 * {@code large} with the gold intent.
 */
final class EvalFixture {

  static final List<String[]> ITEMS = List.of(
      row("How do I locate my card?", "card_arrival"), row("My card still has not arrived", "card_arrival"),
      row("When will my new card get here?", "card_arrival"), row("Is my card lost in the post?", "card_arrival"),
      row("Where can I link my card in the app?", "card_linking"), row("How do I add my card to the app?", "card_linking"),
      row("The app will not let me link my card", "card_linking"), row("Can I connect a card I already have?", "card_linking"),
      row("What is the exchange rate today?", "exchange_rate"), row("How much is a dollar in euros?", "exchange_rate"),
      row("Which rate do you use to convert money?", "exchange_rate"), row("Is the exchange rate fair?", "exchange_rate"),
      row("I was charged twice for one purchase", "card_payment_fee_charged"),
      row("Why is there a fee on my card payment?", "card_payment_fee_charged"),
      row("You charged me extra for paying by card", "card_payment_fee_charged"),
      row("What is this card fee?", "card_payment_fee_charged"), row("I forgot my passcode", "passcode_forgotten"),
      row("How do I reset my passcode?", "passcode_forgotten"), row("I cannot remember my PIN for the app", "passcode_forgotten"),
      row("Locked out: forgot the passcode", "passcode_forgotten"), row("Can I top up with cash?", "top_up_by_cash_or_cheque"),
      row("Where do I deposit a cheque?", "top_up_by_cash_or_cheque"), row("Can I add money using a cheque?", "top_up_by_cash_or_cheque"),
      row("Is a cash top-up possible?", "top_up_by_cash_or_cheque"), row("My card has not come yet", "card_arrival"),
      row("Linking my card fails", "card_linking"), row("Convert pounds to euros at what rate?", "exchange_rate"),
      row("Extra charge on my card payment", "card_payment_fee_charged"), row("New passcode please, I forgot it", "passcode_forgotten"),
      row("Top up by cheque?", "top_up_by_cash_or_cheque"));

  private EvalFixture() {}

  private static String[] row(String text, String category) {
    return new String[] {text, category};
  }

  /** Writes items.csv (text, category, guess: wrong on every third item) and returns it. */
  static Path writeItems(Path dir) throws IOException {
    StringBuilder csv = new StringBuilder("text,category,guess\n");
    for (int i = 0; i < ITEMS.size(); i++) {
      String[] r = ITEMS.get(i);
      String guess = i % 3 == 0 ? "card_arrival".equals(r[1]) ? "card_linking" : "card_arrival" : r[1];
      csv.append('"').append(r[0]).append("\",").append(r[1]).append(',').append(guess).append('\n');
    }
    return Files.writeString(dir.resolve("items.csv"), csv);
  }

  static Path writeConfig(Path dir) throws IOException {
    return writeConfig(dir, "");
  }

  /** The two priced simulator models, then {@code more} top-level YAML (tenants, limits). */
  static Path writeConfig(Path dir, String more) throws IOException {
    return Files.writeString(dir.resolve("apprentice.yaml"), """
        providers:
          sim: { type: simulator }
        models:
          sim-small:
            targets: [ { provider: sim, model: sim-echo } ]
            price: { input_per_mtok: 1000, output_per_mtok: 2000 }
          sim-large:
            targets: [ { provider: sim, model: sim-echo } ]
            price: { input_per_mtok: 4000, output_per_mtok: 8000 }
        """ + more);
  }

  /**
   * A suite over items.csv; {@code largePrompt} is what the large variant sends ({{category}}: always right), and
   * {@code extra} more top-level keys, its {@code concurrency} in place of the suite's 4 (a key given twice is refused).
   */
  static Path writeSuite(Path dir, String file, String largePrompt, String extra) throws IOException {
    return Files.writeString(dir.resolve(file), """
        name: banking-intents
        dataset:
          path: items.csv
          columns: { input: text, label: category }
        variants:
          - { name: small, model: sim-small, prompt: "{{guess}}" }
          - { name: large, model: sim-large, prompt: "%s" }
        metrics:
          - { name: accuracy, threshold: 1, weight: 1 }
          - { name: macro_f1, weight: 0 }
          - { name: mentions_card, metric: contains, settings: { value: card }, weight: 0 }
        baseline: small
        resamples: 500
        %s
        """.formatted(largePrompt, extra.contains("concurrency:") ? extra : "concurrency: 4\n" + extra));
  }

  /** What one command printed and its exit status. */
  static CommandRun cli(String... args) {
    return CommandRun.of(args);
  }

  /** The run id a run command printed ("run ev-... "). */
  static String runId(CommandRun run) {
    var m = java.util.regex.Pattern.compile("run (ev-[0-9a-z-]+)").matcher(run.out());
    if (!m.find()) throw new AssertionError("no run id in: " + run.out() + run.err());
    return m.group(1);
  }
}
