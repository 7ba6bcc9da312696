package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Contracts of the value types that attribution returns and takes from the host. */
class ResultTypesTest {

  private static final Instant AT = Instant.parse("2026-03-31T12:00:00Z");
  private static final Touchpoint ANNA = Touchpoint.click("v1", "anna", AT.minusSeconds(60)).withSequence(1);
  private static final Touchpoint BEN = Touchpoint.click("v1", "ben", AT.minusSeconds(30)).withSequence(2);
  private static final Conversion ORDER =
      Conversion.builder("o1", AT, Money.parse("USD 0.05")).visitorId("v1").build();
  private static final Explanation EXPLANATION =
      new Explanation(List.of(ANNA, BEN), List.of(), List.of());

  private static Credit credit(Touchpoint touch, String share, String amount) {
    return new Credit(touch.affiliateId(), Rate.parse(share), Money.parse(amount),
        CreditBasis.TOUCHPOINTS, List.of(touch));
  }

  private static Attribution fiftyFifty() {
    return new Attribution(ORDER, AttributionModel.linear(),
        List.of(credit(ANNA, "50%", "USD 0.03"), credit(BEN, "50%", "USD 0.02")), EXPLANATION);
  }

  @Test
  void attribution_allocate_splitsByShares_withoutLosingACent() {
    assertThat(fiftyFifty().allocate(Money.parse("USD 0.05")))
        .containsExactly(Money.parse("USD 0.03"), Money.parse("USD 0.02"));
    assertThat(fiftyFifty().allocate(Money.parse("USD 10.01")))
        .containsExactly(Money.parse("USD 5.01"), Money.parse("USD 5.00"));
    Attribution alone = new Attribution(ORDER, AttributionModel.lastTouch(),
        List.of(credit(BEN, "100%", "USD 0.05")), EXPLANATION);
    assertThat(alone.allocate(Money.parse("USD 7.77"))).containsExactly(Money.parse("USD 7.77"));
    Attribution thirds = new Attribution(
        Conversion.builder("o2", AT, Money.parse("USD 1.00")).visitorId("v1").build(),
        AttributionModel.linear(), List.of(
            new Credit("a", Rate.parse("33.3333333333333334%"), Money.parse("USD 0.34"), CreditBasis.TOUCHPOINTS, List.of()),
            new Credit("b", Rate.parse("33.3333333333333333%"), Money.parse("USD 0.33"), CreditBasis.TOUCHPOINTS, List.of()),
            new Credit("c", Rate.parse("33.3333333333333333%"), Money.parse("USD 0.33"), CreditBasis.TOUCHPOINTS, List.of())),
        EXPLANATION);
    assertThat(Money.total(thirds.allocate(Money.parse("USD 100.00")))).isEqualTo(Money.parse("USD 100.00"));
    assertThat(thirds.allocate(Money.parse("USD 100.00")))
        .containsExactly(Money.parse("USD 33.34"), Money.parse("USD 33.33"), Money.parse("USD 33.33"));
  }

  @Test
  void attribution_rejectsAnAffiliateCreditedTwice_amongManyCredits() {
    // Ten credits of 10% and USD 0.10: the tenth names the first one's affiliate again.
    List<Credit> credits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      credits.add(new Credit(i == 9 ? "aff-0" : "aff-" + i, Rate.parse("10%"),
          Money.parse("USD 0.10"), CreditBasis.TOUCHPOINTS, List.of()));
    }
    Conversion order = Conversion.builder("o2", AT, Money.parse("USD 1.00")).visitorId("v1").build();
    assertThatThrownBy(() -> new Attribution(order, AttributionModel.linear(), credits, EXPLANATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribution must credit each affiliate once: 'aff-0'");
    credits.set(9, new Credit("aff-9", Rate.parse("10%"), Money.parse("USD 0.10"),
        CreditBasis.TOUCHPOINTS, List.of()));
    assertThat(new Attribution(order, AttributionModel.linear(), credits, EXPLANATION).credits())
        .hasSize(10);
  }

  @Test
  void attribution_rejectsCreditsThatDoNotAddUp() {
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.linear(),
        List.of(credit(ANNA, "50%", "USD 0.03"), credit(BEN, "40%", "USD 0.02")), EXPLANATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribution shares must add up to 100%: 90%");
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.linear(),
        List.of(credit(ANNA, "50%", "USD 0.03"), credit(BEN, "50%", "USD 0.03")), EXPLANATION))
        .hasMessage("attribution amounts must add up to the total USD 0.05: USD 0.06");
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.linear(),
        List.of(credit(ANNA, "50%", "USD 0.03"), credit(ANNA, "50%", "USD 0.02")), EXPLANATION))
        .hasMessage("attribution must credit each affiliate once: 'anna'");
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.linear(), List.of(), EXPLANATION))
        .hasMessage("attribution must have a credit: 'o1'");
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.linear(),
        List.of(credit(ANNA, "60%", "USD 0.05")), EXPLANATION))
        .hasMessage("attribution shares must add up to 100%: 60%");
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.linear(), List.of(
        credit(ANNA, "50%", "EUR 0.03"), credit(BEN, "50%", "USD 0.02")), EXPLANATION))
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessage("attribution credit amount of 'anna' must be in USD, the conversion's currency:"
            + " EUR 0.03");
  }

  @Test
  void attribution_singleCreditInAnotherCurrency_throwsCurrencyMismatchNamingTheField() {
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.lastTouch(),
        List.of(credit(BEN, "100%", "EUR 0.05")), EXPLANATION))
        .isInstanceOfSatisfying(CurrencyMismatchException.class, mismatch -> {
          assertThat(mismatch.first()).isEqualTo(CurrencyUnit.USD);
          assertThat(mismatch.second()).isEqualTo(CurrencyUnit.of("EUR"));
        })
        .hasMessage("attribution credit amount of 'ben' must be in USD, the conversion's currency:"
            + " EUR 0.05");
  }

  @Test
  void credit_rejectsBadParts() {
    assertThatThrownBy(() -> credit(ANNA, "0%", "USD 0.00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credit share must be above 0%: 0%");
    assertThatThrownBy(() -> credit(ANNA, "10%", "USD -0.01"))
        .hasMessage("credit amount must not be negative: USD -0.01");
    assertThatThrownBy(() -> new Credit("ben", Rate.ONE, Money.parse("USD 1.00"), CreditBasis.TOUCHPOINTS,
        List.of(ANNA)))
        .hasMessage("credit touchpoints must be of affiliate 'ben': touchpoints[0] is of 'anna'");
    Touchpoint later = Touchpoint.click("v1", "anna", AT).withSequence(5);
    assertThatThrownBy(() -> new Credit("anna", Rate.ONE, Money.parse("USD 1.00"), CreditBasis.TOUCHPOINTS,
        List.of(later, ANNA)))
        .hasMessage("credit touchpoints must be in chronological order: touchpoints[1], #1 at "
            + AT.minusSeconds(60) + ", is not after touchpoints[0], #5 at " + AT);
  }

  /**
   * Regression: messages printed affiliate ids raw, so that an id with a right-to-left override
   * ({@code U+202E}) turned the rest of a log line around, and one with a space or a colon could
   * not be told from the text around it.
   */
  @Test
  void messages_quoteAndEscapeTheAffiliateIdsTheyName() {
    assertThatThrownBy(() -> new Credit("ann\u202Ea", Rate.ONE, Money.parse("USD 1.00"),
        CreditBasis.TOUCHPOINTS, List.of(Touchpoint.click("v1", "bob: x", AT))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credit touchpoints must be of affiliate 'ann\\u202ea': touchpoints[0] is of"
            + " 'bob: x'");
    AffiliateDirectory.Builder builder = AffiliateDirectory.builder()
        .add(AffiliateIdentity.active("a 1"), "CODE1");
    assertThatThrownBy(() -> builder.add(AffiliateIdentity.active("b"), "CODE1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code already belongs to affiliate 'a 1': 'CODE1'");
    assertThatThrownBy(() -> builder.add(AffiliateIdentity.active("b"), "code-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code 'code-1' reads as 'CODE1', which affiliate 'a 1' holds as 'CODE1'");
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.linear(),
        List.of(credit(ANNA, "50%", "USD 0.03"), credit(ANNA, "50%", "USD 0.02")), EXPLANATION))
        .hasMessage("attribution must credit each affiliate once: 'anna'");
  }

  @Test
  void directoryBuilder_rejectsACodeOfTwoAffiliates() {
    AffiliateDirectory.Builder builder = AffiliateDirectory.builder().add(AffiliateIdentity.active("anna"), "X");
    assertThatThrownBy(() -> builder.add(AffiliateIdentity.active("ben"), "X"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code already belongs to affiliate 'anna': 'X'");
    AffiliateDirectory directory = builder.build();
    assertThat(directory.ownerOf("X")).contains("anna");
    assertThat(directory.affiliate("ben")).isEmpty();
    assertThat(directory).hasToString("AffiliateDirectory{1 affiliates, 1 codes}");
  }

  @Test
  void directoryBuilder_addingAnAffiliateAgain_replacesItsIdentityAndKeepsItsCodes() {
    AffiliateDirectory directory = AffiliateDirectory.builder()
        .add(AffiliateIdentity.active("anna"), "AAAA")
        .add(AffiliateIdentity.active("anna").withStatus(AffiliateStatus.BANNED), "BBBB").build();

    assertThat(directory.affiliate("anna").map(AffiliateIdentity::status))
        .contains(AffiliateStatus.BANNED);
    assertThat(directory.ownerOf("AAAA")).contains("anna");
    assertThat(directory.ownerOf("BBBB")).contains("anna");
  }

  /**
   * Regression: the fixed directory matched codes exactly as added, so a buyer who typed {@code
   * anna10} gave the owner of {@code ANNA10} no credit, though a program reads both as one code.
   */
  @Test
  void directory_readsCodesAsTyped_asAProgramDoes() {
    AffiliateDirectory.Builder builder = AffiliateDirectory.builder()
        .add(AffiliateIdentity.active("anna"), "ANNA10", "anna-link", "SPRING_SALE");
    assertThatThrownBy(() -> builder.add(AffiliateIdentity.active("ben"), "Anna-10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code 'Anna-10' reads as 'ANNA10', which affiliate 'anna' holds as 'ANNA10'");
    // O, I and L read as digits where the text reads as a generated code: BILL10 is B11110.
    AffiliateDirectory.Builder bills = AffiliateDirectory.builder()
        .add(AffiliateIdentity.active("bill"), "BILL10");
    assertThatThrownBy(() -> bills.add(AffiliateIdentity.active("leet"), "B1LL10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code 'B1LL10' reads as 'B11110', which affiliate 'bill' holds as 'BILL10'");
    AffiliateDirectory directory = builder.build();

    for (String typed : List.of("ANNA10", "anna10", "Anna-10", "ANNA-LINK", "annalink")) {
      assertThat(directory.ownerOf(typed)).as(typed).contains("anna");
    }
    // A text that is no link code is matched as written.
    assertThat(directory.ownerOf("SPRING_SALE")).contains("anna");
    assertThat(directory.ownerOf("spring_sale")).isEmpty();
    assertThat(directory.ownerOf("ANNA11")).isEmpty();
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), directory)
        .clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC)).build();
    AttributionResult result = attributor.attribute(Conversion.builder("o-1",
        Instant.parse("2026-03-01T10:00:00Z"), Money.parse("USD 100.00")).visitorId("v-1")
        .couponCode("anna10").build());
    assertThat(result).isInstanceOf(Attribution.class);
    assertThat(((Attribution) result).credits().get(0).affiliateId()).isEqualTo("anna");
  }

  @Test
  void affiliateIdentity_parts() {
    AffiliateIdentity anna = AffiliateIdentity.active("anna");
    assertThat(anna.isActive()).isTrue();
    assertThat(anna.withStatus(AffiliateStatus.ACTIVE)).isSameAs(anna);
    assertThat(anna.withStatus(AffiliateStatus.BANNED).isActive()).isFalse();
    // Regression: withCustomer made a copy when nothing changed.
    AffiliateIdentity customer = anna.withCustomer("c1", "anna@example.com");
    assertThat(customer.withCustomer("c1", "anna@example.com")).isSameAs(customer);
    assertThat(customer.withCustomer("c1", "Anna@example.com")).isNotSameAs(customer)
        .extracting(AffiliateIdentity::email).isEqualTo(Optional.of("Anna@example.com"));
    assertThat(customer.withCustomer("c2", "anna@example.com").customerId()).contains("c2");
    assertThatThrownBy(() -> anna.withCustomer("c1", "not-an-address"))
        .hasMessage("affiliate email must be an e-mail address such as name@example.com: 'not-an-address'");
    // Regression: a null part threw a NullPointerException without a message.
    assertThatThrownBy(() -> anna.withCustomer(nullString(), "a@example.com"))
        .isInstanceOf(NullPointerException.class).hasMessage("newCustomerId");
    assertThatThrownBy(() -> anna.withCustomer("c1", nullString()))
        .isInstanceOf(NullPointerException.class).hasMessage("newEmail");
  }

  @Test
  void affiliateIdentity_isBuyerOf_matchesTheCustomerIdOrTheNormalisedEmail() {
    AffiliateIdentity mia = AffiliateIdentity.active("mia")
        .withCustomer("cust-mia", "Mia.Rossi+shop@gmail.com");
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    Money total = Money.parse("USD 10.00");

    assertThat(mia.isBuyerOf(Conversion.builder("o1", at, total).customerId("cust-mia").build()))
        .isTrue();
    assertThat(mia.isBuyerOf(Conversion.builder("o2", at, total).customerId("cust-kim")
        .customerEmail("miarossi@googlemail.com").build())).isTrue();
    assertThat(mia.isBuyerOf(Conversion.builder("o3", at, total).customerId("cust-kim")
        .customerEmail("mia.rossi@example.com").build())).isFalse();
    assertThat(mia.isBuyerOf(Conversion.builder("o4", at, total).visitorId("v1").build()))
        .isFalse();
    assertThat(AffiliateIdentity.active("mia").isBuyerOf(Conversion.builder("o5", at, total)
        .customerId("cust-mia").customerEmail("miarossi@gmail.com").build())).isFalse();
  }

  @SuppressWarnings("NullAway") // hands null to a method that must refuse it
  private static String nullString() {
    return null;
  }

  @Test
  void equalsAndHashCode() {
    new EqualsTester()
        .addEqualityGroup(fiftyFifty(), fiftyFifty())
        .addEqualityGroup(new NoCredit(ORDER, NoCreditReason.NO_TOUCHPOINTS, EXPLANATION))
        .addEqualityGroup(new NoCredit(ORDER, NoCreditReason.NONE_ELIGIBLE, EXPLANATION))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(credit(ANNA, "50%", "USD 0.03"), credit(ANNA, "50%", "USD 0.03"))
        .addEqualityGroup(credit(ANNA, "50%", "USD 0.02"))
        .addEqualityGroup(new Credit("anna", Rate.parse("50%"), Money.parse("USD 0.03"), CreditBasis.COUPON, List.of(ANNA)))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(EXPLANATION, new Explanation(List.of(ANNA, BEN), List.of(), List.of()))
        .addEqualityGroup(new Explanation(List.of(ANNA), List.of(new Exclusion(BEN, ExclusionReason.SELF_REFERRAL)), List.of()))
        .addEqualityGroup(new Explanation(List.of(ANNA, BEN), List.of(), List.of("note")))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(new Exclusion(ANNA, ExclusionReason.OUTSIDE_WINDOW), new Exclusion(ANNA, ExclusionReason.OUTSIDE_WINDOW))
        .addEqualityGroup(new Exclusion(ANNA, ExclusionReason.AFTER_CONVERSION))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(new CustomerBinding("c", "a", AT), new CustomerBinding("c", "a", AT))
        .addEqualityGroup(new CustomerBinding("c", "b", AT))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(AffiliateIdentity.active("a"), new AffiliateIdentity("a", AffiliateStatus.ACTIVE, Optional.empty(), Optional.empty()))
        .addEqualityGroup(AffiliateIdentity.active("a").withStatus(AffiliateStatus.INACTIVE))
        .addEqualityGroup(AffiliateIdentity.active("a").withCustomer("c", "a@example.com"))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(AttributionPolicy.defaults(), AttributionPolicy.builder().build())
        .addEqualityGroup(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(1)).build())
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(new Subscription("s", 1, AT), new Subscription("s", 1, AT))
        .addEqualityGroup(new Subscription("s", 2, AT))
        .testEquals();
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester()
        .setDefault(Touchpoint.class, ANNA)
        .setDefault(Conversion.class, ORDER)
        .setDefault(Explanation.class, EXPLANATION)
        .setDefault(Rate.class, Rate.ONE)
        .setDefault(Money.class, Money.parse("USD 0.05"))
        .setDefault(AttributionModel.class, AttributionModel.lastTouch())
        .setDefault(Instant.class, AT)
        .setDefault(AffiliateIdentity.class, AffiliateIdentity.active("a"));
    for (Class<?> type : List.of(Credit.class, Exclusion.class, Explanation.class, NoCredit.class,
        CustomerBinding.class, AffiliateIdentity.class)) {
      tester.testAllPublicConstructors(type);
    }
    tester.testAllPublicStaticMethods(AffiliateIdentity.class);
    tester.testAllPublicStaticMethods(AffiliateDirectory.class);
    tester.testAllPublicInstanceMethods(AffiliateIdentity.active("a"));
    tester.testAllPublicInstanceMethods(fiftyFifty());
    tester.testAllPublicInstanceMethods(EXPLANATION);
    tester.testAllPublicInstanceMethods(AffiliateDirectory.builder());
    tester.testAllPublicInstanceMethods(AffiliateDirectory.builder().build());
  }

  /** Regression: a null in these lists was refused with a NullPointerException without message. */
  @Test
  void nullElements_areRefused_namingTheListAndIndex() {
    List<Touchpoint> touches = new ArrayList<>(List.of(ANNA));
    touches.add(null);
    List<Credit> credits = new ArrayList<>();
    credits.add(null);
    List<Exclusion> exclusions = new ArrayList<>();
    exclusions.add(null);

    assertThatThrownBy(() -> new Credit("anna", Rate.ONE, Money.parse("USD 0.05"),
        CreditBasis.TOUCHPOINTS, touches))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("touchpoints contains null at index 1");
    assertThatThrownBy(() -> new Explanation(touches, List.of(), List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("eligible contains null at index 1");
    assertThatThrownBy(() -> new Explanation(List.of(), exclusions, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("excluded contains null at index 0");
    assertThatThrownBy(() -> new Attribution(ORDER, AttributionModel.lastTouch(), credits,
        EXPLANATION))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("credits contains null at index 0");
  }
}
