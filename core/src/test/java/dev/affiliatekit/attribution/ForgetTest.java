package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.ForwardingTouchpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of forgetting visitors and customers, in the store and the attributor. */
class ForgetTest {

  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AffiliateDirectory DIRECTORY = AffiliateDirectory.builder()
      .add(AffiliateIdentity.active("anna"), "ANNA")
      .add(AffiliateIdentity.active("ben"), "BEN")
      .build();

  private static Touchpoint click(String visitorId, String affiliateId, int daysAgo,
      String customerId) {
    Touchpoint.Builder builder = Touchpoint.builder(TouchpointKind.CLICK, visitorId, affiliateId,
        NOW.minus(Duration.ofDays(daysAgo)));
    return customerId.isEmpty() ? builder.build() : builder.customerId(customerId).build();
  }

  private static Conversion order(String orderId, String visitorId, String customerId) {
    Conversion.Builder builder = Conversion.builder(orderId, NOW, Money.parse("USD 40.00"))
        .visitorId(visitorId);
    return customerId.isEmpty() ? builder.build() : builder.customerId(customerId).build();
  }

  @Test
  void store_forgetsTheVisitorsTouchesAndLinks_andKeepsTheOtherVisitorsOfItsStripe() {
    TouchpointStore store = TouchpointStore.inMemory();
    for (int i = 0; i < 200; i++) {
      store.record(click("v" + i, i % 2 == 0 ? "anna" : "ben", 1 + i % 20, ""));
    }
    store.record(click("v7", "anna", 3, "c1"));
    store.record(Touchpoint.builder(TouchpointKind.VIEW, "v7", "ben", NOW).channel("tiktok")
        .build());
    List<Touchpoint> others = store.touchpoints("v8");

    assertThat(store.forgetVisitor("v7")).isEqualTo(3);

    assertThat(store.touchpoints("v7")).isEmpty();
    assertThat(store.touchpointsOfCustomer("c1")).isEmpty();
    assertThat(store.size()).isEqualTo(199);
    assertThat(store.touchpoints("v8")).isEqualTo(others);
    assertThat(store.forgetVisitor("v7")).isZero();
    assertThat(store.forgetVisitor("nobody")).isZero();
    assertThat(store.size()).isEqualTo(199);
    // A later touch of the visitor is kept as any other, and does not bring back what went.
    long sequence = store.record(click("v7", "ben", 0, ""));
    assertThat(store.touchpoints("v7")).extracting(Touchpoint::sequence).containsExactly(sequence);
  }

  @Test
  void store_forgetsEveryDeviceOfTheCustomer_withTheirTouchesFromBeforeSigningIn() {
    TouchpointStore store = TouchpointStore.inMemory();
    store.record(click("phone", "anna", 9, ""));
    store.record(click("phone", "anna", 8, "c1"));
    store.record(click("laptop", "ben", 5, "c1"));
    // A shared tablet, seen signed in as another customer too.
    store.record(click("tablet", "ben", 4, "c2"));
    store.record(click("tablet", "anna", 3, "c1"));
    store.record(click("desk", "ben", 2, "c2"));

    assertThat(store.forgetCustomer("c1")).isEqualTo(5);

    assertThat(store.touchpointsOfCustomer("c1")).isEmpty();
    assertThat(store.touchpoints("phone")).isEmpty();
    assertThat(store.touchpoints("tablet")).isEmpty();
    assertThat(store.touchpointsOfCustomer("c2")).extracting(Touchpoint::visitorId)
        .containsExactly("desk");
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.forgetCustomer("c1")).isZero();
    assertThat(store.forgetCustomer("nobody")).isZero();
  }

  @Test
  void attributor_forgetsTheVisitor_andEvaluatesTheirRememberedOrderAnew() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
    attributor.record(click("v1", "anna", 2, ""));
    attributor.record(click("v2", "ben", 2, ""));
    AttributionResult first = attributor.attribute(order("o1", "v1", ""));
    AttributionResult kept = attributor.attribute(order("o2", "v2", ""));
    assertThat(first.isCredited()).isTrue();

    attributor.forgetVisitor("v1");

    assertThat(store.touchpoints("v1")).isEmpty();
    AttributionResult again = attributor.attribute(order("o1", "v1", ""));
    assertThat(again).isInstanceOfSatisfying(NoCredit.class,
        none -> assertThat(none.reason()).isEqualTo(NoCreditReason.NO_TOUCHPOINTS));
    // Remembered anew, and the other visitor's order is still the first result.
    assertThat(attributor.attribute(order("o1", "v1", ""))).isSameAs(again);
    assertThat(attributor.attribute(order("o2", "v2", ""))).isSameAs(kept);
  }

  @Test
  void attributor_forgetsTheCustomersBindingDevicesAndOrders_andBindsThemAfreshLater() {
    for (boolean stockStore : List.of(true, false)) {
      TouchpointStore memory = TouchpointStore.inMemory();
      TouchpointStore store = stockStore ? memory : new ForwardingTouchpointStore(memory);
      Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
      attributor.record(click("phone", "anna", 6, "c1"));
      attributor.record(click("laptop", "anna", 5, ""));
      AttributionResult bound = attributor.attribute(order("o1", "laptop", "c1"));
      attributor.record(click("desk", "ben", 5, ""));
      AttributionResult other = attributor.attribute(order("o2", "desk", "c2"));
      AttributionResult onPhone = attributor.attribute(order("o4", "phone", ""));
      assertThat(bound.credits().get(0).affiliateId()).isEqualTo("anna");
      assertThat(attributor.binding("c1")).isPresent();

      attributor.forgetCustomer("c1");

      assertThat(attributor.binding("c1")).isEmpty();
      assertThat(attributor.bindingHistory("c1")).isEmpty();
      assertThat(store.touchpointsOfCustomer("c1")).isEmpty();
      assertThat(store.touchpoints("phone")).isEmpty();
      // The laptop was never seen signed in as c1, but they bought on it: its touches are theirs.
      assertThat(store.touchpoints("laptop")).isEmpty();
      assertThat(store.touchpoints("desk")).hasSize(1);
      assertThat(attributor.attribute(order("o2", "desk", "c2"))).isSameAs(other);
      // An order of the phone named no customer, but the phone was theirs.
      AttributionResult phoneAgain = attributor.attribute(order("o4", "phone", ""));
      assertThat(phoneAgain).isNotSameAs(onPhone);
      assertThat(phoneAgain.isCredited()).isFalse();
      // Their next order binds them to whoever its touches credit, as a new customer's would.
      attributor.record(click("tablet", "ben", 1, ""));
      AttributionResult fresh = attributor.attribute(order("o3", "tablet", "c1"));
      assertThat(fresh.credits().get(0).affiliateId()).isEqualTo("ben");
      assertThat(attributor.binding("c1")).map(CustomerBinding::affiliateId).contains("ben");
      // The forgotten order is evaluated anew, with no touch left: ben's binding credits it.
      AttributionResult again = attributor.attribute(order("o1", "laptop", "c1"));
      assertThat(again).isNotSameAs(bound);
      assertThat(again.credits().get(0).affiliateId()).isEqualTo("ben");
      assertThat(again.credits().get(0).basis()).isEqualTo(CreditBasis.LIFETIME_BINDING);
      assertThat(again.explanation().eligible()).isEmpty();
    }
  }

  @Test
  void results_nameTheVisitorsAndCustomersOfTheirConversionAndOfTheTouchesTheyList() {
    for (boolean stockStore : List.of(true, false)) {
      TouchpointStore memory = TouchpointStore.inMemory();
      TouchpointStore store = stockStore ? memory : new ForwardingTouchpointStore(memory);
      Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
      attributor.record(click("phone", "anna", 10, "c1"));
      attributor.record(click("phone", "ben", 6, ""));
      attributor.record(click("laptop", "anna", 5, ""));

      AttributionResult signedIn = attributor.attribute(order("o1", "laptop", "c1"));
      AttributionResult anonymous = attributor.attribute(order("o2", "phone", ""));

      assertThat(signedIn.namesVisitor("laptop")).isTrue();
      // By the phone, seen signed in as c1: its touches are listed.
      assertThat(signedIn.namesVisitor("phone")).isTrue();
      assertThat(signedIn.namesVisitor("desk")).isFalse();
      assertThat(signedIn.namesCustomer("c1")).isTrue();
      assertThat(anonymous.namesVisitor("laptop")).isFalse();
      // The phone's touches name c1, though the order does not, as long as the store lists them.
      assertThat(anonymous.namesCustomer("c1")).isTrue();
      assertThat(anonymous.namesCustomer("c2")).isFalse();
    }
  }

  @Test
  void resultsBuiltByTheHost_nameTheVisitorsOfTheirListedTouches() {
    Touchpoint touch = click("phone", "anna", 1, "c1");
    Conversion conversion = order("o1", "laptop", "");
    NoCredit listed = new NoCredit(conversion, NoCreditReason.NONE_ELIGIBLE, new Explanation(
        List.of(), List.of(new Exclusion(touch, ExclusionReason.INACTIVE_AFFILIATE)), List.of()));
    NoCredit bare = new NoCredit(conversion, NoCreditReason.NO_TOUCHPOINTS,
        new Explanation(List.of(), List.of(), List.of()));

    assertThat(listed.namesVisitor("phone")).isTrue();
    assertThat(listed.namesCustomer("c1")).isTrue();
    assertThat(bare.namesVisitor("phone")).isFalse();
    assertThat(bare.namesCustomer("c1")).isFalse();
    assertThat(bare.namesVisitor("laptop")).isTrue();
    assertThatThrownBy(() -> bare.namesVisitor(null))
        .isInstanceOf(NullPointerException.class).hasMessage("visitorId");
    assertThatThrownBy(() -> bare.namesCustomer(null))
        .isInstanceOf(NullPointerException.class).hasMessage("customerId");
  }

  @Test
  void forgetting_refusesNullIds_namingThem() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
    assertThatThrownBy(() -> store.forgetVisitor(null))
        .isInstanceOf(NullPointerException.class).hasMessage("visitorId");
    assertThatThrownBy(() -> store.forgetCustomer(null))
        .isInstanceOf(NullPointerException.class).hasMessage("customerId");
    assertThatThrownBy(() -> attributor.forgetVisitor(null))
        .isInstanceOf(NullPointerException.class).hasMessage("visitorId");
    assertThatThrownBy(() -> attributor.forgetCustomer(null))
        .isInstanceOf(NullPointerException.class).hasMessage("customerId");
    for (String invalid : List.of("", " ", "a\u0000b", "x".repeat(1000))) {
      assertThatThrownBy(() -> store.forgetVisitor(invalid))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("visitorId ");
      assertThatThrownBy(() -> store.forgetCustomer(invalid))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("customerId ");
      assertThatThrownBy(() -> attributor.forgetVisitor(invalid))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("visitorId ");
      assertThatThrownBy(() -> attributor.forgetCustomer(invalid))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("customerId ");
    }
  }

  @Test
  void attributor_forgetsTheVisitorsOfTheCustomersRememberedOrders_thoughNeverSignedIn() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
    attributor.record(click("browser", "anna", 2, ""));
    attributor.record(click("other", "ben", 2, ""));
    attributor.attribute(order("o1", "browser", "c1"));
    AttributionResult anonymous = attributor.attribute(order("o2", "browser", ""));
    AttributionResult kept = attributor.attribute(order("o3", "other", ""));

    attributor.forgetCustomer("c1");

    assertThat(store.touchpoints("browser")).isEmpty();
    assertThat(store.touchpoints("other")).hasSize(1);
    assertThat(attributor.attribute(order("o2", "browser", ""))).isNotSameAs(anonymous);
    assertThat(attributor.attribute(order("o3", "other", ""))).isSameAs(kept);
  }

  @Test
  void explanationsOfTheHost_madeOfPartsOfResults_nameOnlyTheTouchesTheyList() {
    AffiliateDirectory directory = AffiliateDirectory.builder()
        .add(AffiliateIdentity.active("anna"), "ANNA")
        .add(AffiliateIdentity.active("ben"), "BEN")
        .add(AffiliateIdentity.active("cara").withStatus(AffiliateStatus.INACTIVE), "CARA")
        .build();
    for (boolean stockStore : List.of(true, false)) {
      TouchpointStore memory = TouchpointStore.inMemory();
      TouchpointStore store = stockStore ? memory : new ForwardingTouchpointStore(memory);
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK).build();
      attributor.record(click("phone", "cara", 10, ""));
      attributor.record(click("phone", "anna", 8, "c1"));
      attributor.record(click("tablet", "cara", 7, "c1"));
      attributor.record(click("laptop", "ben", 5, ""));
      attributor.record(click("desk", "cara", 4, ""));
      attributor.record(click("desk", "anna", 3, ""));
      attributor.record(click("desk", "ben", 2, ""));
      AttributionResult signedIn = attributor.attribute(order("o1", "laptop", "c1"));
      Explanation bought = signedIn.explanation();
      Explanation anonymous = attributor.attribute(order("o2", "desk", "")).explanation();
      assertThat(bought.eligible()).extracting(Touchpoint::visitorId)
          .containsExactly("phone", "laptop");
      assertThat(bought.excluded()).extracting(excluded -> excluded.touchpoint().visitorId())
          .containsExactly("phone", "tablet");
      assertThat(anonymous.eligible()).hasSize(2);
      assertThat(anonymous.excluded()).hasSize(1);
      Conversion elsewhere = order("o9", "kiosk", "");

      // The touches that counted, without those excluded.
      NoCredit counted = new NoCredit(elsewhere, NoCreditReason.NONE_ELIGIBLE,
          new Explanation(bought.eligible(), List.of(), List.of()));
      assertThat(counted.namesVisitor("laptop")).isTrue();
      assertThat(counted.namesVisitor("tablet")).isFalse();
      assertThat(counted.namesVisitor("nobody")).isFalse();
      assertThat(counted.namesCustomer("c1")).isTrue();
      assertThat(counted.namesCustomer("c2")).isFalse();
      // The one touch a credit lists.
      NoCredit credited = new NoCredit(elsewhere, NoCreditReason.NONE_ELIGIBLE, new Explanation(
          signedIn.credits().get(0).touchpoints(), List.of(), List.of()));
      assertThat(credited.namesVisitor("laptop")).isTrue();
      assertThat(credited.namesVisitor("phone")).isFalse();
      assertThat(credited.namesCustomer("c1")).isFalse();
      // The touches that counted for one order, and those excluded from another.
      NoCredit mixed = new NoCredit(elsewhere, NoCreditReason.NONE_ELIGIBLE,
          new Explanation(anonymous.eligible(), bought.excluded(), List.of()));
      assertThat(mixed.namesVisitor("tablet")).isTrue();
      assertThat(mixed.namesVisitor("desk")).isTrue();
      assertThat(mixed.namesVisitor("laptop")).isFalse();
      // The touches that counted, with an exclusion of the host's own in place of the order's.
      NoCredit amended = new NoCredit(elsewhere, NoCreditReason.NONE_ELIGIBLE, new Explanation(
          anonymous.eligible(), List.of(new Exclusion(click("till", "cara", 1, "c2"),
              ExclusionReason.INACTIVE_AFFILIATE)), List.of()));
      assertThat(amended.namesVisitor("till")).isTrue();
      assertThat(amended.namesCustomer("c2")).isTrue();
      assertThat(amended.namesVisitor("desk")).isTrue();
    }
  }
}
