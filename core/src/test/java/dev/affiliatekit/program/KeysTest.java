package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Nested
  class Escape {

    @Test
    void escape_plainId_isKeptAsItIs() {
      String id = "order-1001_A#b.c d";
      assertThat(Keys.escape(id)).isSameAs(id);
    }

    @Test
    void escape_separatorsAndPercent_becomePercentCodes() {
      assertThat(Keys.escape("a/b:c%d")).isEqualTo("a%2Fb%3Ac%25d");
      // An id that looks escaped already is escaped again, so it cannot pass for another id.
      assertThat(Keys.escape("a%2Fb")).isEqualTo("a%252Fb");
    }
  }

  @Nested
  class Of {

    @Test
    void of_plainIds_giveTodaysKeys() {
      assertThat(Keys.of("order", "o1")).isEqualTo("order:o1");
      assertThat(Keys.of("refund", "o1", "rma-1")).isEqualTo("refund:o1:rma-1");
      assertThat(Keys.item("order:o1", "mia")).isEqualTo("order:o1/mia");
      assertThat(Keys.override("order:o1/mia", "ann")).isEqualTo("order:o1/mia/override/ann");
      assertThat(Keys.trueUp("order:o1/mia", "tiers")).isEqualTo("order:o1/mia/tier/tiers");
    }

    @Test
    void of_idsWithSeparators_giveKeysOfTheirOwn() {
      // Once both refund:shop:1:r.
      assertThat(Keys.of("refund", "shop:1", "r")).isEqualTo("refund:shop%3A1:r");
      assertThat(Keys.of("refund", "shop", "1:r")).isEqualTo("refund:shop:1%3Ar");
      // Once both order:A/b/c.
      assertThat(Keys.item(Keys.of("order", "A/b"), "c")).isEqualTo("order:A%2Fb/c");
      assertThat(Keys.item(Keys.of("order", "A"), "b/c")).isEqualTo("order:A/b%2Fc");
      // Once both order:o/a/override/b.
      assertThat(Keys.override(Keys.item(Keys.of("order", "o"), "a"), "b"))
          .isEqualTo("order:o/a/override/b");
      assertThat(Keys.item(Keys.of("order", "o"), "a/override/b"))
          .isEqualTo("order:o/a%2Foverride%2Fb");
      // Once both order:o/a/tier/b.
      assertThat(Keys.trueUp(Keys.item(Keys.of("order", "o"), "a"), "b"))
          .isEqualTo("order:o/a/tier/b");
      assertThat(Keys.item(Keys.of("order", "o"), "a/tier/b")).isEqualTo("order:o/a%2Ftier%2Fb");
      assertThat(Keys.trueUp("order:o/a", "t/1:x")).isEqualTo("order:o/a/tier/t%2F1%3Ax");
    }

    @Test
    void joined_longIds_isNotShortened() {
      String id = "x".repeat(256);
      assertThat(Keys.joined("refund", id, id)).hasSize(7 + 256 + 1 + 256);
      assertThat(Keys.of("refund", id, id)).isEqualTo(Keys.fit(Keys.joined("refund", id, id)))
          .hasSize(255);
    }
  }

  @Nested
  class Fit {

    @Test
    void fit_keyThatFits_isKeptAsItIs() {
      String key = "order:" + "x".repeat(250);
      assertThat(Keys.fit(key)).isSameAs(key);
    }

    @Test
    void fit_longKey_keepsItsStartAndAddsAHashOfTheWhole() {
      String key = "order:" + "x".repeat(300);
      assertThat(Keys.fit(key)).isEqualTo(key.substring(0, 190) + "#"
          + Hashing.sha256().hashString(key, StandardCharsets.UTF_8));
    }

    @Test
    void fit_idChosenToLookLikeAShortenedKey_isShortenedToo() {
      // An order id made of a long key's shortened form, less the kind: without care the two
      // orders would share a key.
      String longKey = Keys.joined("order", "y".repeat(256));
      String shortened = Keys.fit(longKey);
      String lookalike = shortened.substring("order:".length());
      assertThat(Keys.of("order", lookalike)).isNotEqualTo(shortened).hasSize(255);
      // One character off the shape, and the key is kept as it is.
      String uppercase = "order:" + lookalike.toUpperCase(java.util.Locale.ROOT);
      assertThat(Keys.fit(uppercase)).isSameAs(uppercase);
      String fewerDigits = "order:" + lookalike.substring(0, lookalike.length() - 1);
      assertThat(Keys.fit(fewerDigits)).isSameAs(fewerDigits);
    }

    @Test
    void fit_cutAfterAHighSurrogate_keepsOneCharacterLess() {
      // "order:" and 183 letters are 189 characters: the cut at 190 fell inside the emoji.
      String orderId = "a".repeat(183) + "\uD83D\uDE00" + "b".repeat(70);
      String orderKey = Keys.of("order", orderId);
      assertThat(orderKey).isEqualTo("order:" + "a".repeat(183) + "#"
          + Hashing.sha256().hashString("order:" + orderId, StandardCharsets.UTF_8)).hasSize(254);
      String itemKey = Keys.item(orderKey, "mia");
      for (String key : List.of(orderKey, itemKey)) {
        assertThat(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
            .isEqualTo(key);
      }
      // One letter fewer, and the whole emoji is kept.
      String earlier = Keys.fit("order:" + "a".repeat(182) + "\uD83D\uDE00" + "b".repeat(70));
      assertThat(earlier).startsWith("order:" + "a".repeat(182) + "\uD83D\uDE00#").hasSize(255);
    }

    @Test
    void fit_idChosenToLookLikeAShortenedKeyOfEitherLength_isShortenedToo() {
      String longKey = Keys.joined("order", "a".repeat(183) + "\uD83D\uDE00" + "b".repeat(70));
      String shortened = Keys.fit(longKey);
      String lookalike = shortened.substring("order:".length());
      assertThat(shortened).hasSize(254);
      assertThat(Keys.of("order", lookalike)).isNotEqualTo(shortened).hasSize(255);
      // The 255-character shape, with its '#' one place later, is recognised as well.
      String longer = "order:x" + lookalike;
      assertThat(Keys.fit(longer)).isNotEqualTo(longer).hasSize(255);
    }
  }
}
