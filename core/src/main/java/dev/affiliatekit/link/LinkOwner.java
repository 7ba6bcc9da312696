package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.quote;

import dev.affiliatekit.internal.Ids;
import java.util.Optional;

/**
 * Who a link code belongs to: an affiliate, and optionally one of their campaigns, so that one
 * affiliate can hold several codes and tell their results apart.
 *
 * <p>Two owners are the same when both the affiliate and the campaign are: {@code aff-1042}
 * alone and {@code aff-1042} with campaign {@code spring} are different owners of codes.
 * {@link #toString()} prints {@code 'aff-1042'} or {@code 'aff-1042' campaign 'spring'}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate's id, as {@link dev.affiliatekit.internal.Ids#checkId} accepts
 * @param campaign the campaign's id, if the code is for one campaign
 */
public record LinkOwner(String affiliateId, Optional<String> campaign) {

  /**
   * Checks the ids.
   *
   * @param affiliateId the affiliate's id
   * @param campaign the campaign's id, if the code is for one campaign
   * @throws IllegalArgumentException if an id is blank, longer than 256 characters or contains a
   *     control character or an unpaired surrogate
   */
  public LinkOwner {
    affiliateId = Ids.checkId(affiliateId, "affiliateId");
    campaign = checkNotNull(campaign, "campaign").map(id -> Ids.checkId(id, "campaign"));
  }

  /**
   * Returns the owner that is the affiliate itself, with no campaign.
   *
   * <p>For example, {@code LinkOwner.of("aff-1042")}.
   *
   * @param affiliateId the affiliate's id
   * @return the owner
   * @throws IllegalArgumentException if the id is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  public static LinkOwner of(String affiliateId) {
    return new LinkOwner(affiliateId, Optional.empty());
  }

  /**
   * Returns the owner that is one campaign of the affiliate.
   *
   * <p>For example, {@code LinkOwner.of("aff-1042", "spring-sale")}.
   *
   * @param affiliateId the affiliate's id
   * @param campaign the campaign's id
   * @return the owner
   * @throws IllegalArgumentException if an id is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  public static LinkOwner of(String affiliateId, String campaign) {
    return new LinkOwner(affiliateId, Optional.of(checkNotNull(campaign, "campaign")));
  }

  /** Returns the quoted ids, such as {@code 'aff-1042' campaign 'spring'}. */
  @Override
  public String toString() {
    return campaign.map(id -> quote(affiliateId) + " campaign " + quote(id))
        .orElseGet(() -> quote(affiliateId));
  }
}
