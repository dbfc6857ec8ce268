package dev.apprentice.guard.pii;

import java.util.Map;
import java.util.Set;

/**
 * Words near a match that make it more (or less) likely to be the entity: "card" before sixteen digits, "call"
 * before a number, "version" before a dotted quad, "street" after a house number. A word raises when it equals a
 * raising word or, for raising words of four letters or more, starts with it ("phones", "cardholder"); lowering
 * words must match exactly.
 *
 * @param raise words that raise the score
 * @param lower words that lower it
 */
public record ContextWords(Set<String> raise, Set<String> lower) {

  public ContextWords {
    raise = Set.copyOf(raise);
    lower = Set.copyOf(lower);
  }

  /** The default words for each entity type. */
  public static Map<String, ContextWords> defaults() {
    return Map.of(
        "CREDIT_CARD", new ContextWords(Set.of("card", "credit", "debit", "cc", "visa", "mastercard", "amex",
            "discover", "jcb", "diners", "maestro", "unionpay", "cvv", "cvc", "expiry", "expires", "pan"), Set.of()),
        "IBAN_CODE", new ContextWords(Set.of("iban", "bank", "account", "transfer", "wire", "swift", "bic", "sepa"),
            Set.of()),
        "US_SSN", new ContextWords(Set.of("ssn", "ssns", "ss#", "ssn#", "social", "security", "ssid", "taxpayer"),
            Set.of()),
        "PHONE_NUMBER", new ContextWords(Set.of("phone", "telephone", "tel", "call", "mobile", "cell", "cellphone",
            "fax", "whatsapp", "sms", "text", "dial", "ring", "landline", "office", "desk", "contact", "reach"),
            Set.of("license", "licence", "passport", "isbn", "serial", "zip", "postcode", "postal", "card", "iban",
                "ssn", "street", "st",
                "road", "rd", "avenue", "ave", "drive", "lane", "ln", "boulevard", "blvd", "court", "ct", "place",
                "square", "sq", "close", "way", "rue", "suite", "apt", "apartment", "floor", "invoice", "order",
                "ticket", "tracking", "reference", "ref", "timestamp", "epoch", "version", "build", "commit", "uuid",
                "id", "port", "pid")),
        "IP_ADDRESS", new ContextWords(Set.of("ip", "ipv4", "ipv6", "address", "host", "server", "client", "router",
            "gateway", "subnet"), Set.of("version", "ver", "release", "build")),
        "URL", new ContextWords(Set.of("url", "website", "site", "link", "visit", "homepage"), Set.of()),
        "CRYPTO", new ContextWords(Set.of("wallet", "bitcoin", "btc", "eth", "ethereum", "crypto", "address",
            "send", "usdt"), Set.of()),
        "EMAIL_ADDRESS", new ContextWords(Set.of("email", "mail", "contact"), Set.of()));
  }

  boolean raises(String word) {
    return matches(raise, word);
  }

  boolean lowers(String word) {
    return lower.contains(word);
  }

  private static boolean matches(Set<String> words, String word) {
    if (words.contains(word)) return true;
    for (int cut = 4; cut < word.length(); cut++) {
      if (words.contains(word.substring(0, cut))) return true;
    }
    return false;
  }
}
