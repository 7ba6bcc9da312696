package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Sets;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Who a payout run pays: the minimum payable balance per currency, and optionally only the
 * affiliates that have a payout method.
 *
 * <p>A balance below its currency's minimum carries forward to a later run, and a currency without
 * a minimum is not paid at all. For example, with minimums {@code USD 50.00} and {@code EUR 40.00},
 * a payable {@code USD 49.99} waits, {@code USD 50.00} is paid in full, and a {@code GBP} balance
 * waits until the rules name a {@code GBP} minimum.
 *
 * <pre>{@code
 * PayoutRules rules = PayoutRules.minimums(Money.parse("USD 50.00"), Money.parse("EUR 40.00"))
 *     .onlyAffiliates(affiliatesWithPayoutMethod);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PayoutRules {

  private final Map<CurrencyUnit, Money> minimums;
  private final @Nullable Set<String> eligible;

  private PayoutRules(Map<CurrencyUnit, Money> minimums, @Nullable Set<String> eligible) {
    this.minimums = minimums;
    this.eligible = eligible;
  }

  /**
   * Returns rules that pay every affiliate whose payable balance reaches the minimum of its
   * currency.
   *
   * <p>For example, {@code PayoutRules.minimums(Money.parse("USD 50.00"))} pays dollar balances of
   * {@code USD 50.00} or more and nothing else.
   *
   * @param minimums one positive minimum per currency
   * @return the rules
   * @throws IllegalArgumentException if there are none, one is not positive, or two share a
   *     currency code, even in units of different scales
   */
  public static PayoutRules minimums(Money... minimums) {
    return minimums(Arrays.asList(checkNotNull(minimums, "minimums")));
  }

  /**
   * Returns rules that pay every affiliate whose payable balance reaches the minimum of its
   * currency.
   *
   * @param minimums one positive minimum per currency
   * @return the rules
   * @throws IllegalArgumentException if there are none, one is not positive, or two share a
   *     currency code, even in units of different scales
   */
  public static PayoutRules minimums(Collection<Money> minimums) {
    checkNotNull(minimums, "minimums");
    checkArgument(!minimums.isEmpty(), "payout minimums must not be empty");
    Map<CurrencyUnit, Money> byCurrency = new TreeMap<>();
    // One unit per code, as a ledger keeps: ISO USD and a custom USD of scale 3 print alike.
    Map<String, Money> byCode = new HashMap<>();
    for (Money minimum : minimums) {
      Checks.positive(minimum, "payout minimum");
      CurrencyUnit unit = minimum.currency();
      Money previous = byCode.put(unit.code(), minimum);
      if (previous != null) {
        CurrencyUnit other = previous.currency();
        throw new IllegalArgumentException("payout minimums name " + unit.code() + " twice: "
            + previous + " and " + minimum + (other.equals(unit) ? ""
                : " (scale " + unit.scale() + ", not " + other.scale() + ")"));
      }
      byCurrency.put(unit, minimum);
    }
    return new PayoutRules(Collections.unmodifiableMap(byCurrency), null);
  }

  /**
   * Returns these rules restricted to the given affiliates, such as those with a payout method on
   * file; the balances of everyone else carry forward. Rules restricted already are narrowed to
   * the affiliates in both sets, so that a run derived from them, such as one on request, never
   * pays an affiliate an earlier restriction left out: {@code onlyAffiliates(Set.of("amy"))
   * .onlyAffiliates(Set.of("bob"))} pays no one.
   *
   * @param affiliateIds the affiliates that may be paid
   * @return the restricted rules
   * @throws IllegalArgumentException if an id is not valid
   */
  public PayoutRules onlyAffiliates(Set<String> affiliateIds) {
    checkNotNull(affiliateIds, "affiliateIds");
    // One snapshot, checked and kept, so that a set another thread changes cannot slip an id by.
    List<String> given = new ArrayList<>(affiliateIds);
    for (String id : given) {
      Checks.id(id, "affiliateId");
    }
    Set<String> only = ImmutableSortedSet.copyOf(given);
    if (eligible != null) {
      only = ImmutableSortedSet.copyOf(Sets.intersection(eligible, only));
    }
    return new PayoutRules(minimums, only);
  }

  /** {@return the minimum per currency, ordered by currency} */
  public Map<CurrencyUnit, Money> minimumsByCurrency() {
    return minimums;
  }

  /**
   * Returns the minimum for a currency.
   *
   * @param currency the currency
   * @return the minimum, or empty if this currency is not paid
   */
  public Optional<Money> minimum(CurrencyUnit currency) {
    return Optional.ofNullable(minimums.get(checkNotNull(currency, "currency")));
  }

  /** {@return the affiliates that may be paid, sorted by id, or empty if every affiliate may} */
  public Optional<Set<String>> eligibleAffiliates() {
    return Optional.ofNullable(eligible);
  }

  /**
   * Returns whether a payout run pays the given balance now.
   *
   * <p>For example, with a minimum of {@code USD 50.00}, {@code pays("jane", USD 50.00)} is true
   * and {@code pays("jane", USD 49.99)} is false.
   *
   * @param affiliateId the affiliate
   * @param payable the affiliate's payable balance in one currency
   * @return whether the affiliate is eligible and the balance reaches its currency's minimum
   */
  public boolean pays(String affiliateId, Money payable) {
    checkNotNull(affiliateId, "affiliateId");
    Money minimum = minimums.get(checkNotNull(payable, "payable").currency());
    return minimum != null && payable.minorUnits() >= minimum.minorUnits()
        && (eligible == null || eligible.contains(affiliateId));
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof PayoutRules other && minimums.equals(other.minimums)
        && Objects.equals(eligible, other.eligible);
  }

  @Override
  public int hashCode() {
    return minimums.hashCode() * 31 + Objects.hashCode(eligible);
  }

  /**
   * {@return the minimums and, if restricted, how many affiliates are eligible, such as {@code
   * PayoutRules[minimums=[USD 50.00], eligible=12 affiliates]}}
   */
  @Override
  public String toString() {
    List<Money> values = List.copyOf(minimums.values());
    return "PayoutRules[minimums=" + values
        + (eligible == null ? "" : ", eligible=" + eligible.size() + " affiliates") + "]";
  }
}
