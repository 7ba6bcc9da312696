package dev.affiliatekit.benchmarks.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.commission.CommissionQuote;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that both baselines of {@link CommissionBenchmark} compute the same amounts as the
 * library, and which inputs the benchmark quotes.
 */
class CommissionBenchmarkTest {

  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1000})
  void quote_bothBaselinesAgreeWithTheLibrary_onEveryInput(int rules) {
    CommissionBenchmark benchmark = new CommissionBenchmark();
    benchmark.rules = rules;
    benchmark.generate();
    CommissionBenchmark.Cursor ours = new CommissionBenchmark.Cursor();
    CommissionBenchmark.Cursor theirs = new CommissionBenchmark.Cursor();
    CommissionBenchmark.Cursor bucketed = new CommissionBenchmark.Cursor();
    Set<String> rulesUsed = new HashSet<>();
    int zero = 0;
    for (int i = 0; i < CommissionBenchmark.SIZE; i++) {
      CommissionQuote quote = benchmark.quote_affiliatekit(ours);
      assertThat(benchmark.quote_naiveScan(theirs)).as("input %s: %s", i, quote)
          .isEqualTo(quote.amount().amount());
      assertThat(benchmark.quote_naiveBucketed(bucketed)).as("bucketed, input %s: %s", i, quote)
          .isEqualTo(quote.amount().amount());
      rulesUsed.addAll(quote.ruleIds());
      zero += quote.amount().isZero() ? 1 : 0;
    }
    assertThat(benchmark.plan.rules()).hasSize(rules);
    // The inputs exercise many rules of every kind, not one path.
    assertThat(rulesUsed).hasSizeGreaterThan(Math.min(rules / 4, 100))
        .anyMatch(id -> id.startsWith("group-")).anyMatch(id -> id.startsWith("micro-c"))
        .anyMatch(id -> id.startsWith("other-c")).anyMatch(id -> id.startsWith("product-"))
        .anyMatch(id -> id.startsWith("deal-")).contains("base", "new-customers");
    assertThat(zero).isLessThan(CommissionBenchmark.SIZE / 10);
  }

  @Test
  void quote_fewerSales_cyclesThroughTheFirstOnesAlone() {
    CommissionBenchmark all = new CommissionBenchmark();
    all.rules = 10;
    all.generate();
    CommissionBenchmark few = new CommissionBenchmark();
    few.rules = 10;
    few.sales = 16;
    few.generate();
    CommissionBenchmark.Cursor allCursor = new CommissionBenchmark.Cursor();
    CommissionBenchmark.Cursor fewCursor = new CommissionBenchmark.Cursor();
    List<CommissionQuote> first = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      first.add(all.quote_affiliatekit(allCursor));
    }
    for (int i = 0; i < 48; i++) {
      assertThat(few.quote_affiliatekit(fewCursor)).isEqualTo(first.get(i % 16));
    }
    assertThat(all.quote_affiliatekit(allCursor)).isNotIn(first);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 12, 131_072})
  void generate_salesNotAPowerOfTwoUpToTheInputs_throws(int sales) {
    CommissionBenchmark benchmark = new CommissionBenchmark();
    benchmark.rules = 10;
    benchmark.sales = sales;
    assertThatThrownBy(benchmark::generate).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sales must be a power of two up to 65536: " + sales);
  }

  @Test
  void quote_manyAffiliates_creditMoreProfilesThanThePlanKeeps_andBothBaselinesAgree() {
    CommissionBenchmark benchmark = new CommissionBenchmark();
    benchmark.rules = 1000;
    benchmark.sales = 1 << 14;
    benchmark.affiliates = 1 << 14;
    benchmark.generate();
    CommissionBenchmark.Cursor ours = new CommissionBenchmark.Cursor();
    CommissionBenchmark.Cursor theirs = new CommissionBenchmark.Cursor();
    CommissionBenchmark.Cursor bucketed = new CommissionBenchmark.Cursor();
    Set<String> credited = new HashSet<>();
    for (int i = 0; i < benchmark.sales; i++) {
      CommissionQuote quote = benchmark.quote_affiliatekit(ours);
      assertThat(benchmark.quote_naiveScan(theirs)).as("input %s: %s", i, quote)
          .isEqualTo(quote.amount().amount());
      assertThat(benchmark.quote_naiveBucketed(bucketed)).as("bucketed, input %s: %s", i, quote)
          .isEqualTo(quote.amount().amount());
      credited.add(quote.affiliateId());
    }
    // Far more than the 4,096 profiles a plan keeps its decisions for.
    assertThat(credited).hasSizeGreaterThan(8_000);
  }
}
