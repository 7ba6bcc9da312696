package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** Validation of the free text and amounts that postings carry. */
final class Checks {

  /** The longest reason or explanation accepted, in characters. */
  static final int MAX_TEXT_LENGTH = 1000;

  private Checks() {}

  /**
   * The string that last passed {@link #id} as a plain id. A posting checks its key four times: as
   * the idempotency key, as the transaction's key and as each entry's reference, which the public
   * records check again because a user may build them too. The three repeats find the same string
   * here and cost one comparison instead of a pass over its characters.
   *
   * <p>Racy on purpose, as {@link String#hashCode} caches its hash: without synchronization a
   * thread reads null or a string that some thread wrote, and only strings that passed are
   * written. Strings are immutable, so a string that passed once passes again.
   */
  @SuppressWarnings("NonFinalStaticField")
  private static @Nullable String lastPlain;

  /**
   * Checks an identifier as {@link Ids#checkId} does, with the same messages. The common id,
   * printable ASCII without spaces, is accepted in one pass over its characters, or none if it is
   * the string that passed last; any other is left to {@link Ids#checkId}.
   */
  @CanIgnoreReturnValue
  @SuppressWarnings("ReferenceEquality") // identity is the point: the very string that passed
  static String id(String value, String field) {
    if (value != null) {
      if (value == lastPlain) {
        return value;
      }
      if (isPlainAscii(value)) {
        lastPlain = value;
        return value;
      }
    }
    return Ids.checkId(value, field);
  }

  /**
   * Tells whether a string has 1 to {@link Ids#MAX_LENGTH} characters, each from {@code '!'} to
   * {@code '~'}: such a string is not blank and has no control character.
   */
  static boolean isPlainAscii(String value) {
    int length = value.length();
    if (length == 0 || length > Ids.MAX_LENGTH) {
      return false;
    }
    // Without a branch per character: c - '!' is negative below the range and '~' - c above it,
    // so the sign bit of their union marks a character outside. Keys are valid nearly always, and
    // a loop without early exits runs unrolled and predicts its one exit.
    int outside = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      outside |= (c - '!') | ('~' - c);
    }
    return outside >= 0;
  }

  /**
   * Checks a human-readable line: not blank, not too long, no control characters, and text (no
   * half of a surrogate pair).
   */
  @CanIgnoreReturnValue
  static String text(String value, String field) {
    return Texts.checkText(value, field, MAX_TEXT_LENGTH);
  }

  @CanIgnoreReturnValue
  static Money positive(Money amount, String field) {
    checkNotNull(amount, field);
    checkArgument(amount.isPositive(), "%s must be positive: %s", field, amount);
    return amount;
  }

  /**
   * Checks that an amount is in the currency of another.
   *
   * @param field the amount's name, such as {@code balances payable}
   * @param of the other amount's name, such as {@code pending}
   * @throws CurrencyMismatchException naming both and the amount
   */
  static void sameCurrency(Money amount, String field, Money other, String of) {
    if (!amount.currency().equals(other.currency())) {
      throw new CurrencyMismatchException(other.currency(), amount.currency(), field
          + " must be in " + other.currency() + ", the currency of " + of + ": " + amount);
    }
  }

  /**
   * Returns the elements, checked not to be null, so that a collection with a null element is
   * refused by name, such as {@code lineIds contains null}.
   */
  @CanIgnoreReturnValue
  static <C extends Collection<?>> C noNulls(C values, String field) {
    checkNotNull(values, field);
    for (Object value : values) {
      checkNotNull(value, "%s contains null", field);
    }
    return values;
  }

  /**
   * Writes an amount of minor units that may lie beyond a {@code long}, as money is written: {@code
   * USD 184467440737095466.12}.
   */
  static String money(BigInteger minor, CurrencyUnit currency) {
    return currency.code() + " " + new BigDecimal(minor, currency.scale()).toPlainString();
  }
}
