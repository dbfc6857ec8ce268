/** Guardrails: scanners for PII, secrets and prompt injection, and the policies that act on them. */
package dev.apprentice.guard;
