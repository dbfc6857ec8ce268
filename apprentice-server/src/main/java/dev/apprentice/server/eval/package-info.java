/**
 * Evaluation wired to this server's parts: the runner's chat client on the in-process gateway, and its results store
 * on the database.
 */
package dev.apprentice.server.eval;
