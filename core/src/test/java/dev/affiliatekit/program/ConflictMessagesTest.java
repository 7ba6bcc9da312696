package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.IdempotencyConflictException;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A request under a key that another request was recorded under is refused with a message that
 * says, in the words of the requests, what was done and how the new request differs: not the
 * key, which the caller never gave.
 */
class ConflictMessagesTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final TestClock clock = new TestClock(START);
  private final List<ProgramEvent> events = new ArrayList<>();
  private final AffiliateProgram program = AffiliateProgram.builder()
      .plan(CommissionPlan.builder()
          .rule(CommissionRule.percentage("creators", Rate.ofPercent(15))).build())
      .clock(clock)
      .listener(events::add)
      .build();

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private Conversion.Builder order(String orderId, String total) {
    return Conversion.builder(orderId, START, usd(total)).visitorId("visitor-1");
  }

  /** Asserts that the call throws the message and leaves the journal and the events alone. */
  private void assertRefused(Executable call, String message) {
    int postings = program.ledger().journal().size();
    int heard = events.size();
    assertThatThrownBy(call::execute).isInstanceOfSatisfying(IdempotencyConflictException.class,
        e -> {
          assertThat(e).hasMessage(message);
          // The requests are the program's, not postings.
          assertThat(e.recorded()).isEmpty();
          assertThat(e.requested()).isEmpty();
        });
    assertThat(program.ledger().journal()).hasSize(postings);
    assertThat(events).hasSize(heard);
  }

  @Test
  void everyKindOfRequest_givesItsKey_inOneTypeOfConflict() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClickOnce("t1", "visitor-1", "GLOWWITHMIA");
    program.recordConversion(order("order-1", "400.00").build());
    program.refund(Refund.partial("order-1", "r1", usd("10.00"), "damaged"));

    assertKey(() -> program.enroll(AffiliateProfile.of("mia"), "MIA2"), "enroll:mia");
    assertKey(() -> program.recordClickOnce("t1", "visitor-2", "GLOWWITHMIA"), "touch:t1");
    assertKey(() -> program.recordConversion(order("order-1", "999.00").build()),
        "order:order-1");
    assertKey(() -> program.refund(Refund.partial("order-1", "r1", usd("20.00"), "damaged")),
        "refund:order-1:r1");
  }

  private static void assertKey(Executable call, String key) {
    assertThatThrownBy(call::execute).isInstanceOfSatisfying(IdempotencyConflictException.class,
        e -> assertThat(e.key()).isEqualTo(key));
  }

  @Test
  void enroll_again_withOtherCodes_saysTheAffiliateIsEnrolled_withBothCodes() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    assertRefused(() -> program.enroll(AffiliateProfile.of("mia"), "MIA2"),
        "affiliate 'mia' was already enrolled with another request: recorded codes"
            + " ['GLOWWITHMIA']; requested codes ['MIA2']");
    assertRefused(() -> program.enroll(AffiliateProfile.builder("mia").group("gold")
            .parentId("ann").build(), "GLOWWITHMIA"),
        "affiliate 'mia' was already enrolled with another request: recorded parentId none,"
            + " group none; requested parentId 'ann', group 'gold'");
    // A code generated for want of chosen ones: none chosen, which the message says.
    program.enroll(AffiliateProfile.of("leo"));
    assertRefused(() -> program.enroll(AffiliateProfile.of("leo"), "LEOVLOGS"),
        "affiliate 'leo' was already enrolled with another request: recorded codes none;"
            + " requested codes ['LEOVLOGS']");
  }

  @Test
  void enroll_again_withAnotherEmail_namesThePart_butNotTheAddresses() {
    program.enroll(AffiliateIdentity.active("mia").withCustomer("c-mia", "mia@example.com"),
        AffiliateProfile.of("mia"), "GLOWWITHMIA");
    assertRefused(() -> program.enroll(AffiliateIdentity.active("mia")
            .withCustomer("c-mia", "other@example.com"), AffiliateProfile.of("mia"),
            "GLOWWITHMIA"),
        "affiliate 'mia' was already enrolled with another request: recorded email one value"
            + " (not shown); requested email another value (not shown)");
  }

  @Test
  void recordConversion_again_withAnotherTotal_namesTheOrderAndBothTotals() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClick("visitor-1", "GLOWWITHMIA");
    program.recordConversion(order("order-1", "400.00").build());
    assertRefused(() -> program.recordConversion(order("order-1", "999.00").build()),
        "order 'order-1' was already recorded with another request: recorded total"
            + " 'USD 400.00'; requested total 'USD 999.00'");
  }

  @Test
  void recordConversion_again_differingInManyParts_showsThreeAndCountsTheOthers() {
    program.recordConversion(order("order-1", "50.00")
        .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd("50.00"))).build());
    assertRefused(() -> program.recordConversion(Conversion.builder("order-1",
            START.plusSeconds(60), usd("60.00")).visitorId("visitor-2")
            .customerEmail("buyer@example.com").customerType(CustomerType.NEW)
            .lineItem(LineItem.of("serum", "SKIN_CARE", 2, usd("30.00"))).build()),
        "order 'order-1' was already recorded with another request: recorded total"
            + " 'USD 50.00', instant '2026-03-01T10:00:00Z', visitorId 'visitor-1'; requested"
            + " total 'USD 60.00', instant '2026-03-01T10:01:00Z', visitorId 'visitor-2';"
            + " 4 other parts differ");
  }

  @Test
  void recordConversion_again_withALineItemOfAnotherProduct_namesTheItemsPart() {
    program.recordConversion(order("order-1", "50.00")
        .lineItem(LineItem.of("serum", 1, usd("20.00")))
        .lineItem(LineItem.of("tote-" + "x".repeat(100) + "-red", 1, usd("30.00"))).build());
    assertRefused(() -> program.recordConversion(order("order-1", "50.00")
            .lineItem(LineItem.of("serum", 1, usd("20.00")))
            .lineItem(LineItem.of("tote-" + "x".repeat(100) + "-blue", 1, usd("30.00")))
            .build()),
        "order 'order-1' was already recorded with another request: recorded"
            + " lineItems[1].productId from character 107 'red'; requested"
            + " lineItems[1].productId from character 107 'blue'");
  }

  @Test
  void refundsAndChargebacks_again_withOtherDetails_nameTheirIdsAndBothValues() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClick("visitor-1", "GLOWWITHMIA");
    program.recordConversion(order("order-1", "400.00").build());
    program.refund(Refund.partial("order-1", "r1", usd("100.00"), "returned"));
    assertRefused(() -> program.refund(Refund.partial("order-1", "r1", usd("150.00"),
            "returned")),
        "refund 'r1' of order 'order-1' was already recorded with another request: recorded"
            + " amount 'USD 100.00'; requested amount 'USD 150.00'");
    assertRefused(() -> program.refund(Refund.full("order-1", "r1", "damaged")),
        "refund 'r1' of order 'order-1' was already recorded with another request: recorded"
            + " amount 'USD 100.00', reason 'returned'; requested amount all that was left,"
            + " reason 'damaged'");

    program.refund(Refund.chargeback("order-1", "cb1", "card reported stolen"));
    assertRefused(() -> program.refund(Refund.chargeback("order-1", "cb1", "fraud")),
        "chargeback 'cb1' of order 'order-1' was already recorded with another request:"
            + " recorded reason 'card reported stolen'; requested reason 'fraud'");
    program.chargebackWon("order-1", "cb1", "dispute won");
    assertRefused(() -> program.chargebackWon("order-1", "cb1", "won on appeal"),
        "chargeback 'cb1' of order 'order-1' was already won with another request: recorded"
            + " reason 'dispute won'; requested reason 'won on appeal'");
  }

  @Test
  void aLongValue_isShownCut_andTheMessageStaysShort() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClick("visitor-1", "GLOWWITHMIA");
    program.recordConversion(order("order-1", "400.00").build());
    String reason = "returned: " + "\u202e".repeat(5_000);
    program.refund(Refund.partial("order-1", "r1", usd("100.00"), reason + "a"));

    assertThatThrownBy(() -> program.refund(Refund.partial("order-1", "r1", usd("100.00"),
        reason + "b"))).isInstanceOf(IllegalStateException.class)
        .hasMessage("refund 'r1' of order 'order-1' was already recorded with another request:"
            + " recorded reason from character 5011 'a'; requested reason from character 5011"
            + " 'b'");
    assertThatThrownBy(() -> program.refund(Refund.partial("order-1", "r1", usd("100.00"),
        "x" + reason))).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("refund 'r1' of order 'order-1' was already recorded with"
            + " another request: recorded reason 'returned: \\u202e\\u202e")
        .hasMessageContaining("...'; requested reason 'xreturned: \\u202e")
        .hasMessageNotContaining("\u202e")
        .message().hasSizeLessThan(1_000);
  }

  @Test
  void keyedVisits_underAUsedTouchId_nameBothUrls() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    String landing = "https://shop.example/serum?utm_source=instagram&utm_campaign=spring";
    program.recordVisitOnce("req-1", "visitor-1", landing + "&ref=GLOWWITHMIA");
    assertRefused(() -> program.recordVisitOnce("req-1", "visitor-1", landing + "&ref=OTHER"),
        "touch id 'req-1' was already used with another request: recorded visit of visitor"
            + " 'visitor-1' to a URL reading from character 73 'GLOWWITHMIA'; requested visit"
            + " of visitor 'visitor-1' to a URL reading from character 73 'OTHER'");

    // A URL too long to keep is kept as its digest: the message says the recorded one was
    // another URL, or the same one.
    String longUrl = landing + "&q=" + "x".repeat(300);
    program.recordVisitOnce("req-2", "visitor-1", longUrl);
    assertRefused(() -> program.recordVisitOnce("req-2", "visitor-1", longUrl + "y"),
        "touch id 'req-2' was already used with another request: recorded visit of visitor"
            + " 'visitor-1' to another URL of more than 256 characters; requested visit of"
            + " visitor 'visitor-1' to 'https://shop.example/serum?utm_source=instagram&utm_"
            + "campaign=spr...'");
    assertRefused(() -> program.recordVisitOnce("req-2", "visitor-2", longUrl),
        "touch id 'req-2' was already used with another request: recorded visit of visitor"
            + " 'visitor-1' to 'https://shop.example/serum?utm_source=instagram&utm_campaign=spr"
            + "...'; requested visit of visitor 'visitor-2' to the same URL");
    assertRefused(() -> program.recordCouponUseOnce("req-2", "visitor-1", "GLOWWITHMIA"),
        "touch id 'req-2' was already used with another request: recorded visit of visitor"
            + " 'visitor-1' to a URL of more than 256 characters; requested coupon use"
            + " of visitor 'visitor-1' with code 'GLOWWITHMIA'");
    // A visitor that reads alike is shown from where the two differ on both sides.
    String visitor = "v" + "q".repeat(100);
    program.recordVisitOnce("req-4", visitor + "a", longUrl);
    assertRefused(() -> program.recordClickOnce("req-4", visitor + "b", "GLOWWITHMIA"),
        "touch id 'req-4' was already used with another request: recorded visit of a visitor"
            + " reading from character 102 'a' to a URL of more than 256 characters; requested"
            + " click of a visitor reading from character 102 'b' with code 'GLOWWITHMIA'");
  }

  /**
   * Regression: a visit refused for another visitor alone said its URL differed, showing both as
   * empty; visitors and channels that differ beyond what a message shows read alike; and tags
   * that differ read alike where a tag held a comma.
   */
  @Test
  void requestsThatReadAlike_areShownApart_andEqualPartsAsEqual() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    String url = "https://shop.example/serum?ref=GLOWWITHMIA";
    program.recordVisitOnce("req-1", "visitor-1", url);
    assertRefused(() -> program.recordVisitOnce("req-1", "visitor-2", url),
        "touch id 'req-1' was already used with another request: recorded visit of visitor"
            + " 'visitor-1' to 'https://shop.example/serum?ref=GLOWWITHMIA'; requested visit of"
            + " visitor 'visitor-2' to the same URL");

    String visitor = "v" + "q".repeat(100);
    program.recordClickOnce("req-2", visitor + "a", "GLOWWITHMIA");
    assertRefused(() -> program.recordClickOnce("req-2", visitor + "b", "GLOWWITHMIA"),
        "touch id 'req-2' was already used with another request: recorded click of a visitor"
            + " reading from character 102 'a' with code 'GLOWWITHMIA'; requested click of a"
            + " visitor reading from character 102 'b' with code 'GLOWWITHMIA'");
    String channel = "c" + "h".repeat(100);
    program.recordClickOnce("req-3", "visitor-1", "GLOWWITHMIA", channel + "a");
    assertRefused(() -> program.recordClickOnce("req-3", "visitor-1", "GLOWWITHMIA", channel + "b"),
        "touch id 'req-3' was already used with another request: recorded click of visitor"
            + " 'visitor-1' with code 'GLOWWITHMIA' on a channel reading from character 102 'a';"
            + " requested click of visitor 'visitor-1' with code 'GLOWWITHMIA' on a channel"
            + " reading from character 102 'b'");

    program.enroll(AffiliateProfile.builder("leo").tags("a", "b", "c", "d", "e, f", "g").build(),
        "LEOVLOGS");
    assertRefused(() -> program.enroll(AffiliateProfile.builder("leo")
            .tags("a", "b", "c", "d", "e", "f, g").build(), "LEOVLOGS"),
        "affiliate 'leo' was already enrolled with another request: recorded tags from element 5"
            + " ['e, f', 'g']; requested tags from element 5 ['e', 'f, g']");
  }
}
