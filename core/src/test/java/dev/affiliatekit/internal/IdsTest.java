package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void checkId_acceptsOrdinaryIds() {
    assertThat(Ids.checkId("order-1001", "orderId")).isEqualTo("order-1001");
    assertThat(Ids.checkId("jane@example.com", "customerId")).isEqualTo("jane@example.com");
    assertThat(Ids.checkId("x".repeat(256), "orderId")).hasSize(256);
  }

  @Test
  void checkId_blank_namesTheField() {
    assertThatThrownBy(() -> Ids.checkId(" ", "orderId"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("orderId must not be blank: ' '");
  }

  @Test
  void checkId_tooLong_namesTheLimit() {
    assertThatThrownBy(() -> Ids.checkId("x".repeat(257), "visitorId"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("visitorId must be at most 256 characters: 'xxx")
        .hasMessageEndingWith("...'");
  }

  @Test
  void checkId_controlCharacter_isEscaped() {
    assertThatThrownBy(() -> Ids.checkId("a\nb", "affiliateId"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("affiliateId must not contain control character \\u000a at index 1: 'a\\u000ab'");
  }

  /** Regression: logs and JavaScript break lines at these, though no control characters. */
  @Test
  void checkId_lineAndParagraphSeparators_areRejected() {
    assertThatThrownBy(() -> Ids.checkId("v\u2028INFO fake", "visitorId"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("visitorId must not contain line separator \\u2028 at index 1:"
            + " 'v\\u2028INFO fake'");
    assertThatThrownBy(() -> Ids.checkId("v\u2029", "visitorId"))
        .hasMessageStartingWith("visitorId must not contain line separator \\u2029 at index 1");
    assertThat(Ids.isValid("v\u2027\u202a")).isTrue();
    assertThat(Texts.isLine("line\u2028")).isFalse();
  }

  @Test
  void checkId_unpairedSurrogate_isRejected_aPairIsNot() {
    // An emoji is a pair of surrogates: one character.
    assertThat(Ids.checkId("mia\ud83d\ude00", "affiliateId")).hasSize(5);
    assertThatThrownBy(() -> Ids.checkId("mia\ud83d", "affiliateId"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("affiliateId must not contain unpaired surrogate \\ud83d at index 3:"
            + " 'mia\\ud83d'");
    assertThatThrownBy(() -> Ids.checkId("\ude00mia", "orderId"))
        .hasMessage("orderId must not contain unpaired surrogate \\ude00 at index 0: '\\ude00mia'");
    assertThatThrownBy(() -> Ids.checkId("a\ude00\ud83d", "orderId"))
        .hasMessageStartingWith("orderId must not contain unpaired surrogate \\ude00 at index 1");
  }

  @Test
  void quote_escapesAndTruncates() {
    assertThat(Texts.quote("caf\u00e9")).isEqualTo("'caf\\u00e9'");
    assertThat(Texts.quote("y".repeat(100))).isEqualTo("'" + "y".repeat(64) + "...'");
  }

  /** Regression: an id with a quote ended its quotes early in descriptions and statements. */
  @Test
  void idsQuote_escapesQuotesAndBackslashes_andKeepsTheRestWhole() {
    assertThat(Ids.quote("Bestellung-K\u00f6ln-1")).isEqualTo("'Bestellung-K\u00f6ln-1'");
    assertThat(Ids.quote("o1' held until 2030-01-01T00:00:00Z; order 'o2"))
        .isEqualTo("'o1\\' held until 2030-01-01T00:00:00Z; order \\'o2'");
    assertThat(Ids.quote("a\\b")).isEqualTo("'a\\\\b'");
  }

  @Test
  void nulls_areRejected() {
    new NullPointerTester().testAllPublicStaticMethods(Ids.class);
    new NullPointerTester().testAllPublicStaticMethods(Texts.class);
  }
}
