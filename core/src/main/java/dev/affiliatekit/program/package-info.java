/**
 * The affiliate program façade: one object that wires link codes, attribution, commission plans
 * and the payout ledger into the flow from click to payout.
 *
 * <p>{@link dev.affiliatekit.program.AffiliateProgram} enrolls affiliates with their codes,
 * records clicks and coupon uses, turns each conversion into one {@link
 * dev.affiliatekit.program.ConversionOutcome} (who gets credit, what each earns and why, and the
 * ledger transactions), follows refunds and chargebacks with the right reversals, releases
 * matured commissions, runs payouts, prints each affiliate's {@link
 * dev.affiliatekit.program.AffiliateStatement}, and forgets a visitor or a customer who asks to be
 * erased while keeping its books. Every mutating operation is idempotent by a key the caller
 * gives or one derived from the order, but for a touch recorded without a touch id
 * (the keyed forms, such as {@code recordClickOnce}, take it first), and the host hears what
 * happened through {@link dev.affiliatekit.program.ProgramListener}s. {@link
 * dev.affiliatekit.program.ProgramSettings} holds what a program file configures.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}; a
 * {@code null} argument throws {@link java.lang.NullPointerException}.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.program;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
