package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindingHistoryTest {

  private static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"),
      ZoneOffset.UTC);
  private static final AffiliateDirectory DIRECTORY = AffiliateDirectory.builder()
      .add(AffiliateIdentity.active("ann")).add(AffiliateIdentity.active("bob"))
      .add(AffiliateIdentity.active("carl")).build();
  private static final AttributionPolicy THIRTY_DAYS =
      AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(30)).build();

  private static Instant day(int day) {
    return DAY0.plus(Duration.ofDays(day));
  }

  private static CustomerBinding candidate(String affiliateId, int day) {
    return new CustomerBinding("cu", affiliateId, day(day));
  }

  private static Conversion order(String orderId, String visitorId, int day) {
    return Conversion.builder(orderId, day(day), Money.parse("USD 10.00")).visitorId(visitorId)
        .customerId("cu").build();
  }

  /**
   * A late conversion, after a restart: ann bound the customer on day 10, carl's late order of
   * day 5 binds carl until day 35, so that ann's order of day 36 binds ann again, and she is
   * still bound on day 50. Restored from the binding alone (bob since day 45), the attributor
   * cannot see that.
   */
  @Test
  void aLateConversion_afterARebuild_isCreditedAsByTheAttributorKeptRunning() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor first = Attributor.builder(store, DIRECTORY).policy(THIRTY_DAYS).clock(CLOCK)
        .build();
    store.record(Touchpoint.click("v1", "ann", day(9)));
    first.attribute(order("c1", "v1", 10));
    store.record(Touchpoint.click("v3", "ann", day(35)));
    first.attribute(order("c3", "v3", 36));
    store.record(Touchpoint.click("v4", "bob", day(44)));
    first.attribute(order("c4", "v4", 45));
    store.record(Touchpoint.click("v2", "carl", day(4)));
    store.record(Touchpoint.click("v5", "carl", day(49)));

    BindingHistory history = first.bindingHistory("cu").orElseThrow();
    assertThat(history.candidates()).containsExactly(candidate("ann", 10), candidate("ann", 36),
        candidate("bob", 45));
    assertThat(history.firstBroke()).isFalse();
    Attributor fromHistory = Attributor.builder(store, DIRECTORY).policy(THIRTY_DAYS).clock(CLOCK)
        .bindingHistory(history).build();
    Attributor fromBinding = Attributor.builder(store, DIRECTORY).policy(THIRTY_DAYS).clock(CLOCK)
        .binding(first.binding("cu").orElseThrow()).build();

    for (Attributor attributor : List.of(first, fromHistory, fromBinding)) {
      attributor.attribute(order("c0", "v2", 5));
    }
    List<String> credited = new ArrayList<>();
    for (Attributor attributor : List.of(first, fromHistory, fromBinding)) {
      Credit credit = attributor.attribute(order("c5", "v5", 50)).credits().get(0);
      credited.add(credit.affiliateId() + " " + credit.basis());
    }
    assertThat(credited).containsExactly("ann LIFETIME_BINDING", "ann LIFETIME_BINDING",
        "bob LIFETIME_BINDING");
    assertThat(fromHistory.bindingHistory("cu")).isEqualTo(first.bindingHistory("cu"));
  }

  /**
   * Without an expiry, in time order: ann bound the customer on day 10, then carl on day 20 while
   * ann was not active. Bob's order of day 20, whose id comes before carl's, counts before carl's
   * binding, which it cannot break, and binds nobody, so carl's binding credits day 21. Restored
   * from the binding alone, which does not say that it broke one, carl's order is taken for the
   * first, and bob's, before it, binds bob; restored from the history, or from the binding as a
   * history that says so, it is not.
   */
  @Test
  void aBrokenBinding_isRestoredByItsHistory_notByTheBindingAlone() {
    Map<String, AffiliateIdentity> affiliates = new HashMap<>();
    for (String id : List.of("ann", "bob", "carl")) {
      affiliates.put(id, AffiliateIdentity.active(id));
    }
    AffiliateDirectory directory = new AffiliateDirectory() {
      @Override
      public Optional<AffiliateIdentity> affiliate(String affiliateId) {
        return Optional.ofNullable(affiliates.get(affiliateId));
      }

      @Override
      public Optional<String> ownerOf(String code) {
        return Optional.empty();
      }
    };
    AttributionPolicy forEver = AttributionPolicy.builder().lifetimeBinding().build();
    TouchpointStore store = TouchpointStore.inMemory();
    store.record(Touchpoint.click("v1", "ann", day(9)));
    store.record(Touchpoint.click("v2", "carl", day(19)));
    store.record(Touchpoint.click("v3", "bob", day(19)));
    Attributor first = Attributor.builder(store, directory).policy(forEver).clock(CLOCK).build();
    first.attribute(order("c1", "v1", 10));
    affiliates.put("ann", AffiliateIdentity.active("ann").withStatus(AffiliateStatus.INACTIVE));
    first.attribute(order("c2", "v2", 20));

    CustomerBinding binding = first.binding("cu").orElseThrow();
    BindingHistory history = first.bindingHistory("cu").orElseThrow();
    assertThat(history).isEqualTo(new BindingHistory("cu", List.of(candidate("carl", 20)), true));
    Attributor fromHistory = Attributor.builder(store, directory).policy(forEver).clock(CLOCK)
        .bindingHistory(history).build();
    Attributor fromBrokenBinding = Attributor.builder(store, directory).policy(forEver)
        .clock(CLOCK).bindingHistory(new BindingHistory("cu", List.of(binding), true)).build();
    Attributor fromBinding = Attributor.builder(store, directory).policy(forEver).clock(CLOCK)
        .binding(binding).build();

    List<String> credited = new ArrayList<>();
    for (Attributor attributor : List.of(first, fromHistory, fromBrokenBinding, fromBinding)) {
      Credit bobs = attributor.attribute(order("c3", "v3", 20)).credits().get(0);
      Credit next = attributor.attribute(order("c4", "v4", 21)).credits().get(0);
      credited.add(bobs.affiliateId() + " " + bobs.basis() + ", then " + next.affiliateId() + " "
          + next.basis());
    }
    assertThat(credited).containsExactly(
        "bob TOUCHPOINTS, then carl LIFETIME_BINDING",
        "bob TOUCHPOINTS, then carl LIFETIME_BINDING",
        "bob TOUCHPOINTS, then carl LIFETIME_BINDING",
        "bob TOUCHPOINTS, then bob LIFETIME_BINDING");
    assertThat(fromHistory.bindingHistory("cu")).isEqualTo(first.bindingHistory("cu"));
    assertThat(fromBrokenBinding.bindingHistory("cu")).isEqualTo(first.bindingHistory("cu"));
  }

  @Test
  void aHistory_isRefused_emptyOfAnotherCustomerOrOutOfOrder() {
    assertThatThrownBy(() -> new BindingHistory("cu", List.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binding history of 'cu' needs a candidate");
    assertThatThrownBy(() -> new BindingHistory("cu",
        List.of(new CustomerBinding("other", "ann", day(1))), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binding history of 'cu' has a candidate of customer 'other': candidates[0]");
    assertThatThrownBy(() -> new BindingHistory("cu",
        List.of(candidate("bob", 1), candidate("ann", 1)), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("binding history candidates must be in time order, the same"
            + " instant by affiliate id, each once: candidates[1], of 'ann' since ");
    assertThatThrownBy(() -> new BindingHistory("cu",
        List.of(candidate("ann", 1), candidate("ann", 1)), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BindingHistory(" ", List.of(candidate("ann", 1)), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binding history customerId must not be blank: ' '");
  }

  @Test
  void aBuilder_takesEitherTheHistoryOrTheBindingsOfACustomer() {
    BindingHistory history = new BindingHistory("cu", List.of(candidate("ann", 1)), false);
    Attributor.Builder withHistory = Attributor.builder(TouchpointStore.inMemory(), DIRECTORY)
        .bindingHistory(history);
    assertThatThrownBy(() -> withHistory.binding(candidate("bob", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binding of customer 'cu': the builder has the customer's binding history,"
            + " which holds all of it");
    assertThatThrownBy(() -> withHistory.bindingHistory(history))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binding history of customer 'cu': the builder has a history of the customer"
            + " already");
    Attributor.Builder withBinding = Attributor.builder(TouchpointStore.inMemory(), DIRECTORY)
        .binding(candidate("bob", 2));
    assertThatThrownBy(() -> withBinding.bindingHistory(history))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binding history of customer 'cu': the builder has a binding of the customer"
            + " already");
    // The refused calls changed nothing: each builder still holds what it held.
    assertThat(withHistory.policy(THIRTY_DAYS).build().binding("cu")).contains(
        candidate("ann", 1));
    assertThat(withBinding.policy(THIRTY_DAYS).build().binding("cu")).contains(
        candidate("bob", 2));
  }

  @Test
  void withoutAnExpiry_theFirstCandidateAloneIsKept() {
    BindingHistory history = new BindingHistory("cu",
        List.of(candidate("ann", 1), candidate("bob", 40)), true);
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), DIRECTORY)
        .policy(AttributionPolicy.builder().lifetimeBinding().build()).clock(CLOCK)
        .bindingHistory(history).build();

    assertThat(attributor.bindingHistory("cu")).contains(
        new BindingHistory("cu", List.of(candidate("ann", 1)), true));
    assertThat(Attributor.builder(TouchpointStore.inMemory(), DIRECTORY).clock(CLOCK)
        .bindingHistory(history).build().bindingHistory("cu")).isEmpty();
  }
}
