package dev.apprentice.server.http;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.TokenIds;
import dev.apprentice.gateway.cost.TokenEstimator;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of embedding inputs given as token ids, for a model that reads text (the in-process model): the ids are
 * read as OpenAI's API reads them for its embedding models, as cl100k_base tokens — the ids LangChain's
 * {@code OpenAIEmbeddings} sends by default, encoding with tiktoken for a model it does not know. An id that is no
 * cl100k_base text token is a 400 naming the input that holds it. OpenAI's limits on token ids hold before any is read
 * (one id, a few bytes of JSON, can stand for a long text): {@value #MAX_IDS_PER_INPUT} per input, a 400 naming it, and
 * {@value #MAX_IDS_PER_REQUEST} in all, a 400 naming {@code input}.
 */
final class TokenIdTexts {

  /** OpenAI's limit on the tokens of one input to its embedding models. */
  static final int MAX_IDS_PER_INPUT = 8191;
  /** OpenAI's limit on the tokens of all the inputs of one embeddings request. */
  static final int MAX_IDS_PER_REQUEST = 300_000;

  private TokenIdTexts() {}

  static List<String> of(TokenIds ids) {
    checkLimits(ids);
    List<String> texts = new ArrayList<>(ids.inputs().size());
    for (int i = 0; i < ids.inputs().size(); i++) {
      String param = param(ids, i);
      try {
        texts.add(TokenEstimator.cl100kText(ids.inputs().get(i)));
      } catch (IllegalArgumentException notCl100k) {
        throw GatewayException.invalid(param, "token ids are read as cl100k_base tokens (the tokenizer of OpenAI's "
            + "embedding models), or send 'input' as text; in '" + param + "', " + notCl100k.getMessage());
      }
    }
    return texts;
  }

  private static void checkLimits(TokenIds ids) {
    for (int i = 0; i < ids.inputs().size(); i++) {
      int count = ids.inputs().get(i).length;
      if (count > MAX_IDS_PER_INPUT) {
        String param = param(ids, i);
        throw GatewayException.invalid(param, "'" + param + "' holds " + count + " token ids; an input may hold at most "
            + MAX_IDS_PER_INPUT + " (OpenAI's limit for its embedding models)");
      }
    }
    long total = ids.count();
    if (total > MAX_IDS_PER_REQUEST) {
      throw GatewayException.invalid("input", "'input' holds " + total + " token ids in all; a request may hold at most "
          + MAX_IDS_PER_REQUEST + " (OpenAI's limit for its embedding models): send them in several requests");
    }
  }

  private static String param(TokenIds ids, int i) {
    return ids.nested() ? "input[" + i + "]" : "input";
  }
}
