/** Benchmark programs run from bench/ scripts; compared side by side with peers in one run. */
package dev.apprentice.bench;
