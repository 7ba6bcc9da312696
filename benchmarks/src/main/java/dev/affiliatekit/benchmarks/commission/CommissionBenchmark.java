package dev.affiliatekit.benchmarks.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Quotes per second for plans of {@code rules} rules: program defaults, group, category, product
 * and affiliate rules with follower-band conditions, percentage and flat payouts, and caps. Each
 * of 1,024 pre-generated conversions has one to three line items of 32 categories and many
 * products (some with their own rules), a discount on a third of them, and a credit that is the
 * whole conversion or a share of it.
 *
 * <p>Implementations: this library ({@code _affiliatekit}: {@link CommissionPlan#quote}, which
 * finds candidate rules through its index and returns a quote that can explain itself); a naive
 * evaluator that tries every rule for every line item and computes with {@link BigDecimal} ({@code
 * _naiveScan}); and the same evaluator with the rules grouped by target key in hash maps, so that
 * an item tries only the rules that can cover it ({@code _naiveBucketed}). All three compute the
 * same amounts ({@code CommissionBenchmarkTest}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CommissionBenchmark -prof gc -rf
 * json}; the growth with the number of rules is the {@code rules} parameter (10, 100, 1000). The
 * {@code sales} parameter quotes only the first of the conversions in turn: with {@code -p
 * sales=16} every input stays in a core's cache, which separates the cost of computing a quote
 * from the cost of reading its inputs from memory; up to 65,536 conversions may be quoted in turn.
 * The {@code affiliates} parameter sets how many affiliates the conversions credit: with more than
 * the 4,096 or so whose decisions a plan keeps, most quotes work them out again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CommissionBenchmark {

  static final int SIZE = 1 << 10;
  /** The most conversions a run can quote in turn. */
  static final int MAX_SALES = 1 << 16;
  private static final long SEED = 0x5EED_C0DEL;
  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");
  private static final int CATEGORIES = 32;
  private static final String[] COUNTRIES = {"US", "CA", "DE", "FR", "GB"};

  /** The number of rules of the plan. */
  @Param({"10", "100", "1000"})
  public int rules;

  /**
   * How many of the conversions are quoted in turn: a power of two up to {@link #MAX_SALES}; the
   * first {@link #SIZE} conversions are the same whatever the number, and more are generated
   * beyond them.
   */
  @Param("1024")
  public int sales = SIZE;

  /**
   * How many affiliates, each with its own profile, the conversions credit. A plan keeps what it
   * decided for the last 4,096 or so profiles it quoted; with more affiliates than that, quoted
   * in turn, most quotes decide again.
   */
  @Param("1000")
  public int affiliates = 1000;

  private int mask;
  CommissionPlan plan;
  NaiveCommission naive;
  BucketedCommission bucketed;
  Conversion[] conversions;
  Credit[] credits;
  CommissionContext[] contexts;

  /** The cursor into the inputs, one per thread. */
  @State(Scope.Thread)
  public static class Cursor {
    private int index;

    int next(int mask) {
      return index++ & mask;
    }
  }

  /** Generates the plan, the affiliates and the conversions from a fixed seed. */
  @Setup(Level.Trial)
  public void generate() {
    if (sales < 1 || sales > MAX_SALES || Integer.bitCount(sales) != 1) {
      throw new IllegalArgumentException("sales must be a power of two up to " + MAX_SALES + ": "
          + sales);
    }
    if (affiliates < 1) {
      throw new IllegalArgumentException("affiliates must be positive: " + affiliates);
    }
    mask = sales - 1;
    int inputs = Math.max(SIZE, sales);
    conversions = new Conversion[inputs];
    credits = new Credit[inputs];
    contexts = new CommissionContext[inputs];
    SplittableRandom random = new SplittableRandom(SEED);
    int groupRules = Math.max(2, rules / 20);
    int categoryKeys = Math.max(1, Math.min(CATEGORIES, rules * 3 / 20));
    int affiliateRules = Math.max(1, rules / 5);
    int productRules = rules - 2 - groupRules - 2 * categoryKeys - affiliateRules;
    CommissionPlan.Builder builder = CommissionPlan.builder().capPerConversion(usd(20_000));
    builder.rule(CommissionRule.builder("base").priority(-1).percentage(Rate.ofPercent(5)).build());
    builder.rule(CommissionRule.builder("new-customers")
        .when(Condition.is(Attribute.CUSTOMER_TYPE, "NEW")).percentage(Rate.ofPercent(8)).build());
    for (int g = 0; g < groupRules; g++) {
      builder.rule(CommissionRule.builder("group-" + g).target(RuleTarget.groups("g" + g))
          .percentage(Rate.ofBasisPoints(600 + 25L * g % 900)).build());
    }
    for (int c = 0; c < categoryKeys; c++) {
      RuleTarget category = RuleTarget.categories("c" + c);
      builder.rule(CommissionRule.builder("micro-c" + c).target(category)
          .when(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000))
          .percentage(Rate.ofBasisPoints(1000 + 50L * (c % 10))).cap(usd(5_000)).build());
      builder.rule(CommissionRule.builder("other-c" + c).target(category)
          .when(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 100_001))
          .percentage(Rate.parse("12.5%")).build());
    }
    for (int p = 0; p < productRules; p++) {
      CommissionRule.Builder rule = CommissionRule.builder("product-" + p)
          .target(RuleTarget.products("sku-" + p));
      if (p % 3 == 0) {
        rule.flatPerUnit(usd(150 + p % 7 * 25));
      } else if (p % 3 == 1) {
        rule.flatPerConversion(usd(300));
      } else {
        rule.percentage(Rate.ofPercent(15));
      }
      builder.rule(rule.build());
    }
    for (int a = 0; a < affiliateRules; a++) {
      builder.rule(CommissionRule.builder("deal-" + a).target(RuleTarget.affiliates(affiliate(a)))
          .percentage(Rate.ofPercent(20)).cap(usd(10_000)).build());
    }
    plan = builder.build();
    naive = new NaiveCommission(plan);
    bucketed = new BucketedCommission(plan);

    CommissionContext[] byAffiliate = new CommissionContext[affiliates];
    for (int a = 0; a < affiliates; a++) {
      AffiliateProfile.Builder profile = AffiliateProfile.builder(affiliate(a))
          .platform(random.nextBoolean() ? "instagram" : "tiktok");
      if (random.nextInt(10) > 0) {
        profile.followers(random.nextInt(4) == 0 ? random.nextLong(100_001, 5_000_000)
            : random.nextLong(0, 100_001));
      }
      if (random.nextInt(3) > 0) {
        profile.group("g" + random.nextInt(groupRules * 2));
      }
      byAffiliate[a] = CommissionContext.of(profile.build());
    }
    int products = Math.max(8, productRules * 4);
    for (int i = 0; i < inputs; i++) {
      Conversion.Builder order = null;
      long subtotal = 0;
      int lines = 1 + random.nextInt(3);
      LineItem[] items = new LineItem[lines];
      for (int l = 0; l < lines; l++) {
        Money price = Money.ofMinor(random.nextLong(100, 50_001), USD);
        int quantity = 1 + random.nextInt(3);
        items[l] = LineItem.of("sku-" + random.nextInt(products), "c" + random.nextInt(CATEGORIES),
            quantity, price);
        subtotal += items[l].amount().minorUnits();
      }
      long discount = random.nextInt(3) == 0 ? subtotal * random.nextInt(5, 41) / 100 : 0;
      long shipping = random.nextInt(2) == 0 ? 499 : 0;
      long tax = random.nextInt(2) == 0 ? (subtotal - discount) * 19 / 100 : 0;
      Money total = Money.ofMinor(subtotal - discount + shipping + tax, USD);
      order = Conversion.builder("order-" + i, AT, total).customerId("customer-" + i)
          .discount(Money.ofMinor(discount, USD)).shipping(Money.ofMinor(shipping, USD))
          .tax(Money.ofMinor(tax, USD))
          .customerType(CustomerType.values()[random.nextInt(3)])
          .customerCountry(COUNTRIES[random.nextInt(COUNTRIES.length)]);
      for (LineItem item : items) {
        order.lineItem(item);
      }
      conversions[i] = order.build();
      int a = random.nextInt(affiliates);
      contexts[i] = byAffiliate[a];
      Rate share = random.nextInt(5) == 0 ? Rate.parse(random.nextBoolean() ? "50%" : "40%")
          : Rate.ONE;
      credits[i] = new Credit(affiliate(a), share, total.times(share, java.math.RoundingMode.DOWN),
          CreditBasis.TOUCHPOINTS, List.of());
    }
  }

  private static String affiliate(int index) {
    return String.format(java.util.Locale.ROOT, "a%04d", index);
  }

  private static Money usd(long cents) {
    return Money.ofMinor(cents, USD);
  }

  /** {@return this library's quote of the credit at the cursor} */
  @Benchmark
  public CommissionQuote quote_affiliatekit(Cursor cursor) {
    int i = cursor.next(mask);
    return plan.quote(conversions[i], credits[i], contexts[i]);
  }

  /** {@return the baseline's commission for the credit at the cursor} */
  @Benchmark
  public BigDecimal quote_naiveScan(Cursor cursor) {
    int i = cursor.next(mask);
    return naive.quote(conversions[i], credits[i], contexts[i]);
  }

  /** {@return the bucketed baseline's commission for the credit at the cursor} */
  @Benchmark
  public BigDecimal quote_naiveBucketed(Cursor cursor) {
    int i = cursor.next(mask);
    return bucketed.quote(conversions[i], credits[i], contexts[i]);
  }
}
