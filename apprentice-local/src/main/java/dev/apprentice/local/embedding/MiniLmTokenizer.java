package dev.apprentice.local.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model's WordPiece tokenizer (DJL's binding of Hugging Face tokenizers): adds [CLS] and [SEP], truncates to the
 * window, never pads (batches are padded per run). Thread-safe.
 */
final class MiniLmTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  MiniLmTokenizer(InputStream json, int maxTokens) throws IOException {
    this.tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of(
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxTokens),
        "modelMaxLength", Integer.toString(maxTokens)));
  }

  /** The tokens of each text, in order. */
  List<Tokens> encode(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts.toArray(String[]::new));
    List<Tokens> tokens = new ArrayList<>(encodings.length);
    for (Encoding encoding : encodings) tokens.add(new Tokens(encoding.getIds(), encoding.exceedMaxLength()));
    return tokens;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
