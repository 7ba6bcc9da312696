package dev.affiliatekit.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Ids that all share one {@link String#hashCode()}, as an attacker makes them: each is a prefix
 * followed by blocks of {@code "Aa"} or {@code "BB"}, two strings of equal hash code, and then a
 * suffix.
 */
public final class CollidingIds {

  private CollidingIds() {}

  /**
   * {@return {@code count} distinct ids of equal length and hash code}
   *
   * @param prefix the text before the blocks
   * @param count how many ids, at most 2^30
   * @param suffix the text after the blocks
   */
  public static List<String> of(String prefix, int count, String suffix) {
    int blocks = Math.max(1, 32 - Integer.numberOfLeadingZeros(count - 1));
    List<String> ids = new ArrayList<>(count);
    StringBuilder id = new StringBuilder();
    for (int n = 0; n < count; n++) {
      id.setLength(0);
      id.append(prefix);
      for (int bit = blocks - 1; bit >= 0; bit--) {
        id.append((n >>> bit & 1) == 0 ? "Aa" : "BB");
      }
      ids.add(id.append(suffix).toString());
    }
    return ids;
  }
}
