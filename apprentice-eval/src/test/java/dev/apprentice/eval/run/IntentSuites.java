package dev.apprentice.eval.run;

/** The two-variant suite the runner's tests share: `weak` answers with the input, `strong` with the item's label. */
final class IntentSuites {

  private IntentSuites() {}

  static String weakAndStrong(int concurrency, int pilotItems) {
    return """
        name: intents
        dataset: { path: items.csv }
        variants:
          - { name: weak, model: small, prompt: "{{input}}" }
          - { name: strong, model: large, prompt: "{{category}}" }
        metrics:
          - { name: accuracy, threshold: 1 }
        concurrency: %d
        pilot_items: %d
        """.formatted(concurrency, pilotItems);
  }
}
