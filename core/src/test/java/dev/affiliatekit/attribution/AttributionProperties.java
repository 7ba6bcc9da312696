package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.AttributionArbitraries;
import dev.affiliatekit.testing.AttributionArbitraries.TouchSpec;
import dev.affiliatekit.testing.MoneyArbitraries;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class AttributionProperties {

  private static final Instant CONVERSION = Instant.parse("2026-03-31T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(CONVERSION, ZoneOffset.UTC);
  private static final AffiliateDirectory DIRECTORY = AffiliateDirectory.builder()
      .add(AffiliateIdentity.active("anna"), "ANNA")
      .add(AffiliateIdentity.active("ben"), "BEN")
      .add(AffiliateIdentity.active("carla"), "CARLA")
      .add(AffiliateIdentity.active("dora").withStatus(AffiliateStatus.INACTIVE), "DORA")
      .build();

  @Provide
  Arbitrary<AttributionModel> model() {
    return AttributionArbitraries.models();
  }

  @Provide
  Arbitrary<List<TouchSpec>> journey() {
    return AttributionArbitraries.journeys();
  }

  @Provide
  Arbitrary<List<TouchSpec>> distinctJourney() {
    return AttributionArbitraries.distinctJourneys();
  }

  @Provide
  Arbitrary<Money> total() {
    return Arbitraries.oneOf(MoneyArbitraries.isoCurrencies(), Arbitraries.just(CurrencyUnit.USD))
        .flatMap(currency -> Arbitraries.longs().between(0, 1_000_000_000_000L)
            .map(minor -> Money.ofMinor(minor, currency)));
  }

  @Provide
  Arbitrary<AttributionPolicy> policy() {
    return Arbitraries.of(AttributionPolicy.defaults(),
        AttributionPolicy.builder().mergeRepeatedTouches(false).build(),
        AttributionPolicy.builder().clickLock(AttributionPolicy.ClickLock.FIRST_CLICK_LOCK).build());
  }

  private static TouchpointStore storeOf(List<TouchSpec> journey) {
    TouchpointStore store = TouchpointStore.inMemory();
    for (TouchSpec spec : journey) {
      store.record(touch(spec));
    }
    return store;
  }

  private static Touchpoint touch(TouchSpec spec) {
    Touchpoint.Builder builder = Touchpoint.builder(spec.kind(), spec.visitor() == 0 ? "v1" : "v2",
        spec.affiliateId(), CONVERSION.minusSeconds(spec.secondsBefore()));
    return (spec.visitor() == 1 ? builder.customerId("c1") : builder).build();
  }

  private static AttributionResult evaluate(TouchpointStore store, AttributionModel model,
      AttributionPolicy policy, Money total) {
    return Attributor.builder(store, DIRECTORY).clock(CLOCK).model(model).policy(policy).build()
        .evaluate(Conversion.builder("o1", CONVERSION, total).visitorId("v1").customerId("c1").build());
  }

  /**
   * {@return how many touches of the other device, each signed in as the customer, the attributor
   * forgets: all of them, if the latest is older than the window's horizon, else none}
   */
  private static long forgottenOtherDevice(List<TouchSpec> journey) {
    long horizon = AttributionWindow.standard().horizon().toSeconds();
    List<TouchSpec> other = journey.stream().filter(spec -> spec.visitor() == 1).toList();
    boolean forgotten = other.stream().allMatch(spec -> spec.secondsBefore() > horizon);
    return forgotten ? other.size() : 0;
  }

  /** The credits as comparable text, without sequence numbers, which depend on recording order. */
  private static List<String> summary(AttributionResult result) {
    List<String> lines = new ArrayList<>();
    for (Credit credit : result.credits()) {
      StringBuilder line = new StringBuilder(credit.affiliateId()).append(' ').append(credit.share())
          .append(' ').append(credit.amount());
      for (Touchpoint touch : credit.touchpoints()) {
        line.append(' ').append(touch.instant());
      }
      lines.add(line.toString());
    }
    for (Exclusion exclusion : result.explanation().excluded()) {
      lines.add("excluded " + exclusion.touchpoint().affiliateId() + " "
          + exclusion.touchpoint().instant() + " " + exclusion.reason());
    }
    for (Touchpoint touch : result.explanation().eligible()) {
      lines.add("eligible " + touch.affiliateId() + " " + touch.instant());
    }
    return lines;
  }

  @Property
  void sharesSumToExactlyOne_andMoneyToExactlyTheTotal(@ForAll("model") AttributionModel model,
      @ForAll("journey") List<TouchSpec> journey, @ForAll("total") Money total,
      @ForAll("policy") AttributionPolicy policy) {
    AttributionResult result = evaluate(storeOf(journey), model, policy, total);
    assertThat(result.explanation().eligible().size() + result.explanation().excluded().size())
        .isEqualTo(journey.size() - forgottenOtherDevice(journey));
    if (!result.isCredited()) {
      assertThat(result).isInstanceOf(NoCredit.class);
      return;
    }
    BigDecimal shares = BigDecimal.ZERO;
    Money amounts = Money.zero(total.currency());
    for (Credit credit : result.credits()) {
      shares = shares.add(credit.share().toFraction());
      amounts = amounts.plus(credit.amount());
      // Each amount is within one minor unit of its exact share of the total.
      BigDecimal exact = credit.share().toFraction().multiply(BigDecimal.valueOf(total.minorUnits()));
      assertThat(exact.subtract(BigDecimal.valueOf(credit.amount().minorUnits())).abs())
          .isLessThanOrEqualTo(BigDecimal.ONE);
    }
    assertThat(shares).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(amounts).isEqualTo(total);
    assertThat(result.credits()).extracting(Credit::affiliateId).doesNotHaveDuplicates();
  }

  @Provide
  Arbitrary<Money> anyTotal() {
    return Arbitraries.oneOf(MoneyArbitraries.isoCurrencies(), Arbitraries.just(CurrencyUnit.USD))
        .flatMap(currency -> Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(Long.MAX_VALUE - 1_000, Long.MAX_VALUE))
            .map(minor -> Money.ofMinor(minor, currency)));
  }

  /**
   * The money is divided by the model's weights, as {@link Money#allocate(long...)} divides it:
   * under the linear model an affiliate's weight is the number of its weighed touches, so the
   * amounts are the total allocated by those counts, at every amount up to the largest.
   */
  @Property
  void linearMoney_isTheTotalAllocatedByTheWeights(@ForAll("journey") List<TouchSpec> journey,
      @ForAll("anyTotal") Money total, @ForAll boolean mergeRepeatedTouches) {
    AttributionResult result = evaluate(storeOf(journey), AttributionModel.linear(),
        AttributionPolicy.builder().mergeRepeatedTouches(mergeRepeatedTouches).build(), total);
    if (!result.isCredited()) {
      return;
    }
    long[] weights = result.credits().stream().mapToLong(c -> c.touchpoints().size()).toArray();
    assertThat(result.credits()).extracting(Credit::amount).isEqualTo(total.allocate(weights));
  }

  @Property
  void resultDoesNotDependOnRecordingOrder(@ForAll("model") AttributionModel model,
      @ForAll("distinctJourney") List<TouchSpec> journey, @ForAll("policy") AttributionPolicy policy,
      @ForAll long seed) {
    List<TouchSpec> shuffled = new ArrayList<>(journey);
    Collections.shuffle(shuffled, new Random(seed));
    Money total = Money.parse("USD 123.45");
    assertThat(summary(evaluate(storeOf(shuffled), model, policy, total)))
        .isEqualTo(summary(evaluate(storeOf(journey), model, policy, total)));
  }

  @Property
  void nothingOutsideTheWindowEverGetsCredit(@ForAll("model") AttributionModel model,
      @ForAll("journey") List<TouchSpec> journey, @ForAll("policy") AttributionPolicy policy) {
    AttributionWindow window = AttributionWindow.standard();
    AttributionResult result = evaluate(storeOf(journey), model, policy, Money.parse("USD 10.00"));
    for (Credit credit : result.credits()) {
      assertThat(credit.touchpoints()).isNotEmpty();
      for (Touchpoint touch : credit.touchpoints()) {
        assertThat(window.contains(touch.kind(), touch.instant(), CONVERSION)).isTrue();
      }
    }
    for (Touchpoint touch : result.explanation().eligible()) {
      assertThat(window.contains(touch.kind(), touch.instant(), CONVERSION)).isTrue();
    }
    for (Exclusion exclusion : result.explanation().excluded()) {
      Touchpoint touch = exclusion.touchpoint();
      boolean inside = window.contains(touch.kind(), touch.instant(), CONVERSION);
      boolean timeReason = exclusion.reason() == ExclusionReason.OUTSIDE_WINDOW
          || exclusion.reason() == ExclusionReason.AFTER_CONVERSION;
      assertThat(timeReason).isEqualTo(!inside);
    }
  }

  @Property
  void addingAnOlderTouchNeverChangesALastTouchCredit(@ForAll("distinctJourney") List<TouchSpec> journey,
      @ForAll("older") TouchSpec older) {
    long oldest = journey.stream().mapToLong(TouchSpec::secondsBefore).max().orElseThrow();
    TouchSpec added = new TouchSpec(oldest + 1 + older.secondsBefore(), older.affiliateId(),
        older.kind(), older.visitor());
    Money total = Money.parse("USD 10.00");
    AttributionResult before = evaluate(storeOf(journey), AttributionModel.lastTouch(),
        AttributionPolicy.defaults(), total);
    List<TouchSpec> extended = new ArrayList<>(journey);
    extended.add(added);
    AttributionResult after = evaluate(storeOf(extended), AttributionModel.lastTouch(),
        AttributionPolicy.defaults(), total);
    if (before.isCredited()) {
      assertThat(after.credits()).extracting(Credit::affiliateId, Credit::share, Credit::amount)
          .isEqualTo(before.credits().stream()
              .map(c -> org.assertj.core.groups.Tuple.tuple(c.affiliateId(), c.share(), c.amount()))
              .toList());
    }
  }

  /**
   * Under the linear model every weighed touch weighs one, so an affiliate's weight is the number
   * of its touches in the credit: the binding goes to the first credited of those with the most,
   * whatever step of 10^-18 the allocation left over.
   */
  @Property
  void lifetimeBinding_bindsTheFirstOfTheMostWeighedAffiliates(
      @ForAll("journey") List<TouchSpec> journey, @ForAll boolean mergeRepeatedTouches) {
    Attributor attributor = Attributor.builder(storeOf(journey), DIRECTORY).clock(CLOCK)
        .model(AttributionModel.linear()).policy(AttributionPolicy.builder().lifetimeBinding()
            .mergeRepeatedTouches(mergeRepeatedTouches).build()).build();
    AttributionResult result = attributor.attribute(Conversion.builder("o1", CONVERSION,
        Money.parse("USD 10.00")).visitorId("v1").customerId("c1").build());
    if (!result.isCredited()) {
      assertThat(attributor.binding("c1")).isEmpty();
      return;
    }
    Credit mostWeighed = result.credits().get(0);
    for (Credit credit : result.credits()) {
      if (credit.touchpoints().size() > mostWeighed.touchpoints().size()) {
        mostWeighed = credit;
      }
    }
    assertThat(attributor.binding("c1")).contains(
        new CustomerBinding("c1", mostWeighed.affiliateId(), CONVERSION));
  }

  /**
   * One of a customer's orders: so many days before {@link #CONVERSION}, with a coupon code or
   * none, and the touches of the order's own visitor, which carry no customer id, so that each
   * order's credit does not depend on the others.
   */
  record OrderSpec(int daysBefore, String couponCode, List<TouchSpec> touches) {}

  @Provide
  Arbitrary<List<OrderSpec>> customerOrders() {
    Arbitrary<String> coupons = Arbitraries.of("", "", "", "ANNA", "BEN", "DORA", "NOBODY");
    return Combinators.combine(Arbitraries.integers().between(0, 60), coupons,
        AttributionArbitraries.touches().list().ofMaxSize(3))
        .as(OrderSpec::new)
        .list().ofMinSize(1).ofMaxSize(6).uniqueElements(OrderSpec::daysBefore);
  }

  /** {@return no expiry, or one of 1 to 40 days, so that bindings expire between orders} */
  @Provide
  Arbitrary<java.util.Optional<Duration>> bindingExpiry() {
    return Arbitraries.integers().between(1, 40).map(Duration::ofDays).optional(0.7);
  }

  /**
   * Under lifetime binding, for ever or with an expiry, the binding a customer ends with does not
   * depend on the order in which the same conversions are attributed: it is the one attributing
   * them in time order makes, where a conversion that touches or a coupon credit binds the
   * customer unless the binding so far still applies.
   */
  @Property(tries = 500)
  void lifetimeBinding_doesNotDependOnTheOrderOfAttribution(
      @ForAll("customerOrders") List<OrderSpec> orders, @ForAll("model") AttributionModel model,
      @ForAll("bindingExpiry") java.util.Optional<Duration> expiry, @ForAll long seed) {
    TouchpointStore store = TouchpointStore.inMemory();
    List<Conversion> conversions = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      OrderSpec order = orders.get(i);
      Instant instant = CONVERSION.minus(Duration.ofDays(order.daysBefore()));
      for (TouchSpec touch : order.touches()) {
        store.record(Touchpoint.builder(touch.kind(), "visitor-" + i, touch.affiliateId(),
            instant.minusSeconds(touch.secondsBefore())).build());
      }
      Conversion.Builder conversion = Conversion.builder("o" + i, instant,
          Money.parse("USD 10.00")).visitorId("visitor-" + i).customerId("c1");
      if (!order.couponCode().isEmpty()) {
        conversion.couponCode(order.couponCode());
      }
      conversions.add(conversion.build());
    }
    List<Conversion> inTimeOrder = new ArrayList<>(conversions);
    inTimeOrder.sort(java.util.Comparator.comparing(Conversion::instant));
    List<Conversion> shuffled = new ArrayList<>(conversions);
    Collections.shuffle(shuffled, new Random(seed));
    AttributionPolicy.Builder policy = AttributionPolicy.builder().lifetimeBinding();
    expiry.ifPresent(policy::lifetimeBinding);
    assertThat(finalBinding(store, model, policy.build(), shuffled))
        .isEqualTo(finalBinding(store, model, policy.build(), inTimeOrder));
  }

  private static java.util.Optional<CustomerBinding> finalBinding(TouchpointStore store,
      AttributionModel model, AttributionPolicy policy, List<Conversion> conversions) {
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).model(model)
        .policy(policy).build();
    for (Conversion conversion : conversions) {
      attributor.attribute(conversion);
    }
    return attributor.binding("c1");
  }

  @Provide
  Arbitrary<TouchSpec> older() {
    return AttributionArbitraries.touches().map(spec -> new TouchSpec(
        Math.abs(spec.secondsBefore()) % (10 * 86_400L), spec.affiliateId(), spec.kind(), spec.visitor()));
  }

  /**
   * A conversion or touch is in the future exactly when it lies after the clock plus the skew,
   * computed exactly, for every clock and skew: no sum overflows, and where it lies beyond the last
   * instant nothing is in the future.
   */
  @Property(tries = 2000)
  void futureInstants_areExactlyThoseAfterTheClockPlusTheSkew(@ForAll("instants") Instant now,
      @ForAll("skews") Duration skew, @ForAll boolean nearTheLimit,
      @ForAll @LongRange(min = -2, max = 2) long nudge, @ForAll("instants") Instant other) {
    BigInteger limit = nanos(now).add(nanos(skew));
    BigInteger target = nearTheLimit ? limit.add(BigInteger.valueOf(nudge)) : nanos(other);
    if (target.compareTo(nanos(Instant.MIN)) < 0 || target.compareTo(nanos(Instant.MAX)) > 0) {
      target = nanos(other);
    }
    BigInteger[] secondsAndNanos = target.divideAndRemainder(BigInteger.valueOf(1_000_000_000));
    Instant at = Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(),
        secondsAndNanos[1].longValueExact());
    boolean inTheFuture = target.compareTo(limit) > 0;
    boolean storable = !at.isBefore(EpochNanos.MIN) && !at.isAfter(EpochNanos.MAX);
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), DIRECTORY)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .policy(AttributionPolicy.builder().maxClockSkew(skew).build()).build();
    Conversion conversion = Conversion.builder("o1", at, Money.parse("USD 1.00")).visitorId("v1")
        .build();
    if (inTheFuture) {
      assertThatThrownBy(() -> attributor.evaluate(conversion))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("conversion instant must not be after ");
    } else if (!storable) {
      assertThatThrownBy(() -> attributor.evaluate(conversion))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("conversion instant must be within [");
    } else {
      assertThat(attributor.evaluate(conversion).isCredited()).isFalse();
    }
    if (storable) {
      Touchpoint touch = Touchpoint.click("v1", "anna", at);
      if (inTheFuture) {
        assertThatThrownBy(() -> attributor.record(touch))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("touchpoint instant must not be after ");
      } else {
        assertThat(attributor.record(touch)).isEqualTo(1);
      }
    }
  }

  private static BigInteger nanos(Instant instant) {
    return BigInteger.valueOf(instant.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000))
        .add(BigInteger.valueOf(instant.getNano()));
  }

  private static BigInteger nanos(Duration duration) {
    return BigInteger.valueOf(duration.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000))
        .add(BigInteger.valueOf(duration.getNano()));
  }

  /** {@return instants anywhere, in the range a store keeps, and near either end of time} */
  @Provide
  Arbitrary<Instant> instants() {
    Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 999_999_999)
        .edgeCases(edges -> edges.add(0).add(999_999_999));
    Arbitrary<Long> anywhere = Arbitraries.longs()
        .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
    Arbitrary<Long> storable = Arbitraries.longs()
        .between(EpochNanos.MIN.getEpochSecond() + 1, EpochNanos.MAX.getEpochSecond() - 1);
    Arbitrary<Long> nearTheEnd = Arbitraries.longs().between(0, 1L << 42)
        .map(back -> Instant.MAX.getEpochSecond() - back);
    return Combinators.combine(Arbitraries.oneOf(anywhere, storable, nearTheEnd), nanos)
        .as(Instant::ofEpochSecond);
  }

  /** {@return skews of every size, up to {@code ChronoUnit.FOREVER}} */
  @Provide
  Arbitrary<Duration> skews() {
    Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 999_999_999);
    Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000_000),
        Arbitraries.longs().between(0, 1L << 42), Arbitraries.longs().between(0, Long.MAX_VALUE));
    return Arbitraries.oneOf(Combinators.combine(seconds, nanos).as(Duration::ofSeconds),
        Arbitraries.of(Duration.ZERO, ChronoUnit.FOREVER.getDuration()));
  }

  @Property
  void windowBoundary_isInclusive_toTheNanosecond(@ForAll @LongRange(min = 1, max = 3_000_000_000_000_000L) long lookbackNanos,
      @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long offsetNanos) {
    Duration lookback = Duration.ofNanos(lookbackNanos);
    AttributionWindow window = AttributionWindow.ofClicks(lookback);
    Instant touch = CONVERSION.minus(lookback).plusNanos(offsetNanos);
    boolean expected = offsetNanos >= 0 && !touch.isAfter(CONVERSION);
    assertThat(window.contains(TouchpointKind.CLICK, touch, CONVERSION)).isEqualTo(expected);
  }

  /** {@return bonuses of 0 to 18 decimal digits that add up to at most one, in steps} */
  @Provide
  Arbitrary<long[]> bonusSteps() {
    long one = 1_000_000_000_000_000_000L;
    Arbitrary<Long> steps = Arbitraries.oneOf(Arbitraries.longs().between(0, one / 2),
        Arbitraries.of(0L, one / 10, one / 5, one / 3, one / 2, one / 3 + 1));
    return Combinators.combine(steps, steps).as((first, last) -> new long[] {first, last});
  }

  /**
   * Split commission credits each affiliate its exact share, (1 - b_f - b_l)/n per touch plus
   * its bonuses, rounded to a step of 10^-18 as {@code Rate.allocate} rounds: down, with the
   * steps left over to the largest remainders, the larger share and then the earlier credit first
   * among equal ones; and the money by the same rule. Bonuses of many digits with many touches
   * take the attributor's exact path beyond a long.
   */
  @Property(tries = 300)
  void splitWithBonuses_creditsExactSharesRoundedByLargestRemainder(
      @ForAll("bonusSteps") long[] bonuses,
      @ForAll @LongRange(min = 1, max = 60) long touches, @ForAll Random random,
      @ForAll @LongRange(min = 0, max = 100_000) long totalMinor) {
    BigInteger one = BigInteger.TEN.pow(18);
    AttributionModel model = AttributionModel.splitWithBonuses(
        Rate.of(new BigDecimal(BigInteger.valueOf(bonuses[0]), 18)),
        Rate.of(new BigDecimal(BigInteger.valueOf(bonuses[1]), 18)));
    List<String> affiliates = new ArrayList<>();
    TouchpointStore store = TouchpointStore.inMemory();
    for (int i = 0; i < touches; i++) {
      String affiliate = List.of("anna", "ben", "carla").get(random.nextInt(3));
      affiliates.add(affiliate);
      store.record(Touchpoint.click("v1", affiliate, CONVERSION.minusSeconds(touches - i)));
    }
    Money total = Money.ofMinor(totalMinor, CurrencyUnit.USD);
    AttributionResult result = evaluate(store, model,
        AttributionPolicy.builder().mergeRepeatedTouches(false).build(), total);

    // Each affiliate's exact share times n·10^18, in the order of its first touch.
    BigInteger n = BigInteger.valueOf(touches);
    BigInteger rest = one.subtract(BigInteger.valueOf(bonuses[0] + bonuses[1]));
    java.util.LinkedHashMap<String, BigInteger> exact = new java.util.LinkedHashMap<>();
    for (int i = 0; i < touches; i++) {
      BigInteger share = rest;
      if (i == 0) {
        share = share.add(n.multiply(BigInteger.valueOf(bonuses[0])));
      }
      if (i == touches - 1) {
        share = share.add(n.multiply(BigInteger.valueOf(bonuses[1])));
      }
      exact.merge(affiliates.get(i), share, BigInteger::add);
    }
    exact.values().removeIf(share -> share.signum() == 0);
    List<String> expected = expectedCredits(exact, totalMinor);
    assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share() + " "
        + c.amount()).containsExactlyElementsOf(expected);
  }

  /**
   * Time decay at whole half-lives weighs each touch exactly 2^-k, k half-lives before the latest:
   * each affiliate's share is its exact weight's share rounded by largest remainder, and so is
   * its money, however many old touches add up to it.
   */
  @Property(tries = 300)
  void timeDecay_atWholeHalfLives_creditsExactShares(@ForAll Random random,
      @ForAll @LongRange(min = 1, max = 40) long touches,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long totalMinor) {
    Duration halfLife = Duration.ofMinutes(1);
    int[] halfLivesBefore = new int[(int) touches];
    for (int i = 0; i < touches; i++) {
      halfLivesBefore[i] = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(90);
    }
    java.util.Arrays.sort(halfLivesBefore);
    TouchpointStore store = TouchpointStore.inMemory();
    List<String> affiliates = new ArrayList<>();
    for (int i = (int) touches - 1; i >= 0; i--) {
      String affiliate = List.of("anna", "ben", "carla").get(random.nextInt(3));
      affiliates.add(affiliate);
      store.record(Touchpoint.click("v1", affiliate,
          CONVERSION.minusSeconds(1).minus(halfLife.multipliedBy(halfLivesBefore[i]))));
    }
    AttributionResult result = evaluate(store, AttributionModel.timeDecay(halfLife),
        AttributionPolicy.builder().mergeRepeatedTouches(false).build(),
        Money.ofMinor(totalMinor, CurrencyUnit.USD));

    // In chronological order, the i-th recorded touch lies halfLivesBefore[touches - 1 - i]
    // half-lives before the conversion; the latest touch weighs 2^90 in units of 2^-90.
    int latest = halfLivesBefore[0];
    java.util.LinkedHashMap<String, BigInteger> exact = new java.util.LinkedHashMap<>();
    for (int i = 0; i < touches; i++) {
      int before = halfLivesBefore[(int) touches - 1 - i] - latest;
      exact.merge(affiliates.get(i), BigInteger.ONE.shiftLeft(90 - before), BigInteger::add);
    }
    List<String> expected = expectedCredits(exact, totalMinor);
    assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share() + " "
        + c.amount()).containsExactlyElementsOf(expected);
  }

  /**
   * {@return the credits that exact weights give, in their order: each affiliate's share in steps
   * of 10^-18 and its part of the total in dollars, both by largest remainder; an affiliate whose
   * share rounds to zero is not credited}
   */
  private static List<String> expectedCredits(java.util.LinkedHashMap<String, BigInteger> exact,
      long totalMinor) {
    List<String> ids = new ArrayList<>(exact.keySet());
    List<BigInteger> weights = new ArrayList<>(exact.values());
    long[] steps = largestRemainder(weights, BigInteger.TEN.pow(18));
    List<Integer> credited = new ArrayList<>();
    for (int k = 0; k < ids.size(); k++) {
      if (steps[k] > 0) {
        credited.add(k);
      }
    }
    long[] cents = largestRemainder(credited.stream().map(weights::get).toList(),
        BigInteger.valueOf(totalMinor));
    List<String> expected = new ArrayList<>();
    for (int c = 0; c < credited.size(); c++) {
      int k = credited.get(c);
      expected.add(ids.get(k) + " " + Rate.of(new BigDecimal(BigInteger.valueOf(steps[k]), 18))
          + " " + Money.ofMinor(cents[c], CurrencyUnit.USD));
    }
    return expected;
  }

  /** Divides {@code units} by the weights: down, then one more to the largest remainders. */
  private static long[] largestRemainder(List<BigInteger> weights, BigInteger units) {
    BigInteger sum = weights.stream().reduce(BigInteger.ZERO, BigInteger::add);
    long[] parts = new long[weights.size()];
    BigInteger[] remainders = new BigInteger[weights.size()];
    long left = units.longValueExact();
    for (int k = 0; k < parts.length; k++) {
      BigInteger[] division = weights.get(k).multiply(units).divideAndRemainder(sum);
      parts[k] = division[0].longValueExact();
      remainders[k] = division[1];
      left -= parts[k];
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < parts.length; k++) {
      order.add(k);
    }
    order.sort((a, b) -> {
      int byRemainder = remainders[b].compareTo(remainders[a]);
      int byWeight = weights.get(b).compareTo(weights.get(a));
      return byRemainder != 0 ? byRemainder : byWeight != 0 ? byWeight : Integer.compare(a, b);
    });
    for (int i = 0; i < left; i++) {
      parts[order.get(i)]++;
    }
    return parts;
  }
}
