package dev.affiliatekit.program;

/**
 * A subscriber to what happens in an {@link AffiliateProgram}: affiliates enrolled, commissions
 * accrued, reversed, reinstated and released, and payouts prepared, settled and failed (every
 * {@link ProgramEvent}). Hosts use it to send e-mails or webhooks from their own code.
 *
 * <pre>{@code
 * program.subscribe(event -> {
 *   if (event instanceof ProgramEvent.CommissionAccrued accrued
 *       && accrued.amount().signum() > 0) {
 *     mailer.send(accrued.affiliateId(), "You earned " + accrued.amount());
 *   }
 * });
 * }</pre>
 *
 * <p>A credited sale that earns nothing is heard too, as an accrual of zero with the reason,
 * unless the plan {@linkplain dev.affiliatekit.commission.CommissionPlan#recordsZero() records no
 * zero commissions}: the example mails only what was earned. A sale that credits no one has no
 * affiliate to tell, and no event: its {@link ConversionOutcome} says why.
 *
 * <p>A listener is called after the operation has taken effect, outside the program's lock, in
 * the thread that called the operation, once per event, with the events of each operation in the
 * order they happened. Events of operations called from different threads at once may arrive
 * interleaved or out of order, a refund's reversal before its order's accrual; {@link
 * AffiliateProgram} says how to order them by the journal. A listener that throws does not undo
 * the operation or keep other listeners from their events; see {@link AffiliateProgram} for what
 * the caller sees. A listener may call the program: the events of what it calls come after those
 * being delivered.
 */
@FunctionalInterface
public interface ProgramListener {

  /**
   * Receives one event.
   *
   * @param event what happened
   */
  void on(ProgramEvent event);
}
