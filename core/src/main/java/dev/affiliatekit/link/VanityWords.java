package dev.affiliatekit.link;

import java.util.Set;

/** The default word lists of {@link VanityPolicy}. */
final class VanityWords {

  private VanityWords() {}

  /**
   * Codes that would clash with a shop's routes or impersonate its staff, reserved as whole
   * codes.
   */
  static final Set<String> RESERVED = Set.of(
      "ACCOUNT", "ADMIN", "ADMINISTRATOR", "AFFILIATE", "AFFILIATES", "API", "APP", "ASSETS",
      "AUTH", "BILLING", "BLOG", "CART", "CHECKOUT", "COUPON", "COUPONS", "DASHBOARD", "DISCOUNT",
      "EMPTY", "ERROR", "FREE", "HELP", "HOME", "INDEX", "INFO", "LOGIN", "LOGOUT", "MODERATOR",
      "NONE", "NULL", "OFFICIAL", "ORDER", "ORDERS", "OWNER", "PARTNER", "PASSWORD", "PAYMENT",
      "PAYOUT", "PROMO", "REF", "REFERRAL", "REGISTER", "ROOT", "SECURITY", "SETTINGS", "SHOP",
      "SIGNIN", "SIGNUP", "STAFF", "STATIC", "STORE", "SUPPORT", "SYSTEM", "TEST", "UNDEFINED",
      "USER", "VOID", "WWW");

  /**
   * Words no vanity code may contain anywhere, in English: profanity and slurs that are rarely
   * part of a name. Short words such as {@code ASS} or {@code DICK} are left out on purpose: as
   * parts of a code they would block names like {@code CASSIE} or {@code DICKENS}. Hosts add the
   * words of their own languages and markets.
   */
  static final Set<String> BLOCKED = Set.of(
      "BASTARD", "BITCH", "BOLLOCK", "BOOB", "CUNT", "DILDO", "FAGGOT", "FUCK", "HITLER", "JIZZ",
      "KKK", "MOTHERF", "NIGGA", "NIGGER", "ORGASM", "PENIS", "PISS", "PORN", "PUSSY", "RETARD",
      "SHIT", "SLUT", "TWAT", "VAGINA", "WANK", "WHORE", "XXX");
}
