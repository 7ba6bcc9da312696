package dev.affiliatekit.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.testing.LinkArbitraries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkIdCodecTest {

  private static final LinkIdCodec CODEC = LinkIdCodec.withSecret("0123456789abcdef".getBytes(UTF_8));

  /*
   * These codes were computed by a separate implementation of the construction that the class
   * documentation specifies (Python: hashlib.sha256 for the keys, integer arithmetic mod 2^64 for
   * the rounds), so they check the specification, and pin the format: a code handed out once must
   * decode to the same id in every release.
   */
  @ParameterizedTest
  @CsvSource({
      "0, 75WN3CNWFZ6D4Y",
      "1, 89JBH4V4RSDMVZ",
      "2, 6T5EZN7ASTJCF3",
      "3, 36WX8AY41R6THU",
      "1042, 1WEV5ANJP7J9XT",
      "-1, 2P1VR5Q55WJW3P",
      "-9223372036854775808, 2J6CPS6VG7SV47",
      "9223372036854775807, BD9P2KRXQ4JAMX"})
  void encode_matchesTheSpecification(long id, String code) {
    assertThat(CODEC.encode(id)).hasToString(code);
    assertThat(CODEC.decode(LinkCode.parse(code))).isEqualTo(id);
  }

  @Test
  void decode_readsTypedCodes() {
    assertThat(CODEC.decode(LinkCode.parse("1wev-5anj-p7j9-xt"))).isEqualTo(1042);
  }

  @Test
  void withSecret_otherSecret_givesOtherCodes() {
    LinkIdCodec other = LinkIdCodec.withSecret("0123456789abcdeF".getBytes(UTF_8));
    assertThat(other.encode(1)).isNotEqualTo(CODEC.encode(1));
    assertThat(other.decode(CODEC.encode(1))).isNotEqualTo(1);
  }

  @Test
  void withSecret_copiesTheSecret() {
    byte[] secret = "0123456789abcdef".getBytes(UTF_8);
    LinkIdCodec codec = LinkIdCodec.withSecret(secret);
    secret[0] = 'X';
    assertThat(codec.encode(1)).isEqualTo(CODEC.encode(1));
  }

  @Test
  void withSecret_shortSecret_isRejectedWithoutShowingIt() {
    assertThatThrownBy(() -> LinkIdCodec.withSecret("fifteen bytes!!".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret must have at least 16 bytes: 15 bytes");
  }

  @Test
  void decode_codeOfAnotherShape_isRejected() {
    assertThatThrownBy(() -> CODEC.decode(LinkCode.parse("16JD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("link code is not an id code: '16JD'");
    // 14 symbols, but the first is above F, so the value would need 65 bits.
    String tooLarge = "G000000000000";
    String withCheck = tooLarge + LinkArbitraries.checkSymbolOf(tooLarge);
    assertThatThrownBy(() -> CODEC.decode(LinkCode.parse(withCheck)))
        .hasMessage("link code is not an id code: '" + withCheck + "'");
    // A vanity code of 14 letters, with symbols outside Crockford base 32.
    assertThatThrownBy(() -> CODEC.decode(LinkCode.parseVanity("JANEDOEOLIVIAS")))
        .hasMessage("link code is not an id code: 'JANEDOEOLIVIAS'");
  }

  @Test
  void decode_wrongCheckSymbol_isRejected() {
    // A vanity reading skips the check, so a code with a wrong check symbol can reach decode.
    assertThatThrownBy(() -> CODEC.decode(LinkCode.parseVanity("1WEV5ANJP7J9XV")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("link code has a wrong check symbol: '1WEV5ANJP7J9XV'");
  }

  @Test
  void equals_comparesTheKeys_thatIsTheSecret() {
    byte[] secret = "0123456789abcdef".getBytes(UTF_8);
    LinkIdCodec same = LinkIdCodec.withSecret(secret);
    secret[0] = 'x';
    new EqualsTester()
        .addEqualityGroup(CODEC, same,
            LinkIdCodec.withSecret("0123456789abcdef".getBytes(UTF_8)))
        .addEqualityGroup(LinkIdCodec.withSecret(secret))
        .addEqualityGroup(LinkIdCodec.withSecret("0123456789abcdef0".getBytes(UTF_8)))
        .addEqualityGroup(LinkIdCodec.withSecret("0123456789abcdeg".getBytes(UTF_8)))
        .testEquals();
  }

  @Test
  void toString_hidesTheKey() {
    assertThat(CODEC).hasToString("LinkIdCodec[key hidden]");
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester().setDefault(byte[].class, new byte[16]);
    tester.testAllPublicStaticMethods(LinkIdCodec.class);
    tester.testAllPublicInstanceMethods(CODEC);
  }
}
