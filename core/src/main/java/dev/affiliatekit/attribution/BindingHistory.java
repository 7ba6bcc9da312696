package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Texts;
import java.util.Comparator;
import java.util.List;

/**
 * All that an attributor keeps of a customer's lifetime binding, for a host to save and restore:
 * the conversions that may still decide it, and whether the first of them broke a binding before
 * it. An attributor built with {@link Attributor.Builder#bindingHistory} credits and binds as the
 * one that gave the history ({@link Attributor#bindingHistory}) would have gone on to, under the
 * same policy and directory.
 *
 * <p>{@link Attributor#binding} gives the binding alone, which restores as much only when the
 * history is that binding alone, which broke none: one candidate, and {@code firstBroke} false.
 * Otherwise it restores the credit and binding of conversions that each come after every one
 * attributed before them, not at the same instant; one before, or at the same instant, may be
 * credited and bind otherwise than by the attributor that made the binding. For example, without
 * an expiry, ann binds the customer on day 10, and carl on day 20 while ann is not active. A
 * conversion of day 20 whose touches credit bob, whose id comes before carl's, counts before
 * carl's, so before the break: its touches credit it, and carl keeps the customer. Restored from
 * carl's binding alone, an attributor takes carl's conversion for the customer's first, before
 * which bob's binds the customer to bob for good. With an {@linkplain
 * AttributionPolicy#bindingExpiry() expiry}, the history keeps too the conversions committed
 * since the latest that broke a binding, which decide the credit of a conversion that arrives
 * after later ones: it is credited by the binding that the earlier ones make by its instant.
 * Without an expiry the history is one candidate, so that a host that saves the binding restores
 * all of it with {@code firstBroke} besides, as {@code new BindingHistory(customerId,
 * List.of(binding), firstBroke)}.
 *
 * <p>Each candidate is a conversion committed (or a binding restored) as a {@link
 * CustomerBinding}: the affiliate it credits by touches or a coupon, and its instant. They come
 * in time order, the same instant by affiliate id; the binding is the first, or a later one once
 * the binding so far has expired at its instant (see {@link Attributor}). Without an expiry an
 * attributor keeps one.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param customerId the customer
 * @param candidates the candidates, in time order, the same instant by affiliate id; at least one
 * @param firstBroke whether the first candidate was committed while a binding that did not apply
 *     to it covered its instant, so that a conversion before it, arriving late, changes nothing
 */
public record BindingHistory(String customerId, List<CustomerBinding> candidates,
    boolean firstBroke) {

  private static final Comparator<CustomerBinding> ORDER =
      Comparator.comparing(CustomerBinding::since).thenComparing(CustomerBinding::affiliateId);

  /**
   * Validates the parts and keeps a copy of the candidates.
   *
   * @param customerId the customer
   * @param candidates the candidates, in time order, the same instant by affiliate id; at least
   *     one
   * @param firstBroke whether the first candidate broke a binding before it
   * @throws IllegalArgumentException if the customer id is not a valid identifier, there is no
   *     candidate, one is of another customer, or two are out of order or the same
   */
  public BindingHistory {
    checkNotNull(customerId, "customerId");
    checkId(customerId, "binding history customerId");
    candidates = Elements.copyOf(candidates, "candidates");
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          "binding history of " + Texts.quote(customerId) + " needs a candidate");
    }
    for (int i = 0; i < candidates.size(); i++) {
      CustomerBinding candidate = candidates.get(i);
      if (!candidate.customerId().equals(customerId)) {
        // Built only when thrown: every candidate of every restored history passes this check.
        throw new IllegalArgumentException("binding history of " + Texts.quote(customerId)
            + " has a candidate of customer " + Texts.quote(candidate.customerId())
            + ": candidates[" + i + "]");
      }
      if (i > 0 && ORDER.compare(candidates.get(i - 1), candidate) >= 0) {
        throw new IllegalArgumentException("binding history candidates must be in time order,"
            + " the same instant by affiliate id, each once: candidates[" + i + "], of "
            + Texts.quote(candidate.affiliateId()) + " since " + candidate.since()
            + ", comes after candidates[" + (i - 1) + "], of "
            + Texts.quote(candidates.get(i - 1).affiliateId()) + " since "
            + candidates.get(i - 1).since());
      }
    }
  }
}
