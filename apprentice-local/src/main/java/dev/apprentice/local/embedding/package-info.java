/**
 * In-process embeddings: all-MiniLM-L6-v2 on ONNX Runtime with its own tokenizer, behind dynamic micro-batching.
 * Entry points: {@link dev.apprentice.local.embedding.LocalModels} (the shared, lazily loaded embedder of one
 * instance), {@link dev.apprentice.local.embedding.MiniLmEmbedder} and
 * {@link dev.apprentice.local.embedding.LocalEmbeddingProvider}.
 */
package dev.apprentice.local.embedding;
