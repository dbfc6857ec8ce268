package dev.apprentice.api;

import java.util.regex.Pattern;

/**
 * The shape of a redacting guard's typed placeholders, {@code <EMAIL_1>}, {@code <PHONE_NUMBER_2>}: an upper-case
 * label and a number from 1. Shared by the guard, which writes and restores them, and the response cache, which must
 * not answer one caller's placeholders with an answer made for others; one definition so the two cannot drift apart.
 */
public final class RedactionPlaceholders {

  /** A complete placeholder; group 1 is its label, group 2 its number. */
  public static final Pattern PATTERN = Pattern.compile("<([A-Z][A-Z0-9_]*)_([1-9][0-9]{0,5})>");

  private RedactionPlaceholders() {}
}
