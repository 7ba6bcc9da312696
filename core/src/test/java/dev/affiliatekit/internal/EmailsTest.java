package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.internal.Texts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailsTest {

  @ParameterizedTest
  @CsvSource({
      "Anna.Smith@Gmail.com, annasmith@gmail.com",
      "anna.smith+shop@googlemail.com, annasmith@gmail.com",
      "a.n.n.a@GMAIL.COM, anna@gmail.com",
      "Anna.Smith+x@Example.com, anna.smith@example.com",
      "anna+a+b@example.com, anna@example.com",
      "+tag@example.com, +tag@example.com",
      "...@gmail.com, ...@gmail.com",
      "INFO@EXAMPLE.ORG, info@example.org",
      // Letters of every script, in the local part and the domain, whose ASCII form is kept.
      "\u0130NFO@EXAMPLE.ORG, i\u0307nfo@example.org",
      "\u00c4NNA@example.com, \u00e4nna@example.com",
      "anna@B\u00dcCHER.de, anna@xn--bcher-kva.de",
      "anna@b\u00fccher.de, anna@xn--bcher-kva.de",
      "anna@XN--BCHER-KVA.DE, anna@xn--bcher-kva.de",
      // Regression: letters whose upper case is another spelling were told apart by their case.
      "stra\u00dfe@x.de, strasse@x.de",
      "STRASSE@x.de, strasse@x.de",
      "\u03c3\u03b1\u03c2@x.gr, \u03c3\u03b1\u03c3@x.gr",
      "\u03a3\u0391\u03a3@x.gr, \u03c3\u03b1\u03c3@x.gr",
      "\ufb00@x.com, ff@x.com",
      "STRA\u1e9eE@x.de, strasse@x.de",
      // Letters that case folding takes as one: the lower case of their upper case.
      "\u017fam@x.com, sam@x.com",
      "\u00b5@x.com, \u03bc@x.com",
      "\u039c@x.com, \u03bc@x.com",
      "\u03d1eo@x.com, \u03b8eo@x.com",
      // As in Unicode's default case folding, the dotless i stays apart from I and i.
      "y\u0131lmaz@x.com, y\u0131lmaz@x.com",
      "YILMAZ@x.com, yilmaz@x.com",
      // The dotted capital I folds as lower-casing writes it, an i with a combining dot above;
      // combining marks are compared in one order.
      "\u0130rem@x.com, i\u0307rem@x.com",
      "i\u0307rem@x.com, i\u0307rem@x.com",
      "i\u0323\u0307@x.com, \u1ecb\u0307@x.com",
      "i\u0307\u0323@x.com, \u1ecb\u0307@x.com",
      "u\u0308ber@x.com, \u00fcber@x.com",
      // A letter that decomposes folds as its marks written apart do.
      "\u0390@x.gr, \u0390@x.gr",
      "\u0399\u0308\u0301@x.gr, \u0390@x.gr",
      // Domains are folded before their ASCII form, which folds letters of Unicode 3.2 only.
      "anna@STRA\u1e9eE.DE, anna@strasse.de",
      // An xn-- label is read in Unicode and folded as its Unicode spelling is.
      "anna@\u13a0.com, anna@xn--kz9a.com",
      "anna@xn--58d.com, anna@xn--kz9a.com",
      // The Turkish I's are left to IDN, which keeps their domains apart from i's.
      "anna@\u0130.com, anna@xn--i-9bb.com",
      "anna@i\u0307.com, anna@xn--i-9bb.com",
      "anna@xn--i-9bb.com, anna@xn--i-9bb.com",
      "anna@i.com, anna@i.com",
      "anna@i\u0323\u0307.com, anna@xn--rsa923l.com",
      "anna@i\u0307\u0323.com, anna@xn--rsa923l.com",
      "ana@\u1c9b\u1c90.\u1c92\u1c94, ana@xn--lodv.xn--node",
      "ana@\u10db\u10d0.\u10d2\u10d4, ana@xn--lodv.xn--node",
      // The tag goes first: the address without it fits in its ASCII form.
      "anna+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@b\u00fccherb\u00fccherb\u00fccher.de, anna@xn--bcherbcherbcher-zvbff.de"})
  void normalize(String address, String normal) {
    assertThat(Emails.normalize(address)).isEqualTo(normal);
  }

  /**
   * Regression: the domain kept its ASCII form only if the address still fitted in 254
   * characters, so two spellings of one address near that length, of one local part or one
   * domain, had different normal forms.
   */
  @org.junit.jupiter.api.Test
  void normalize_nearTheLengthLimit_dependsOnNoSpelling() {
    String local = "\u00df".repeat(119);
    assertThat(Emails.normalize(local + "@b\u00fccher.de"))
        .isEqualTo(Emails.normalize(local + "@xn--bcher-kva.de"))
        .isEqualTo("ss".repeat(119) + "@xn--bcher-kva.de");
    String domain = "b\u00fccher" + "a".repeat(40) + "." + "a".repeat(63) + "." + "d".repeat(63)
        + "." + "c".repeat(60) + ".com";
    assertThat(Emails.normalize("stra\u00dfe@" + domain))
        .isEqualTo(Emails.normalize("STRASSE@" + domain))
        .isEqualTo(Emails.normalize("STRA\u1e9eE@" + domain))
        .startsWith("strasse@xn--");
  }

  /**
   * Regression: IDN maps a spacing accent to a space and a combining mark, which the domain's
   * {@code xn--} form kept, and a domain it refused had its {@code İ} lower-cased to an {@code i},
   * which it then took: either normal form was not its own, and the first held a space.
   */
  @ParameterizedTest
  @ValueSource(strings = {"a@\u00b4", "a@\u00b4.example.com", "a@x\u02dd.com",
      "a@\u0130\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125"
          + "\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125"
          + "\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125"
          + "\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125\u0125"
          + "\u0125\u0125"})
  void normalize_ofANormalForm_isTheNormalForm(String address) {
    String normal = Emails.normalize(address);

    assertThat(normal).doesNotContain(" ");
    assertThat(Emails.normalize(normal)).isEqualTo(normal);
  }

  /** Domains that are no host names, with an underscore say, are still read as IDN reads them. */
  @ParameterizedTest
  @CsvSource({
      "mia@b\u00fc_cher.de, mia@bu\u0308_cher.de",
      "mia@b\u00fc_cher.de, mia@b\u00fc\uff3fcher.de",
      "mia@\u0130_x.com, mia@i\u0307_x.com"})
  void normalize_domainsOtherThanHostNames_readAsIdnReadsThem(String address, String same) {
    assertThat(Emails.normalize(same)).isEqualTo(Emails.normalize(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@", "anna", "anna@", "@example.com", "a@b@c", "an na@example.com",
      "anna@exa\tmple.com", "anna\u00a0@example.com"})
  void normalize_malformed_throwsIllegalArgument(String address) {
    assertThatThrownBy(() -> Emails.normalize(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("email must ");
  }

  /** Regression: half of a surrogate pair has no UTF-8 form, and every other id refuses one. */
  @ParameterizedTest
  @ValueSource(strings = {"a\uD800@b.c", "x@\uDC00.com", "\uDBFF@example.com"})
  void check_unpairedSurrogate_throwsIllegalArgument(String address) {
    assertThatThrownBy(() -> Emails.check(address, "customerEmail"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("customerEmail must not contain unpaired surrogate \\u")
        .hasMessageEndingWith(Texts.quote(address));
    // A pair is text.
    assertThat(Emails.check("\uD83D\uDE00@example.com", "email"))
        .isEqualTo("\uD83D\uDE00@example.com");
  }

  @ParameterizedTest
  @ValueSource(ints = {254, 255})
  void check_lengthLimit(int length) {
    String address = "a".repeat(length - "@example.com".length()) + "@example.com";
    if (length <= Emails.MAX_LENGTH) {
      assertThat(Emails.check(address, "email")).isSameAs(address);
    } else {
      assertThatThrownBy(() -> Emails.check(address, "email"))
          .hasMessageStartingWith("email must be an e-mail address such as name@example.com: 'aaaa");
    }
  }
}
