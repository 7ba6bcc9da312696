package dev.affiliatekit.program;

import com.google.common.hash.Hashing;
import dev.affiliatekit.internal.Ids;
import java.nio.charset.StandardCharsets;

/** Idempotency keys derived from ids, kept within the length the ledger accepts. */
final class Keys {

  private static final int KEPT = 190;

  private Keys() {}

  /**
   * Returns the key itself if it fits in {@link Ids#MAX_LENGTH} characters; otherwise its first
   * characters and a SHA-256 hash of the whole, so that distinct keys stay distinct.
   */
  static String fit(String key) {
    if (key.length() <= Ids.MAX_LENGTH) {
      return key;
    }
    return key.substring(0, KEPT) + "#"
        + Hashing.sha256().hashString(key, StandardCharsets.UTF_8);
  }
}
