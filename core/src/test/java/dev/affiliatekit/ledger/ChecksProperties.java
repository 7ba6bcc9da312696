package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.affiliatekit.internal.Ids;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The ledger's fast id check accepts and rejects exactly what {@link Ids#checkId} does. */
class ChecksProperties {

  @Property(tries = 2000)
  void id_anyString_sameOutcomeAsIdsCheckId(@ForAll("ids") String value) {
    Throwable ours = catchThrowable(() -> Checks.id(value, "key"));
    Throwable reference = catchThrowable(() -> Ids.checkId(value, "key"));

    if (reference == null) {
      assertThat(ours).isNull();
      assertThat(Checks.id(value, "key")).isSameAs(value);
    } else {
      assertThat(ours).isInstanceOf(reference.getClass()).hasMessage(reference.getMessage());
    }
  }

  @Property(tries = 1000)
  void id_afterAnotherIdPassed_sameOutcomeAsIdsCheckId(@ForAll("ids") String first,
      @ForAll("ids") String second) {
    // The check remembers the last string that passed; that must never let another one through.
    catchThrowable(() -> Checks.id(first, "key"));
    Throwable ours = catchThrowable(() -> Checks.id(second, "key"));
    Throwable reference = catchThrowable(() -> Ids.checkId(second, "key"));

    if (reference == null) {
      assertThat(ours).isNull();
    } else {
      assertThat(ours).isInstanceOf(reference.getClass()).hasMessage(reference.getMessage());
    }
  }

  @Example
  void id_sameStringTwice_passesBothTimes() {
    String key = new String("order-1/jane".toCharArray());

    assertThat(Checks.id(key, "key")).isSameAs(key);
    assertThat(Checks.id(key, "key")).isSameAs(key);
  }

  @Example
  void id_nullAfterAnIdPassed_throwsAsIdsCheckId() {
    Checks.id("order-1/jane", "key");

    Throwable ours = catchThrowable(() -> Checks.id(null, "key"));
    Throwable reference = catchThrowable(() -> Ids.checkId(null, "key"));

    assertThat(ours).isInstanceOf(NullPointerException.class)
        .isInstanceOf(reference.getClass()).hasMessage(reference.getMessage());
  }

  @Example
  void id_invalidStringEqualInLengthToOneThatPassed_throws() {
    Checks.id("order-1/jane", "key");

    assertThat(catchThrowable(() -> Checks.id("order-1\tjane", "key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key must not contain control character");
  }

  @Example
  void id_boundaryLengths_sameOutcomeAsIdsCheckId() {
    for (String value : new String[] {"", "a", "a".repeat(Ids.MAX_LENGTH),
        "a".repeat(Ids.MAX_LENGTH + 1), " a", "a b", "~", "!", "\u007f", "a\u0085", "\u00a0x"}) {
      Throwable ours = catchThrowable(() -> Checks.id(value, "key"));
      Throwable reference = catchThrowable(() -> Ids.checkId(value, "key"));
      if (reference == null) {
        assertThat(ours).as("%s", value).isNull();
      } else {
        assertThat(ours).as("%s", value).isInstanceOf(reference.getClass())
            .hasMessage(reference.getMessage());
      }
    }
  }

  @Provide
  Arbitrary<String> ids() {
    // Mostly the plain ASCII of the fast path, with spaces, controls, DEL, Latin-1 and other
    // characters mixed in, at lengths around the limit too.
    Arbitrary<Character> chars = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.chars().range('!', '~')),
        net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u0000', ' ')),
        net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u007f', '\u00a0')),
        net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u00a1', '\u3000')));
    return Arbitraries.oneOf(
        chars.list().ofMaxSize(20).map(ChecksProperties::join),
        chars.list().ofMinSize(250).ofMaxSize(260).map(ChecksProperties::join));
  }

  private static String join(java.util.List<Character> chars) {
    StringBuilder text = new StringBuilder(chars.size());
    chars.forEach(text::append);
    return text.toString();
  }
}
