/** What the Lucene indexes of the cache and the collections share: their faults, said in words for a user. */
package dev.apprentice.local.index;
