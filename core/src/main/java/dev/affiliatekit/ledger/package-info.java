/**
 * The payout ledger: a double-entry journal of what the business owes each affiliate, from the
 * moment a commission is earned until it is paid.
 *
 * <p>{@link dev.affiliatekit.ledger.Ledger} records every change as an immutable {@link
 * dev.affiliatekit.ledger.Transaction} whose {@link dev.affiliatekit.ledger.Entry entries} balance
 * per currency. A commission is accrued as pending and held until its refund window closes, then
 * released to payable; refunds and chargebacks reverse it, from pending while it is held or as a
 * clawback from payable after release; a payout run ({@link dev.affiliatekit.ledger.PayoutBatch})
 * moves payable balances into payout clearing, and settling or failing its lines moves them on to
 * paid or back to payable. Every posting carries a caller-supplied idempotency key, and a pending
 * amount resolves at most once, unless a won chargeback or a correction gives it back while it is
 * held. Balances are derived from the entries; the journal lives in a {@link
 * dev.affiliatekit.ledger.LedgerStore}, and a ledger rebuilt from it has the same balances.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}; a
 * {@code null} argument throws {@link java.lang.NullPointerException}.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.ledger;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
