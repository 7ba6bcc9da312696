package dev.affiliatekit.program;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements of a period: a month on a creator's dashboard. */
class PeriodStatementTest {

  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");

  private final TestClock clock = new TestClock(MARCH.plus(Duration.ofHours(10)));
  private final AffiliateProgram program = AffiliateProgram.builder()
      .plan(CommissionPlan.builder()
          .rule(CommissionRule.percentage("base", Rate.ofPercent(10))).build())
      .payoutRules(PayoutRules.minimums(usd("50.00")))
      .holdPeriod(Duration.ofDays(30))
      .clock(clock)
      .build();

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private static Balances balances(String pending, String payable, String clearing,
      String paid) {
    return new Balances(usd(pending), usd(payable), usd(clearing), usd(paid));
  }

  private void sell(String orderId, String amount) {
    program.recordClick("v-" + orderId, "GLOWWITHMIA");
    program.recordConversion(Conversion.builder(orderId, clock.instant(), usd(amount))
        .visitorId("v-" + orderId)
        .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd(amount)))
        .build());
  }

  /**
   * March: a sale earns USD 50.00, released on 31 March. April: the USD 50.00 is paid, two sales
   * earn USD 40.00, and a refund takes USD 8.00 of one back.
   */
  private void marchAndApril() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    sell("o-1", "500.00");
    clock.advance(Duration.ofDays(30));
    program.release();
    clock.set(APRIL.plus(Duration.ofDays(1)));
    program.preparePayout("payout-2026-04");
    program.settlePayout("payout-2026-04");
    sell("o-2", "200.00");
    sell("o-3", "200.00");
    clock.advance(Duration.ofDays(2));
    program.refund(Refund.partial("o-3", "r-1", usd("80.00"), "one jar returned"));
  }

  @Test
  void april_opensWithMarchPayable_andClosesWithItsOwnEarnings() {
    marchAndApril();

    PeriodStatement april = program.statement("mia", USD, APRIL, MAY);

    assertThat(april.opening()).isEqualTo(balances("0.00", "50.00", "0.00", "0.00"));
    assertThat(april.accrued()).isEqualTo(usd("40.00"));
    assertThat(april.reversed()).isEqualTo(usd("8.00"));
    assertThat(april.earned()).isEqualTo(usd("32.00"));
    assertThat(april.closing()).isEqualTo(balances("32.00", "0.00", "0.00", "50.00"));
    // The payout run and its settlement, the two accruals and the refund's reversal.
    assertThat(april.lines()).extracting(AffiliateStatement.Line::account).containsExactly(
        AccountKind.PAYABLE, AccountKind.PAYOUT_CLEARING, AccountKind.PAYOUT_CLEARING,
        AccountKind.PAID, AccountKind.PENDING, AccountKind.PENDING, AccountKind.PENDING);
    assertThat(april.lines()).allSatisfy(line -> assertThat(line.postedAt()).isAfter(APRIL));
    assertThat(april.lines().get(6).explanation()).contains("one jar returned");
  }

  @Test
  void march_closesWhereAprilOpens_andTheTwoMakeTheWholeStatement() {
    marchAndApril();

    PeriodStatement march = program.statement("mia", USD, MARCH, APRIL);
    PeriodStatement april = program.statement("mia", USD, APRIL, MAY);
    AffiliateStatement whole = program.statement("mia", USD);

    assertThat(march.opening()).isEqualTo(balances("0.00", "0.00", "0.00", "0.00"));
    assertThat(march.accrued()).isEqualTo(usd("50.00"));
    assertThat(march.reversed()).isEqualTo(usd("0.00"));
    assertThat(march.closing()).isEqualTo(april.opening());
    assertThat(april.closing()).isEqualTo(whole.balances());
    assertThat(march.accrued().plus(april.accrued())).isEqualTo(whole.accrued());
    assertThat(march.reversed().plus(april.reversed())).isEqualTo(whole.reversed());
    assertThat(concat(march.lines(), april.lines())).isEqualTo(whole.lines());
  }

  @Test
  void releaseStampedAtTheStart_liesInThePeriod_notInItsOpening() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    sell("o-1", "500.00");
    clock.set(APRIL);
    program.release();

    PeriodStatement april = program.statement("mia", USD, APRIL, MAY);

    assertThat(april.opening()).isEqualTo(balances("50.00", "0.00", "0.00", "0.00"));
    assertThat(april.closing()).isEqualTo(balances("0.00", "50.00", "0.00", "0.00"));
    assertThat(april.lines()).hasSize(2);
    assertThat(program.statement("mia", USD, MARCH, APRIL).lines()).hasSize(1);
  }

  @Test
  void periodOfNoEntries_opensAndClosesAlike() {
    marchAndApril();
    Instant june = Instant.parse("2026-06-01T00:00:00Z");

    PeriodStatement may = program.statement("mia", USD, MAY, june);

    assertThat(may.lines()).isEmpty();
    assertThat(may.opening()).isEqualTo(may.closing())
        .isEqualTo(balances("32.00", "0.00", "0.00", "50.00"));
    assertThat(may.earned()).isEqualTo(usd("0.00"));
  }

  @Test
  void affiliateNeverSeen_hasAStatementOfZeros() {
    PeriodStatement april = program.statement("nobody", USD, APRIL, MAY);

    assertThat(april.opening()).isEqualTo(april.closing())
        .isEqualTo(balances("0.00", "0.00", "0.00", "0.00"));
    assertThat(april.lines()).isEmpty();
  }

  @Test
  void endBeforeStart_isRefusedNamingBoth() {
    assertThatThrownBy(() -> program.statement("mia", USD, MAY, APRIL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statement end must not precede its start, 2026-05-01T00:00:00Z: "
            + "2026-04-01T00:00:00Z");
  }

  /**
   * Regression: figures that each fit in a long count of minor units, but whose difference does
   * not, were refused as not adding up.
   */
  @Test
  void figuresWhoseDifferenceExceedsALong_addUpExactly() {
    long big = 5_000_000_000_000_000_000L;
    Ledger ledger = program.ledger();
    ledger.accrue("x", new Accrual("mia", Money.ofMinor(big, USD), clock.instant(), "o-x", "q-x",
        "sale"));
    ledger.reverse("cb", Reversal.full("x", ReversalKind.CHARGEBACK, "chargeback"));
    ledger.adjust("adj", new Adjustment("mia", Money.ofMinor(-big, USD), "correction"));
    clock.set(APRIL);
    ledger.reinstate("win", "cb", "won");
    ledger.release("rel", clock.instant());
    ledger.accrue("y", new Accrual("mia", Money.ofMinor(big, USD), clock.instant(), "o-y", "q-y",
        "sale"));

    PeriodStatement april = program.statement("mia", USD, APRIL, Instant.MAX);

    assertThat(april.opening()).isEqualTo(new Balances(Money.ofMinor(0, USD),
        Money.ofMinor(-big, USD), Money.ofMinor(0, USD), Money.ofMinor(0, USD)));
    assertThat(april.accrued()).isEqualTo(Money.ofMinor(big, USD));
    assertThat(april.reversed()).isEqualTo(Money.ofMinor(-big, USD));
    assertThat(april.closing()).isEqualTo(new Balances(Money.ofMinor(big, USD),
        Money.ofMinor(0, USD), Money.ofMinor(0, USD), Money.ofMinor(0, USD)));
    assertThatThrownBy(april::earned).isInstanceOf(ArithmeticException.class);
  }

  /**
   * The statement of any period refuses another unit of the code the ledger keeps, as the
   * ledger's balances do, whether the period starts at the beginning or has lines.
   */
  @Test
  void otherUnitOfTheLedgersCode_isRefusedForAnyPeriodAndAffiliate() {
    marchAndApril();
    CurrencyUnit threeDecimals = CurrencyUnit.custom("USD", 3);
    Instant june = Instant.parse("2026-06-01T00:00:00Z");

    for (String affiliate : List.of("mia", "nobody")) {
      for (Instant[] period : List.of(new Instant[] {Instant.MIN, MARCH},
          new Instant[] {MAY, june}, new Instant[] {APRIL, Instant.MAX})) {
        assertThatThrownBy(() -> program.statement(affiliate, threeDecimals, period[0],
            period[1])).as("%s %s", affiliate, List.of(period))
            .isInstanceOf(CurrencyMismatchException.class);
      }
    }
  }

  @Test
  void record_refusesFiguresThatDoNotAddUp() {
    Balances zero = balances("0.00", "0.00", "0.00", "0.00");

    assertThatThrownBy(() -> new PeriodStatement("mia", USD, APRIL, MAY, zero, usd("10.00"),
        usd("0.00"), zero, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statement accrued less reversed must be what its balances gained: "
            + "USD 10.00 - USD 0.00 is not USD 0.00");
  }

  @Test
  void record_refusesALineInAnotherCurrency() {
    Balances zero = balances("0.00", "0.00", "0.00", "0.00");
    AffiliateStatement.Line euros = new AffiliateStatement.Line(1, "k", APRIL,
        AccountKind.PENDING, Money.parse("EUR 0.00"), "sale");

    assertThatThrownBy(() -> new PeriodStatement("mia", USD, APRIL, MAY, zero, usd("0.00"),
        usd("0.00"), zero, List.of(euros)))
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessage("statement amounts must be in USD, its currency: EUR 0.00");
  }

  @Test
  void record_refusesALineOutsideThePeriod() {
    Balances zero = balances("0.00", "0.00", "0.00", "0.00");
    Balances ten = balances("10.00", "0.00", "0.00", "0.00");
    AffiliateStatement.Line mayFirst = new AffiliateStatement.Line(1, "k", MAY,
        AccountKind.PENDING, usd("10.00"), "sale");

    assertThatThrownBy(() -> new PeriodStatement("mia", USD, APRIL, MAY, zero, usd("10.00"),
        usd("0.00"), ten, List.of(mayFirst)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("statement line must lie in its period "
            + "[2026-04-01T00:00:00Z, 2026-05-01T00:00:00Z): Line[sequence=1");
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}
