package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;

/**
 * A payout run: every payable balance that its rules pay moves to payout clearing, one {@link
 * PayoutLine} per affiliate and currency, and the run's {@link PayoutBatch} lists them.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param asOf the cut-off of the run: no earlier than the latest posting, and not in the future
 * @param rules the minimums and eligible affiliates
 */
public record PayoutPreparation(Instant asOf, PayoutRules rules) implements Posting {

  /**
   * Creates a payout run.
   *
   * @param asOf the cut-off of the run: no earlier than the latest posting, and not in the future
   * @param rules the minimums and eligible affiliates
   */
  public PayoutPreparation {
    checkNotNull(asOf, "asOf");
    checkNotNull(rules, "rules");
  }

  @Override
  public String description() {
    return "payout run as of " + asOf + " with minimums " + rules.minimumsByCurrency().values();
  }

  /**
   * {@return what the run does to one of its lines, such as {@code line '7-1' of payout run as of
   * 2026-04-01T00:00:00Z with minimums [USD 50.00]}}
   */
  String description(String lineId) {
    return PayoutTexts.line(lineId) + " of " + description();
  }
}
