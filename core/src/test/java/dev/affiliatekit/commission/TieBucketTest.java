package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Attribute.AFFILIATE_GROUP;
import static dev.affiliatekit.commission.Attribute.SALE_COUPON_CODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Rate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tie index hands a new rule only the rules whose stems it may meet: among a thousand rules
 * of a coupon code or prefix each, a prefix is compared with those it begins or that begin it.
 */
class TieBucketTest {

  private final TieBucket bucket = new TieBucket();

  private void add(String id, Condition condition) {
    bucket.add(CommissionRule.builder(id).when(condition).percentage(Rate.ofPercent(1)).build(),
        Conditions.cases(condition));
  }

  private List<String> candidates(Condition condition) {
    return bucket.candidates(Conditions.cases(condition)).keySet().stream()
        .map(CommissionRule::id).sorted().collect(Collectors.toList());
  }

  private void addMany() {
    for (int i = 0; i < 1_000; i++) {
      add("code-" + i, Condition.is(SALE_COUPON_CODE, "C" + i));
      add("prefix-" + i, Condition.startsWith(SALE_COUPON_CODE, "P" + i + "-"));
    }
  }

  @Test
  void aPrefix_meetsThePrefixesAndValuesItBeginsOrThatBeginIt() {
    addMany();
    add("p5", Condition.startsWith(SALE_COUPON_CODE, "P5"));
    add("p5-x", Condition.is(SALE_COUPON_CODE, "P5-X"));
    add("p5-x-long", Condition.startsWith(SALE_COUPON_CODE, "P5-X-"));
    add("other-group", Condition.all(Condition.is(AFFILIATE_GROUP, "macro"),
        Condition.startsWith(SALE_COUPON_CODE, "P5-Y")));
    add("any-code", Condition.is(AFFILIATE_GROUP, "micro"));

    assertThat(candidates(Condition.startsWith(SALE_COUPON_CODE, "P5-"))).containsExactly(
        "any-code", "other-group", "p5", "p5-x", "p5-x-long", "prefix-5");
    assertThat(candidates(Condition.all(Condition.is(AFFILIATE_GROUP, "mid"),
        Condition.startsWith(SALE_COUPON_CODE, "P5-")))).containsExactly(
        "p5", "p5-x", "p5-x-long", "prefix-5");
  }

  @Test
  void aValue_meetsItselfAndThePrefixesThatBeginIt() {
    addMany();
    add("c1-prefix", Condition.startsWith(SALE_COUPON_CODE, "C1"));

    assertThat(candidates(Condition.is(SALE_COUPON_CODE, "C12"))).containsExactly("c1-prefix",
        "code-12");
    assertThat(candidates(Condition.in(SALE_COUPON_CODE, "P7-A", "ZZ"))).containsExactly(
        "prefix-7");
  }

  @Test
  void aRemovedRule_isNoLongerACandidate() {
    addMany();
    candidates(Condition.startsWith(SALE_COUPON_CODE, "P9-"));
    bucket.remove("prefix-9");
    add("prefix-9-again", Condition.startsWith(SALE_COUPON_CODE, "P9"));

    assertThat(candidates(Condition.startsWith(SALE_COUPON_CODE, "P9-"))).containsExactly(
        "prefix-9-again");
    assertThat(candidates(Condition.is(SALE_COUPON_CODE, "P99-Z"))).containsExactly(
        "prefix-9-again", "prefix-99");
  }
}
