package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.testing.CollidingIds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Examples for the ledger's open-addressing key index. */
class KeyIndexTest {

  @Nested
  class Get {

    @Test
    void get_absentKey_returnsNull() {
      KeyIndex<Integer> index = new KeyIndex<>();

      assertThat(index.get("order-1")).isNull();
    }

    @Test
    void get_equalKeyOfAnotherInstance_findsValue() {
      KeyIndex<Integer> index = new KeyIndex<>();
      index.put("order-1", 1);

      assertThat(index.get(new String("order-1"))).isEqualTo(1);
    }

    @Test
    void get_keysWithEqualHashCodes_keepsThemApart() {
      // "Aa" and "BB" have the same String.hashCode, so they collide in every table.
      KeyIndex<Integer> index = new KeyIndex<>();
      index.put("Aa", 1);
      index.put("BB", 2);

      assertThat(index.get("Aa")).isEqualTo(1);
      assertThat(index.get("BB")).isEqualTo(2);
      assertThat(index.get("AaBB")).isNull();
      assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void get_manyKeysOfOneHashCode_tableHoldsOnlyTheFirstFew() {
      // Each key of a crowded hash code in the table is compared again by every later probe for
      // it: the table keeps MAX_SAME_HASH of them, and the others beside it.
      KeyIndex<Integer> index = new KeyIndex<>();
      // One more than is put, of the same length and hash code, to look for in vain.
      List<String> all = CollidingIds.of("order-", 4097, "");
      List<String> keys = all.subList(0, 4096);
      for (int i = 0; i < keys.size(); i++) {
        index.put(keys.get(i), i);
      }

      assertThat(index.crowdedSize()).isEqualTo(keys.size() - HashKeys.MAX_SAME_HASH);
      assertThat(index.size()).isEqualTo(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        assertThat(index.get(keys.get(i))).isEqualTo(i);
      }
      assertThat(all.get(4096).hashCode()).isEqualTo(keys.get(0).hashCode());
      assertThat(index.get(all.get(4096))).isNull();
      List<Integer> values = new ArrayList<>();
      index.forEachValue(values::add);
      assertThat(values).isEqualTo(IntStream.range(0, keys.size()).boxed().toList());
    }
  }

  @Nested
  class Put {

    @Test
    void put_presentKey_replacesAndReturnsOldValue() {
      KeyIndex<Integer> index = new KeyIndex<>();
      index.put("k", 1);

      assertThat(index.put("k", 2)).isEqualTo(1);
      assertThat(index.get("k")).isEqualTo(2);
      assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void putIfAbsent_presentKey_keepsAndReturnsPresentValue() {
      KeyIndex<Integer> index = new KeyIndex<>();
      index.put("k", 1);

      assertThat(index.putIfAbsent("k", 2)).isEqualTo(1);
      assertThat(index.get("k")).isEqualTo(1);
      assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void putIfAbsent_absentKey_insertsAndReturnsNull() {
      KeyIndex<Integer> index = new KeyIndex<>();

      assertThat(index.putIfAbsent("k", 1)).isNull();
      assertThat(index.get("k")).isEqualTo(1);
    }

    @Test
    void put_manyKeys_growsAndFindsEveryOne() {
      KeyIndex<Integer> index = new KeyIndex<>();
      int count = 100_000;
      for (int i = 0; i < count; i++) {
        assertThat(index.putIfAbsent("order-" + i + "/affiliate-" + (i % 97), i)).isNull();
      }

      assertThat(index.size()).isEqualTo(count);
      for (int i = 0; i < count; i++) {
        assertThat(index.get("order-" + i + "/affiliate-" + (i % 97))).isEqualTo(i);
      }
      assertThat(index.get("order-" + count + "/affiliate-0")).isNull();
    }

    @Test
    void put_nullKey_throws() {
      KeyIndex<Integer> index = new KeyIndex<>();

      assertThatThrownBy(() -> index.put(nullString(), 1))
          .isInstanceOf(NullPointerException.class);
      assertThat(index.size()).isZero();
    }

    @SuppressWarnings("NullAway") // the test passes null on purpose
    private String nullString() {
      return null;
    }
  }
}
