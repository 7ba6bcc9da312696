package dev.affiliatekit.benchmarks.program;

import dev.affiliatekit.benchmarks.Heap;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The heap a program keeps per recorded click, measured as the growth of the used heap after
 * collections, each mode in a program of its own: clicks recorded without a touch id, with one,
 * keyed coupon uses, keyed visits of a tracking URL, and keyed visits of a URL of 8,000 characters, which a visit
 * keeps as its digest. Each request's ids are fresh strings, as they arrive from a web request,
 * of a dozen characters, and the code is typed in lower case, so that what the program keeps of
 * them is counted.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.program.KeyedTouchFootprint 300000}
 */
public final class KeyedTouchFootprint {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final String LONG_QUERY = "x".repeat(8_000);

  /** How clicks are recorded. */
  enum Mode { PLAIN, KEYED_CLICK, KEYED_COUPON_USE, KEYED_VISIT, KEYED_LONG_VISIT }

  private KeyedTouchFootprint() {}

  /**
   * Prints the bytes per click of each mode.
   *
   * @param args the number of clicks (default 300,000)
   */
  public static void main(String[] args) {
    int clicks = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    for (Mode mode : Mode.values()) {
      long before = Heap.used();
      AffiliateProgram program = program(mode, clicks);
      long after = Heap.used();
      System.out.printf(Locale.ROOT, "%s: %.1f bytes per click (%d touches)%n", mode,
          (double) (after - before) / clicks, program.touchpointStore().size());
    }
  }

  /** {@return a program of ten affiliates that recorded the clicks of visitors, three each} */
  static AffiliateProgram program(Mode mode, int clicks) {
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.percentage("creators", Rate.ofPercent(15))).build())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    String[] codes = new String[10];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = program.enroll(AffiliateProfile.of("creator-" + i)).codes().get(0).toString()
          .toLowerCase(Locale.ROOT);
    }
    for (int i = 0; i < clicks; i++) {
      // Fresh strings, each with its own characters, as a request brings them.
      String visitor = new String(("visitor-" + (100_000 + i / 3)).toCharArray());
      String touchId = new String(("touch-" + (1_000_000 + i)).toCharArray());
      String code = new String(codes[i % codes.length].toCharArray());
      switch (mode) {
        case PLAIN -> program.recordClick(visitor, code);
        case KEYED_CLICK -> program.recordClickOnce(touchId, visitor, code);
        case KEYED_COUPON_USE -> program.recordCouponUseOnce(touchId, visitor, code);
        case KEYED_VISIT -> program.recordVisitOnce(touchId, visitor,
            "https://glow.example/serum?ref=" + code + "&utm_source=instagram");
        case KEYED_LONG_VISIT -> program.recordVisitOnce(touchId, visitor,
            "https://glow.example/serum?ref=" + code + "&utm_source=instagram&q=" + LONG_QUERY + i);
        default -> throw new AssertionError(mode);
      }
    }
    return program;
  }
}
