/** In-process models: embeddings, the response cache, vector collections. Depends on the API only. */
package dev.apprentice.local;
