package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The attributor's cache of what a versioned directory says, in pages of affiliates by store key:
 * affiliates of several pages, read in any order, judged by the directory of each version.
 */
class IdentityPagesTest {

  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final int AFFILIATES = 3_500;

  /**
   * A directory whose statuses the test sets, with a new version each time, which may run an
   * action once, the first time it is asked for a chosen affiliate.
   */
  private static final class Statuses implements AffiliateDirectory {
    private final Map<String, AffiliateStatus> byAffiliate = new ConcurrentHashMap<>();
    private volatile long version = 1;
    private volatile String hookedOn = "";
    private volatile Runnable hook = () -> { };

    synchronized void set(String affiliateId, AffiliateStatus status) {
      byAffiliate.put(affiliateId, status);
      version++;
    }

    /** Sets a status and the version, which may be one the directory had before. */
    synchronized void set(String affiliateId, AffiliateStatus status, long newVersion) {
      byAffiliate.put(affiliateId, status);
      version = newVersion;
    }

    void onFirstRead(String affiliateId, Runnable action) {
      hook = action;
      hookedOn = affiliateId;
    }

    @Override
    public Optional<AffiliateIdentity> affiliate(String affiliateId) {
      if (affiliateId.equals(hookedOn)) {
        hookedOn = "";
        hook.run();
      }
      AffiliateStatus status = byAffiliate.get(affiliateId);
      return status == null ? Optional.empty()
          : Optional.of(AffiliateIdentity.active(affiliateId).withStatus(status));
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

  @Test
  void affiliatesOfManyPages_areJudgedByTheDirectoryOfEachVersion() {
    Statuses directory = new Statuses();
    TouchpointStore store = TouchpointStore.inMemory();
    // A third inactive, so that a status read from another affiliate's key shows.
    for (int i = 0; i < AFFILIATES; i++) {
      directory.set("a" + i, i % 3 == 0 ? AffiliateStatus.INACTIVE : AffiliateStatus.ACTIVE);
      store.record(Touchpoint.click("v" + i, "a" + i, NOW.minusSeconds(60)));
    }
    Attributor attributor = Attributor.builder(store, directory)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 400; round++) {
      int changed = random.nextInt(AFFILIATES);
      boolean active = random.nextBoolean();
      if (round % 3 != 0) {
        directory.set("a" + changed, active ? AffiliateStatus.ACTIVE : AffiliateStatus.INACTIVE);
      }
      // The affiliate just changed, and others, high keys and low alike, some read twice under
      // one version, from the cache.
      for (int ask = 0; ask < 24; ask++) {
        int asked = ask % 8 == 0 ? changed : random.nextInt(AFFILIATES);
        AttributionResult result = attributor.evaluate(Conversion.builder("o" + round, NOW,
            Money.parse("USD 10.00")).visitorId("v" + asked).build());
        boolean expected = directory.affiliate("a" + asked).orElseThrow().status()
            == AffiliateStatus.ACTIVE;
        assertThat(result.isCredited()).as("round %s, a%s", round, asked).isEqualTo(expected);
      }
    }

    // Affiliates the store sees for the first time under a version already cached: keys past the
    // cache's pages, which it grows to hold, read alongside the ones it holds.
    for (int i = AFFILIATES; i < 3 * AFFILIATES; i++) {
      directory.set("a" + i, i % 3 == 0 ? AffiliateStatus.INACTIVE : AffiliateStatus.ACTIVE);
    }
    assertThat(attributor.evaluate(Conversion.builder("before", NOW, Money.parse("USD 10.00"))
        .visitorId("v1").build()).isCredited()).isTrue();
    for (int i = AFFILIATES; i < 3 * AFFILIATES; i++) {
      store.record(Touchpoint.click("v" + i, "a" + i, NOW.minusSeconds(60)));
    }
    for (int i = 3 * AFFILIATES - 1; i >= 0; i -= 7) {
      AttributionResult result = attributor.evaluate(Conversion.builder("late" + i, NOW,
          Money.parse("USD 10.00")).visitorId("v" + i).build());
      assertThat(result.isCredited()).as("a%s", i).isEqualTo(
          directory.affiliate("a" + i).orElseThrow().status() == AffiliateStatus.ACTIVE);
    }
  }

  /**
   * An evaluation that reads an affiliate, then one of a key past its cache after another
   * evaluation installed the cache of a newer version, judges the first affiliate as it read it
   * at all of its touches.
   */
  @Test
  void anEvaluation_judgesAnAffiliateOnce_whenAnotherInstallsANewerVersionMeanwhile() {
    Statuses directory = new Statuses();
    TouchpointStore store = TouchpointStore.inMemory();
    for (int i = 0; i < 3_000; i++) {
      directory.set("a" + i, AffiliateStatus.ACTIVE);
    }
    Attributor attributor = Attributor.builder(store, directory)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    // A cache of one page, for a0's key 0; then a key for each of the others.
    store.record(Touchpoint.click("w0", "a0", NOW.minusSeconds(3_600)));
    attributor.evaluate(order("o0", "w0"));
    for (int i = 1; i < 3_000; i++) {
      store.record(Touchpoint.click("f" + i, "a" + i, NOW.minusSeconds(3_600)));
    }
    // Keys 0, 1500, 1600, 2500 and 1500 again, in time order: a1500 is read through a grown
    // cache, and a2500 needs a cache grown further, after the hook below.
    String[] touches = {"a0", "a1500", "a1600", "a2500", "a1500"};
    for (int i = 0; i < touches.length; i++) {
      store.record(Touchpoint.click("v", touches[i], NOW.minusSeconds(600 - 60 * i)));
    }
    // While the evaluation reads a1600, the host makes a1500 inactive and another evaluation
    // installs the cache of that version.
    directory.onFirstRead("a1600", () -> {
      directory.set("a1500", AffiliateStatus.INACTIVE);
      inAnotherThread(() -> attributor.evaluate(order("o1", "w0")));
    });

    AttributionResult result = attributor.evaluate(order("o2", "v"));

    // a1500 was active when read: its last touch credits it, and none of its touches is excluded.
    assertThat(result.credits()).extracting(Credit::affiliateId).containsExactly("a1500");
    assertThat(result.explanation().excluded()).isEmpty();
  }

  /**
   * An attribution that began under a version, and reads an affiliate past its cache after the
   * directory moved on, leaves the attributions after the next change reading the directory as
   * it answers then, whether or not another attribution installed a cache meanwhile.
   */
  @Test
  void afterAnAttributionOfAnEarlierVersion_laterOnesReadTheDirectoryAsItAnswers() {
    Statuses directory = new Statuses();
    TouchpointStore store = TouchpointStore.inMemory();
    directory.set("y", AffiliateStatus.ACTIVE);
    directory.set("z", AffiliateStatus.ACTIVE);
    store.record(Touchpoint.click("vy", "y", NOW.minusSeconds(600)));
    store.record(Touchpoint.click("vz", "z", NOW.minusSeconds(600)));
    for (int i = 0; i < 1_100; i++) {
      directory.set("f" + i, AffiliateStatus.ACTIVE);
      store.record(Touchpoint.click("vf" + i, "f" + i, NOW.minusSeconds(900)));
    }
    store.record(Touchpoint.click("vx", "x", NOW.minusSeconds(600)));     // a key past a page
    store.record(Touchpoint.click("vxz", "z", NOW.minusSeconds(600)));
    store.record(Touchpoint.click("vxz", "x", NOW.minusSeconds(500)));
    directory.set("x", AffiliateStatus.ACTIVE, 7);
    Attributor attributor = Attributor.builder(store, directory)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).model(AttributionModel.linear()).build();
    attributor.evaluate(order("warm", "vy"));                            // version 7, one page
    // While the next attribution reads z, the host bans x under version 8, and another
    // attribution installs that version's cache.
    directory.onFirstRead("z", () -> {
      directory.set("x", AffiliateStatus.BANNED, 8);
      inAnotherThread(() -> attributor.evaluate(order("b", "vy")));
    });
    attributor.evaluate(Conversion.builder("old", NOW, Money.parse("USD 10.00")).visitorId("vxz")
        .customerId("cust").build());
    // x reinstated, under a version of its own: a version never comes back.
    directory.set("x", AffiliateStatus.ACTIVE, 9);

    assertThat(attributor.evaluate(order("new", "vx")).credits())
        .extracting(Credit::affiliateId).containsExactly("x");
    assertThat(attributor.evaluate(Conversion.builder("new2", NOW, Money.parse("USD 10.00"))
        .visitorId("vx").customerId("c2").build()).credits())
        .extracting(Credit::affiliateId).containsExactly("x");
  }

  /** Runs the action in another thread, and waits for it. */
  private static void inAnotherThread(Runnable action) {
    Thread other = new Thread(action);
    other.start();
    try {
      other.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Conversion order(String orderId, String visitorId) {
    return Conversion.builder(orderId, NOW, Money.parse("USD 10.00")).visitorId(visitorId).build();
  }
}
