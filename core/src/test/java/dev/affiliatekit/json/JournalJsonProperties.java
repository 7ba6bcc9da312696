package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.ledger.Release;
import dev.affiliatekit.ledger.Transaction;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JournalJsonProperties {

  /** Every instant the writer can write, with the ends and a whole second as edge cases. */
  @Provide
  Arbitrary<Instant> instants() {
    Arbitrary<Long> seconds = Arbitraries.longs()
        .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
        .edgeCases(edges -> edges.add(0L));
    Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
        Arbitraries.integers().between(0, 999).map(millis -> millis * 1_000_000),
        Arbitraries.integers().between(0, 999_999_999));
    return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
  }

  @Property
  void instantAsWritten_readsBackEqual(@ForAll("instants") Instant postedAt,
      @ForAll("instants") Instant asOf) {
    Transaction release = new Transaction(1, "release-1", postedAt, new Release(asOf), List.of());

    assertThat(JournalJson.read(new StringReader(JournalJson.toJsonLines(List.of(release)))))
        .containsExactly(release);
  }
}
