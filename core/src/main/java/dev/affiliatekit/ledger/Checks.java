package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;

/** Validation of the free text and amounts that postings carry. */
final class Checks {

  /** The longest reason or explanation accepted, in characters. */
  static final int MAX_TEXT_LENGTH = 1000;

  private Checks() {}

  /** Checks a human-readable line: not blank, not too long, no control characters. */
  static String text(String value, String field) {
    checkNotNull(value, field);
    checkArgument(!value.isBlank(), "%s must not be blank: %s", field, Texts.quote(value));
    checkArgument(value.length() <= MAX_TEXT_LENGTH, "%s must be at most %s characters: %s",
        field, MAX_TEXT_LENGTH, Texts.quote(value));
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      checkArgument(!Character.isISOControl(c),
          "%s must not contain control character %s at index %s: %s", field, Texts.printable(c), i,
          Texts.quote(value));
    }
    return value;
  }

  static Money positive(Money amount, String field) {
    checkNotNull(amount, field);
    checkArgument(amount.isPositive(), "%s must be positive: %s", field, amount);
    return amount;
  }
}
