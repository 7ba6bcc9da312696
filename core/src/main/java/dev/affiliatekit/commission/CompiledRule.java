package dev.affiliatekit.commission;

import com.google.common.base.Verify;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A rule prepared for quoting: its matcher, its rank, and its payout and limits as numbers. */
final class CompiledRule {

  static final int PERCENTAGE = 0;
  static final int FLAT_PER_CONVERSION = 1;
  static final int FLAT_PER_UNIT = 2;
  static final int SALES_TIERS = 3;
  static final int REVENUE_TIERS = 4;

  static final long NO_LIMIT = -1;
  /** The {@link #customerTypes} of a rule whose condition tests more than the customer type. */
  static final int NOT_BY_CUSTOMER_TYPE = -1;

  final CommissionRule rule;
  final String id;
  /** The rule's position in the plan. */
  final int order;
  /** Priority first, then the target's level: higher wins. */
  final long rank;
  final Matcher matcher;
  /** Whether the rule has no condition, so that it applies wherever it targets. */
  final boolean always;
  /** Whether the rule's condition tests the affiliate's profile alone, such as its followers. */
  final boolean testsProfileAlone;
  /**
   * The rule's position among the rules whose condition tests the affiliate's profile alone and
   * that may price any affiliate's sales (program, category and product rules), so that {@link
   * ProfileRules} may decide it once per profile; -1 for other rules. An affiliate's or a group's
   * rule is decided for that affiliate or group alone, without a slot, so that its number costs
   * nothing to the other affiliates.
   */
  final int profileSlot;
  /**
   * For a rule whose condition tests the sale's customer type alone (such as {@code customer.type
   * is NEW}), a bit per {@link CustomerType} ordinal for which the condition holds, so that a
   * quote decides it without {@link Facts}; {@link #NOT_BY_CUSTOMER_TYPE} otherwise.
   */
  final int customerTypes;
  final int kind;
  final long rateUnscaled;
  final int rateScale;
  final long flatMinor;
  /** Tier starts: sale numbers, or revenue in minor units. */
  final long[] tierFrom;
  final Rate[] tierRates;
  final long[] tierRateUnscaled;
  final int[] tierRateScale;
  final boolean wholePeriod;
  final Period tierPeriod;
  final long capMinor;
  final long minimumMinor;
  final boolean afterDiscount;
  final boolean shipping;
  final boolean tax;
  final boolean lifetime;
  /** This rule alone, as the portions of a sale it prices whole. */
  final CompiledRule[] alone = {this};
  /** This rule's id alone, as the rule ids of a quote. */
  final List<String> ids;

  CompiledRule(CommissionRule rule, int order, int profileSlot) {
    this.rule = rule;
    this.id = rule.id();
    this.order = order;
    this.rank = rank(rule);
    this.matcher = Matcher.compile(rule.condition());
    this.always = matcher == Matcher.ALWAYS;
    this.testsProfileAlone = testsProfileAlone(rule);
    this.profileSlot = profileSlot;
    this.customerTypes = customerTypes(rule, matcher);
    this.capMinor = rule.cap().map(Money::minorUnits).orElse(NO_LIMIT);
    this.minimumMinor = rule.minimum().map(Money::minorUnits).orElse(NO_LIMIT);
    this.afterDiscount = rule.base().afterDiscount();
    this.shipping = rule.base().includesShipping();
    this.tax = rule.base().includesTax();
    this.lifetime = rule.recurring() instanceof RecurringTerm.Lifetime;
    this.ids = List.of(id);
    Payout payout = rule.payout();
    long unscaled = 0;
    int scale = 0;
    long flat = 0;
    long[] from = new long[0];
    Rate[] rates = new Rate[0];
    boolean whole = false;
    Period period = Period.LIFETIME;
    int payoutKind;
    if (payout instanceof Payout.Percentage percentage) {
      payoutKind = PERCENTAGE;
      unscaled = Exact.unscaledOf(percentage.rate());
      scale = Exact.scaleOf(percentage.rate());
    } else if (payout instanceof Payout.FlatPerConversion flatPerConversion) {
      payoutKind = FLAT_PER_CONVERSION;
      flat = flatPerConversion.amount().minorUnits();
    } else if (payout instanceof Payout.FlatPerUnit flatPerUnit) {
      payoutKind = FLAT_PER_UNIT;
      flat = flatPerUnit.amount().minorUnits();
    } else if (payout instanceof Payout.TieredBySales tiers) {
      payoutKind = SALES_TIERS;
      List<Payout.SalesTier> list = tiers.tiers();
      from = list.stream().mapToLong(Payout.SalesTier::fromSale).toArray();
      rates = list.stream().map(Payout.SalesTier::rate).toArray(Rate[]::new);
      whole = tiers.mode() == TierMode.WHOLE_PERIOD;
      period = tiers.period();
    } else if (payout instanceof Payout.TieredByRevenue tiers) {
      payoutKind = REVENUE_TIERS;
      List<Payout.RevenueTier> list = tiers.tiers();
      from = list.stream().mapToLong(tier -> tier.from().minorUnits()).toArray();
      rates = list.stream().map(Payout.RevenueTier::rate).toArray(Rate[]::new);
      whole = tiers.mode() == TierMode.WHOLE_PERIOD;
      period = tiers.period();
    } else {
      throw new AssertionError("bug: unknown payout " + payout.getClass());
    }
    this.kind = payoutKind;
    this.rateUnscaled = unscaled;
    this.rateScale = scale;
    this.flatMinor = flat;
    this.tierFrom = from;
    this.tierRates = rates;
    this.tierRateUnscaled = new long[rates.length];
    this.tierRateScale = new int[rates.length];
    for (int i = 0; i < rates.length; i++) {
      tierRateUnscaled[i] = Exact.unscaledOf(rates[i]);
      tierRateScale[i] = Exact.scaleOf(rates[i]);
    }
    this.wholePeriod = whole;
    this.tierPeriod = period;
  }

  // Levels are declared from the least specific to the most: the order that ranks need.
  @SuppressWarnings("EnumOrdinal")
  static long rank(CommissionRule rule) {
    return (long) rule.priority() * 8 + rule.target().level().ordinal();
  }

  /**
   * {@return the {@link #customerTypes} of a rule: the condition tried on a sale of each customer
   * type, if it tests the customer type and nothing else}
   */
  // A bit per constant: the ordinal is the bit's position, read back the same way.
  @SuppressWarnings("EnumOrdinal")
  private static int customerTypes(CommissionRule rule, Matcher matcher) {
    List<Attribute> attributes = rule.condition().attributes();
    if (attributes.isEmpty()) {
      return NOT_BY_CUSTOMER_TYPE;
    }
    for (Attribute attribute : attributes) {
      if (attribute != Attribute.CUSTOMER_TYPE) {
        return NOT_BY_CUSTOMER_TYPE;
      }
    }
    int holding = 0;
    for (CustomerType type : CustomerType.values()) {
      if (matcher.test(SaleOfType.facts(type)) == Matcher.TRUE) {
        holding |= 1 << type.ordinal();
      }
    }
    return holding;
  }

  /** {@return whether the condition of a rule that tests the customer type alone holds} */
  // The bit of a constant is at its ordinal, as customerTypes sets it.
  @SuppressWarnings("EnumOrdinal")
  boolean holdsFor(CustomerType type) {
    return (customerTypes & (1 << type.ordinal())) != 0;
  }

  /** Stand-in sales that differ in their customer type alone, to try conditions on. */
  private static final class SaleOfType {
    private static final Map<CustomerType, Facts> FACTS = standIns();

    private static Map<CustomerType, Facts> standIns() {
      Map<CustomerType, Facts> facts = new EnumMap<>(CustomerType.class);
      AffiliateProfile profile = AffiliateProfile.builder("a").build();
      Money zero = Money.zero(CurrencyUnit.USD);
      Credit credit = new Credit("a", Rate.ONE, zero, CreditBasis.TOUCHPOINTS, List.of());
      for (CustomerType type : CustomerType.values()) {
        Conversion sale = Conversion.builder("o", Instant.EPOCH, zero).customerId("c")
            .customerType(type).build();
        facts.put(type, new Facts(sale, credit, CommissionContext.of(profile), ZoneOffset.UTC));
      }
      return facts;
    }

    static Facts facts(CustomerType type) {
      return Verify.verifyNotNull(FACTS.get(type), "bug: no stand-in sale of type %s", type);
    }
  }

  /**
   * {@return whether the rule's condition tests something, and nothing but the affiliate's profile}
   */
  static boolean testsProfileAlone(CommissionRule rule) {
    List<Attribute> attributes = rule.condition().attributes();
    if (attributes.isEmpty()) {
      return false;
    }
    for (Attribute attribute : attributes) {
      if (!attribute.isAffiliateAttribute()) {
        return false;
      }
    }
    return true;
  }

  int priority() {
    return rule.priority();
  }

  /**
   * {@return the index of the tier that contains {@code position}: the last that starts at or
   * before it}
   */
  int tierAt(long position) {
    int tier = 0;
    while (tier + 1 < tierFrom.length && tierFrom[tier + 1] <= position) {
      tier++;
    }
    return tier;
  }

  /**
   * {@return whether tier {@code tier} pays more than tier {@code before}, both counting from 0:
   * whether a tier for the whole period reached above the tier at whose rate the period's earlier
   * sales were paid owes them a true-up, which a tier of no higher a rate does not}
   */
  boolean rises(int before, int tier) {
    return tierRates[tier].isGreaterThan(tierRates[before]);
  }

  /** {@return the index of the revenue tier that contains the exact position} */
  int tierAt(Exact position) {
    int tier = 0;
    while (tier + 1 < tierFrom.length && position.compareTo(tierFrom[tier + 1]) >= 0) {
      tier++;
    }
    return tier;
  }

  @Override
  public String toString() {
    return id;
  }
}
