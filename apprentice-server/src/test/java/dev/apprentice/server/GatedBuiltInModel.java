package dev.apprentice.server;

import dev.apprentice.api.Embedding;
import dev.apprentice.local.embedding.MicroBatcher;
import dev.apprentice.local.embedding.MiniLmEmbedder;
import dev.apprentice.testing.GatedEmbedder;
import dev.apprentice.testing.WordHashEmbedder;

/** The built-in embedding model as the server's deadline tests hold it. */
public final class GatedBuiltInModel {

  private GatedBuiltInModel() {}

  /**
   * Word-hash vectors under the built-in model's name, queued as the built-in model's texts are ({@link MicroBatcher},
   * one worker), with the worker held at a gate when the test asks ({@link GatedEmbedder#hold}).
   */
  public static GatedEmbedder open() {
    return new GatedEmbedder(MiniLmEmbedder.MODEL, new WordHashEmbedder(), work -> {
      MicroBatcher<String, Embedding> batcher = new MicroBatcher<>("gated-embedder", work, 32, 1);
      return new GatedEmbedder.Queue(batcher::submit, batcher::process, batcher::close);
    });
  }
}
