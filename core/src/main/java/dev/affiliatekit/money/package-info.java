/**
 * Exact money for commissions, splits, refunds and the ledger.
 *
 * <p>{@link dev.affiliatekit.money.Money} is an amount held as a {@code long} count of minor units
 * at its {@link dev.affiliatekit.money.CurrencyUnit}'s scale; arithmetic is checked, so overflow
 * throws {@link java.lang.ArithmeticException} instead of wrapping. {@link
 * dev.affiliatekit.money.Rate} is an exact fraction between zero and one, such as a commission
 * percentage. Every lossy step takes an explicit {@link java.math.RoundingMode}, and dividing money
 * into parts ({@link dev.affiliatekit.money.Money#allocate(long...)}, {@link
 * dev.affiliatekit.money.Money#split(int)}, {@link
 * dev.affiliatekit.money.Money#prorate(java.util.List)}) never creates or loses a minor unit.
 * {@link dev.affiliatekit.money.CurrencyTable} holds the ISO 4217 currencies and any custom units
 * (points, store credit) a program adds.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable};
 * a {@code null} argument throws {@link java.lang.NullPointerException}.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.money;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
