package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.AffiliateProfiles;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkRegistry;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parents a program's quotes record: {@link ProgramDirectory#uplinesOf}. */
class ProgramDirectoryTest {

  /** A code for every enrollment: the directory reads codes through the registry, not these. */
  private static final LinkCode CODE = LinkCode.parseVanity("SHOP");

  private static ProgramDirectory chain(int length) {
    ProgramDirectory directory = new ProgramDirectory(LinkRegistry.inMemory());
    for (int i = 0; i < length; i++) {
      AffiliateProfile.Builder profile = AffiliateProfile.builder("a" + i);
      if (i > 0) {
        profile.parentId("a" + (i - 1));
      }
      directory.put(new Enrollment(profile.build(), AffiliateIdentity.active("a" + i), List.of(CODE)));
    }
    return directory;
  }

  @Test
  void textOf_givesTheEnrollmentsText_ofFewCodesOrMany() {
    ProgramDirectory directory = new ProgramDirectory(LinkRegistry.inMemory());
    for (int codes : new int[] {3, 40}) {
      List<LinkCode> held = new java.util.ArrayList<>();
      for (int i = 0; i < codes; i++) {
        held.add(LinkCode.parseVanity("MIAX" + i + "X"));
      }
      directory.put(new Enrollment(AffiliateProfile.of("mia"), AffiliateIdentity.active("mia"),
          held));
      for (int i = 0; i < codes; i++) {
        // A code read anew, as a touch reads it, gets the very text the enrollment holds.
        assertThat(directory.textOf("mia", LinkCode.parseVanity("miax" + i + "x")))
            .isSameAs(held.get(i).toString());
      }
      assertThat(directory.textOf("mia", LinkCode.parseVanity("OTHER"))).isEqualTo("OTHER");
    }
    // Back to few codes: the map of the many is dropped with them.
    directory.put(new Enrollment(AffiliateProfile.of("mia"), AffiliateIdentity.active("mia"),
        List.of(CODE)));
    assertThat(directory.textOf("mia", LinkCode.parseVanity("MIAX39X"))).isEqualTo("MIAX39X");
    assertThat(directory.textOf("mia", LinkCode.parseVanity("shop"))).isSameAs(CODE.toString());
  }

  /** The uplines of a sale decide who bought it as {@link AffiliateIdentity#isBuyerOf} does. */
  @Test
  void uplinesOfASale_earnNoOverrideForTheParentsThatBoughtIt_asIsBuyerOfDecides() {
    List<AffiliateIdentity> identities = List.of(AffiliateIdentity.active("a0"),
        AffiliateIdentity.active("a1").withCustomer("c1", "Ann.Lee+shop@GoogleMail.com"),
        AffiliateIdentity.active("a2").withCustomer("c2", "bo@example.com"),
        AffiliateIdentity.active("a3").withCustomer("c3", "STRASSE@b\u00fccher.de")
            .withStatus(AffiliateStatus.BANNED),
        AffiliateIdentity.active("a4").withCustomer("c4", "stra\u00dfe@xn--bcher-kva.de"));
    ProgramDirectory directory = new ProgramDirectory(LinkRegistry.inMemory());
    for (int i = 0; i < identities.size(); i++) {
      AffiliateProfile.Builder profile = AffiliateProfile.builder("a" + i);
      if (i > 0) {
        profile.parentId("a" + (i - 1));
      }
      directory.put(new Enrollment(profile.build(), identities.get(i), List.of(CODE)));
    }
    AffiliateProfile child = AffiliateProfile.builder("kid").parentId("a4").build();
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    List<Conversion> sales = List.of(
        Conversion.builder("o1", at, Money.parse("USD 1.00")).visitorId("v").build(),
        Conversion.builder("o2", at, Money.parse("USD 1.00")).customerId("c2").build(),
        Conversion.builder("o3", at, Money.parse("USD 1.00")).customerId("kim")
            .customerEmail("annlee@gmail.com").build(),
        Conversion.builder("o4", at, Money.parse("USD 1.00")).visitorId("v")
            .customerEmail("Strasse@B\u00fccher.de").build(),
        Conversion.builder("o5", at, Money.parse("USD 1.00")).customerId("c1")
            .customerEmail("bo@example.com").build());

    for (Conversion sale : sales) {
      AffiliateProfiles uplines = directory.uplinesOf(child, sale, credit(sale));
      for (AffiliateIdentity parent : identities) {
        assertThat(uplines.earnsOverrides(parent.affiliateId()))
            .as("%s for %s", parent.affiliateId(), sale.orderId())
            .isEqualTo(parent.isActive() && !parent.isBuyerOf(sale));
      }
    }
    assertThat(directory.uplinesOf(child, sales.get(0), credit(sales.get(0))))
        .isSameAs(directory.uplinesOf(child));
    // A guest checkout on a device where a parent signed in, at the credited touch, is its own.
    Conversion guest = sales.get(0);
    Credit onTheParentsDevice = new Credit("kid", Rate.ONE, guest.total(),
        CreditBasis.TOUCHPOINTS, List.of(Touchpoint.builder(TouchpointKind.CLICK, "v", "kid", at)
            .customerId("c2").build()));
    AffiliateProfiles uplines = directory.uplinesOf(child, guest, onTheParentsDevice);
    assertThat(uplines.earnsOverrides("a2")).isFalse();
    assertThat(uplines.earnsOverrides("a1")).isTrue();
  }

  private static Credit credit(Conversion sale) {
    return new Credit("kid", Rate.ONE, sale.total(), CreditBasis.TOUCHPOINTS, List.of());
  }

  @Test
  void uplines_keepTheParentsAsTheyWere_whenTheDirectoryChanges() {
    ProgramDirectory directory = chain(3);
    AffiliateProfiles before = directory.uplinesOf(AffiliateProfile.builder("a2")
        .parentId("a1").build());

    directory.put(new Enrollment(AffiliateProfile.of("a1"),
        AffiliateIdentity.active("a1").withStatus(AffiliateStatus.BANNED), List.of(CODE)));

    assertThat(before.find("a1")).contains(AffiliateProfile.builder("a1").parentId("a0").build());
    assertThat(before.earnsOverrides("a1")).isTrue();
    assertThat(before.find("a0")).contains(AffiliateProfile.of("a0"));
    assertThat(before.earnsOverrides("nobody")).isFalse();
    AffiliateProfiles after = directory.uplinesOf(AffiliateProfile.builder("a2")
        .parentId("a1").build());
    assertThat(after.earnsOverrides("a1")).isFalse();
    assertThat(after.find("a0")).isEmpty();
    assertThat(after).isNotEqualTo(before).hasToString("Uplines[a1]");
  }

  @Test
  void uplines_holdTheParentsAPlanCanPay_andShareThemUntilTheDirectoryChanges() {
    int length = 1_000;
    ProgramDirectory directory = chain(length);
    AffiliateProfile last = AffiliateProfile.builder("a" + length)
        .parentId("a" + (length - 1)).build();
    AffiliateProfiles uplines = directory.uplinesOf(last);

    int levels = CommissionPlan.MAX_OVERRIDE_LEVELS;
    assertThat(uplines.find("a" + (length - levels))).isPresent();
    assertThat(uplines.earnsOverrides("a" + (length - levels))).isTrue();
    assertThat(uplines.find("a" + (length - levels - 1))).isEmpty();
    assertThat(uplines).hasToString("Uplines[a999 -> a998 -> a997 -> a996 -> a995 -> a994"
        + " -> a993 -> a992 -> a991 -> a990]");
    assertThat(directory.uplinesOf(last)).isSameAs(uplines);
    assertThat(chain(length).uplinesOf(last)).isEqualTo(uplines).hasSameHashCodeAs(uplines)
        .isNotSameAs(uplines);

    directory.put(new Enrollment(AffiliateProfile.of("other"), AffiliateIdentity.active("other"),
        List.of(CODE)));
    assertThat(directory.uplinesOf(last)).isEqualTo(uplines).isNotSameAs(uplines);
  }
}
