package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Lifetime binding against a plain model of its documented rule: in time order (the same instant
 * in the order of the affiliates' ids), a conversion that its touches credit binds the customer
 * unless the binding so far applies to it, that is, has not expired at its instant and its
 * affiliate is active as the directory says when the conversion is committed.
 */
class LifetimeBindingProperties {

  private static final List<String> AFFILIATES = List.of("amy", "ben", "cal", "dan");
  private static final Instant BASE = Instant.parse("2026-03-20T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-31T12:00:00Z"),
      ZoneOffset.UTC);

  /**
   * One conversion of customer c1: at a whole hour after {@link #BASE} (so that many share an
   * instant), after a click on {@code first} two minutes before and on {@code last} one minute
   * before, on a device of its own.
   */
  record Order(int hour, String first, String last) {}

  /** A directory's status for each of the four affiliates. */
  record Statuses(List<AffiliateStatus> byAffiliate) {
    boolean isActive(String affiliateId) {
      return byAffiliate.get(AFFILIATES.indexOf(affiliateId)) == AffiliateStatus.ACTIVE;
    }
  }

  @Provide
  Arbitrary<List<Order>> orders() {
    return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(AFFILIATES),
        Arbitraries.of(AFFILIATES)).as(Order::new).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Statuses> statuses() {
    return Arbitraries.of(AffiliateStatus.ACTIVE, AffiliateStatus.ACTIVE, AffiliateStatus.ACTIVE,
        AffiliateStatus.INACTIVE, AffiliateStatus.BANNED).list().ofSize(AFFILIATES.size())
        .map(Statuses::new);
  }

  /** {@return no expiry, or one of 1 to 3 hours, so that bindings expire between orders} */
  @Provide
  Arbitrary<Optional<Duration>> expiry() {
    return Arbitraries.integers().between(1, 3).map(Duration::ofHours).optional(0.6);
  }

  /**
   * With the directory fixed during the history, every order of arrival of the same conversions
   * ends with the binding of the model, and each conversion on arrival is credited as the model
   * says: by the binding that the conversions arrived so far and before it in time order make by
   * its instant, if there is one and it has not expired, else by its touches.
   */
  @Property(tries = 1000)
  void fixedDirectory_everyArrivalOrder_endsWithTheBindingOfTimeOrder(
      @ForAll("orders") List<Order> orders, @ForAll("statuses") Statuses statuses,
      @ForAll("expiry") Optional<Duration> expiry, @ForAll long seed) {
    MutableDirectory directory = new MutableDirectory();
    directory.set(statuses);
    TouchpointStore store = storeOf(orders);
    Attributor attributor = attributor(store, directory, expiry);
    List<Integer> arrival = arrival(orders.size(), new Random(seed));
    // The model: each conversion's own affiliate is the last one clicked that is active.
    List<Candidate> arrived = new ArrayList<>();
    for (int i : arrival) {
      AttributionResult result = attributor.attribute(conversion(orders, i));
      Instant instant = instant(orders.get(i).hour());
      String own = own(orders.get(i), statuses);
      // The binding that the conversions arrived so far and before this one in time order (at
      // one instant, by their affiliates' ids) make by its instant.
      List<Candidate> earlier = arrived.stream().filter(c -> c.instant().isBefore(instant)
          || (c.instant().equals(instant) && (own == null || c.affiliateId().compareTo(own) <= 0)))
          .toList();
      Optional<CustomerBinding> before = fold(earlier, statuses, expiry);
      boolean applies = before.isPresent() && !expired(before.get(), instant, expiry);
      if (applies) {
        assertThat(result.credits()).as("order %s, arrival %s", i, arrival)
            .extracting(Credit::affiliateId, Credit::basis).containsExactly(
                org.assertj.core.groups.Tuple.tuple(before.get().affiliateId(),
                    CreditBasis.LIFETIME_BINDING));
      } else if (own == null) {
        assertThat(result.isCredited()).as("order %s, arrival %s", i, arrival).isFalse();
      } else {
        assertThat(result.credits()).as("order %s, arrival %s", i, arrival)
            .extracting(Credit::affiliateId, Credit::basis).containsExactly(
                org.assertj.core.groups.Tuple.tuple(own, CreditBasis.TOUCHPOINTS));
      }
      if (own != null) {
        arrived.add(new Candidate(instant, own));
      }
      assertThat(attributor.binding("c1")).as("after order %s, arrival %s", i, arrival)
          .isEqualTo(fold(arrived, statuses, expiry));
    }
  }

  record Candidate(Instant instant, String affiliateId) {}

  /**
   * {@return the binding the candidates make in time order, the same instant by affiliate id: the
   * first binds, a later one if the binding so far has expired or its affiliate is not active}
   */
  private static Optional<CustomerBinding> fold(List<Candidate> candidates, Statuses statuses,
      Optional<Duration> expiry) {
    List<Candidate> inOrder = new ArrayList<>(candidates);
    inOrder.sort(Comparator.comparing(Candidate::instant).thenComparing(Candidate::affiliateId));
    Optional<CustomerBinding> binding = Optional.empty();
    for (Candidate candidate : inOrder) {
      if (binding.isEmpty() || expired(binding.get(), candidate.instant(), expiry)
          || !statuses.isActive(binding.get().affiliateId())) {
        binding = Optional.of(new CustomerBinding("c1", candidate.affiliateId(),
            candidate.instant()));
      }
    }
    return binding;
  }

  /**
   * With the directory changing between commits, conversions attributed in time order are each
   * credited, and bind, as the model says with the directory of their commit: a binding whose
   * affiliate is not active does not apply, the conversion then binds anew, and the affiliate
   * active again does not take the customer back.
   */
  @Property(tries = 1000)
  void changingDirectory_inTimeOrder_creditsAndBindsAsTheDirectoryWasAtEachCommit(
      @ForAll("orders") List<Order> unsorted, @ForAll("expiry") Optional<Duration> expiry,
      @ForAll long seed) {
    List<Order> orders = new ArrayList<>(unsorted);
    orders.sort(Comparator.comparingInt(Order::hour).thenComparing(Order::last));
    MutableDirectory directory = new MutableDirectory();
    TouchpointStore store = TouchpointStore.inMemory();
    // One click per order here, so that the order of ties does not depend on the directory.
    for (int i = 0; i < orders.size(); i++) {
      store.record(Touchpoint.click("v" + i, orders.get(i).last(),
          instant(orders.get(i).hour()).minusSeconds(60)));
    }
    Attributor attributor = attributor(store, directory, expiry);
    Random random = new Random(seed);
    CustomerBinding expected = null;
    for (int i = 0; i < orders.size(); i++) {
      Statuses statuses = randomStatuses(random);
      directory.set(statuses);
      Order order = orders.get(i);
      Instant instant = instant(order.hour());
      AttributionResult result = attributor.attribute(Conversion.builder("o" + i, instant,
          Money.parse("USD 10.00")).visitorId("v" + i).customerId("c1").build());

      String own = statuses.isActive(order.last()) ? order.last() : null;
      boolean bindingApplies = expected != null && !expired(expected, instant, expiry)
          && statuses.isActive(expected.affiliateId());
      String credited;
      CreditBasis basis;
      if (bindingApplies) {
        credited = expected.affiliateId();
        basis = CreditBasis.LIFETIME_BINDING;
      } else {
        credited = own;
        basis = CreditBasis.TOUCHPOINTS;
        if (own != null) {
          expected = new CustomerBinding("c1", own, instant);
        }
      }
      if (credited == null) {
        assertThat(result.isCredited()).as("order %s of %s", i, orders).isFalse();
      } else {
        assertThat(result.credits()).as("order %s of %s", i, orders)
            .extracting(Credit::affiliateId, Credit::basis)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(credited, basis));
      }
      assertThat(attributor.binding("c1")).as("after order %s of %s", i, orders)
          .isEqualTo(Optional.ofNullable(expected));
    }
  }

  /**
   * An attributor built anew before each conversion, from the binding history of the one before
   * it, credits and binds as one kept running, whatever the order of arrival and the changes of
   * the directory between commits.
   */
  @Property(tries = 1000)
  void rebuiltFromItsHistory_beforeEachConversion_answersAsOneKeptRunning(
      @ForAll("orders") List<Order> orders, @ForAll("expiry") Optional<Duration> expiry,
      @ForAll long seed) {
    checkRebuiltAnswersAsKept(orders, expiry, seed,
        (rebuilt, builder) -> rebuilt.bindingHistory("c1").ifPresent(builder::bindingHistory));
  }

  /**
   * Where the history is the binding alone, not broken, an attributor built anew from the
   * binding credits and binds as one kept running, and keeps the same history: rebuilt so before
   * each conversion where it is, and from the history where it is not, whatever the order of
   * arrival and the changes of the directory between commits.
   */
  @Property(tries = 1000)
  void rebuiltFromItsBinding_whereThatIsItsHistory_answersAsOneKeptRunning(
      @ForAll("orders") List<Order> orders, @ForAll("expiry") Optional<Duration> expiry,
      @ForAll long seed) {
    checkRebuiltAnswersAsKept(orders, expiry, seed, (rebuilt, builder) -> {
      Optional<BindingHistory> history = rebuilt.bindingHistory("c1");
      if (history.isPresent() && history.get().candidates().size() == 1
          && !history.get().firstBroke()) {
        builder.binding(rebuilt.binding("c1").orElseThrow());
      } else {
        history.ifPresent(builder::bindingHistory);
      }
    });
  }

  /**
   * Attributes the orders in a random order of arrival, with the directory changed at random
   * before each, by an attributor kept running and by one built anew before each conversion from
   * what {@code restore} takes of the one before it; checks that both credit, bind and keep the
   * same history.
   */
  private static void checkRebuiltAnswersAsKept(List<Order> orders, Optional<Duration> expiry,
      long seed, BiConsumer<Attributor, Attributor.Builder> restore) {
    MutableDirectory directory = new MutableDirectory();
    TouchpointStore store = storeOf(orders);
    Attributor kept = attributor(store, directory, expiry);
    Attributor rebuilt = kept;
    Random random = new Random(seed);
    List<Integer> arrival = arrival(orders.size(), random);
    for (int i : arrival) {
      directory.set(randomStatuses(random));
      Attributor.Builder builder = builder(store, directory, expiry);
      restore.accept(rebuilt, builder);
      rebuilt = builder.build();

      List<Credit> expected = kept.attribute(conversion(orders, i)).credits();
      assertThat(rebuilt.attribute(conversion(orders, i)).credits())
          .as("order %s, arrival %s", i, arrival).isEqualTo(expected);
      assertThat(rebuilt.binding("c1")).isEqualTo(kept.binding("c1"));
      assertThat(rebuilt.bindingHistory("c1")).isEqualTo(kept.bindingHistory("c1"));
    }
  }

  /**
   * Whatever the history, for conversions that each come after every one attributed before
   * them, not at the same instant, an attributor built anew from the binding alone, and again
   * from its own binding before some of them, credits and binds as one kept running.
   */
  @Property(tries = 1000)
  void rebuiltFromItsBinding_forLaterConversions_answersAsOneKeptRunning(
      @ForAll("orders") List<Order> orders, @ForAll("expiry") Optional<Duration> expiry,
      @ForAll long seed) {
    MutableDirectory directory = new MutableDirectory();
    TouchpointStore store = storeOf(orders);
    Attributor kept = attributor(store, directory, expiry);
    Random random = new Random(seed);
    List<Integer> arrival = arrival(orders.size(), random);
    // A history in any order of arrival, then later conversions in time order, one an instant.
    int split = random.nextInt(orders.size() + 1);
    int latest = -1;
    for (int i : arrival.subList(0, split)) {
      directory.set(randomStatuses(random));
      kept.attribute(conversion(orders, i));
      latest = Math.max(latest, orders.get(i).hour());
    }
    List<Integer> later = new ArrayList<>(arrival.subList(split, arrival.size()));
    later.sort(Comparator.comparingInt(i -> orders.get(i).hour()));
    Attributor rebuilt = kept;
    for (int i : later) {
      if (orders.get(i).hour() <= latest) {
        continue;
      }
      latest = orders.get(i).hour();
      directory.set(randomStatuses(random));
      if (rebuilt == kept || random.nextBoolean()) {
        Attributor.Builder builder = builder(store, directory, expiry);
        rebuilt.binding("c1").ifPresent(builder::binding);
        rebuilt = builder.build();
      }

      List<Credit> expected = kept.attribute(conversion(orders, i)).credits();
      assertThat(rebuilt.attribute(conversion(orders, i)).credits())
          .as("order %s, arrival %s, split %s", i, arrival, split).isEqualTo(expected);
      assertThat(rebuilt.binding("c1")).isEqualTo(kept.binding("c1"));
    }
  }

  /** {@return the indexes of the orders, in a random order of arrival} */
  private static List<Integer> arrival(int orders, Random random) {
    List<Integer> arrival = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      arrival.add(i);
    }
    Collections.shuffle(arrival, random);
    return arrival;
  }

  /** {@return each of the four affiliates active, or inactive one time in three} */
  private static Statuses randomStatuses(Random random) {
    List<AffiliateStatus> now = new ArrayList<>();
    for (int a = 0; a < AFFILIATES.size(); a++) {
      now.add(random.nextInt(3) == 0 ? AffiliateStatus.INACTIVE : AffiliateStatus.ACTIVE);
    }
    return new Statuses(now);
  }

  private static Attributor attributor(TouchpointStore store, AffiliateDirectory directory,
      Optional<Duration> expiry) {
    return builder(store, directory, expiry).build();
  }

  private static Attributor.Builder builder(TouchpointStore store, AffiliateDirectory directory,
      Optional<Duration> expiry) {
    AttributionPolicy.Builder policy = AttributionPolicy.builder().lifetimeBinding();
    expiry.ifPresent(policy::lifetimeBinding);
    return Attributor.builder(store, directory).clock(CLOCK).policy(policy.build());
  }

  private static TouchpointStore storeOf(List<Order> orders) {
    TouchpointStore store = TouchpointStore.inMemory();
    for (int i = 0; i < orders.size(); i++) {
      Instant instant = instant(orders.get(i).hour());
      store.record(Touchpoint.click("v" + i, orders.get(i).first(), instant.minusSeconds(120)));
      store.record(Touchpoint.click("v" + i, orders.get(i).last(), instant.minusSeconds(60)));
    }
    return store;
  }

  private static Conversion conversion(List<Order> orders, int i) {
    return Conversion.builder("o" + i, instant(orders.get(i).hour()), Money.parse("USD 10.00"))
        .visitorId("v" + i).customerId("c1").build();
  }

  private static String own(Order order, Statuses statuses) {
    if (statuses.isActive(order.last())) {
      return order.last();
    }
    return statuses.isActive(order.first()) ? order.first() : null;
  }

  private static Instant instant(int hour) {
    return BASE.plus(Duration.ofHours(hour));
  }

  private static boolean expired(CustomerBinding binding, Instant instant,
      Optional<Duration> expiry) {
    return expiry.isPresent() && instant.isAfter(binding.since().plus(expiry.get()));
  }

  /** A directory of the four affiliates whose statuses the test sets, with a new version each time. */
  private static final class MutableDirectory implements AffiliateDirectory {
    private final Map<String, AffiliateIdentity> affiliates = new HashMap<>();
    private long version;

    void set(Statuses statuses) {
      for (int a = 0; a < AFFILIATES.size(); a++) {
        affiliates.put(AFFILIATES.get(a), AffiliateIdentity.active(AFFILIATES.get(a))
            .withStatus(statuses.byAffiliate().get(a)));
      }
      version++;
    }

    @Override
    public Optional<AffiliateIdentity> affiliate(String affiliateId) {
      return Optional.ofNullable(affiliates.get(affiliateId));
    }

    @Override
    public Optional<String> ownerOf(String code) {
      return Optional.empty();
    }

    @Override
    public long version() {
      return version;
    }
  }
}
