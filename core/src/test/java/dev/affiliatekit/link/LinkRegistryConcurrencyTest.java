package dev.affiliatekit.link;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.link.LinkRegistry.RetiredCodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads claim codes at once: no code ever goes to two owners, and the registry's answers
 * agree with what each thread was told. The threads start together behind a latch; nothing
 * sleeps.
 */
class LinkRegistryConcurrencyTest {

  private static final int THREADS = 8;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  private <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(60, SECONDS));
    }
    return results;
  }

  private static List<LinkCode> codes(int count) {
    List<LinkCode> codes = new ArrayList<>();
    LinkCodeGenerator generator = LinkCodeGenerator.random(new SplittableRandom(7), 8);
    Set<LinkCode> seen = new HashSet<>();
    while (codes.size() < count) {
      LinkCode code = generator.next();
      if (seen.add(code)) {
        codes.add(code);
      }
    }
    return codes;
  }

  @Test
  void claim_sameCodesFromManyThreads_eachCodeHasOneOwner() throws Exception {
    LinkRegistry registry = LinkRegistry.inMemory();
    List<LinkCode> codes = codes(5_000);
    List<Callable<Map<LinkCode, LinkOwner>>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      LinkOwner owner = LinkOwner.of("aff-" + t);
      List<LinkCode> order = new ArrayList<>(codes);
      Collections.shuffle(order, new Random(t));
      tasks.add(() -> {
        // What this thread was told: the owner of each code, by its own win or the exception.
        Map<LinkCode, LinkOwner> told = new HashMap<>();
        for (LinkCode code : order) {
          try {
            if (registry.claim(code, owner)) {
              told.put(code, owner);
            }
          } catch (LinkCodeTakenException taken) {
            told.put(code, taken.holder());
          }
        }
        return told;
      });
    }
    List<Map<LinkCode, LinkOwner>> results = runTogether(tasks);

    Map<String, Set<LinkCode>> won = new HashMap<>();
    for (LinkCode code : codes) {
      LinkOwner owner = registry.resolve(code).orElseThrow();
      int winners = 0;
      for (int t = 0; t < THREADS; t++) {
        LinkOwner told = results.get(t).get(code);
        assertThat(told).as("thread %s about %s", t, code).isEqualTo(owner);
        winners += told.equals(LinkOwner.of("aff-" + t)) ? 1 : 0;
      }
      assertThat(winners).as("winners of %s", code).isEqualTo(1);
      won.computeIfAbsent(owner.affiliateId(), id -> new TreeSet<>()).add(code);
    }
    for (int t = 0; t < THREADS; t++) {
      String id = "aff-" + t;
      assertThat(registry.codesOf(id))
          .containsExactlyElementsOf(won.getOrDefault(id, new TreeSet<>()));
    }
  }

  @Test
  void claimNew_fromAScarcePool_neverHandsACodeOutTwice() throws Exception {
    LinkRegistry registry = LinkRegistry.inMemory();
    List<LinkCode> pool = codes(3_000);
    int perThread = 300;
    List<Callable<List<LinkCode>>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      LinkOwner owner = LinkOwner.of("aff-" + t);
      SplittableRandom random = new SplittableRandom(t);
      // 2,400 codes from a pool of 3,000: most draws near the end clash and are retried.
      LinkCodeGenerator scarce = () -> pool.get(random.nextInt(pool.size()));
      tasks.add(() -> {
        List<LinkCode> mine = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          mine.add(registry.claimNew(scarce, 100_000, owner));
        }
        return mine;
      });
    }
    List<List<LinkCode>> results = runTogether(tasks);

    Set<LinkCode> all = new HashSet<>();
    for (int t = 0; t < THREADS; t++) {
      LinkOwner owner = LinkOwner.of("aff-" + t);
      for (LinkCode code : results.get(t)) {
        assertThat(all.add(code)).as("%s handed out twice", code).isTrue();
        assertThat(registry.resolve(code)).contains(owner);
      }
      assertThat(registry.codesOf(owner.affiliateId())).hasSize(perThread);
    }
    assertThat(all).hasSize(THREADS * perThread);
  }

  @Test
  void claimAll_overlappingBatchesFromManyThreads_eachBatchIsClaimedWholeOrNotAtAll()
      throws Exception {
    // Many short rounds on a small pool, so that threads often reach for the same free code at
    // once, which is when a claim that is not atomic would give away part of a batch.
    List<LinkCode> pool = codes(24);
    int rounds = 300;
    int batches = 8;
    int refused = 0;
    for (int round = 0; round < rounds; round++) {
      LinkRegistry registry = LinkRegistry.inMemory();
      List<Callable<List<Set<LinkCode>>>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        LinkOwner owner = LinkOwner.of("aff-" + t);
        SplittableRandom random = new SplittableRandom((long) round * THREADS + t);
        tasks.add(() -> {
          // The batches this thread was given whole; a refused batch must leave no trace.
          List<Set<LinkCode>> given = new ArrayList<>();
          for (int i = 0; i < batches; i++) {
            Set<LinkCode> batch = new TreeSet<>();
            while (batch.size() < 3) {
              batch.add(pool.get(random.nextInt(pool.size())));
            }
            try {
              registry.claimAll(batch, owner);
              given.add(batch);
            } catch (LinkCodeTakenException taken) {
              assertThat(batch).contains(taken.code());
              assertThat(taken.holder()).isNotEqualTo(owner);
            }
          }
          return given;
        });
      }
      List<List<Set<LinkCode>>> results = runTogether(tasks);

      for (int t = 0; t < THREADS; t++) {
        LinkOwner owner = LinkOwner.of("aff-" + t);
        Set<LinkCode> won = new TreeSet<>();
        for (Set<LinkCode> batch : results.get(t)) {
          won.addAll(batch);
        }
        refused += batches - results.get(t).size();
        for (LinkCode code : won) {
          assertThat(registry.resolve(code)).as("round %s, owner of %s", round, code)
              .contains(owner);
        }
        assertThat(registry.codesOf(owner.affiliateId())).as("round %s, codes of %s", round, owner)
            .containsExactlyElementsOf(won);
      }
    }
    assertThat(refused).isGreaterThan(rounds * THREADS * batches / 2);
  }

  @Test
  void claimAndRetire_atOnce_retiredCodesStayWithTheirOwner() throws Exception {
    LinkRegistry registry = LinkRegistry.inMemory(RetiredCodes.STOP_RESOLVING);
    List<LinkCode> codes = codes(4_000);
    LinkOwner first = LinkOwner.of("aff-first");
    for (LinkCode code : codes) {
      registry.claim(code, first);
    }
    List<Callable<Integer>> tasks = new ArrayList<>();
    tasks.add(() -> {
      for (LinkCode code : codes) {
        registry.retire(code);
      }
      return 0;
    });
    for (int t = 1; t < THREADS; t++) {
      LinkOwner other = LinkOwner.of("aff-" + t);
      tasks.add(() -> {
        int refused = 0;
        for (LinkCode code : codes) {
          try {
            registry.claim(code, other);
          } catch (LinkCodeTakenException taken) {
            assertThat(taken.holder()).isEqualTo(first);
            refused++;
          }
        }
        return refused;
      });
    }
    List<Integer> refused = runTogether(tasks);
    for (int t = 1; t < THREADS; t++) {
      assertThat(refused.get(t)).isEqualTo(codes.size());
      assertThat(registry.codesOf("aff-" + t)).isEmpty();
    }
    assertThat(registry.codesOf("aff-first")).isEmpty();
    for (LinkCode code : codes) {
      assertThat(registry.resolve(code)).isEmpty();
    }
  }
}
