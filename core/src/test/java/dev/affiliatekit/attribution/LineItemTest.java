package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.money.Money;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The line item's accessors and its record-like equality, hash code and text. */
class LineItemTest {

  /** What LineItem was before it kept its category as a plain field: the behaviour to keep. */
  private record AsRecord(String productId, Optional<String> category, int quantity,
      Money amount) {}

  private static final List<LineItem> LINES = List.of(
      LineItem.of("serum-30ml", "SKIN_CARE", 2, Money.parse("USD 19.50")),
      LineItem.of("tote", 1, Money.parse("EUR 0.00")),
      new LineItem("gift-card", Optional.empty(), 3, Money.parse("JPY 5000")),
      new LineItem("sku-7", Optional.of("c7"), 1, Money.parse("USD 0.01")));

  private static AsRecord asRecord(LineItem line) {
    return new AsRecord(line.productId(), line.category(), line.quantity(), line.amount());
  }

  @Nested
  class Accessors {

    @Test
    void of_withCategory_keepsEveryPart() {
      LineItem line = LineItem.of("serum-30ml", "SKIN_CARE", 2, Money.parse("USD 19.50"));

      assertThat(line.productId()).isEqualTo("serum-30ml");
      assertThat(line.category()).contains("SKIN_CARE");
      assertThat(line.categoryOrNull()).isEqualTo("SKIN_CARE");
      assertThat(line.quantity()).isEqualTo(2);
      assertThat(line.amount()).isEqualTo(Money.parse("USD 39.00"));
    }

    @Test
    void categoryOrNull_withoutCategory_isNull() {
      assertThat(LineItem.of("tote", 1, Money.parse("USD 5.00")).categoryOrNull()).isNull();
      assertThat(new LineItem("tote", Optional.empty(), 1, Money.parse("USD 5.00"))
          .categoryOrNull()).isNull();
    }
  }

  @Nested
  class AsARecord {

    @Test
    void toString_isTheRecordsText() {
      assertThat(LINES.get(0)).hasToString(
          "LineItem[productId=serum-30ml, category=Optional[SKIN_CARE], quantity=2, "
              + "amount=USD 39.00]");
      assertThat(LINES.get(1)).hasToString(
          "LineItem[productId=tote, category=Optional.empty, quantity=1, amount=EUR 0.00]");
      for (LineItem line : LINES) {
        assertThat(line.toString()).isEqualTo(
            asRecord(line).toString().replaceFirst("^AsRecord", "LineItem"));
      }
    }

    @Test
    void hashCode_isTheRecordsHashCode() {
      for (LineItem line : LINES) {
        assertThat(line.hashCode()).isEqualTo(asRecord(line).hashCode());
      }
    }

    @Test
    void equals_isTheRecordsEquality() {
      for (LineItem a : LINES) {
        for (LineItem b : LINES) {
          assertThat(a.equals(b)).isEqualTo(asRecord(a).equals(asRecord(b)));
        }
        LineItem copy = new LineItem(a.productId(), a.category(), a.quantity(), a.amount());
        assertThat(copy).isEqualTo(a).hasSameHashCodeAs(a);
      }
    }
  }

  @Nested
  class Constructor {

    @Test
    void new_nullProductIdAndCategory_namesTheProductIdFirst() {
      assertThatThrownBy(() -> new LineItem(null, null, 1, Money.parse("USD 1.00")))
          .isInstanceOf(NullPointerException.class).hasMessage("productId");
    }

    @Test
    void new_quantityBelowOne_isRejected() {
      assertThatThrownBy(() -> new LineItem("a", Optional.empty(), 0, Money.parse("USD 1.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("line item quantity must be at least 1: 0");
    }

    @Test
    void of_quantityBelowOne_isRejectedBeforeTheAmountIsWorkedOut() {
      // The amount would overflow: the quantity is named, not the overflow.
      Money huge = Money.parse("USD 1000000000000000.00");
      assertThatThrownBy(() -> LineItem.of("a", "c", Integer.MIN_VALUE, huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("line item quantity must be at least 1: -2147483648");
      assertThatThrownBy(() -> LineItem.of("a", Integer.MIN_VALUE, huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("line item quantity must be at least 1: -2147483648");
    }

    @Test
    void new_nullCategory_namesIt() {
      assertThatThrownBy(() -> new LineItem("a", null, 1, Money.parse("USD 1.00")))
          .isInstanceOf(NullPointerException.class).hasMessage("category");
    }

    @Test
    void nulls_areRejected() {
      new NullPointerTester().setDefault(Money.class, Money.parse("USD 1.00"))
          .testAllPublicInstanceMethods(LINES.get(0));
    }
  }
}
