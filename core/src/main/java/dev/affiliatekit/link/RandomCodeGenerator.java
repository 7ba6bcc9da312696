package dev.affiliatekit.link;

import java.util.random.RandomGenerator;

/** Random codes: uniform Crockford symbols, five bits each, and the check symbol. */
final class RandomCodeGenerator implements LinkCodeGenerator {

  /** Symbols taken from one {@code long}: 12 of 5 bits, leaving 4 bits unused. */
  private static final int SYMBOLS_PER_LONG = 12;

  private final RandomGenerator random;
  private final int length;

  RandomCodeGenerator(RandomGenerator random, int length) {
    this.random = random;
    this.length = length;
  }

  @Override
  public LinkCode next() {
    char[] symbols = new char[length + 1];
    long number = 0;
    long bits = 0;
    for (int i = 0; i < length; i++) {
      if (i % SYMBOLS_PER_LONG == 0) {
        bits = random.nextLong();
      }
      // Any 5 bits of a uniform long are uniform over 0..31: no modulo bias.
      int value = (int) (bits & (Crockford.BASE - 1));
      bits >>>= 5;
      symbols[i] = Crockford.symbol(value);
      number = number * Crockford.BASE + value;
      if (number >= Crockford.REDUCE_AT) {
        number %= Crockford.CHECK_MODULUS;
      }
    }
    symbols[length] = Crockford.symbol((int) (number % Crockford.CHECK_MODULUS));
    return LinkCode.ofCanonical(new String(symbols));
  }

  @Override
  public String toString() {
    return "LinkCodeGenerator.random(" + random + ", " + length + ")";
  }
}
