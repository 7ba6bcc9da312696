package dev.affiliatekit.program;

import com.google.common.hash.Hashing;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Texts;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Idempotency keys derived from ids: unambiguous, and kept within the length the ledger accepts.
 *
 * <p>A key is a kind and its ids separated by colons, such as {@code refund:o1:rma-1}; a ledger
 * item adds its affiliate after a slash, such as {@code order:o1/mia}. Each id is escaped so that
 * it cannot contain a separator: {@code %} becomes {@code %25}, {@code /} becomes {@code %2F} and
 * {@code :} becomes {@code %3A}, so order {@code shop:1} refunded by {@code r} and order {@code
 * shop} refunded by {@code 1:r} have the keys {@code refund:shop%3A1:r} and {@code
 * refund:shop:1%3Ar}. An id without these characters appears as it is.
 */
final class Keys {

  private static final int KEPT = 190;
  /** The length of the hash's hex digits, and of the {@code #} before them. */
  private static final int HASHED = 1 + 64;

  /**
   * The kinds of the keys the program derives for its ledger postings and its other operations,
   * enrollments and keyed touches, which its events carry: a key the host chooses, such as a
   * payout batch's, must not start with one of them and a colon.
   */
  static final List<String> DERIVED_KINDS = List.of("order", "refund", "chargeback",
      "chargeback-won", "release", "settle", "fail", "enroll", "touch");

  private Keys() {}

  /**
   * The kinds whose keys a host's release key could take: all but the releases' own, whose keys a
   * release may be retried under.
   */
  static final List<String> NOT_RELEASE_KINDS =
      DERIVED_KINDS.stream().filter(kind -> !kind.equals("release")).toList();

  /** {@return whether the key starts with one of the kinds, then a colon} */
  static boolean isOfKind(String key, List<String> kinds) {
    for (String kind : kinds) {
      if (key.startsWith(kind)
          && key.length() > kind.length()
          && key.charAt(kind.length()) == ':') {
        return true;
      }
    }
    return false;
  }

  /** Returns the key of a kind and its ids, such as {@code refund:o1:rma-1}, shortened to fit. */
  static String of(String kind, String... ids) {
    return fit(joined(kind, ids));
  }

  /** Returns the key of a kind and its ids, such as {@code refund:o1:rma-1}, at any length. */
  static String joined(String kind, String... ids) {
    StringBuilder key = new StringBuilder(kind);
    for (String id : ids) {
      key.append(':');
      appendEscaped(id, key);
    }
    return key.toString();
  }

  /** Returns the key of an order's commission item, {@code <orderKey>/<affiliateId>}. */
  static String item(String orderKey, String affiliateId) {
    StringBuilder key = new StringBuilder(orderKey).append('/');
    appendEscaped(affiliateId, key);
    return fit(key.toString());
  }

  /** Returns the key of an override on an item, {@code <itemKey>/override/<affiliateId>}. */
  static String override(String itemKey, String affiliateId) {
    StringBuilder key = new StringBuilder(itemKey).append("/override/");
    appendEscaped(affiliateId, key);
    return fit(key.toString());
  }

  /** Returns the key of a true-up on an item, {@code <itemKey>/tier/<ruleId>}. */
  static String trueUp(String itemKey, String ruleId) {
    StringBuilder key = new StringBuilder(itemKey).append("/tier/");
    appendEscaped(ruleId, key);
    return fit(key.toString());
  }

  /**
   * Returns the key of a posting an operation makes on an item, {@code
   * <operationKey>/<itemKey>}, such as {@code refund:o1:rma-1/order:o1/mia}, shortened to fit.
   */
  static String onItem(String operationKey, String itemKey) {
    return fit(operationKey + "/" + itemKey);
  }

  /**
   * Returns the key of a further posting an operation makes on an item, {@code
   * <operationKey>/<itemKey>/<part>}, such as {@code .../order:o1/mia/rounding}, shortened to fit.
   */
  static String onItem(String operationKey, String itemKey, String part) {
    return fit(operationKey + "/" + itemKey + "/" + part);
  }

  /**
   * Returns the id with {@code %}, {@code /} and {@code :} escaped; an id without them is returned
   * as it is.
   */
  static String escape(String id) {
    if (!needsEscape(id)) {
      return id;
    }
    StringBuilder escaped = new StringBuilder(id.length() + 8);
    appendEscaped(id, escaped);
    return escaped.toString();
  }

  private static boolean needsEscape(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '%' || c == '/' || c == ':') {
        return true;
      }
    }
    return false;
  }

  private static void appendEscaped(String id, StringBuilder out) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      switch (c) {
        case '%' -> out.append("%25");
        case '/' -> out.append("%2F");
        case ':' -> out.append("%3A");
        default -> out.append(c);
      }
    }
  }

  /**
   * Returns the key itself if it fits in {@link Ids#MAX_LENGTH} characters; otherwise its first
   * characters and a SHA-256 hash of the whole, so that distinct keys stay distinct. A key that
   * fits but looks like a shortened one (its first characters, {@code #} and 64 hex digits) is
   * shortened too, so that no id can be chosen to pass for another key's shortened form. Apply it
   * once to each key built.
   *
   * <p>The cut never splits a surrogate pair: when it would fall after a high surrogate, one
   * character less is kept, so a key built from well-formed ids is well-formed UTF-16 and survives
   * a UTF-8 journal. A shortened key is therefore 255 or 254 characters long.
   */
  static String fit(String key) {
    if (key.length() <= Ids.MAX_LENGTH && !looksShortened(key)) {
      return key;
    }
    int kept = Texts.cutBefore(key, KEPT);
    return key.substring(0, kept) + "#"
        + Hashing.sha256().hashString(key, StandardCharsets.UTF_8);
  }

  /** Whether a key ends as a shortened key of either length does: {@code #} and 64 hex digits. */
  private static boolean looksShortened(String key) {
    int length = key.length();
    if (length != KEPT + HASHED && length != KEPT - 1 + HASHED) {
      return false;
    }
    int hash = length - HASHED;
    if (key.charAt(hash) != '#') {
      return false;
    }
    for (int i = hash + 1; i < length; i++) {
      char c = key.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }
}
