package dev.apprentice.gateway.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import dev.apprentice.api.ToolCall;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Estimates token counts with OpenAI's tokenizers (JTokkit): o200k_base for the gpt-4o, gpt-4.1, o-series and gpt-5
 * families, cl100k_base for everything else. Each image part counts as {@link #IMAGE_TOKENS}; other non-text content
 * (audio, files) is not counted. Thread-safe; the encodings are loaded once and shared.
 */
public final class TokenEstimator {

  /**
   * What one image in a prompt is counted as, whatever its size or detail: the most a high-detail image costs on
   * GPT-4o (1,445) and about what the largest image Claude accepts without resizing costs (1,600). Models that bill
   * large images by patches (GPT-4.1 mini and nano, o4-mini) can charge more.
   */
  public static final int IMAGE_TOKENS = 1_600;

  private static final int PER_MESSAGE = 4;
  private static final int REPLY_PRIMING = 3;
  private static final Pattern O200K = Pattern.compile("^(chatgpt-4o|gpt-4o|gpt-4\\.1|gpt-5|o1|o3|o4)(-.*)?$");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** cl100k_base's ordinary tokens are 0 to 100255; its special tokens (such as {@code <|endoftext|>}) follow. */
  private static final int CL100K_ORDINARY = 100_256;

  /**
   * Loads the encoding {@code model} uses now rather than on the first call that needs it (a few hundred
   * milliseconds). Each encoding is loaded only when first needed: cl100k_base holds ~25 MB of heap, o200k_base
   * about twice that, which a gateway whose providers report usage and whose keys have no TPM or budget never pays.
   */
  public void warmUp(String model) {
    encodingFor(model).countTokensOrdinary("warm up");
  }

  /** Tokens of the whole prompt of {@code request}, tokenized for the model it names. */
  public int countPrompt(ChatRequest request) {
    return countPrompt(request, request.model());
  }

  /** Tokens of the whole prompt of {@code request}, tokenized for {@code model} (an upstream model name). */
  public int countPrompt(ChatRequest request, String model) {
    Encoding enc = encodingFor(model);
    int tokens = REPLY_PRIMING;
    if (request.messages() != null) {
      for (Message m : request.messages()) tokens += count(enc, m);
    }
    if (request.tools() != null) {
      for (Tool tool : request.tools()) tokens += enc.countTokensOrdinary(json(tool.function()));
    }
    return tokens;
  }

  /** Tokens of a text, tokenized with cl100k_base. */
  public int countText(String text) {
    return countText(text, null);
  }

  /** Tokens of a text, tokenized for {@code model}. */
  public int countText(String text, String model) {
    return text == null || text.isEmpty() ? 0 : encodingFor(model).countTokensOrdinary(text);
  }

  private static int count(Encoding enc, Message m) {
    int tokens = PER_MESSAGE + ordinary(enc, m.role()) + ordinary(enc, m.text()) + ordinary(enc, m.name())
        + images(m) * IMAGE_TOKENS;
    if (m.toolCalls() != null) {
      for (ToolCall call : m.toolCalls()) {
        if (call.function() == null) continue;
        tokens += ordinary(enc, call.function().name()) + ordinary(enc, call.function().arguments());
      }
    }
    return tokens;
  }

  private static int images(Message m) {
    if (m.content() == null || m.content().isText()) return 0;
    int images = 0;
    for (ContentPart part : m.content().parts()) {
      if (part.imageUrl() != null || "image_url".equals(part.type())) images++;
    }
    return images;
  }

  private static int ordinary(Encoding enc, String text) {
    return text == null || text.isEmpty() ? 0 : enc.countTokensOrdinary(text);
  }

  private static String json(Object value) {
    try {
      return value == null ? "" : JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /**
   * The text that cl100k_base token ids stand for: the tokenizer of OpenAI's embedding models, with which OpenAI's
   * API reads an embeddings {@code input} given as token ids (and LangChain's {@code OpenAIEmbeddings} writes one for
   * a model tiktoken does not know). A sequence cut inside a character decodes it as U+FFFD.
   *
   * @throws IllegalArgumentException when an id is none of cl100k_base's ordinary tokens (naming its position)
   */
  public static String cl100kText(int[] ids) {
    IntArrayList tokens = new IntArrayList(ids.length);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] >= CL100K_ORDINARY) {
        throw new IllegalArgumentException("item " + i + " (" + ids[i] + ") is not a cl100k_base text token");
      }
      tokens.add(ids[i]);
    }
    try {
      return Cl100k.ENCODING.decode(tokens);
    } catch (IllegalArgumentException unknown) { // an id within the range that the vocabulary skips
      throw new IllegalArgumentException("an item is not a cl100k_base text token");
    }
  }

  static Encoding encodingFor(String model) {
    if (model == null) return Cl100k.ENCODING;
    String name = model.toLowerCase(Locale.ROOT);
    name = name.substring(name.lastIndexOf('/') + 1);
    return O200K.matcher(name).matches() ? O200k.ENCODING : Cl100k.ENCODING;
  }

  /** Holders: the JVM loads each encoding the first time its holder is touched, and only then. */
  private static final class Cl100k {
    static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }

  private static final class O200k {
    static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }
}
