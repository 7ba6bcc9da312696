/**
 * AffiliateKit: link codes and tracking links, attribution of conversions to affiliates,
 * commission plans, a double-entry payout ledger, and a program that ties them together.
 *
 * <p>Every package is exported except {@code dev.affiliatekit.internal}, whose helpers the other
 * packages share. Jackson databind is required transitively, since {@code dev.affiliatekit.json}
 * takes and returns its types; Guava and SLF4J are used inside only. The annotations of Error
 * Prone and JSpecify are needed to compile it only: an application compiles and runs without
 * them, as with Guava's own.
 */
module dev.affiliatekit {
  requires transitive com.fasterxml.jackson.databind;
  requires com.google.common;
  requires org.slf4j;
  requires static com.google.errorprone.annotations;
  requires static org.jspecify;

  exports dev.affiliatekit.attribution;
  exports dev.affiliatekit.commission;
  exports dev.affiliatekit.json;
  exports dev.affiliatekit.ledger;
  exports dev.affiliatekit.link;
  exports dev.affiliatekit.money;
  exports dev.affiliatekit.program;
}
