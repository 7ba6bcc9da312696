package dev.affiliatekit.program;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.ledger.ReversalKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The keys the program derives from ids are unambiguous: distinct tuples of ids give distinct
 * keys, for every kind of key and across kinds, whatever separators the ids hold; and keys built
 * from well-formed ids are well-formed UTF-16, even when shortened next to a surrogate pair.
 */
class KeysProperties {

  /** A key the program derives, from the tuple of ids it is made of. */
  sealed interface Derived {
    String key();
  }

  record Enroll(String affiliateId) implements Derived {
    @Override
    public String key() {
      return Keys.of("enroll", affiliateId);
    }
  }

  record Touch(String touchId) implements Derived {
    @Override
    public String key() {
      return Keys.of("touch", touchId);
    }
  }

  record Order(String orderId) implements Derived {
    @Override
    public String key() {
      return Keys.of("order", orderId);
    }
  }

  /** A commission item, or with a parent an override on it. */
  record Item(String orderId, String affiliateId, String parentId) implements Derived {
    @Override
    public String key() {
      String item = Keys.item(new Order(orderId).key(), affiliateId);
      return parentId.isEmpty() ? item : Keys.override(item, parentId);
    }
  }

  /** A refund, chargeback or won chargeback of an order. */
  record Operation(String kind, String orderId, String id) implements Derived {
    @Override
    public String key() {
      return kind.equals("chargeback-won") ? Keys.of(kind, orderId, id)
          : Keys.fit(new Refund(orderId, id, java.util.Optional.empty(),
              ReversalKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), "why").key());
    }
  }

  /** A reversal or reinstatement of an item, keyed as refund and chargebackWon key them. */
  record Posting(Operation operation, Item item) implements Derived {
    @Override
    public String key() {
      return Keys.fit(operation.key() + "/" + item.key());
    }
  }

  @Provide
  Arbitrary<String> ids() {
    Arbitrary<String> small = Arbitraries.strings().withChars("ab/:%2F3A5#")
        .ofMinLength(1).ofMaxLength(5);
    // Long ids push keys past the ledger's length, so that they are shortened with a hash.
    Arbitrary<String> large = small.map(id -> "z".repeat(Ids.MAX_LENGTH - 5) + id);
    // Long ids with a character outside the BMP where keys of every kind are cut.
    Arbitrary<String> emoji = Combinators.combine(Arbitraries.integers().between(170, 195), small)
        .as((at, id) -> "z".repeat(at) + "\uD83D\uDE00" + "y".repeat(Ids.MAX_LENGTH - 7 - at)
            + id);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, small),
        net.jqwik.api.Tuple.of(1, large), net.jqwik.api.Tuple.of(1, emoji));
  }

  @Provide
  Arbitrary<Derived> derived() {
    Arbitrary<String> ids = ids();
    Arbitrary<Item> items = Combinators.combine(ids, ids,
        Arbitraries.oneOf(Arbitraries.just(""), ids)).as(Item::new);
    Arbitrary<Operation> operations = Combinators.combine(
        Arbitraries.of("refund", "chargeback", "chargeback-won"), ids, ids).as(Operation::new);
    return Arbitraries.oneOf(ids.map(Enroll::new), ids.map(Touch::new), ids.map(Order::new),
        items, operations, Combinators.combine(operations, items).as(Posting::new));
  }

  @Property(tries = 2000)
  void distinctTuples_giveDistinctKeys(@ForAll("derived") Derived a,
      @ForAll("derived") Derived b) {
    assertThat(a.key().equals(b.key())).as("%s and %s", a, b).isEqualTo(a.equals(b));
    assertThat(a.key().length()).isLessThanOrEqualTo(Ids.MAX_LENGTH);
    assertThat(new String(a.key().getBytes(UTF_8), UTF_8)).as("%s", a).isEqualTo(a.key());
  }

  /**
   * Two items whose ids, joined by a slash, read the same: {@code (A/b, c)} and {@code (A, b/c)}.
   * The second is cut from the first's joined ids at another slash, if it has one.
   */
  @Property(tries = 2000)
  void itemsWhoseIdsJoinTheSame_haveDistinctKeys(@ForAll("ids") String orderId,
      @ForAll("ids") String affiliateId, @ForAll("ids") String parentId, @ForAll int cut) {
    Item a = new Item(orderId, affiliateId, "");
    String[] parts = recut(orderId + "/" + affiliateId, '/', cut);
    Item b = new Item(parts[0], parts[1], "");
    assertThat(a.key().equals(b.key())).as("%s and %s", a, b).isEqualTo(a.equals(b));
    // An override read as an item of an affiliate whose id holds "/override/", and back.
    Item override = new Item(orderId, affiliateId, parentId);
    Item lookalike = new Item(orderId, affiliateId + "/override/" + parentId, "");
    assertThat(override.key()).isNotEqualTo(lookalike.key());
  }

  /**
   * Two refunds whose ids, joined by a colon, read the same: {@code (shop:1, r)} and {@code (shop,
   * 1:r)}, of either kind.
   */
  @Property(tries = 2000)
  void refundsWhoseIdsJoinTheSame_haveDistinctKeys(@ForAll ReversalKind kind1,
      @ForAll ReversalKind kind2, @ForAll("ids") String orderId, @ForAll("ids") String refundId,
      @ForAll int cut) {
    Refund a = new Refund(orderId, refundId, java.util.Optional.empty(), kind1, "why");
    String[] parts = recut(orderId + ":" + refundId, ':', cut);
    Refund b = new Refund(parts[0], parts[1], java.util.Optional.empty(), kind2, "why");
    assertThat(a.key().equals(b.key())).as("%s and %s", a, b).isEqualTo(a.equals(b));
    Operation won = new Operation("chargeback-won", orderId, refundId);
    Operation wonToo = new Operation("chargeback-won", parts[0], parts[1]);
    assertThat(won.key().equals(wonToo.key())).as("%s and %s", won, wonToo)
        .isEqualTo(won.equals(wonToo));
  }

  /**
   * Cuts ids joined by a separator in two again, at one of the separators chosen by {@code cut}
   * where both parts are valid ids; at least the one they were joined at is.
   */
  private static String[] recut(String text, char separator, int cut) {
    java.util.List<Integer> at = new java.util.ArrayList<>();
    for (int i = 1; i < text.length() - 1; i++) {
      if (text.charAt(i) == separator && i <= Ids.MAX_LENGTH
          && text.length() - i - 1 <= Ids.MAX_LENGTH) {
        at.add(i);
      }
    }
    int i = at.get(Math.floorMod(cut, at.size()));
    return new String[] {text.substring(0, i), text.substring(i + 1)};
  }

  @Property
  void idWithoutSeparators_keepsItsKey(@ForAll("plainIds") String orderId,
      @ForAll("plainIds") String affiliateId) {
    assertThat(new Item(orderId, affiliateId, "").key())
        .isEqualTo(Keys.fit("order:" + orderId + "/" + affiliateId));
  }

  @Provide
  Arbitrary<String> plainIds() {
    return Arbitraries.strings().withChars("abc-_#.0123456789").ofMinLength(1).ofMaxLength(12);
  }
}
