package dev.apprentice.guard.pii;

/** The Luhn (mod 10) check digit of payment card numbers. */
public final class Luhn {

  private Luhn() {}

  /** True when {@code digits} (ASCII digits only, at least two) ends with a correct Luhn check digit. */
  public static boolean valid(CharSequence digits) {
    if (digits.length() < 2) return false;
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      if (twice) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
