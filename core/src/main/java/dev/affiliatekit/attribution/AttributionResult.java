package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Set;

/**
 * The answer to "who gets credit for this conversion?": an {@link Attribution} with one or more
 * credits, or {@link NoCredit} with its reason. Both explain themselves.
 *
 * <pre>{@code
 * AttributionResult result = attributor.attribute(conversion);
 * for (Credit credit : result.credits()) {          // empty for NoCredit
 *   CommissionQuote quote = plan.quote(conversion, credit, context);
 *   System.out.println(credit.affiliateId() + " earns " + quote.amount());
 * }
 * System.out.println(result.describe());
 * }</pre>
 *
 * <p>{@link dev.affiliatekit.program.AffiliateProgram} does this for each conversion it records,
 * and posts what each affiliate earns to its ledger.
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface AttributionResult permits Attribution, NoCredit {

  /** {@return the conversion attributed} */
  Conversion conversion();

  /** {@return which touches counted, which did not and why} */
  Explanation explanation();

  /** {@return the credits, one per affiliate; empty if no affiliate earned credit} */
  List<Credit> credits();

  /**
   * Returns whether the result names the visitor: as its conversion's visitor, or as the visitor
   * of a touch its explanation lists (a device of the conversion's customer). For a host that keeps
   * results and erases a visitor from what it keeps, as {@link Attributor#forgetVisitor} does from
   * the results it remembers.
   *
   * @param visitorId the visitor's anonymous key
   * @return whether the visitor is named
   */
  default boolean namesVisitor(String visitorId) {
    Set<String> visitors = Set.of(checkNotNull(visitorId, "visitorId"));
    return conversion().names(visitors, null) || explanation().names(visitors, null);
  }

  /**
   * Returns whether the result names the customer: as its conversion's customer id, or as the
   * customer a touch its explanation lists was signed in as. A conversion that names its customer
   * only by e-mail does not count. For a host that keeps results and erases a customer from what
   * it keeps, as {@link Attributor#forgetCustomer} does from the results it remembers.
   *
   * @param customerId the customer
   * @return whether the customer is named
   */
  default boolean namesCustomer(String customerId) {
    checkNotNull(customerId, "customerId");
    return conversion().names(Set.of(), customerId) || explanation().names(Set.of(), customerId);
  }

  /** {@return whether at least one affiliate earned credit} */
  default boolean isCredited() {
    return !credits().isEmpty();
  }

  /**
   * Returns a multi-line, human-readable account of the result, such as:
   *
   * <pre>
   * order-1001 at 2026-03-31T10:00:00Z for USD 63.86: credited by lastTouch
   *   credit anna 100% = USD 63.86 (TOUCHPOINTS)
   *   eligible #3 CLICK anna code=ANNA10 visitor=v1 at 2026-03-30T09:00:00Z
   *   excluded #1 CLICK ben visitor=v1 at 2026-01-02T09:00:00Z: OUTSIDE_WINDOW
   * </pre>
   *
   * <p>The first line names the model that divided the credit among touches, or says {@code
   * credited by coupon} or {@code credited by lifetime binding} when one of them credited one
   * affiliate alone.
   *
   * @return the description
   */
  default String describe() {
    Conversion conversion = conversion();
    StringBuilder text = new StringBuilder(256).append(conversion.orderId()).append(" at ")
        .append(conversion.instant()).append(" for ").append(conversion.total()).append(": ");
    if (this instanceof Attribution attribution) {
      // A coupon or a binding credits one affiliate alone: the model divided nothing.
      CreditBasis basis = attribution.credits().get(0).basis();
      text.append("credited by ").append(switch (basis) {
        case TOUCHPOINTS -> attribution.model().toString();
        case COUPON -> "coupon";
        case LIFETIME_BINDING -> "lifetime binding";
      });
    } else if (this instanceof NoCredit noCredit) {
      text.append("no credit, ").append(noCredit.reason());
    }
    for (Credit credit : credits()) {
      text.append("\n  credit ").append(credit.affiliateId()).append(' ').append(credit.share())
          .append(" = ").append(credit.amount()).append(" (").append(credit.basis()).append(')');
    }
    Explanation explanation = explanation();
    for (String note : explanation.notes()) {
      text.append("\n  note ").append(note);
    }
    for (Touchpoint touch : explanation.eligible()) {
      text.append("\n  eligible ").append(touch);
    }
    for (Exclusion exclusion : explanation.excluded()) {
      text.append("\n  excluded ").append(exclusion.touchpoint()).append(": ")
          .append(exclusion.reason());
    }
    return text.toString();
  }
}
