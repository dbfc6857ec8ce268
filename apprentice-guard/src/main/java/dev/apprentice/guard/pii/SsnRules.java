package dev.apprentice.guard.pii;

/** The rules every issued US Social Security number keeps. */
public final class SsnRules {

  private SsnRules() {}

  /**
   * True when area (3 digits), group (2) and serial (4) could belong to an issued number: area not 000, 666 or
   * 900–999, group not 00, serial not 0000, and not one of the numbers published in advertising.
   */
  public static boolean valid(String area, String group, String serial) {
    if (area.length() != 3 || group.length() != 2 || serial.length() != 4) return false;
    int a = Integer.parseInt(area);
    if (a == 0 || a == 666 || a >= 900) return false;
    if (group.equals("00") || serial.equals("0000")) return false;
    String whole = area + group + serial;
    return !whole.equals("078051120") && !whole.equals("219099999") && !whole.equals("123456789");
  }
}
