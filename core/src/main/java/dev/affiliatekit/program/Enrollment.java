package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.TrackingLinks;
import java.net.URI;
import java.util.List;

/**
 * An affiliate's membership of a program: the profile that commission rules read, the identity
 * that attribution checks (status, and the customer id and e-mail address that guard against
 * self-referral), and the link and coupon codes the affiliate shares.
 *
 * <pre>{@code
 * Enrollment mia = program.enroll(AffiliateProfile.builder("mia").platform("instagram").build(),
 *     "GLOWWITHMIA");
 * mia.code();                                                   // GLOWWITHMIA
 * mia.trackingLink(URI.create("https://shop.example/serum"), "instagram");
 * // https://shop.example/serum?ref=GLOWWITHMIA&utm_source=instagram
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param profile the affiliate's profile
 * @param identity the affiliate's status and customer identity, of the same affiliate
 * @param codes the codes given to the affiliate at enrollment, at least one, in the order asked
 */
public record Enrollment(AffiliateProfile profile, AffiliateIdentity identity,
    List<LinkCode> codes) {

  /**
   * Validates the parts and copies the codes.
   *
   * @param profile the affiliate's profile
   * @param identity the affiliate's status and customer identity
   * @param codes the codes, at least one
   * @throws IllegalArgumentException if the identity is of another affiliate than the profile, or
   *     there are no codes
   */
  public Enrollment {
    checkNotNull(profile, "profile");
    checkNotNull(identity, "identity");
    codes = Elements.copyOf(codes, "codes");
    if (!identity.affiliateId().equals(profile.affiliateId())) {
      throw new IllegalArgumentException("enrollment identity must be of affiliate "
          + Texts.quote(profile.affiliateId()) + ": " + Texts.quote(identity.affiliateId()));
    }
    checkArgument(!codes.isEmpty(), "enrollment codes must not be empty: %s", codes);
  }

  /** {@return the affiliate's id} */
  public String affiliateId() {
    return profile.affiliateId();
  }

  /** {@return the affiliate's first code, the one tracking links carry} */
  public LinkCode code() {
    return codes.get(0);
  }

  /**
   * Returns a tracking link to a landing page with the affiliate's first code.
   *
   * <p>The link carries the code in the query parameter {@code ref}, which the program reads with
   * its default {@linkplain AffiliateProgram.Builder#trackingLinkParser parser}. A program built
   * with a parser that reads other parameters, or no vanity codes, does not read it: build its
   * links with {@link dev.affiliatekit.link.TrackingLinks} in the form its parser reads.
   *
   * <p>For example, {@code trackingLink(URI.create("https://shop.example/serum"))} is {@code
   * https://shop.example/serum?ref=GLOWWITHMIA}.
   *
   * @param landing an absolute URL with an authority
   * @return the tracking link
   * @throws IllegalArgumentException if the URL is relative or has no authority, or the code would
   *     read back from a link as another code, as a vanity code that a host put into the registry
   *     without a {@link dev.affiliatekit.link.VanityPolicy} may (see {@link
   *     dev.affiliatekit.link.TrackingLinks.Builder#code})
   */
  public URI trackingLink(URI landing) {
    return TrackingLinks.builder(landing).code(code()).build();
  }

  /**
   * Returns a tracking link to a landing page with the affiliate's first code and a UTM source,
   * which the program records as the click's channel. Like {@link #trackingLink(URI)}, it writes
   * the code in the form the default parser reads.
   *
   * <p>For example, {@code trackingLink(URI.create("https://shop.example/serum"), "instagram")} is
   * {@code https://shop.example/serum?ref=GLOWWITHMIA&utm_source=instagram}.
   *
   * @param landing an absolute URL with an authority
   * @param utmSource the source, such as {@code instagram}
   * @return the tracking link
   * @throws IllegalArgumentException if the URL is relative or has no authority, the source is
   *     not valid, or the code would read back from a link as another code (see {@link
   *     #trackingLink(URI)})
   */
  public URI trackingLink(URI landing, String utmSource) {
    return TrackingLinks.builder(landing).code(code()).utmSource(utmSource).build();
  }
}
