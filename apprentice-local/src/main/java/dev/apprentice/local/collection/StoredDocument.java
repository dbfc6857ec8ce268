package dev.apprentice.local.collection;

/**
 * A document a collection holds, as listed.
 *
 * @param id     its id
 * @param source where it came from, as it was added, or null
 */
public record StoredDocument(String id, String source) {}
