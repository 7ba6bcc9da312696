package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.internal.Emails;
import java.util.Optional;

/**
 * What attribution needs to know about an affiliate: whether it may earn, and who it is as a
 * customer, so that it cannot earn on its own purchases.
 *
 * <p>The customer id and the e-mail address are personal data, and {@link #toString()} shows
 * them, as do the enrollment and its event ({@code Enrollment}, {@code
 * ProgramEvent.AffiliateEnrolled}), whose JSON form leaves them out.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate
 * @param status whether the affiliate may earn
 * @param customerId the affiliate's own customer id in the shop, if it has one
 * @param email the affiliate's e-mail address, if known; compared after normalisation (case, in
 *     any script, folded much as Unicode's default case folding does, so {@code STRASSE} is
 *     {@code straße}, {@code İ} is {@code i} with a dot above, as lower-casing writes it, and
 *     the Turkish {@code ı} is not {@code I};
 *     {@code +tags}, the ASCII form of an internationalised domain as {@code
 *     java.net.IDN} gives it, and dots in Gmail addresses)
 */
public record AffiliateIdentity(String affiliateId, AffiliateStatus status,
    Optional<String> customerId, Optional<String> email) {

  /**
   * Validates the parts.
   *
   * @param affiliateId the affiliate
   * @param status whether the affiliate may earn
   * @param customerId the affiliate's own customer id in the shop, if it has one
   * @param email the affiliate's e-mail address, if known; compared after normalisation (case, in
   *     any script, folded much as Unicode's default case folding does, so {@code STRASSE} is
   *     {@code straße}, {@code İ} is {@code i} with a dot above, as lower-casing writes it, and
   *     the Turkish {@code ı} is not {@code I};
   *     {@code +tags}, the ASCII form of an internationalised domain as {@code
   *     java.net.IDN} gives it, and dots in Gmail addresses)
   * @throws IllegalArgumentException if an id is not a valid identifier or the e-mail address is
   *     malformed
   */
  public AffiliateIdentity {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(status, "status");
    checkNotNull(customerId, "customerId");
    checkNotNull(email, "email");
    checkId(affiliateId, "affiliate affiliateId");
    customerId.ifPresent(id -> checkId(id, "affiliate customerId"));
    email.ifPresent(address -> Emails.check(address, "affiliate email"));
  }

  /**
   * Returns an active affiliate with no customer id or e-mail address.
   *
   * @param affiliateId the affiliate
   * @return the identity
   * @throws IllegalArgumentException if the id is not a valid identifier
   */
  public static AffiliateIdentity active(String affiliateId) {
    return new AffiliateIdentity(affiliateId, AffiliateStatus.ACTIVE, Optional.empty(),
        Optional.empty());
  }

  /**
   * Returns this identity with the given status, or this identity if it has it already.
   *
   * @param newStatus the status
   * @return the identity with that status
   */
  public AffiliateIdentity withStatus(AffiliateStatus newStatus) {
    checkNotNull(newStatus, "newStatus");
    return newStatus == status ? this
        : new AffiliateIdentity(affiliateId, newStatus, customerId, email);
  }

  /**
   * Returns this identity with the given customer id and e-mail address, or this identity if it
   * has them already, spelled the same.
   *
   * @param newCustomerId the affiliate's customer id in the shop
   * @param newEmail the affiliate's e-mail address
   * @return the identity with them
   * @throws IllegalArgumentException if the id or address is malformed
   */
  public AffiliateIdentity withCustomer(String newCustomerId, String newEmail) {
    Optional<String> newCustomer = Optional.of(checkNotNull(newCustomerId, "newCustomerId"));
    Optional<String> newAddress = Optional.of(checkNotNull(newEmail, "newEmail"));
    return newCustomer.equals(customerId) && newAddress.equals(email) ? this
        : new AffiliateIdentity(affiliateId, status, newCustomer, newAddress);
  }

  /** {@return whether the affiliate may earn credit} */
  public boolean isActive() {
    return status == AffiliateStatus.ACTIVE;
  }

  /**
   * Returns whether the conversion's buyer is this affiliate, as the attributor decides a
   * {@linkplain ExclusionReason#SELF_REFERRAL self-referral}: the conversion names the affiliate's
   * customer id, or an e-mail address that is the affiliate's after normalisation.
   *
   * <p>For example, an affiliate of e-mail {@code Mia.Rossi+shop@gmail.com} is the buyer of a
   * conversion by {@code miarossi@googlemail.com}, whatever its customer id.
   *
   * @param conversion the conversion
   * @return whether the affiliate bought it
   */
  public boolean isBuyerOf(Conversion conversion) {
    checkNotNull(conversion, "conversion");
    return isCustomerOf(conversion) || (email.isPresent()
        && conversion.customerEmail().isPresent()
        && hasEmail(Emails.normalize(conversion.customerEmail().get())));
  }

  /** {@return whether the conversion names the affiliate's customer id} */
  boolean isCustomerOf(Conversion conversion) {
    return customerId.isPresent() && customerId.equals(conversion.customerId());
  }

  /** {@return whether the affiliate's e-mail address normalises to the given one} */
  boolean hasEmail(String normalized) {
    return email.isPresent() && Emails.normalize(email.get()).equals(normalized);
  }
}
