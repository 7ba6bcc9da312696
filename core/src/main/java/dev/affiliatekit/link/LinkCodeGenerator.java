package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.security.SecureRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A source of new link codes: random, from ids, or vanity candidates from a name.
 *
 * <p>A generator proposes codes; a {@link LinkRegistry} decides whether one is free. {@link
 * LinkRegistry#claimNew(LinkCodeGenerator, int, LinkOwner)} draws codes until it claims one, so
 * that a rare clash of random codes, or a vanity name that is taken, costs a retry and not an
 * error.
 *
 * <pre>{@code
 * LinkRegistry registry = LinkRegistry.inMemory();
 * LinkOwner jane = LinkOwner.of("aff-1042");
 * LinkCode link = registry.claimNew(LinkCodeGenerator.random(), 8, jane);      // K7QX2M9D4PV
 * LinkCode coupon = registry.claimNew(
 *     LinkCodeGenerator.vanity("Jane Doe", VanityPolicy.defaults()), 10, jane); // JANEDOE
 * }</pre>
 */
@FunctionalInterface
public interface LinkCodeGenerator {

  /**
   * The number of random symbols of {@link #random()}: 50 random bits, before the check symbol.
   */
  int DEFAULT_LENGTH = 10;

  /** The fewest random symbols a random generator may have. */
  int MIN_RANDOM_LENGTH = 4;

  /**
   * Returns the next code.
   *
   * @return a code; whether it is free is for a {@link LinkRegistry} to say
   * @throws IllegalStateException if the generator has no more codes, as a vanity generator after
   *     its policy's number of attempts
   */
  LinkCode next();

  /**
   * Returns a generator of random codes of {@value #DEFAULT_LENGTH} symbols and a check symbol,
   * drawn from a new {@link SecureRandom}.
   *
   * <p>For example, it may return {@code K7QX2M9D4PV}. With 10<sup>9</sup> live codes, a guessed
   * code is live with probability 8.9 &times; 10<sup>-7</sup>; see the README for the odds.
   *
   * @return a thread-safe generator
   */
  static LinkCodeGenerator random() {
    return new RandomCodeGenerator(new SecureRandom(), DEFAULT_LENGTH);
  }

  /**
   * Returns a generator of random codes: {@code length} symbols drawn uniformly and independently
   * from the 32 Crockford symbols, then the check symbol.
   *
   * <p>For example, {@code random(new SplittableRandom(7), 6)} first returns {@code QE34KC9} and
   * {@code WGSR3TH}. Each symbol takes 5 bits of {@link RandomGenerator#nextLong()}, so there is no
   * modulo bias, and one call yields 12 symbols.
   *
   * @param random the source of randomness; the generator is as thread-safe as it is
   * @param length the number of random symbols, from {@value #MIN_RANDOM_LENGTH} to 31
   * @return the generator
   * @throws IllegalArgumentException if the length is out of bounds
   */
  static LinkCodeGenerator random(RandomGenerator random, int length) {
    checkNotNull(random, "random");
    checkArgument(length >= MIN_RANDOM_LENGTH && length < LinkCode.MAX_LENGTH,
        "random code length must be within [%s, %s]: %s", MIN_RANDOM_LENGTH,
        LinkCode.MAX_LENGTH - 1, length);
    return new RandomCodeGenerator(random, length);
  }

  /**
   * Returns a generator that encodes the ids it draws from {@code ids}, such as a database
   * sequence, with the given codec.
   *
   * <p>For example, with a codec and a sequence that returns 1, 2, 3, it returns three unrelated
   * codes of 14 symbols, which {@link LinkIdCodec#decode(LinkCode)} turns back into 1, 2 and 3.
   *
   * @param codec the keyed encoding
   * @param ids the ids to encode, one per code
   * @return a generator as thread-safe as {@code ids}
   */
  static LinkCodeGenerator fromIds(LinkIdCodec codec, LongSupplier ids) {
    checkNotNull(codec, "codec");
    checkNotNull(ids, "ids");
    return () -> codec.encode(ids.getAsLong());
  }

  /**
   * Returns a generator of vanity candidates for a name or chosen text: first the text itself in
   * canonical form, then with the suffixes 2, 3, and so on, each allowed by the policy, until the
   * policy's {@linkplain VanityPolicy#maxAttempts() number of attempts} is used up.
   *
   * <p>For example, for {@code "Jane Doe"} under {@link VanityPolicy#defaults()} it returns
   * {@code JANEDOE}, {@code JANEDOE2}, {@code JANEDOE3}, and so on.
   *
   * @param name a name such as {@code "Zoë O'Brien"} (read as {@code ZOEOBRIEN}) or chosen text
   * @param policy what a vanity code may be
   * @return a new generator, for one thread
   * @throws IllegalArgumentException if the policy allows no code for the name, for example
   *     because it is too short, reserved or contains a blocked word, or because none of its
   *     candidates is allowed
   */
  static LinkCodeGenerator vanity(CharSequence name, VanityPolicy policy) {
    checkNotNull(name, "name");
    checkNotNull(policy, "policy");
    return policy.candidates(name);
  }
}
