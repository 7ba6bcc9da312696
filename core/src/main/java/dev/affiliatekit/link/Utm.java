package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Ids;
import java.util.List;
import java.util.Optional;

/**
 * The UTM parameters of a link, which say where a click came from: {@code utm_source} ({@code
 * instagram}), {@code utm_medium} ({@code social}), {@code utm_campaign} ({@code spring-sale}),
 * {@code utm_term} and {@code utm_content}.
 *
 * <p>Each value is optional; a present value is not blank, has at most 256 characters, no
 * control character and no unpaired surrogate (which has no UTF-8 form), as {@link
 * dev.affiliatekit.internal.Ids#checkId} checks. Values are kept as
 * they are, without changing case.
 *
 * <pre>{@code
 * Utm utm = Utm.NONE.withSource("instagram").withMedium("social").withCampaign("spring-sale");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param source the value of {@code utm_source}
 * @param medium the value of {@code utm_medium}
 * @param campaign the value of {@code utm_campaign}
 * @param term the value of {@code utm_term}
 * @param content the value of {@code utm_content}
 */
public record Utm(Optional<String> source, Optional<String> medium, Optional<String> campaign,
    Optional<String> term, Optional<String> content) {

  /** No UTM parameters at all. */
  public static final Utm NONE = new Utm(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty());

  /** The parameter names, in the order of the components. */
  static final String[] NAMES = {"utm_source", "utm_medium", "utm_campaign", "utm_term",
      "utm_content"};

  /**
   * Checks the values.
   *
   * @param source the value of {@code utm_source}
   * @param medium the value of {@code utm_medium}
   * @param campaign the value of {@code utm_campaign}
   * @param term the value of {@code utm_term}
   * @param content the value of {@code utm_content}
   * @throws IllegalArgumentException if a present value is blank, longer than 256 characters or
   *     has a control character, a line separator or an unpaired surrogate
   */
  public Utm {
    source = check(source, "utmSource");
    medium = check(medium, "utmMedium");
    campaign = check(campaign, "utmCampaign");
    term = check(term, "utmTerm");
    content = check(content, "utmContent");
  }

  private static Optional<String> check(Optional<String> value, String field) {
    checkNotNull(value, field).ifPresent(text -> Ids.checkId(text, field));
    return value;
  }

  private static String checkValue(String value, String field) {
    return Ids.checkId(value, field);
  }

  /** Returns whether a value can be a UTM value, as the constructor checks. */
  static boolean isValid(String value) {
    return Ids.isValid(value);
  }

  /** Returns the values in the order of {@link #NAMES}. */
  List<Optional<String>> values() {
    return List.of(source, medium, campaign, term, content);
  }

  /**
   * Returns these parameters with the given {@code utm_source}, or these parameters if they have
   * it already.
   *
   * @param value such as {@code instagram}
   * @return the parameters
   * @throws IllegalArgumentException if the value is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  public Utm withSource(String value) {
    String checked = checkValue(value, "utmSource");
    return checked.equals(source.orElse(null)) ? this
        : new Utm(Optional.of(checked), medium, campaign, term, content);
  }

  /**
   * Returns these parameters with the given {@code utm_medium}, or these parameters if they have
   * it already.
   *
   * @param value such as {@code social}
   * @return the parameters
   * @throws IllegalArgumentException if the value is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  public Utm withMedium(String value) {
    String checked = checkValue(value, "utmMedium");
    return checked.equals(medium.orElse(null)) ? this
        : new Utm(source, Optional.of(checked), campaign, term, content);
  }

  /**
   * Returns these parameters with the given {@code utm_campaign}, or these parameters if they have
   * it already.
   *
   * @param value such as {@code spring-sale}
   * @return the parameters
   * @throws IllegalArgumentException if the value is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  public Utm withCampaign(String value) {
    String checked = checkValue(value, "utmCampaign");
    return checked.equals(campaign.orElse(null)) ? this
        : new Utm(source, medium, Optional.of(checked), term, content);
  }

  /**
   * Returns these parameters with the given {@code utm_term}, or these parameters if they have
   * it already.
   *
   * @param value such as {@code serum}
   * @return the parameters
   * @throws IllegalArgumentException if the value is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  public Utm withTerm(String value) {
    String checked = checkValue(value, "utmTerm");
    return checked.equals(term.orElse(null)) ? this
        : new Utm(source, medium, campaign, Optional.of(checked), content);
  }

  /**
   * Returns these parameters with the given {@code utm_content}, or these parameters if they have
   * it already.
   *
   * @param value such as {@code story-2}
   * @return the parameters
   * @throws IllegalArgumentException if the value is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  public Utm withContent(String value) {
    String checked = checkValue(value, "utmContent");
    return checked.equals(content.orElse(null)) ? this
        : new Utm(source, medium, campaign, term, Optional.of(checked));
  }
}
