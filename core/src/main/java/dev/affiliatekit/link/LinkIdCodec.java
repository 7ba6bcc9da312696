package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A keyed, reversible encoding of a {@code long} id (such as a database sequence) as a generated
 * link code, so that codes are short, collision-free and do not reveal how many affiliates there
 * are or which ids are neighbours.
 *
 * <p>The id passes through a keyed permutation of all 2<sup>64</sup> values, and the result is
 * written as 13 Crockford symbols and a check symbol. The permutation is a balanced Feistel network
 * of eight rounds on the two 32-bit halves; round {@code i} uses the key {@code k[i]}, the {@code i
 * % 4}-th big-endian {@code long} of SHA-256({@code "dev.affiliatekit.link.LinkIdCodec/v1"}
 * &#x2016; the byte {@code i / 4} &#x2016; secret), and its function is the top 32 bits of the
 * SplitMix64 finaliser of {@code half ^ k[i]}. The format is fixed: a secret gives the same codes
 * in every release. Different ids always give different codes, every code decodes back to its id,
 * and ids 1, 2, 3 give unrelated codes. Without the secret, the codes look random; but this is an
 * obfuscation for codes in links, not encryption: use {@link LinkCodeGenerator#random()} where a
 * code must reveal nothing at all.
 *
 * <pre>{@code
 * LinkIdCodec codec = LinkIdCodec.withSecret(secretFromConfig);   // at least 16 bytes
 * LinkCode code = codec.encode(1042);            // 14 symbols, unrelated to the code of 1043
 * long id = codec.decode(LinkCode.parse(typed));  // 1042, if typed is that code in any form
 * }</pre>
 *
 * <p>A codec keeps the eight round keys, not the secret. Two codecs are equal when their keys are,
 * that is when they were made with the same secret and so make the same codes. {@link
 * #equals(Object)} compares every key whatever the others, so that its time says nothing of where
 * two keys differ, and {@link #hashCode()} is a digest of the keys that reveals none of them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LinkIdCodec {

  /** The fewest bytes a secret may have. */
  public static final int MIN_SECRET_BYTES = 16;

  /** The length of every code this codec makes: 13 symbols for 64 bits, and a check symbol. */
  public static final int CODE_LENGTH = 14;

  private static final int DATA_SYMBOLS = CODE_LENGTH - 1;
  private static final int ROUNDS = 8;
  private static final String KEY_LABEL = "dev.affiliatekit.link.LinkIdCodec/v1";

  private final long[] roundKeys;
  private final int hash;

  private LinkIdCodec(long[] roundKeys) {
    this.roundKeys = roundKeys;
    // A digest, as a hash code may be shown or measured where the keys must not be.
    Hasher digest = Hashing.sha256().newHasher().putString(KEY_LABEL + "#hashCode", UTF_8);
    for (long key : roundKeys) {
      digest.putLong(key);
    }
    this.hash = digest.hash().asInt();
  }

  /**
   * Returns the codec keyed by the given secret. Keep the secret as you keep other keys: anyone
   * who has it can turn codes back into ids.
   *
   * <p>For example, {@code withSecret("a secret of 16+ bytes".getBytes(UTF_8))}; the same secret
   * always gives the same codes.
   *
   * @param secret at least {@value #MIN_SECRET_BYTES} bytes, ideally random; copied
   * @return the codec
   * @throws IllegalArgumentException if the secret is shorter
   */
  public static LinkIdCodec withSecret(byte[] secret) {
    checkNotNull(secret, "secret");
    checkArgument(secret.length >= MIN_SECRET_BYTES,
        "secret must have at least %s bytes: %s bytes", MIN_SECRET_BYTES, secret.length);
    long[] keys = new long[ROUNDS];
    for (int block = 0; block < ROUNDS / 4; block++) {
      byte[] digest = Hashing.sha256().newHasher()
          .putString(KEY_LABEL, UTF_8)
          .putByte((byte) block)
          .putBytes(secret)
          .hash()
          .asBytes();
      ByteBuffer buffer = ByteBuffer.wrap(digest);
      for (int i = 0; i < 4; i++) {
        keys[block * 4 + i] = buffer.getLong();
      }
    }
    return new LinkIdCodec(keys);
  }

  /**
   * Returns the code of an id.
   *
   * <p>Any {@code long} is an id, negative ones included, and the code is always {@value
   * #CODE_LENGTH} symbols long, the last a check symbol.
   *
   * @param id the id
   * @return the code, which {@link #decode(LinkCode)} turns back into {@code id}
   */
  public LinkCode encode(long id) {
    long permuted = permute(id);
    char[] symbols = new char[CODE_LENGTH];
    Crockford.writeUnsigned(permuted, DATA_SYMBOLS, symbols, 0);
    symbols[DATA_SYMBOLS] = Crockford.checkSymbol(permuted);
    return LinkCode.ofCanonical(new String(symbols));
  }

  /**
   * Returns the id whose code this is.
   *
   * <p>Every code of {@value #CODE_LENGTH} symbols whose first symbol is at most {@code F} and
   * whose check symbol matches is the code of some id: a codec cannot tell its own codes from
   * codes made with another secret. Look the code up in a {@link LinkRegistry} to know whether it
   * was handed out.
   *
   * @param code a code made by this codec
   * @return the id
   * @throws IllegalArgumentException if the code cannot be the code of any id, being of another
   *     length, having symbols outside Crockford base 32, a first symbol above {@code F}, or a
   *     wrong check symbol
   */
  public long decode(LinkCode code) {
    checkNotNull(code, "code");
    String text = code.toString();
    if (text.length() != CODE_LENGTH || Crockford.value(text.charAt(0)) >= 16) {
      throw notAnIdCode(text);
    }
    long permuted = 0;
    for (int i = 0; i < DATA_SYMBOLS; i++) {
      char c = text.charAt(i);
      int value = Crockford.value(c);
      if (value < 0 || value >= Crockford.BASE || Crockford.symbol(value) != c) {
        throw notAnIdCode(text);
      }
      permuted = permuted << 5 | value;
    }
    if (Crockford.checkSymbol(permuted) != text.charAt(DATA_SYMBOLS)) {
      throw new IllegalArgumentException("link code has a wrong check symbol: " + quote(text));
    }
    return unpermute(permuted);
  }

  private static IllegalArgumentException notAnIdCode(String text) {
    return new IllegalArgumentException("link code is not an id code: " + quote(text));
  }

  /** A balanced Feistel network on the two 32-bit halves of {@code x}. */
  long permute(long x) {
    long left = x >>> 32;
    long right = x & 0xFFFF_FFFFL;
    for (int i = 0; i < ROUNDS; i++) {
      long next = left ^ round(roundKeys[i], right);
      left = right;
      right = next;
    }
    return left << 32 | right;
  }

  /** The inverse of {@link #permute(long)}: the rounds in reverse order. */
  long unpermute(long y) {
    long left = y >>> 32;
    long right = y & 0xFFFF_FFFFL;
    for (int i = ROUNDS - 1; i >= 0; i--) {
      long previous = right ^ round(roundKeys[i], left);
      right = left;
      left = previous;
    }
    return left << 32 | right;
  }

  /** The round function: the key mixed into a half by the SplitMix64 finaliser, top 32 bits. */
  private static long round(long key, long half) {
    long z = half ^ key;
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return (z ^ (z >>> 31)) >>> 32;
  }

  /**
   * Returns whether the other object is a codec with the same keys, made with the same secret,
   * comparing every key whatever the others.
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    if (!(obj instanceof LinkIdCodec other)) {
      return false;
    }
    long difference = 0;
    for (int i = 0; i < ROUNDS; i++) {
      difference |= roundKeys[i] ^ other.roundKeys[i];
    }
    return difference == 0;
  }

  /** {@return a digest of the keys, which reveals none of them} */
  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns a description that does not reveal the key. */
  @Override
  public String toString() {
    return "LinkIdCodec[key hidden]";
  }
}
