/** The response cache on a Lucene index: exact keys, and prompt embeddings searched by meaning (HNSW). */
package dev.apprentice.local.cache;
