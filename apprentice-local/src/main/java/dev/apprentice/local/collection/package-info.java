/**
 * Vector collections for retrieval: documents chunked, embedded and kept in a Lucene HNSW index per collection under
 * {@code <data_dir>/collections/<name>/}. {@link dev.apprentice.local.collection.Collections} manages them;
 * {@link dev.apprentice.local.collection.LocalRetriever} serves the API's Retriever from them.
 */
package dev.apprentice.local.collection;
