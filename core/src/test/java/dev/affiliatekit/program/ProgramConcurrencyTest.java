package dev.affiliatekit.program;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several threads recording clicks, conversions and refunds at once, then all retrying all of them
 * at once: every order is credited once, and the totals are exact; and statements read while
 * another thread records sales add up.
 */
class ProgramConcurrencyTest {

  private static final int THREADS = 4;
  private static final int ORDERS_PER_THREAD = 500;
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void manyThreads_clicksConversionsRetriesAndRefunds_countEverythingOnce() throws Exception {
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(AffiliateProgramTest.TEN_PERCENT)
        .payoutRules(PayoutRules.minimums(Money.parse("USD 1.00")))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    List<String> affiliates = List.of("ann", "bob", "cy", "dee");
    for (String affiliate : affiliates) {
      program.enroll(AffiliateProfile.of(affiliate), affiliate + "code");
    }
    AtomicInteger events = new AtomicInteger();
    program.subscribe(event -> events.incrementAndGet());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < ORDERS_PER_THREAD; i++) {
          String visitor = "v" + thread + "-" + i;
          program.recordClick(visitor, affiliates.get(i % affiliates.size()) + "code");
          program.recordConversion(order(thread, i, visitor));
          if (i % 5 == 0) {
            program.refund(Refund.partial(orderId(thread, i), "r1", usd(25), "quarter back"));
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    // Then every thread retries every order at once, as hosts do after timeouts.
    futures.clear();
    CountDownLatch again = new CountDownLatch(1);
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        again.await();
        for (int thread = 0; thread < THREADS; thread++) {
          for (int i = 0; i < ORDERS_PER_THREAD; i++) {
            program.recordConversion(order(thread, i, "v" + thread + "-" + i));
            if (i % 5 == 0) {
              program.refund(Refund.partial(orderId(thread, i), "r1", usd(25), "quarter back"));
            }
          }
        }
        return null;
      }));
    }
    again.countDown();
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    int orders = THREADS * ORDERS_PER_THREAD;
    int refunds = THREADS * (ORDERS_PER_THREAD / 5);
    // Each order of USD 100.00 earns USD 10.00; each refund of a quarter takes back USD 2.50.
    assertThat(program.ledger().journal().size()).isEqualTo(orders + refunds);
    assertThat(events.get()).isEqualTo(orders + refunds);
    Money earned = Money.zero(USD);
    for (String affiliate : affiliates) {
      earned = earned.plus(program.statement(affiliate, USD).earned());
      // Each affiliate gets every fourth order of each thread: 125 per thread, 500 in all, and
      // 25 of the refunds per thread (orders 0, 20, 40, ... land on ann; 5, 25, ... on bob).
      assertThat(program.statement(affiliate, USD).accrued()).isEqualTo(usd(500 * 10));
    }
    assertThat(earned).isEqualTo(usd(orders * 10L).minus(Money.parse("USD 2.50").times(refunds)));
  }

  /**
   * Regression: the statement read the journal, then the balances in a second call, so a sale
   * posted in between made {@code accrued - reversed} differ from {@code earned} (603 times in 7,667
   * reads). One thread records sales and refunds while another reads statements.
   */
  @Test
  void statement_whileAnotherThreadRecordsSales_alwaysAddsUp() throws Exception {
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(AffiliateProgramTest.TEN_PERCENT)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<Integer> sales = writer.submit(() -> {
      int i = 0;
      for (; i < 50_000 && !stop.get(); i++) {
        program.recordClick("v" + i, "GLOWWITHMIA");
        program.recordConversion(order(0, i, "v" + i));
        if (i % 3 == 0) {
          program.refund(Refund.partial(orderId(0, i), "r1", usd(25), "quarter back"));
        }
        started.countDown();
      }
      return i;
    });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    int reads = 0;
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
    try {
      while (System.nanoTime() < end && !sales.isDone()) {
        AffiliateStatement statement = program.statement("mia", USD);
        assertThat(statement.accrued().minus(statement.reversed()))
            .as("read %s after %s lines", reads, statement.lines().size())
            .isEqualTo(statement.earned());
        reads++;
      }
    } finally {
      stop.set(true);
      writer.shutdown();
    }
    int recorded = sales.get(10, TimeUnit.SECONDS);
    assertThat(reads).isPositive();
    assertThat(program.statement("mia", USD).accrued()).isEqualTo(usd(10L * recorded));
  }

  private static String orderId(int thread, int i) {
    return "o" + thread + "-" + i;
  }

  private static Conversion order(int thread, int i, String visitor) {
    return Conversion.builder(orderId(thread, i), NOW, usd(100)).visitorId(visitor).build();
  }

  private static Money usd(long dollars) {
    return Money.ofMajor(dollars, USD);
  }
}
