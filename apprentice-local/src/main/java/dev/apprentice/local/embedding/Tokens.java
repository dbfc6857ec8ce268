package dev.apprentice.local.embedding;

/**
 * One text as the model reads it.
 *
 * @param ids       token ids, special tokens included, after truncation
 * @param truncated true when the text had more tokens than the model's window
 */
record Tokens(long[] ids, boolean truncated) {

  int length() {
    return ids.length;
  }
}
