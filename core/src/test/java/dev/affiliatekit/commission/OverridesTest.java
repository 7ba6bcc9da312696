package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.oneItem;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverridesTest {

  private static final AffiliateProfile ANNA =
      AffiliateProfile.builder("anna").parentId("ben").build();
  private static final AffiliateProfile BEN =
      AffiliateProfile.builder("ben").parentId("carla").build();
  private static final AffiliateProfile CARLA =
      AffiliateProfile.builder("carla").parentId("dora").build();
  private static final AffiliateProfile DORA = AffiliateProfile.of("dora");
  private static final Conversion SALE = oneItem("serum", "SKIN_CARE", "60.00");

  private final CommissionPlan plan = CommissionPlan.builder()
      .rule(CommissionRule.percentage("default", pct("10")))
      .overrideRates(pct("10"), pct("5")).build();

  private CommissionQuote quote(CommissionPlan plan, AffiliateProfiles uplines) {
    return plan.quote(SALE, fullCredit("anna", SALE),
        CommissionContext.builder(ANNA).uplines(uplines).build());
  }

  @Test
  void quote_depthTwo_paysTheParentAndGrandparent_butNotFurther() {
    CommissionQuote quote = quote(plan, AffiliateProfiles.of(List.of(ANNA, BEN, CARLA, DORA)));

    // Anna earns 10% of USD 60.00 = USD 6.00; Ben 10% of that, Carla 5%; Dora is level 3.
    assertThat(quote.amount()).isEqualTo(usd("6.00"));
    assertThat(quote.overrides()).containsExactly(
        new OverrideQuote("ben", 1, "anna", pct("10"), usd("6.00"), usd("0.60")),
        new OverrideQuote("carla", 2, "anna", pct("5"), usd("6.00"), usd("0.30")));
    assertThat(quote.overrides().get(0).explanation())
        .isEqualTo("override level 1 for ben on anna's commission: 10% of USD 6.00 = USD 0.60");
  }

  @Test
  void portionsAndExplanation_ofAQuoteMadeEarlier_askTheHostsParentsNothing() {
    CommissionPlan twoRules = CommissionPlan.builder()
        .rule(CommissionRule.builder("serums").target(RuleTarget.categories("SKIN_CARE"))
            .percentage(pct("10")).build())
        .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
            .percentage(pct("5")).build())
        .overrideRates(pct("10"), pct("5")).build();
    Conversion sale = Sales.order("o1", "200.00")
        .lineItem(Sales.item("serum", "SKIN_CARE", "100.00"))
        .lineItem(Sales.item("tote", "BAGS", "100.00")).build();
    boolean[] open = {true};
    AffiliateProfiles network = AffiliateProfiles.of(List.of(ANNA, BEN, CARLA, DORA));
    // A host's lookup backed by a session that closes after the request.
    AffiliateProfiles session = id -> {
      if (!open[0]) {
        throw new IllegalStateException("session closed");
      }
      return network.find(id);
    };
    CommissionQuote quote = twoRules.quote(sale, fullCredit("anna", sale),
        CommissionContext.builder(ANNA).uplines(session).build());
    open[0] = false;

    assertThat(quote.portions()).containsExactly(
        new RulePortion("serums", usd("100.00"), usd("10.00")),
        new RulePortion("bags", usd("100.00"), usd("5.00")));
    assertThat(quote.explanation()).contains("USD 15.00");
    assertThat(quote.overrides()).extracting(OverrideQuote::amount)
        .containsExactly(usd("1.50"), usd("0.75"));
  }

  @Test
  void quote_unknownParentProfile_stopsAfterTheParent() {
    CommissionQuote quote = quote(plan, AffiliateProfiles.none());

    assertThat(quote.overrides()).extracting(OverrideQuote::affiliateId).containsExactly("ben");
  }

  @Test
  void quote_parentThatEarnsNoOverrides_isSkipped_butTheLevelsAboveArePaid() {
    AffiliateProfiles network = AffiliateProfiles.of(List.of(ANNA, BEN, CARLA, DORA));
    AffiliateProfiles benBanned = new AffiliateProfiles() {
      @Override
      public Optional<AffiliateProfile> find(String affiliateId) {
        return network.find(affiliateId);
      }

      @Override
      public boolean earnsOverrides(String affiliateId) {
        return !affiliateId.equals("ben");
      }
    };

    assertThat(quote(plan, benBanned).overrides()).containsExactly(
        new OverrideQuote("carla", 2, "anna", pct("5"), usd("6.00"), usd("0.30")));
  }

  @Test
  void quote_withoutOverrideRates_paysNoParent() {
    CommissionPlan none = plan.toBuilder().overrideRates(List.of()).build();

    assertThat(quote(none, AffiliateProfiles.of(List.of(ANNA, BEN))).overrides()).isEmpty();
  }

  @Test
  void quote_overrideRoundingToZero_isLeftOut_butTheWalkGoesOn() {
    CommissionPlan tiny = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("0.01")))
        .overrideRates(pct("1"), pct("100")).build();

    // Anna earns USD 0.01 (0.01% of USD 60.00 = USD 0.006); 1% of it is nothing, 100% is USD 0.01.
    CommissionQuote quote = quote(tiny, AffiliateProfiles.of(List.of(ANNA, BEN, CARLA)));

    assertThat(quote.amount()).isEqualTo(usd("0.01"));
    assertThat(quote.overrides()).extracting(OverrideQuote::affiliateId).containsExactly("carla");
  }

  @Test
  void profiles_loopOfParents_isRejectedNamingTheLoop() {
    AffiliateProfile carlaBackToAnna = AffiliateProfile.builder("carla").parentId("anna").build();

    assertThatThrownBy(() -> AffiliateProfiles.of(List.of(BEN, carlaBackToAnna, ANNA)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("affiliate parents form a loop: anna -> ben -> carla -> anna");
    AffiliateProfile self = AffiliateProfile.builder("zed").parentId("yan").build();
    AffiliateProfile yan = AffiliateProfile.builder("yan").parentId("zed").build();
    assertThatThrownBy(() -> AffiliateProfiles.of(List.of(self, yan)))
        .hasMessage("affiliate parents form a loop: yan -> zed -> yan");
  }

  @Test
  void quote_loopInAHostsLookup_isRejectedNamingTheLoop() {
    // A lookup the host wrote itself, in which Ben's parent is Anna again.
    Map<String, AffiliateProfile> loop =
        Map.of("ben", AffiliateProfile.builder("ben").parentId("anna").build());
    AffiliateProfiles lookup = id -> Optional.ofNullable(loop.get(id));

    assertThatThrownBy(() -> quote(plan, lookup))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("affiliate parents form a loop: anna -> ben -> anna");
  }

  @Test
  void quote_lookupReturningAnotherAffiliate_isRejected() {
    AffiliateProfiles wrong = id -> Optional.of(DORA);

    assertThatThrownBy(() -> quote(plan, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("context uplines returned the profile of 'dora' for 'ben'");
  }

  @Test
  void profiles_duplicateAffiliate_isRejected() {
    assertThatThrownBy(() -> AffiliateProfiles.of(List.of(ANNA, AffiliateProfile.of("anna"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("profiles must have one profile per affiliate: 'anna'");
  }

  @Test
  void profile_ownParent_isRejected() {
    assertThatThrownBy(() -> AffiliateProfile.builder("anna").parentId("anna").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("affiliate must not be its own parent: 'anna'");
  }

  @Test
  void plan_tooManyOverrideLevels_isRejected() {
    assertThatThrownBy(() -> CommissionPlan.builder()
        .overrideRates(java.util.Collections.nCopies(11, pct("1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plan overrides must have at most 10 levels: 11");
  }

  @Test
  void overrideQuote_partsThatDisagree_areRejected_soItsExplanationIsAlwaysTrue() {
    // 10% of USD 6.00 is USD 0.60; 1/3 of USD 1.00 is USD 0.33 or USD 0.34 by the rounding.
    assertThat(new OverrideQuote("ben", 1, "anna", pct("10"), usd("6.00"), usd("0.60"))
        .explanation()).isEqualTo("override level 1 for ben on anna's commission: 10% of USD 6.00"
            + " = USD 0.60");
    // Regression: a product that needs rounding was stated as if the rounded amount were exact.
    assertThat(new OverrideQuote("ben", 1, "anna", pct("10"), usd("0.25"), usd("0.02"))
        .explanation()).isEqualTo("override level 1 for ben on anna's commission: 10% of USD 0.25"
            + " = USD 0.025, rounded to USD 0.02");
    Rate third = Rate.of(new BigDecimal("0.333333333333333333"));
    assertThat(new OverrideQuote("ben", 1, "anna", third, usd("1.00"), usd("0.33")).amount())
        .isEqualTo(usd("0.33"));
    assertThat(new OverrideQuote("ben", 1, "anna", third, usd("1.00"), usd("0.34")).amount())
        .isEqualTo(usd("0.34"));

    assertThatThrownBy(() -> new OverrideQuote("ben", 1, "anna", pct("10"), usd("6.00"),
        usd("4.50"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override amount must be the rate of the commission, rounded: 10% of"
            + " USD 6.00 is not USD 4.50");
    assertThatThrownBy(() -> new OverrideQuote("ben", 1, "anna", third, usd("1.00"),
        usd("0.35"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("override amount must be the rate of the commission, rounded");
    assertThatThrownBy(() -> new OverrideQuote("ben", 1, "anna", pct("10"), usd("6.00"),
        usd("0.59"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override amount must be the rate of the commission, rounded: 10% of"
            + " USD 6.00 is not USD 0.59");
    assertThatThrownBy(() -> new OverrideQuote("ben", 1, "ben", pct("10"), usd("6.00"),
        usd("0.60"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override affiliateId must not be the earner's own: 'ben'");
    assertThatThrownBy(() -> new OverrideQuote("ben", 0, "anna", pct("10"), usd("6.00"),
        usd("0.60"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override level must be at least 1: 0");
    // Nothing is 10% of nothing, but an override of nothing is not paid at all.
    assertThatThrownBy(() -> new OverrideQuote("ben", 1, "anna", pct("10"), usd("0.00"),
        usd("0.00"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override amount must be positive: USD 0.00");
  }
}
