package dev.affiliatekit.benchmarks.flood;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.CommissionSimulation;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.commission.SimulationCase;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Times the paths that keep data by ids from outside, with n ids that share one {@code
 * String.hashCode()} (built of {@code "Aa"} and {@code "BB"} blocks) against n ordinary ids of the
 * same length, at n and 2n: ids made to collide should grow about as ordinary ids do, not four
 * times per doubling. Not a JMH benchmark: what it shows is growth, in seconds, not nanoseconds.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.flood.CollidingIdsProbe 20000}
 */
public final class CollidingIdsProbe {

  private static final Instant T = Instant.parse("2026-11-10T10:00:00Z");
  private static final Money HUNDRED = Money.parse("USD 100.00");

  private CollidingIdsProbe() {}

  /** {@return n distinct ids of one hash code and length: the prefix and blocks of Aa or BB} */
  static List<String> colliding(String prefix, int n) {
    return ids(prefix, n, "Aa", "BB");
  }

  /** {@return n distinct ids of the same length, of different hash codes} */
  static List<String> ordinary(String prefix, int n) {
    return ids(prefix, n, "Ab", "Bc");
  }

  private static List<String> ids(String prefix, int n, String zero, String one) {
    int blocks = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder id = new StringBuilder(prefix);
      for (int bit = blocks - 1; bit >= 0; bit--) {
        id.append((i >>> bit & 1) == 0 ? zero : one);
      }
      ids.add(id.toString());
    }
    return ids;
  }

  /** Records a click for each visitor id. */
  static long visitors(List<String> ids) {
    TouchpointStore store = TouchpointStore.inMemory();
    for (String id : ids) {
      store.record(Touchpoint.click(id, "anna", T));
    }
    return store.size();
  }

  /** Records a click by each affiliate id. */
  static long affiliates(List<String> ids) {
    TouchpointStore store = TouchpointStore.inMemory();
    int visitor = 0;
    for (String id : ids) {
      store.record(Touchpoint.click("v" + visitor++, id, T));
    }
    return store.size();
  }

  /** Accrues under each order id as idempotency key. */
  static long orders(List<String> ids) {
    Ledger ledger = Ledger.inMemory(Clock.fixed(T, ZoneOffset.UTC));
    for (String id : ids) {
      ledger.accrue(id, new Accrual("jane", Money.parse("USD 5.00"), T, id, "q", "x"));
    }
    return ledger.journal().size();
  }

  /** Records a click and a conversion for each affiliate under a plan capped per month. */
  static long program(List<String> ids) {
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("creators", Rate.ofPercent(15)))
        .periodCap(Period.MONTH, Money.parse("USD 1000.00")).build();
    AffiliateProgram program = AffiliateProgram.builder().plan(plan)
        .clock(Clock.fixed(T, ZoneOffset.UTC)).build();
    List<String> codes = new ArrayList<>(ids.size());
    for (String id : ids) {
      codes.add(program.enroll(AffiliateProfile.of(id)).code().toString());
    }
    for (int i = 0; i < ids.size(); i++) {
      program.recordClick("v" + i, codes.get(i));
      program.recordConversion(Conversion.builder("o" + i, T, HUNDRED).visitorId("v" + i).build());
    }
    return program.ledger().journal().size();
  }

  /** Replays one capped sale of each affiliate under two plans. */
  static long replay(List<String> ids) {
    List<SimulationCase> cases = new ArrayList<>(ids.size());
    int order = 0;
    for (String id : ids) {
      Conversion sale = Conversion.builder("o" + order, T, HUNDRED).visitorId("v" + order++)
          .build();
      cases.add(SimulationCase.of(sale, new Credit(id, Rate.ONE, HUNDRED, CreditBasis.COUPON,
          List.of()), AffiliateProfile.of(id)));
    }
    return CommissionSimulation.replay(capped(15), capped(20), cases).outcomes().size();
  }

  private static CommissionPlan capped(int percent) {
    return CommissionPlan.builder()
        .rule(CommissionRule.percentage("creators", Rate.ofPercent(percent)))
        .periodCap(Period.MONTH, Money.parse("USD 1000.00")).build();
  }

  /** Builds a plan of one rule per affiliate id. */
  static long rulesByAffiliate(List<String> ids) {
    CommissionPlan.Builder plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("base", Rate.ofPercent(10)));
    int rule = 0;
    for (String id : ids) {
      plan.rule(CommissionRule.builder("r" + rule).priority(1).target(RuleTarget.affiliates(id))
          .percentage(Rate.ofBasisPoints(1 + rule++ % 5000)).build());
    }
    return plan.build().rules().size();
  }

  /** Builds a plan whose one rule lists every id as a product in its condition. */
  static long productsIn(List<String> ids) {
    return CommissionPlan.builder().rule(CommissionRule.builder("listed")
        .when(Condition.in(Attribute.ITEM_PRODUCT_ID, ids.toArray(new String[0])))
        .percentage(Rate.ofPercent(20)).build()).build().rules().size();
  }

  private static void time(String path, int n, ToLongFunction<List<String>> run) {
    StringBuilder line = new StringBuilder(path);
    for (int size : new int[] {n, 2 * n}) {
      long ordinary = millis(run, ordinary("id-", size));
      long colliding = millis(run, colliding("id-", size));
      line.append(String.format("  n=%d: ordinary %d ms, colliding %d ms", size, ordinary,
          colliding));
    }
    System.out.println(line);
  }

  private static long millis(ToLongFunction<List<String>> run, List<String> ids) {
    long start = System.nanoTime();
    if (run.applyAsLong(ids) < 0) {
      throw new AssertionError("unreachable");
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Prints, for n and 2n ids, the milliseconds of each path with ordinary and colliding ids.
   *
   * @param args n, 20000 by default
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    for (int round = 0; round < 2; round++) {
      // The first round warms the paths up; the second is the one to read.
      System.out.println(round == 0 ? "warm-up:" : "measured:");
      time("store, visitor ids:  ", n, CollidingIdsProbe::visitors);
      time("store, affiliate ids:", n, CollidingIdsProbe::affiliates);
      time("ledger, order keys:  ", n, CollidingIdsProbe::orders);
      time("program, month cap:  ", n / 2, CollidingIdsProbe::program);
      time("replay, month cap:   ", n / 2, CollidingIdsProbe::replay);
      time("plan, affiliate rules:", n / 2, CollidingIdsProbe::rulesByAffiliate);
      time("plan, products in:   ", n, CollidingIdsProbe::productsIn);
    }
  }
}
