package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.AffiliateProfiles;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkRegistry;
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
  void uplines_ofLongChains_compareAndPrintWithoutRecursion() {
    int length = 100_000;
    AffiliateProfile last = AffiliateProfile.builder("a" + length)
        .parentId("a" + (length - 1)).build();
    AffiliateProfiles one = chain(length).uplinesOf(last);
    AffiliateProfiles other = chain(length).uplinesOf(last);

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(one.find("a0")).contains(AffiliateProfile.of("a0"));
    assertThat(one.toString()).startsWith("Uplines[a99999 -> a99998 -> ").endsWith(" -> ...]");
    assertThat(one).isNotEqualTo(chain(length - 1).uplinesOf(last));
  }
}
