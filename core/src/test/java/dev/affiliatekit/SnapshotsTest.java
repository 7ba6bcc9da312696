package dev.affiliatekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.AffiliateProfiles;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodPerformance;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Constructors and methods that check a collection and keep a copy of it check the copy they
 * keep: a collection that another thread changes between two reads, as the shifting collections
 * here do, is read once.
 */
class SnapshotsTest {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  /** A set whose every iterator shows the next of its views, then the last for good. */
  private static final class ShiftingSet<T> extends AbstractSet<T> {
    private final List<List<T>> views;
    private int next;

    ShiftingSet(List<List<T>> views) {
      this.views = views;
    }

    static <T> ShiftingSet<T> of(List<T> first, List<T> then) {
      return new ShiftingSet<>(List.of(first, then));
    }

    private List<T> current() {
      return views.get(Math.min(next, views.size() - 1));
    }

    @Override
    public Iterator<T> iterator() {
      List<T> view = current();
      next++;
      return view.iterator();
    }

    @Override
    public int size() {
      return current().size();
    }
  }

  /** A map whose every entry set shows the next of its views, then the last for good. */
  private static final class ShiftingMap<K, V> extends AbstractMap<K, V> {
    private final ShiftingSet<Map.Entry<K, V>> entries;

    ShiftingMap(Map<K, V> first, Map<K, V> then) {
      entries = ShiftingSet.of(List.copyOf(first.entrySet()), List.copyOf(then.entrySet()));
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return entries;
    }
  }

  @Test
  void aProfile_keepsTheTagsItChecked() {
    AffiliateProfile profile = new AffiliateProfile("anna", Optional.empty(),
        ShiftingSet.of(List.of("vegan"), List.of("bad\ntag")), Optional.empty(),
        java.util.OptionalLong.empty(), Optional.empty(), Optional.empty());

    assertThat(profile.tags()).containsExactly("vegan");
  }

  @Test
  void aRuleTarget_keepsTheKeysItChecked() {
    RuleTarget target = new RuleTarget(RuleTarget.Level.PRODUCT,
        ShiftingSet.of(List.of("serum"), List.of("bad\nkey")));

    assertThat(target.keys()).containsExactly("serum");
  }

  @Test
  void anInCondition_keepsTheValuesItChecked() {
    Condition.In in = new Condition.In(Attribute.CUSTOMER_TYPE,
        ShiftingSet.of(List.of("NEW"), List.of("NOBODY")));

    assertThat(in.values()).containsExactly("NEW");
  }

  @Test
  void payoutRules_keepTheAffiliatesTheyChecked() {
    PayoutRules rules = PayoutRules.minimums(Money.parse("USD 1.00"))
        .onlyAffiliates(ShiftingSet.of(List.of("amy"), List.of("bad\nid")));

    assertThat(rules.eligibleAffiliates()).contains(new TreeSet<>(Set.of("amy")));
  }

  @Test
  void aContext_keepsThePerformanceItChecked() {
    PeriodPerformance month = PeriodPerformance.empty(Period.MONTH, NOW, ZoneOffset.UTC,
        CurrencyUnit.USD);
    PeriodPerformance week = PeriodPerformance.empty(Period.WEEK, NOW, ZoneOffset.UTC,
        CurrencyUnit.USD);

    CommissionContext context = new CommissionContext(AffiliateProfile.of("anna"),
        new ShiftingMap<>(Map.of(Period.MONTH, month), Map.of(Period.MONTH, week)),
        Optional.empty(), AffiliateProfiles.none());

    assertThat(context.performance(Period.MONTH)).contains(month);
  }

  /**
   * Regression: the snapshot of a context's paid tiers was a hash map, which checked the entries
   * in another order than the caller's and merged two entries of one rule id without a word.
   */
  @Test
  void aContext_checksEntriesInTheirMapsOrder_andRefusesTwoOfOneRule() {
    Map<String, Integer> ordered = new java.util.LinkedHashMap<>();
    ordered.put("c", null);
    ordered.put("p", 0);
    assertThatThrownBy(() -> new CommissionContext(AffiliateProfile.of("anna"), Map.of(),
        Optional.empty(), AffiliateProfiles.none(), ordered))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("paidTiers contains a null tier for rule c");

    Map<String, Integer> twice = new java.util.IdentityHashMap<>();
    twice.put(new String("monthly-tiers"), 1);
    twice.put(new String("monthly-tiers"), 2);
    assertThatThrownBy(() -> new CommissionContext(AffiliateProfile.of("anna"), Map.of(),
        Optional.empty(), AffiliateProfiles.none(), twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Multiple entries with same key: monthly-tiers=");
  }

  @Test
  void settlingOrFailingLines_refusesWhatItCopiesAsNoLine_ratherThanTheWholeBatch() {
    Ledger ledger = Ledger.inMemory(Clock.fixed(NOW, ZoneOffset.UTC));
    for (String affiliate : List.of("amy", "bob")) {
      ledger.accrue("order:" + affiliate, new Accrual(affiliate, Money.parse("USD 20.00"), NOW,
          "o-" + affiliate, "rules:creators", "10% of the order"));
    }
    ledger.release("release", NOW);
    PayoutBatch batch = ledger.prepare("b", NOW, PayoutRules.minimums(Money.parse("USD 1.00")));
    String amyLine = batch.lines().get(0).id();

    // Empty when checked for nulls and when copied, as if another thread had just taken the
    // line out; not empty after.
    List<List<String>> views = List.of(List.of(), List.of(), List.of(amyLine));
    assertThatThrownBy(() -> ledger.settle("s", "b", new ShiftingSet<>(views)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("line ids must not be empty");
    assertThatThrownBy(() -> ledger.fail("f", "b", new ShiftingSet<>(views), "bounced"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("line ids must not be empty");
    // Two accruals, the release and the batch: nothing settled or failed.
    assertThat(ledger.journal()).hasSize(4);
  }
}
