package dev.affiliatekit.attribution;

import static dev.affiliatekit.internal.Texts.quote;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.net.IDN;
import java.util.Locale;

/**
 * E-mail addresses in the form used to compare a buyer with an affiliate for self-referral.
 *
 * <p>The normal form has its letters in lower case, in any script, the local part's folded so
 * that {@code STRASSE} is {@code straße} and {@code ΣΑΣ} is {@code σας}; the local part loses any
 * {@code +tag}; the domain is in the ASCII form that {@link IDN#toASCII} gives (IDNA 2003), so
 * that {@code bücher.de}, {@code BÜCHER.de} and {@code xn--bcher-kva.de} are one domain, though
 * {@code straße.de} is taken for {@code strasse.de}, and a domain it refuses, such as one with a
 * right-to-left label that ends in a digit, is compared as written; and for Gmail, whose addresses ignore dots and which
 * also answers at {@code googlemail.com}, the dots of the local part go and the domain becomes
 * {@code gmail.com}. So {@code Anna.Smith+shop@GoogleMail.com} and {@code annasmith@gmail.com}
 * are the same person.
 */
final class Emails {

  /** The longest address accepted, in characters (RFC 5321 path limit). */
  static final int MAX_LENGTH = 254;

  private Emails() {}

  /**
   * Checks that the text looks like an e-mail address: one {@code @} with text on both sides, at
   * most {@value #MAX_LENGTH} characters, and no white space or control character.
   *
   * @throws IllegalArgumentException if it does not
   */
  @CanIgnoreReturnValue
  static String check(String email, String field) {
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
    return email;
  }

  /**
   * Returns the normal form of a valid address.
   *
   * @throws IllegalArgumentException if the text is not an address in the sense of {@link #check}
   */
  static String normalize(String email) {
    check(email, "email");
    int at = email.lastIndexOf('@');
    String local = fold(email.substring(0, at));
    int plus = local.indexOf('+');
    if (plus > 0) {
      local = local.substring(0, plus);
    }
    String domain = asciiDomain(email.substring(at + 1), MAX_LENGTH - local.length() - 1);
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
   * Returns the domain in lower-case ASCII: an internationalised one in its {@code xn--} form, as
   * {@link IDN#toASCII} gives it after folding its case; one that is no valid domain name, such as
   * one with a label longer than 63 characters, or whose ASCII form would make the address longer
   * than an address may be, in lower case as written, so that the normal form is one too.
   */
  private static String asciiDomain(String domain, int maxLength) {
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException notADomainName) {
      ascii = domain;
    }
    return ascii.length() <= maxLength ? lower(ascii) : lower(domain);
  }

  /**
   * Folds the case of a local part: upper-cases it as {@link Locale#ROOT} does, which spells
   * {@code ß} as {@code SS} and the ligature {@code ﬀ} as {@code FF}, then lower-cases each code
   * point on its own, so that a final sigma and a sigma are one letter. So {@code straße} and
   * {@code STRASSE}, {@code σας} and {@code ΣΑΣ} fold alike.
   */
  private static String fold(String text) {
    return lower(text.toUpperCase(Locale.ROOT));
  }

  /**
   * Lower-cases each code point on its own, in every script, the same in every locale: unlike
   * {@code String.toLowerCase}, it never changes the length, which {@code U+0130} would.
   */
  private static String lower(String text) {
    int[] codePoints = text.codePoints().map(Character::toLowerCase).toArray();
    return new String(codePoints, 0, codePoints.length);
  }
}
