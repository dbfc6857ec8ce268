package dev.apprentice.local.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the two files of all-MiniLM-L6-v2 come from: the classpath (the model artifacts bundled with Apprentice: the
 * float32 model, or its int8-quantised variant) or a directory holding {@value #ONNX} and {@value #TOKENIZER}.
 * Nothing is ever downloaded.
 */
public sealed interface ModelSource {

  /** The ONNX graph (a BERT encoder that answers {@code last_hidden_state}). */
  String ONNX = "all-minilm-l6-v2.onnx";

  /** The Hugging Face tokenizer the model was trained with. */
  String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

  /** The int8-quantised graph in its artifact, with its tokenizer. */
  String QUANTIZED_ONNX = "all-minilm-l6-v2-q.onnx";
  String QUANTIZED_TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  /** The float32 model bundled on the classpath: {@code local/all-minilm-l6-v2}. */
  static ModelSource classpath() {
    return new Classpath(MiniLmEmbedder.MODEL, ONNX, TOKENIZER);
  }

  /**
   * The int8-quantised model bundled on the classpath: {@code local/all-minilm-l6-v2-q}, 1.5 to 1.9 times faster per
   * text on two cores; its vectors are close to the float32 model's (cosine about 0.99) but not the same, so the two
   * never share an index.
   */
  static ModelSource quantized() {
    return new Classpath(MiniLmEmbedder.QUANTIZED_MODEL, QUANTIZED_ONNX, QUANTIZED_TOKENIZER);
  }

  /** The model's name as clients see it. */
  default String model() {
    return MiniLmEmbedder.MODEL;
  }

  /** The files in {@code directory}. */
  static ModelSource directory(Path directory) {
    return new Directory(directory);
  }

  /** Opens an inference session on the ONNX graph. */
  OrtSession openSession(OrtEnvironment environment, OrtSession.SessionOptions options)
      throws IOException, OrtException;

  /** Opens the tokenizer JSON. */
  InputStream openTokenizer() throws IOException;

  /** The model files as resources of the classpath. */
  record Classpath(String model, String onnx, String tokenizer) implements ModelSource {

    @Override
    public OrtSession openSession(OrtEnvironment environment, OrtSession.SessionOptions options)
        throws IOException, OrtException {
      try (InputStream in = resource(onnx)) {
        return environment.createSession(in.readAllBytes(), options);
      }
    }

    @Override
    public InputStream openTokenizer() throws IOException {
      return resource(tokenizer);
    }

    @Override
    public String toString() {
      return "the bundled " + onnx;
    }

    private static InputStream resource(String name) throws IOException {
      InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(name);
      if (in == null) throw new IOException("the model file " + name + " is not on the classpath");
      return in;
    }
  }

  /** The model files in a directory. */
  record Directory(Path directory) implements ModelSource {

    public Directory {
      Objects.requireNonNull(directory, "directory");
    }

    @Override
    public OrtSession openSession(OrtEnvironment environment, OrtSession.SessionOptions options)
        throws IOException, OrtException {
      return environment.createSession(existing(ONNX).toString(), options);
    }

    @Override
    public InputStream openTokenizer() throws IOException {
      return Files.newInputStream(existing(TOKENIZER));
    }

    @Override
    public String toString() {
      return directory.toString();
    }

    private Path existing(String name) throws IOException {
      Path file = directory.resolve(name);
      if (!Files.isRegularFile(file)) throw new IOException("the model file " + file + " does not exist");
      return file;
    }
  }
}
