package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collection;
import java.util.Optional;

/**
 * Where a plan finds the profiles of parent affiliates, to pay multi-level overrides: the parent
 * of the quoted affiliate, that parent's parent, and so on up to the plan's depth.
 *
 * <p>The host may back it with its own store; {@link #of(Collection)} holds profiles in memory and
 * rejects a loop of parents when it is built. Whatever the lookup, a quote that meets an affiliate
 * twice while walking up the parents fails with an {@link IllegalArgumentException} that names the
 * loop, so an override is never paid twice or forever.
 *
 * <pre>{@code
 * AffiliateProfiles network = AffiliateProfiles.of(List.of(anna, ben, carla));
 * CommissionContext context = CommissionContext.builder(anna).uplines(network).build();
 * }</pre>
 */
@FunctionalInterface
public interface AffiliateProfiles {

  /**
   * Returns the profile of the given affiliate.
   *
   * @param affiliateId the affiliate
   * @return its profile, or empty if unknown
   */
  Optional<AffiliateProfile> find(String affiliateId);

  /**
   * Returns whether the affiliate may earn an override now. A parent that may not, such as one the
   * program banned or, in a program that does not allow self-referral, the buyer of the quoted
   * sale, earns nothing on the quote: its level pays no one, and the parents above it are still
   * paid at their own levels. By default every affiliate may, known here or not.
   *
   * @param affiliateId a parent affiliate
   * @return whether it may earn an override
   */
  default boolean earnsOverrides(String affiliateId) {
    checkNotNull(affiliateId, "affiliateId");
    return true;
  }

  /**
   * Returns a lookup that knows no affiliate: overrides stop at the quoted affiliate's parent.
   *
   * @return the empty lookup
   */
  static AffiliateProfiles none() {
    return ProfileMap.EMPTY;
  }

  /**
   * Returns an in-memory lookup of the given profiles, with value equality.
   *
   * <p>For example, profiles of Anna (parent Ben), Ben (parent Carla) and Carla (parent Anna) are
   * rejected with {@code affiliate parents form a loop: anna -> ben -> carla -> anna}.
   *
   * @param profiles the profiles, one per affiliate
   * @return the lookup
   * @throws IllegalArgumentException if two profiles have the same affiliate id, or the parents
   *     form a loop; the message names the loop from its alphabetically first affiliate
   */
  static AffiliateProfiles of(Collection<AffiliateProfile> profiles) {
    checkNotNull(profiles, "profiles");
    return ProfileMap.of(profiles);
  }
}
