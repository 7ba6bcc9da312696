/**
 * Link codes and tracking links: what a follower's click or a typed coupon first touches.
 *
 * <p>{@link dev.affiliatekit.link.LinkCode} is a code in its canonical form, read leniently from
 * what people type: generated codes carry a Crockford mod-37 check symbol, so a typo fails before
 * any lookup; vanity codes such as {@code JANE20} are chosen text. {@link
 * dev.affiliatekit.link.LinkCodeGenerator} makes codes (random and unbiased, or from a chosen name
 * under a {@link dev.affiliatekit.link.VanityPolicy}), and {@link
 * dev.affiliatekit.link.LinkIdCodec} turns a {@code long} id into a code and back under a secret
 * key. A {@link dev.affiliatekit.link.LinkRegistry} hands each code to one {@link
 * dev.affiliatekit.link.LinkOwner} (several codes to one owner all or none) and resolves codes to
 * their owners. {@link dev.affiliatekit.link.TrackingLinks} builds tracking URLs with the code and
 * UTM parameters, and {@link dev.affiliatekit.link.TrackingLinkParser} reads them back from any
 * incoming URL without throwing.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable};
 * a {@code null} argument throws {@link java.lang.NullPointerException}.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.link;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
