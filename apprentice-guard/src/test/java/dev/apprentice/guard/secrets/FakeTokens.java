package dev.apprentice.guard.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Credential-shaped strings built at run time from a seeded generator, so that no token-looking literal sits in
 * the sources (secret scanners of code hosts would flag them). None of them was ever a real credential.
 */
final class FakeTokens {

  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String BASE64 = ALNUM + "+/";

  private FakeTokens() {}

  static String random(String alphabet, int length, long seed) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return out.toString();
  }

  static String openAi() {
    return "sk-" + "proj-" + random(ALNUM + "_-", 64, 1) + "T3Blbk" + "FJ" + random(ALNUM, 40, 2);
  }

  static String openAiLegacy() {
    return "sk-" + random(ALNUM, 48, 3);
  }

  static String anthropic() {
    return "sk-" + "ant-api03-" + random(ALNUM + "_-", 93, 4) + "AA";
  }

  static String awsKeyId() {
    return "AKIA" + random(BASE32, 16, 5);
  }

  static String awsSecret() {
    return random(BASE64, 40, 6);
  }

  static String github() {
    return "gh" + "p_" + random(ALNUM, 36, 7);
  }

  static String githubFineGrained() {
    return "github" + "_pat_" + random(ALNUM, 22, 8) + "_" + random(ALNUM, 59, 9);
  }

  static String slack() {
    return "xox" + "b-" + random("0123456789", 12, 10) + "-" + random("0123456789", 13, 11) + "-" + random(ALNUM, 24, 12);
  }

  static String jwt(String headerJson) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return url.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
        + url.encodeToString("{\"sub\":\"1234567890\",\"name\":\"Jane\",\"iat\":1516239022}".getBytes(StandardCharsets.UTF_8))
        + "." + random(ALNUM + "_-", 43, 13);
  }

  static String privateKey(boolean withEnd) {
    String kind = "RSA PRIVATE " + "KEY";
    StringBuilder block = new StringBuilder("-----BEGIN " + kind + "-----\n");
    for (int line = 0; line < 4; line++) block.append(random(BASE64, 64, 20 + line)).append('\n');
    if (withEnd) block.append("-----END ").append(kind).append("-----");
    return block.toString();
  }
}
