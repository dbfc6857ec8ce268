package dev.apprentice.guard.secrets;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.regex.Pattern;

/**
 * AWS secret access keys: exactly 40 base64 characters, random-looking, with "aws", "amazon" or "secret" in the
 * 80 characters before them (the key itself has no prefix to recognise it by).
 */
final class AwsSecretKeys {

  private static final int LENGTH = 40;
  private static final Pattern CONTEXT = Pattern.compile("(?i)aws|secret|amazon");

  private AwsSecretKeys() {}

  static void find(String text, String lower, List<Finding> out) {
    if (!lower.contains("aws") && !lower.contains("secret") && !lower.contains("amazon")) return;
    int i = 0;
    while (i < text.length()) {
      if (!isKeyChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && isKeyChar(text.charAt(i))) i++;
      boolean padded = i < text.length() && text.charAt(i) == '=';
      if (i - start != LENGTH || padded) continue;
      String key = text.substring(start, i);
      if (SecretRules.random(key, 4.0) && CONTEXT.matcher(text).region(Math.max(0, start - 80), start).find()) {
        out.add(new Finding("SECRET", "aws_secret_access_key", start, i, 0.85, key));
      }
    }
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '+';
  }
}
