package dev.apprentice.guard.pii;

/** Validation of IPv4 dotted quads and IPv6 text forms (RFC 4291: compressed, embedded IPv4, RFC 4007 zone ids). */
public final class IpAddresses {

  private IpAddresses() {}

  /** True for four decimal octets 0–255 without leading zeros. */
  public static boolean validIpv4(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) return false;
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')) return false;
      for (int i = 0; i < octet.length(); i++) {
        if (!isDigit(octet.charAt(i))) return false;
      }
      if (Integer.parseInt(octet) > 255) return false;
    }
    return true;
  }

  /** True for an IPv6 address in any RFC 4291 text form, optionally followed by {@code %zone}. */
  public static boolean validIpv6(String text) {
    String address = text;
    int percent = text.indexOf('%');
    if (percent >= 0) {
      if (!validZone(text.substring(percent + 1))) return false;
      address = text.substring(0, percent);
    }
    int gap = address.indexOf("::");
    if (gap < 0) return groups(address, true) == 8;
    if (address.indexOf("::", gap + 1) >= 0) return false;
    int head = groups(address.substring(0, gap), false);
    int tail = groups(address.substring(gap + 2), true);
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /** Number of hex groups explicitly written (the part around {@code ::} not counted), or -1 when not IPv6. */
  public static int writtenGroups(String text) {
    int percent = text.indexOf('%');
    String address = percent < 0 ? text : text.substring(0, percent);
    int gap = address.indexOf("::");
    if (gap < 0) return groups(address, true);
    int head = groups(address.substring(0, gap), false);
    int tail = groups(address.substring(gap + 2), true);
    return head < 0 || tail < 0 ? -1 : head + tail;
  }

  /** 16-bit groups in a colon-separated part (an embedded IPv4 counts two), -1 when malformed. */
  private static int groups(String part, boolean mayEndWithIpv4) {
    if (part.isEmpty()) return 0;
    String[] pieces = part.split(":", -1);
    int count = 0;
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (i == pieces.length - 1 && mayEndWithIpv4 && piece.indexOf('.') >= 0) {
        if (!validIpv4(piece)) return -1;
        count += 2;
      } else if (isHexGroup(piece)) {
        count++;
      } else {
        return -1;
      }
    }
    return count;
  }

  private static boolean isHexGroup(String piece) {
    if (piece.isEmpty() || piece.length() > 4) return false;
    for (int i = 0; i < piece.length(); i++) {
      if (Character.digit(piece.charAt(i), 16) < 0) return false;
    }
    return true;
  }

  private static boolean validZone(String zone) {
    if (zone.isEmpty() || zone.length() > 32) return false;
    for (int i = 0; i < zone.length(); i++) {
      char c = zone.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '_' && c != '.' && c != '-' && c != '~') return false;
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
