package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.link.LinkCode;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable, in-memory directory of {@link AffiliateDirectory#builder()}. It keeps private
 * hash maps, which nothing modifies after construction: their power-of-two tables find an entry
 * faster than {@code Map.copyOf}'s, and attribution asks once per affiliate per conversion.
 */
final class FixedAffiliateDirectory implements AffiliateDirectory {

  private final Map<String, AffiliateIdentity> affiliates;
  private final Map<String, String> owners;

  FixedAffiliateDirectory(Map<String, AffiliateIdentity> affiliates, Map<String, String> owners) {
    this.affiliates = affiliates;
    this.owners = owners;
  }

  @Override
  public Optional<AffiliateIdentity> affiliate(String affiliateId) {
    return Optional.ofNullable(affiliates.get(checkNotNull(affiliateId, "affiliateId")));
  }

  @Override
  public Optional<String> ownerOf(String code) {
    return Optional.ofNullable(owners.get(key(checkNotNull(code, "code"))));
  }

  /**
   * {@return the key of a code as typed: the canonical form of the link code it reads as
   * ({@link LinkCode#tryParseTyped}), or the text itself if it is no link code}
   */
  static String key(String code) {
    return LinkCode.tryParseTyped(code).map(LinkCode::toString).orElse(code);
  }

  /** {@return 0: a fixed directory never changes} */
  @Override
  public long version() {
    return 0;
  }

  @Override
  public String toString() {
    return "AffiliateDirectory{" + affiliates.size() + " affiliates, " + owners.size() + " codes}";
  }
}
