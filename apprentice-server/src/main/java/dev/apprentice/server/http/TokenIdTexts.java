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
 * cl100k_base text token is a 400 naming the input that holds it.
 */
final class TokenIdTexts {

  private TokenIdTexts() {}

  static List<String> of(TokenIds ids) {
    List<String> texts = new ArrayList<>(ids.inputs().size());
    for (int i = 0; i < ids.inputs().size(); i++) {
      String param = ids.nested() ? "input[" + i + "]" : "input";
      try {
        texts.add(TokenEstimator.cl100kText(ids.inputs().get(i)));
      } catch (IllegalArgumentException notCl100k) {
        throw GatewayException.invalid(param, "token ids are read as cl100k_base tokens (the tokenizer of OpenAI's "
            + "embedding models), or send 'input' as text; in '" + param + "', " + notCl100k.getMessage());
      }
    }
    return texts;
  }
}
