package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Attributions that another thread's work interleaves at a chosen point, held there by a
 * directory that waits in its first lookup of one affiliate from the attributing thread.
 */
class AttributorRacesTest {

  private static final Instant T = Instant.parse("2026-03-01T10:10:00Z");
  private static final Clock CLOCK = Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC);

  /**
   * A versioned directory that makes the attributing thread wait after it read {@code held} the
   * first time, before it returns its answer.
   */
  private static final class HoldingDirectory implements AffiliateDirectory {
    final Map<String, AffiliateIdentity> identities = new ConcurrentHashMap<>();
    final AtomicLong version = new AtomicLong();
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch go = new CountDownLatch(1);
    final String held;
    volatile Thread holding;
    /** If above 0, the call of {@link #version()} by the holding thread that waits first. */
    volatile int holdAtVersionCall;
    private int versionCalls;

    HoldingDirectory(String held) {
      this.held = held;
    }

    @Override
    public Optional<AffiliateIdentity> affiliate(String affiliateId) {
      // The answer is read before the wait: the directory changes after it gave it.
      Optional<AffiliateIdentity> answer = Optional.ofNullable(identities.get(affiliateId));
      if (affiliateId.equals(held) && Thread.currentThread() == holding
          && reached.getCount() > 0) {
        reached.countDown();
        await(go);
      }
      return answer;
    }

    @Override
    public Optional<String> ownerOf(String code) {
      return Optional.ofNullable(Map.of("BEN", "ben", "AMY", "amy").get(code));
    }

    @Override
    public long version() {
      if (holdAtVersionCall > 0 && Thread.currentThread() == holding
          && ++versionCalls == holdAtVersionCall) {
        reached.countDown();
        await(go);
      }
      return version.get();
    }

    /** Updates, then changes the version, as {@link AffiliateDirectory#version()} asks. */
    void put(AffiliateIdentity identity) {
      identities.put(identity.affiliateId(), identity);
      version.incrementAndGet();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the other thread did not arrive");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts the attribution in a thread of its own, held at the directory's affiliate. */
  private static FutureTask<AttributionResult> start(HoldingDirectory directory,
      Attributor attributor, Conversion conversion) {
    FutureTask<AttributionResult> task = new FutureTask<>(() -> attributor.attribute(conversion));
    Thread thread = new Thread(task, "attributing");
    directory.holding = thread;
    thread.start();
    await(directory.reached);
    return task;
  }

  /**
   * Regression: another evaluation installed the cache of the directory's new version while this
   * one waited, which then read amy afresh, so that one attribution judged her banned at one touch
   * and active at another, and paid her half, which no state of the directory gives.
   */
  @Test
  void affiliateReinstatedDuringAnAttribution_isJudgedOnceForAllHerTouches() throws Exception {
    HoldingDirectory directory = new HoldingDirectory("cat");
    directory.put(AffiliateIdentity.active("amy").withStatus(AffiliateStatus.BANNED));
    directory.put(AffiliateIdentity.active("cat"));
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), directory)
        .model(AttributionModel.linear())
        .policy(AttributionPolicy.builder().mergeRepeatedTouches(false).build())
        .clock(CLOCK).build();
    Instant start = T.minusSeconds(600);
    attributor.record(Touchpoint.click("v1", "amy", start));
    attributor.record(Touchpoint.click("v1", "cat", start.plusSeconds(60)));
    attributor.record(Touchpoint.click("v1", "amy", start.plusSeconds(120)));
    attributor.record(Touchpoint.click("v2", "amy", start.plusSeconds(180)));

    FutureTask<AttributionResult> held = start(directory, attributor,
        Conversion.builder("o1", T, Money.parse("USD 90.00")).visitorId("v1").build());
    directory.put(AffiliateIdentity.active("amy"));
    attributor.evaluate(Conversion.builder("o2", T, Money.parse("USD 1.00")).visitorId("v2")
        .build());
    directory.go.countDown();
    AttributionResult result = held.get(10, TimeUnit.SECONDS);

    // amy banned throughout: cat earns it all; amy active throughout: 60.00 and 30.00.
    assertThat(result.credits()).extracting(Credit::affiliateId, Credit::amount)
        .isIn(java.util.List.of(org.assertj.core.groups.Tuple.tuple("cat",
                Money.parse("USD 90.00"))),
            java.util.List.of(
                org.assertj.core.groups.Tuple.tuple("amy", Money.parse("USD 60.00")),
                org.assertj.core.groups.Tuple.tuple("cat", Money.parse("USD 30.00"))));
  }

  /**
   * Regression: to tell a conversion at its customer's binding instant from the binding, the
   * attribution read the visitor's touches again, and took amy's click, recorded meanwhile, as
   * the conversion's own affiliate, while crediting cat by the touches it had read first: an
   * outcome that neither order of the click and the conversion gives.
   */
  @Test
  void clickRecordedDuringAnAttribution_atTheBindingInstant_countsForNeitherRead()
      throws Exception {
    HoldingDirectory directory = new HoldingDirectory("cat");
    for (String id : new String[] {"amy", "ben", "cat"}) {
      directory.put(AffiliateIdentity.active(id));
    }
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), directory)
        .model(AttributionModel.lastTouch())
        .policy(AttributionPolicy.builder().lifetimeBinding().build())
        .clock(CLOCK).build();
    attributor.attribute(Conversion.builder("x", T, Money.parse("USD 10.00")).customerId("c1")
        .couponCode("BEN").build());
    attributor.record(Touchpoint.click("v", "cat", T.minusSeconds(600)));
    Conversion y = Conversion.builder("y", T, Money.parse("USD 100.00")).visitorId("v")
        .customerId("c1").build();

    FutureTask<AttributionResult> held = start(directory, attributor, y);
    attributor.record(Touchpoint.click("v", "amy", T.minusSeconds(300)));
    directory.go.countDown();
    AttributionResult result = held.get(10, TimeUnit.SECONDS);

    // The click before: amy's own, whose id comes before ben's, is credited by her touch. After:
    // cat's own comes after ben's, so the binding credits ben.
    assertThat(result.credits()).extracting(Credit::affiliateId).containsAnyOf("amy", "ben")
        .doesNotContain("cat");
  }

  /**
   * Regression: the general rules read the directory's version and the affiliate again at each
   * touch, so that anna, whose shop account the host linked meanwhile, was credited by one of her
   * own signed-in visits while the other was excluded as her own.
   */
  @Test
  void affiliateLinkedToHerCustomerIdDuringAnAttribution_isJudgedOnceForAllHerTouches()
      throws Exception {
    HoldingDirectory directory = new HoldingDirectory("nobody");
    directory.put(AffiliateIdentity.active("anna"));
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), directory)
        .clock(CLOCK).build();
    for (int minute = 0; minute < 2; minute++) {
      attributor.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna",
          T.minusSeconds(600 - 60 * minute)).customerId("c1").build());
    }
    // The old code read the version at each touch: the third read came between anna's touches.
    directory.holdAtVersionCall = 3;
    FutureTask<AttributionResult> task = new FutureTask<>(() -> attributor.attribute(
        Conversion.builder("o1", T, Money.parse("USD 100.00")).visitorId("v1")
            .customerEmail("buyer@example.com").build()));
    Thread thread = new Thread(task, "attributing");
    directory.holding = thread;
    thread.start();
    while (directory.reached.getCount() > 0 && !task.isDone()) {
      Thread.onSpinWait();
    }
    directory.put(directory.identities.get("anna").withCustomer("c1", "anna@example.com"));
    directory.go.countDown();
    AttributionResult result = task.get(10, TimeUnit.SECONDS);

    // Linked before: both her own visits, so no credit. After: both count.
    assertThat(result.explanation().excludedFor(ExclusionReason.SELF_REFERRAL).size())
        .isIn(0, 2);
  }

  /**
   * Regression: the coupon's owner was judged active to find the conversion's own affiliate, and
   * inactive to credit it, so that the order, which the coupon or the binding credits whichever
   * came first, was credited to nobody.
   */
  @Test
  void couponOwnerSuspendedDuringAnAttribution_atTheBindingInstant_isJudgedOnce()
      throws Exception {
    HoldingDirectory directory = new HoldingDirectory("amy");
    directory.put(AffiliateIdentity.active("amy"));
    directory.put(AffiliateIdentity.active("ben"));
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), directory)
        .policy(AttributionPolicy.builder().lifetimeBinding().build())
        .clock(CLOCK).build();
    attributor.attribute(Conversion.builder("x", T, Money.parse("USD 10.00")).customerId("c1")
        .couponCode("BEN").build());

    FutureTask<AttributionResult> held = start(directory, attributor,
        Conversion.builder("y", T, Money.parse("USD 100.00")).customerId("c1")
            .couponCode("AMY").build());
    directory.put(directory.identities.get("amy").withStatus(AffiliateStatus.INACTIVE));
    directory.go.countDown();
    AttributionResult result = held.get(10, TimeUnit.SECONDS);

    assertThat(result.credits()).extracting(Credit::affiliateId).hasSize(1)
        .containsAnyOf("amy", "ben");
  }
}
