package dev.apprentice.server;

/**
 * Text for tests of a guard on a bank's streamed answers: prose the scanners find nothing in, and values they do find
 * (an address, a key).
 */
final class BankAnswers {

  /** An address the PII scanner finds. */
  static final String EMAIL = "support@acme-bank.example.org";
  /** A key the secrets scanner finds; built at run time so that no token-shaped literal sits in the sources. */
  static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";
  /** Two sentences that hold no value, for the text around one. */
  static final String PROSE = "Thank you for contacting the bank about your statement, we are glad to help. "
      + "Our team reviewed the question and the answer below should settle it for good. ";

  private BankAnswers() {}
}
