package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RefundOutcomeTest {

  private static final Refund REFUND = Refund.partial("o1", "rma-1", usd("50.00"), "returned");
  private static final RefundOutcome.Shortfall VOIDED = new RefundOutcome.Shortfall("leo",
      "order:o1/leo", usd("2.50"), usd("0.00"), "item is voided");

  static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private static NullPointerTester tester() {
    return new NullPointerTester()
        .setDefault(Money.class, usd("1.00"))
        .setDefault(Refund.class, REFUND)
        .setDefault(String.class, "id");
  }

  @Nested
  class Outcome {

    @Test
    void constructor_copiesTheCollectionsAndAddsUpTheReversals() {
      List<RefundOutcome.Shortfall> shortfalls = new java.util.ArrayList<>(List.of(VOIDED));
      RefundOutcome outcome = new RefundOutcome(REFUND, usd("50.00"),
          Map.of("mia", usd("2.50"), "ann", usd("0.25")), List.of(), shortfalls);
      shortfalls.clear();
      assertThat(outcome.shortfalls()).containsExactly(VOIDED);
      assertThat(outcome.reversed().keySet()).containsExactly("ann", "mia");
      assertThat(outcome.totalReversed()).isEqualTo(usd("2.75"));
      assertThatThrownBy(() -> outcome.shortfalls().add(VOIDED))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructor_rejectsNull() {
      tester().testAllPublicConstructors(RefundOutcome.class);
    }

    @Test
    void constructor_amountsInAnotherCurrency_areRefusedByName() {
      assertThatThrownBy(() -> new RefundOutcome(REFUND, usd("50.00"),
          Map.of("mia", usd("2.50"), "ann", Money.parse("EUR 0.25")), List.of(), List.of()))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("reversed of 'ann' must be in USD, the currency of refunded: EUR 0.25");
      assertThatThrownBy(() -> new RefundOutcome(REFUND, Money.parse("EUR 50.00"), Map.of(),
          List.of(), List.of()))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("refunded must be in USD, the currency of the refund's amount: EUR 50.00");
      assertThatThrownBy(() -> new RefundOutcome.Shortfall("leo", "order:o1/leo", usd("2.50"),
          Money.parse("EUR 0.00"), "item is voided"))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("shortfall taken must be in USD, the currency of the share: EUR 0.00");
    }

    @Test
    void constructors_nullAmountOfAnAffiliate_isNamedAtOnce() {
      Map<String, Money> withNull = new java.util.HashMap<>();
      withNull.put("mia", null);
      assertThatThrownBy(() -> new RefundOutcome(REFUND, usd("50.00"), withNull, List.of(),
          List.of()))
          .isInstanceOf(NullPointerException.class).hasMessage("reversed has null for key mia");
      assertThatThrownBy(() -> new ChargebackWon("o1", "cb1", usd("1.00"), withNull, List.of()))
          .isInstanceOf(NullPointerException.class).hasMessage("reinstated has null for key mia");
      assertThatThrownBy(() -> new RefundOutcome(REFUND, usd("50.00"), Map.of(),
          java.util.Arrays.asList((dev.affiliatekit.ledger.Transaction) null), List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("transactions contains null at index 0");
    }
  }

  @Nested
  class Shortfall {

    @Test
    void shortfall_equalsByEveryPart() {
      new EqualsTester()
          .addEqualityGroup(VOIDED, new RefundOutcome.Shortfall("leo", "order:o1/leo",
              usd("2.50"), usd("0.00"), "item is voided"))
          .addEqualityGroup(new RefundOutcome.Shortfall("mia", "order:o1/leo", usd("2.50"),
              usd("0.00"), "item is voided"))
          .addEqualityGroup(new RefundOutcome.Shortfall("leo", "order:o2/leo", usd("2.50"),
              usd("0.00"), "item is voided"))
          .addEqualityGroup(new RefundOutcome.Shortfall("leo", "order:o1/leo", usd("2.51"),
              usd("0.00"), "item is voided"))
          .addEqualityGroup(new RefundOutcome.Shortfall("leo", "order:o1/leo", usd("2.50"),
              usd("1.00"), "item has only USD 1.00 left"))
          .addEqualityGroup(new RefundOutcome.Shortfall("leo", "order:o1/leo", usd("2.50"),
              usd("0.00"), "item is reversed in full"))
          .testEquals();
    }

    @Test
    void shortfall_rejectsNull() {
      tester().testAllPublicConstructors(RefundOutcome.Shortfall.class);
    }

    @Test
    void shortfall_shareNotPositive_throws() {
      assertThatThrownBy(() -> new RefundOutcome.Shortfall("leo", "order:o1/leo", usd("0.00"),
          usd("0.00"), "item is voided"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("shortfall share must be positive: USD 0.00");
    }

    @Test
    void shortfall_takenNotBelowTheShareOrNegative_throws() {
      assertThatThrownBy(() -> new RefundOutcome.Shortfall("leo", "order:o1/leo", usd("2.50"),
          usd("2.50"), "item is voided"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("shortfall taken must be at least zero and less than the share of"
              + " USD 2.50: USD 2.50");
      assertThatThrownBy(() -> new RefundOutcome.Shortfall("leo", "order:o1/leo", usd("2.50"),
          usd("-0.01"), "item is voided"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("shortfall taken must be at least zero and less than the share of"
              + " USD 2.50: USD -0.01");
    }
  }
}
