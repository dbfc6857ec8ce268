package dev.apprentice.guard.injection;

/**
 * One training example for the injection detector.
 *
 * @param text      the prompt, document or tool output
 * @param injection true for an attack, false for benign text
 * @param category  a free-form group ({@code instruction_override}, {@code trigger_words}, …), may be empty
 */
public record LabelledText(String text, boolean injection, String category) {

  public LabelledText {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("text is empty");
    category = category == null ? "" : category;
  }
}
