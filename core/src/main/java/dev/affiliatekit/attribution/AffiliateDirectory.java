package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Texts;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host's answer to "who is this affiliate?" and "whose code is this?": attribution asks it for
 * each affiliate that a conversion's touches point to, and for the owner of a coupon or link code.
 *
 * <p>The host implements it over its own data, or lets an {@code AffiliateProgram} answer from its
 * enrollments and link registry; {@link #builder()} makes a fixed, in-memory directory, for tests
 * and for programs whose affiliates are all known when they start, such as a service that
 * attributes orders against a list of creators loaded at startup.
 * Implementations must be thread-safe and fast: attribution calls them on its hot path.
 *
 * <pre>{@code
 * AffiliateDirectory directory = AffiliateDirectory.builder()
 *     .add(AffiliateIdentity.active("anna"), "ANNA10", "anna-link")
 *     .add(AffiliateIdentity.active("ben").withStatus(AffiliateStatus.BANNED), "BEN")
 *     .build();
 * }</pre>
 */
public interface AffiliateDirectory {

  /**
   * Returns what is known about an affiliate.
   *
   * @param affiliateId the affiliate
   * @return the affiliate's identity and status; empty if the affiliate is unknown
   */
  Optional<AffiliateIdentity> affiliate(String affiliateId);

  /**
   * Returns the affiliate that owns a link or coupon code.
   *
   * <p>The directory of {@link #builder()} reads a code as {@code AffiliateProgram} does, with
   * {@link dev.affiliatekit.link.LinkCode#tryParseTyped}, so that {@code anna10} and {@code
   * Anna-10} find the owner of {@code ANNA10}; a text that is no link code, such as {@code
   * SPRING_SALE}, is matched as written.
   *
   * @param code the code as the customer used it
   * @return the owner; empty if the code is not an affiliate's
   */
  Optional<String> ownerOf(String code);

  /**
   * Returns a number that changes whenever an answer of {@link #affiliate(String)} may change, or
   * {@link #UNVERSIONED} if the directory cannot tell.
   *
   * <p>While the version stays the same, an {@link Attributor} reuses the identities it has read,
   * which saves a lookup per touch on the hot path. A directory that bans or deactivates
   * affiliates must therefore change its version when it does, after the new answer is visible to
   * other threads (update, then change the version); the default, {@code UNVERSIONED}, makes every
   * evaluation ask again. A version must not come back to a value it had before, as a counter never
   * does: an attribution that began under a version and reads an affiliate after the change keeps
   * the new answer under that version, which the attributor would then give again if the version
   * came back.
   *
   * @return the version, or {@code UNVERSIONED}
   */
  default long version() {
    return UNVERSIONED;
  }

  /** The {@link #version()} of a directory that cannot tell when its answers change. */
  long UNVERSIONED = Long.MIN_VALUE;

  /**
   * Returns a builder of a fixed, in-memory directory.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** A builder of fixed, in-memory {@link AffiliateDirectory} instances. */
  final class Builder {
    private final Map<String, AffiliateIdentity> affiliates = new HashMap<>();
    /** Each code's owner and the code as first added, by the key it is read as. */
    private final Map<String, Claim> claims = new HashMap<>();

    private Builder() {}

    private record Claim(String affiliateId, String spelling) {}

    /**
     * Adds an affiliate and the codes it owns. An affiliate added again, by its id, has its
     * identity replaced and keeps the codes added before, to which these are added. Codes are read
     * as {@link AffiliateDirectory#ownerOf} says, so {@code ANNA10} and {@code anna-10} are one
     * code.
     *
     * @param affiliate the affiliate
     * @param codes the link and coupon codes the affiliate owns
     * @return this builder
     * @throws IllegalArgumentException if a code is invalid or belongs to another affiliate
     */
    @CanIgnoreReturnValue
    public Builder add(AffiliateIdentity affiliate, String... codes) {
      checkNotNull(affiliate, "affiliate");
      checkNotNull(codes, "codes");
      for (String code : codes) {
        checkId(code, "code");
        String key = FixedAffiliateDirectory.key(code);
        Claim held = claims.get(key);
        if (held == null || held.affiliateId().equals(affiliate.affiliateId())) {
          continue;
        }
        if (code.equals(held.spelling())) {
          throw new IllegalArgumentException("code already belongs to affiliate "
              + Texts.quote(held.affiliateId()) + ": " + Texts.quote(code));
        }
        throw new IllegalArgumentException("code " + Texts.quote(code) + " reads as "
            + Texts.quote(key) + ", which affiliate " + Texts.quote(held.affiliateId())
            + " holds as "
            + Texts.quote(held.spelling()));
      }
      affiliates.put(affiliate.affiliateId(), affiliate);
      for (String code : codes) {
        claims.putIfAbsent(FixedAffiliateDirectory.key(code),
            new Claim(affiliate.affiliateId(), code));
      }
      return this;
    }

    /**
     * Returns the directory, a snapshot of what was added.
     *
     * @return the directory
     */
    public AffiliateDirectory build() {
      Map<String, String> owners = new HashMap<>();
      claims.forEach((key, claim) -> owners.put(key, claim.affiliateId()));
      return new FixedAffiliateDirectory(new HashMap<>(affiliates), owners);
    }
  }
}
