package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.testing.CollidingIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The key index behaves as a {@link HashMap} under any sequence of insertions and lookups. */
class KeyIndexProperties {

  /** One operation: {@code put}, {@code putIfAbsent} or {@code get} of a key with a value. */
  record Operation(int kind, String key, int value) {}

  @Property
  void index_anyOperations_agreesWithHashMap(@ForAll("operations") List<Operation> operations) {
    KeyIndex<Integer> index = new KeyIndex<>();
    Map<String, Integer> model = new HashMap<>();
    for (Operation operation : operations) {
      switch (operation.kind()) {
        case 0 -> assertThat(index.put(operation.key(), operation.value()))
            .isEqualTo(model.put(operation.key(), operation.value()));
        case 1 -> assertThat(index.putIfAbsent(operation.key(), operation.value()))
            .isEqualTo(model.putIfAbsent(operation.key(), operation.value()));
        default -> assertThat(index.get(operation.key())).isEqualTo(model.get(operation.key()));
      }
      assertThat(index.size()).isEqualTo(model.size());
    }
    for (Map.Entry<String, Integer> entry : model.entrySet()) {
      assertThat(index.get(entry.getKey())).isEqualTo(entry.getValue());
    }
  }

  @Provide
  Arbitrary<List<Operation>> operations() {
    // Few distinct keys, some sharing a hash code ("Aa" and "BB"), so that hits, misses,
    // replacements and collisions all happen, and enough operations to grow the table; and keys
    // of one hash code past the most the table holds of one.
    Arbitrary<String> keys = Arbitraries.oneOf(
        Arbitraries.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", ""),
        Arbitraries.of(CollidingIds.of("k", 3 * HashKeys.MAX_SAME_HASH, "")),
        Arbitraries.strings().withCharRange('a', 'f').ofMinLength(1).ofMaxLength(3));
    Arbitrary<Operation> operation = Combinators.combine(
        Arbitraries.integers().between(0, 2), keys, Arbitraries.integers())
        .as(Operation::new);
    return operation.list().ofMaxSize(300);
  }
}
