package dev.affiliatekit.benchmarks.program;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Milestone;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.commission.TierMode;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a program costs when each creator has a deal of its own: a plan of n rules tiered for the
 * whole month, one per creator, priced for 3,000 conversions of 1,000 creators; a plan of n
 * milestones, one per creator, built; and n creators in one chain of parents, each profile
 * updated once without moving it. Plain Java rather than JMH: each size needs a plan or program
 * of its own, and the point is how the time grows with n, not its last digit.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.program.DealsPerCreatorProbe 4000 16000 64000}
 */
public final class DealsPerCreatorProbe {

  /** How many of the creators sell, three times each. */
  private static final int SELLING = 1_000;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC);

  private DealsPerCreatorProbe() {}

  /**
   * Prints a line per size and case.
   *
   * @param args the numbers of creators (default 4,000, 16,000 and 64,000)
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {4_000, 16_000, 64_000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int creators : sizes) {
      long start = System.nanoTime();
      long trueUps = tieredSales(creators);
      System.out.printf(Locale.ROOT, "%,d tiered deals: %,.0f ms for %,d conversions (%,d"
          + " true-ups)%n", creators, (System.nanoTime() - start) / 1e6,
          3 * Math.min(SELLING, creators), trueUps);
      start = System.nanoTime();
      int milestones = milestonePlan(creators).milestones().size();
      System.out.printf(Locale.ROOT, "%,d milestones: %,.0f ms to build%n", milestones,
          (System.nanoTime() - start) / 1e6);
      AffiliateProgram chain = chain(creators);
      start = System.nanoTime();
      updateChain(chain, creators);
      System.out.printf(Locale.ROOT, "%,d creators in a chain: %,.0f ms to update every profile%n",
          creators, (System.nanoTime() - start) / 1e6);
    }
  }

  /**
   * Records three sales for each of 1,000 of the creators, who each have a deal of 10% from the
   * first sale of the month and 12% from the third, for the whole month, and returns how many
   * true-ups the third sales paid.
   */
  static long tieredSales(int creators) {
    CommissionPlan.Builder plan = CommissionPlan.builder();
    for (int i = 0; i < creators; i++) {
      plan.rule(CommissionRule.builder("deal-" + i).target(RuleTarget.affiliates("creator-" + i))
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(3, Rate.ofPercent(12))))
          .build());
    }
    AffiliateProgram program = AffiliateProgram.builder().plan(plan.build()).clock(CLOCK).build();
    int selling = Math.min(SELLING, creators);
    for (int i = 0; i < selling; i++) {
      String code = program.enroll(AffiliateProfile.of("creator-" + i)).code().toString();
      program.recordClick("v" + i, code);
    }
    long trueUps = 0;
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < selling; i++) {
        trueUps += program.recordConversion(Conversion.builder("o" + round + "-" + i,
            CLOCK.instant(), Money.parse("USD 50.00")).visitorId("v" + i).build())
            .trueUps().size();
      }
    }
    return trueUps;
  }

  /** {@return a plan of a milestone bonus per creator, for its hundredth sale of the month} */
  static CommissionPlan milestonePlan(int creators) {
    CommissionPlan.Builder plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("base", Rate.ofPercent(10)));
    for (int i = 0; i < creators; i++) {
      plan.milestone(Milestone.of("bonus-" + i, Period.MONTH, 100, Money.parse("USD 50.00"))
          .when(Condition.is(Attribute.AFFILIATE_ID, "creator-" + i)));
    }
    return plan.build();
  }

  /** {@return a program of creators enrolled from the top of one chain of parents down} */
  static AffiliateProgram chain(int creators) {
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder().rule(CommissionRule.percentage("base", Rate.ofPercent(10)))
            .overrideRates(Rate.ofPercent(5)).build())
        .clock(CLOCK).build();
    for (int i = 0; i < creators; i++) {
      program.enroll(profile(i, 100));
    }
    return program;
  }

  /** Updates each creator's followers, keeping its parent. */
  static void updateChain(AffiliateProgram program, int creators) {
    for (int i = 0; i < creators; i++) {
      program.updateProfile(profile(i, 200));
    }
  }

  private static AffiliateProfile profile(int i, long followers) {
    AffiliateProfile.Builder profile =
        AffiliateProfile.builder("creator-" + i).followers(followers);
    if (i > 0) {
      profile.parentId("creator-" + (i - 1));
    }
    return profile.build();
  }
}
