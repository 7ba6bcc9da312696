package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.common.collect.ImmutableSortedSet;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Countries;
import dev.affiliatekit.internal.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a commission plan may know about an affiliate: its id, and optionally its group (or tier),
 * tags, platform, follower count, country and parent affiliate.
 *
 * <p>Rules test these through {@link Attribute}s such as {@code affiliate.group} and {@code
 * affiliate.followers}; an attribute the profile does not have never matches. The parent is the
 * affiliate that recruited this one, who earns an override on its commissions when the plan has
 * {@linkplain CommissionPlan#overrideRates() overrides}.
 *
 * <pre>{@code
 * AffiliateProfile anna = AffiliateProfile.builder("anna")
 *     .group("micro").tags("vegan", "skin").platform("instagram").followers(12_400)
 *     .country("DE").parentId("ben")
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate
 * @param group the affiliate's group or tier, such as {@code micro} or {@code gold}, if any
 * @param tags free labels, such as {@code vegan}; sorted
 * @param platform where the affiliate publishes, such as {@code instagram}, if known
 * @param followers the affiliate's follower count, if known, not negative
 * @param country the affiliate's country, if known: an ISO 3166-1 alpha-2 code in upper case such
 *     as {@code DE}, one of those a {@linkplain Condition condition} may name (the running JDK's
 *     list and the user-assigned codes), so that {@code UK} is refused for {@code GB}
 * @param parentId the affiliate that recruited this one, if any; not this affiliate
 */
public record AffiliateProfile(String affiliateId, Optional<String> group, Set<String> tags,
    Optional<String> platform, OptionalLong followers, Optional<String> country,
    Optional<String> parentId) {

  /**
   * Validates the parts and copies the tags into sorted order.
   *
   * @param affiliateId the affiliate
   * @param group the affiliate's group or tier, if any
   * @param tags free labels
   * @param platform where the affiliate publishes, if known
   * @param followers the affiliate's follower count, if known, not negative
   * @param country the affiliate's country, if known: an ISO 3166-1 alpha-2 code that a {@link
   *     Condition} may name, such as {@code DE}
   * @param parentId the affiliate that recruited this one, if any
   * @throws IllegalArgumentException if an id, the group, a tag or the platform is not a valid
   *     identifier, the follower count is negative, the country is not a code that a condition may
   *     name (such as {@code UK}, {@code de} or {@code DEU}), or the affiliate is its own parent
   */
  public AffiliateProfile {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(group, "group");
    checkNotNull(tags, "tags");
    checkNotNull(platform, "platform");
    checkNotNull(followers, "followers");
    checkNotNull(country, "country");
    checkNotNull(parentId, "parentId");
    checkId(affiliateId, "affiliate affiliateId");
    group.ifPresent(value -> checkId(value, "affiliate group"));
    // One snapshot, checked and kept, so that a set another thread changes cannot slip a value by.
    List<String> given = new ArrayList<>(tags);
    for (String tag : given) {
      checkId(checkNotNull(tag, "tags contains null"), "affiliate tag");
    }
    tags = ImmutableSortedSet.copyOf(given);
    platform.ifPresent(value -> checkId(value, "affiliate platform"));
    followers.ifPresent(count -> checkArgument(count >= 0,
        "affiliate followers must not be negative: %s", count));
    country.ifPresent(code -> Countries.check(code, "affiliate country"));
    parentId.ifPresent(value -> checkId(value, "affiliate parentId"));
    if (parentId.isPresent() && parentId.get().equals(affiliateId)) {
      throw new IllegalArgumentException(
          "affiliate must not be its own parent: " + Texts.quote(affiliateId));
    }
  }

  /**
   * Returns the profile of an affiliate about which nothing else is known.
   *
   * @param affiliateId the affiliate
   * @return the profile
   * @throws IllegalArgumentException if the id is not a valid identifier
   */
  public static AffiliateProfile of(String affiliateId) {
    return new AffiliateProfile(affiliateId, Optional.empty(), Set.of(), Optional.empty(),
        OptionalLong.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Returns a builder of the profile of the given affiliate.
   *
   * @param affiliateId the affiliate
   * @return the builder
   */
  public static Builder builder(String affiliateId) {
    return new Builder(affiliateId);
  }

  /** {@return a builder that starts from this profile} */
  public Builder toBuilder() {
    Builder builder = new Builder(affiliateId);
    builder.group = group.orElse(null);
    builder.tags.addAll(tags);
    builder.platform = platform.orElse(null);
    builder.followers = followers.isPresent() ? followers.getAsLong() : null;
    builder.country = country.orElse(null);
    builder.parentId = parentId.orElse(null);
    return builder;
  }

  /**
   * A builder of {@link AffiliateProfile}s. Each setter replaces the previous value; {@link
   * #build()} validates through the record's constructor.
   */
  public static final class Builder {
    private final String affiliateId;
    private @Nullable String group;
    private final Set<String> tags = new TreeSet<>();
    private @Nullable String platform;
    private @Nullable Long followers;
    private @Nullable String country;
    private @Nullable String parentId;

    private Builder(String affiliateId) {
      this.affiliateId = checkNotNull(affiliateId, "affiliateId");
    }

    /**
     * Sets the affiliate's group or tier.
     *
     * @param value the group, such as {@code micro}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder group(String value) {
      this.group = checkNotNull(value, "group");
      return this;
    }

    /**
     * Adds tags.
     *
     * @param values the tags, such as {@code vegan}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder tags(String... values) {
      tags.addAll(Elements.copyOf(checkNotNull(values, "values"), "tags"));
      return this;
    }

    /**
     * Sets where the affiliate publishes.
     *
     * @param value the platform, such as {@code instagram}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder platform(String value) {
      this.platform = checkNotNull(value, "platform");
      return this;
    }

    /**
     * Sets the affiliate's follower count.
     *
     * @param value the count, not negative
     * @return this builder
     * @throws IllegalArgumentException if the count is negative
     */
    @CanIgnoreReturnValue
    public Builder followers(long value) {
      checkArgument(value >= 0, "affiliate followers must not be negative: %s", value);
      this.followers = value;
      return this;
    }

    /**
     * Sets the affiliate's country, which {@link #build()} checks.
     *
     * @param value an ISO 3166-1 alpha-2 code that a {@link Condition} may name, such as {@code
     *     DE}; {@code build()} refuses another, such as {@code UK}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder country(String value) {
      this.country = checkNotNull(value, "country");
      return this;
    }

    /**
     * Sets the affiliate that recruited this one.
     *
     * @param value the parent's id
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder parentId(String value) {
      this.parentId = checkNotNull(value, "parentId");
      return this;
    }

    /**
     * Returns the profile.
     *
     * @return the profile
     * @throws IllegalArgumentException if a part is invalid (see {@link
     *     AffiliateProfile#AffiliateProfile})
     */
    public AffiliateProfile build() {
      return new AffiliateProfile(affiliateId, Optional.ofNullable(group), tags,
          Optional.ofNullable(platform),
          followers == null ? OptionalLong.empty() : OptionalLong.of(followers),
          Optional.ofNullable(country), Optional.ofNullable(parentId));
    }
  }
}
