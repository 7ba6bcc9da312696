package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The attributor's cache of what a versioned directory says, in pages of affiliates by store key:
 * affiliates of several pages, read in any order, judged by the directory of each version.
 */
class IdentityPagesTest {

  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final int AFFILIATES = 3_500;

  /** A directory whose statuses the test sets, with a new version each time. */
  private static final class Statuses implements AffiliateDirectory {
    private final Map<String, AffiliateStatus> byAffiliate = new HashMap<>();
    private long version = 1;

    void set(String affiliateId, AffiliateStatus status) {
      byAffiliate.put(affiliateId, status);
      version++;
    }

    @Override
    public Optional<AffiliateIdentity> affiliate(String affiliateId) {
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
}
