package dev.affiliatekit.internal;

import static dev.affiliatekit.internal.Texts.quote;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;

/**
 * E-mail addresses in the form used to compare a buyer with an affiliate for self-referral.
 *
 * <p>The normal form has its letters in lower case, in any script, the local part's folded so that
 * {@code STRASSE} and {@code STRAẞE} are {@code straße} and {@code ΣΑΣ} is {@code σας}; the local
 * part loses any {@code +tag}; the domain is in the ASCII form that {@link IDN#toASCII} gives (IDNA
 * 2003), so that {@code bücher.de}, {@code BÜCHER.de} and {@code xn--bcher-kva.de} are one domain,
 * though {@code straße.de} is taken for {@code strasse.de}, and a domain it refuses, such as one
 * with a right-to-left label that ends in a digit, is compared as written; and for Gmail, whose
 * addresses ignore dots and which also answers at {@code googlemail.com}, the dots of the local
 * part go and the domain becomes {@code gmail.com}. So {@code Anna.Smith+shop@GoogleMail.com} and
 * {@code annasmith@gmail.com} are the same person.
 */
public final class Emails {

  /** The longest address accepted, in characters (RFC 5321 path limit). */
  public static final int MAX_LENGTH = 254;

  private Emails() {}

  /**
   * Checks that the text looks like an e-mail address: one {@code @} with text on both sides, at
   * most {@value #MAX_LENGTH} characters, no white space or control character, and no unpaired
   * surrogate, which has no UTF-8 form.
   *
   * @param email the text
   * @param field the name of the field or parameter, for the message
   * @return the text, unchanged
   * @throws IllegalArgumentException if it does not
   */
  @CanIgnoreReturnValue
  public static String check(String email, String field) {
    int at = email.lastIndexOf('@');
    if (email.length() > MAX_LENGTH || at <= 0 || at == email.length() - 1
        || email.indexOf('@') != at) {
      throw new IllegalArgumentException(field + " must be an e-mail address such as "
          + "name@example.com: " + quote(email));
    }
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException(field + " must not contain white space or control "
            + "characters: " + quote(email));
      }
    }
    Texts.checkLine(email, field);
    return email;
  }

  /**
   * Returns the normal form of a valid address.
   *
   * @param email the address
   * @return its normal form
   * @throws IllegalArgumentException if the text is not an address in the sense of {@link #check}
   */
  public static String normalize(String email) {
    check(email, "email");
    int at = email.lastIndexOf('@');
    String written = email.substring(0, at);
    int plus = written.indexOf('+');
    if (plus > 0) {
      written = written.substring(0, plus);
    }
    // Decomposed to fold, so that a letter and its combining marks fold as the marks written
    // apart do; composed again, so that the normal form is one however it was written.
    String local = Normalizer.normalize(fold(Normalizer.normalize(written, Normalizer.Form.NFD)),
        Normalizer.Form.NFC);
    String domain = asciiDomain(email.substring(at + 1));
    if (domain.equals("googlemail.com")) {
      domain = "gmail.com";
    }
    if (domain.equals("gmail.com")) {
      String undotted = local.replace(".", "");
      if (!undotted.isEmpty()) {
        local = undotted;
      }
    }
    return local + "@" + domain;
  }

  /**
   * Returns the domain in lower case: an internationalised one in its {@code xn--} form, as
   * {@link IDN#toASCII} gives it after folding its case; one that it refuses, such as one with a
   * label longer than 63 characters, or maps to a space, folded as written. The normal form is
   * its own normal form if it is an address, and is compared, never sent, so it may be longer
   * than an address may be: its length depends on no spelling of the address.
   *
   * <p>{@link IDN#toASCII} folds the case of the letters Unicode 3.2 had only, so the domain is
   * read in Unicode first, its {@code xn--} labels too, and each letter taken as the lower case of
   * its upper case: {@code STRAẞE.DE} is then {@code strasse.de}, and a Georgian capital its small
   * letter, whichever way the domain was written. The Turkish {@code İ} and {@code ı}, which
   * {@code IDN} maps otherwise, are left to it: {@code İ.com} is not {@code i.com}.
   */
  private static String asciiDomain(String domain) {
    String unicode = IDN.toUnicode(domain, IDN.ALLOW_UNASSIGNED);
    StringBuilder folded = new StringBuilder(unicode.length());
    unicode.codePoints().forEach(codePoint -> folded.appendCodePoint(
        codePoint == DOTTED_CAPITAL_I ? codePoint : simpleFold(codePoint)));
    try {
      String ascii = IDN.toASCII(folded.toString(), IDN.ALLOW_UNASSIGNED);
      // IDN maps a spacing accent, such as U+00B4, to a space and a combining mark, which no
      // address holds; such a domain is compared as written.
      if (ascii.indexOf(' ') < 0) {
        return lower(ascii);
      }
    } catch (IllegalArgumentException notADomainName) {
      // Compared as written.
    }
    // Folded already, its İ kept: lower-casing would make it an i, which IDN may then take for
    // another domain, so that the normal form would not be its own.
    return folded.toString();
  }

  /**
   * Folds the case of a local part code point by code point, much as Unicode's default case
   * folding does: each letter as the lower case of its upper case, so that {@code µ} and {@code
   * Μ}, {@code ſ} and {@code S}, or a final sigma and {@code Σ} fold alike; and a letter whose
   * upper case is longer, such as {@code ß} ({@code SS}), {@code ẞ} or the ligature {@code ﬀ}
   * ({@code FF}), as that upper case in lower case. So {@code straße}, {@code STRAẞE} and {@code
   * STRASSE}, or {@code σας} and {@code ΣΑΣ}, fold alike. As in that folding, the dotless {@code
   * ı} stays apart from {@code I} and {@code i}. The caller decomposes the text first, so that
   * combining marks fold, and are in one order, however they were written; the dotted {@code İ}
   * is then an {@code I} and a combining dot above, which fold to {@code i} and the dot, as
   * lower-casing writes it.
   */
  private static String fold(String text) {
    StringBuilder folded = new StringBuilder(text.length());
    text.codePoints().forEach(codePoint -> {
      int simple = simpleFold(codePoint);
      String upper = new String(Character.toChars(simple)).toUpperCase(Locale.ROOT);
      if (upper.codePointCount(0, upper.length()) > 1) {
        folded.append(lower(upper));
      } else {
        folded.appendCodePoint(simple);
      }
    });
    return folded.toString();
  }

  /** {@return the lower case of the code point's upper case; the dotless {@code ı} itself} */
  private static int simpleFold(int codePoint) {
    return codePoint == DOTLESS_I ? codePoint
        : Character.toLowerCase(Character.toUpperCase(codePoint));
  }

  private static final int DOTLESS_I = 0x0131;
  private static final int DOTTED_CAPITAL_I = 0x0130;

  /**
   * Lower-cases each code point on its own, in every script, the same in every locale: unlike
   * {@code String.toLowerCase}, it never changes the length, which {@code U+0130} would.
   */
  private static String lower(String text) {
    int[] codePoints = text.codePoints().map(Character::toLowerCase).toArray();
    return new String(codePoints, 0, codePoints.length);
  }
}
