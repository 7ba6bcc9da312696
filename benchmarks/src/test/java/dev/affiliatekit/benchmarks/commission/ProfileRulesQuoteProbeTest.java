package dev.affiliatekit.benchmarks.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The probe's creators with a deal earn 12% of USD 50.00 once they have 10,000 followers, and the
 * others the default 10%, whether the plan still keeps their decisions or works them out again.
 */
class ProfileRulesQuoteProbeTest {

  @Test
  void eachCreatorEarnsItsDealOnceItHasTheFollowers_evenBeyondWhatThePlanKeeps() {
    int deals = 100;
    CommissionPlan plan = ProfileRulesQuoteProbe.plan(deals);
    // More creators than the plan keeps decisions for, so that most quotes work them out again.
    CommissionContext[] contexts = ProfileRulesQuoteProbe.contexts(6_000);
    int quotes = 20_000;

    long expected = 0;
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < quotes; i++) {
      CommissionContext context = contexts[random.nextInt(contexts.length)];
      String id = context.affiliate().affiliateId();
      int creator = Integer.parseInt(id.substring("creator-".length()));
      long followers = context.affiliate().followers().orElseThrow();
      expected += creator < deals && followers >= 10_000 ? 600 : 500;
    }
    assertThat(ProfileRulesQuoteProbe.quote(plan, contexts, quotes, 7)).isEqualTo(expected);
  }
}
