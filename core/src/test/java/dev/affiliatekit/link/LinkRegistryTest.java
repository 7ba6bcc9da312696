package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.link.LinkRegistry.RetiredCodes;
import dev.affiliatekit.testing.ForwardingLinkRegistry;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinkRegistryTest {

  private static final LinkOwner JANE = LinkOwner.of("aff-1");
  private static final LinkOwner JANE_SPRING = LinkOwner.of("aff-1", "spring");
  private static final LinkOwner BOB = LinkOwner.of("aff-2");
  private static final LinkCode JANE20 = LinkCode.parseVanity("JANE20");
  private static final LinkCode GENERATED = LinkCode.parse("K7QX2M9D4PV");
  private static final LinkCode JANEFIT = LinkCode.parseVanity("JANEFIT");
  private static final LinkCode BOBFIT = LinkCode.parseVanity("BOBFIT");

  private final LinkRegistry registry = LinkRegistry.inMemory();

  private static LinkCodeGenerator sequence(String... codes) {
    Iterator<String> next = List.of(codes).iterator();
    return new LinkCodeGenerator() {
      @Override
      public LinkCode next() {
        return LinkCode.parseVanity(next.next());
      }

      @Override
      public String toString() {
        return "sequence";
      }
    };
  }

  @Nested
  class Claim {

    @Test
    void claim_freeCode_isHeldAndResolves() {
      assertThat(registry.claim(JANE20, JANE)).isTrue();
      assertThat(registry.resolve(JANE20)).contains(JANE);
      assertThat(registry.resolve(GENERATED)).isEmpty();
    }

    @Test
    void claim_ownCodeAgain_isANoOp() {
      registry.claim(JANE20, JANE);
      assertThat(registry.claim(JANE20, JANE)).isFalse();
      assertThat(registry.codesOf("aff-1")).containsExactly(JANE20);
    }

    @Test
    void claim_codeOfAnotherOwner_throwsNamingBoth_andChangesNothing() {
      registry.claim(JANE20, JANE);
      assertJane20IsRefusedToBob(() -> registry.claim(JANE20, BOB));
      assertThat(registry.resolve(JANE20)).contains(JANE);
      assertThat(registry.codesOf("aff-2")).isEmpty();
    }

    @Test
    void claim_sameAffiliateOtherCampaign_isAnotherOwner() {
      registry.claim(JANE20, JANE);
      assertThatThrownBy(() -> registry.claim(JANE20, JANE_SPRING))
          .hasMessage("link code is held by another owner: JANE20 is held by 'aff-1', not 'aff-1'"
              + " campaign 'spring'");
    }

    @Test
    void codesOf_listsActiveCodesOfEveryCampaign_sorted() {
      registry.claim(JANE20, JANE);
      registry.claim(GENERATED, JANE_SPRING);
      registry.claim(LinkCode.parseVanity("BOB"), BOB);
      assertThat(registry.codesOf("aff-1")).containsExactly(JANE20, GENERATED);
      assertThat(registry.codesOf("aff-3")).isEmpty();
      assertThatThrownBy(() -> registry.codesOf("aff-1").add(JANE20))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void codesOf_badId_isRejected() {
      assertThatThrownBy(() -> registry.codesOf(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliateId must not be blank: ' '");
    }
  }

  @Nested
  class Retire {

    @Test
    void retire_keepResolving_byDefault() {
      registry.claim(JANE20, JANE);
      assertThat(registry.retire(JANE20)).isTrue();
      assertThat(registry.retire(JANE20)).isFalse();
      assertThat(registry.resolve(JANE20)).contains(JANE);
      assertThat(registry.codesOf("aff-1")).isEmpty();
    }

    @Test
    void retire_stopResolving_resolvesNothing() {
      LinkRegistry stopping = LinkRegistry.inMemory(RetiredCodes.STOP_RESOLVING);
      stopping.claim(JANE20, JANE);
      stopping.retire(JANE20);
      assertThat(stopping.resolve(JANE20)).isEmpty();
      assertThat(stopping.codesOf("aff-1")).isEmpty();
      assertThat(stopping.owner(JANE20)).contains(JANE);
      assertThat(stopping.owner(LinkCode.parseVanity("NOBODY"))).isEmpty();
    }

    @Test
    void retiredCode_cannotGoToAnotherOwner_ever() {
      LinkRegistry stopping = LinkRegistry.inMemory(RetiredCodes.STOP_RESOLVING);
      stopping.claim(JANE20, JANE);
      stopping.retire(JANE20);
      assertThatThrownBy(() -> stopping.claim(JANE20, BOB))
          .isInstanceOf(LinkCodeTakenException.class)
          .hasMessage("link code is retired: JANE20 was held by 'aff-1', not 'aff-2'")
          .satisfies(e -> assertThat(((LinkCodeTakenException) e).retired()).isTrue());
      assertThat(stopping.resolve(JANE20)).isEmpty();
    }

    @Test
    void retiredCode_claimedAgainByItsOwner_isActiveAgain() {
      LinkRegistry stopping = LinkRegistry.inMemory(RetiredCodes.STOP_RESOLVING);
      stopping.claim(JANE20, JANE);
      stopping.retire(JANE20);
      assertThat(stopping.claim(JANE20, JANE)).isTrue();
      assertThat(stopping.resolve(JANE20)).contains(JANE);
      assertThat(stopping.codesOf("aff-1")).containsExactly(JANE20);
    }

    @Test
    void retire_unknownCode_isRejected() {
      assertThatThrownBy(() -> registry.retire(JANE20))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("link code is not claimed: 'JANE20'");
    }
  }

  @Nested
  class ClaimNew {

    @Test
    void claimNew_skipsTakenCodes() {
      registry.claim(JANE20, BOB);
      assertThat(registry.claimNew(sequence("JANE20", "JANE21"), 5, JANE))
          .isEqualTo(LinkCode.parseVanity("JANE21"));
      assertThat(registry.resolve(LinkCode.parseVanity("JANE21"))).contains(JANE);
    }

    @Test
    void claimNew_codeTheOwnerHolds_isSkipped() {
      registry.claim(JANE20, JANE);
      assertThat(registry.claimNew(sequence("JANE20", "JANE21"), 2, JANE)).hasToString("JANE21");
      assertThat(registry.codesOf("aff-1")).hasSize(2);
    }

    @Test
    void claimNew_retiredCodeOfTheOwner_isNewAgain() {
      registry.claim(JANE20, JANE);
      registry.retire(JANE20);
      assertThat(registry.claimNew(sequence("JANE20"), 1, JANE)).isEqualTo(JANE20);
      assertThat(registry.codesOf("aff-1")).containsExactly(JANE20);
    }

    @Test
    void claimNew_everyAttemptTaken_throws() {
      registry.claim(JANE20, BOB);
      registry.claim(LinkCode.parseVanity("JANE21"), BOB);
      assertThatThrownBy(() -> registry.claimNew(sequence("JANE20", "JANE21", "JANE22"), 2, JANE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("link code generator found no free code in 2 attempts for 'aff-1': sequence");
      assertThat(registry.codesOf("aff-1")).isEmpty();
    }

    @Test
    void claimNew_vanity_takesTheNextSuffix() {
      VanityPolicy policy = VanityPolicy.defaults();
      assertThat(registry.claimNew(LinkCodeGenerator.vanity("Jane Doe", policy), 10, JANE))
          .hasToString("JANEDOE");
      assertThat(registry.claimNew(LinkCodeGenerator.vanity("Jane Doe", policy), 10, BOB))
          .hasToString("JANEDOE2");
      // A new code, even for the same owner.
      assertThat(registry.claimNew(LinkCodeGenerator.vanity("Jane Doe", policy), 10, JANE))
          .hasToString("JANEDOE3");
    }

    @Test
    void claimNew_vanityUsedUp_throwsTheGeneratorsError() {
      VanityPolicy policy = VanityPolicy.builder().maxAttempts(1).build();
      registry.claim(LinkCode.parseVanity("JANEDOE"), BOB);
      assertThatThrownBy(() ->
          registry.claimNew(LinkCodeGenerator.vanity("Jane Doe", policy), 5, JANE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("vanity code candidates are used up: 'Jane Doe' has 1 candidate"
              + " that the policy allows");
    }

    @Test
    void claimNew_lessThanOneAttempt_isRejected() {
      assertThatThrownBy(() -> registry.claimNew(sequence("A"), 0, JANE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxAttempts must be at least 1: 0");
    }
  }

  /**
   * Returns a registry that keeps its codes in {@code delegate} and claims several codes through
   * the default {@link LinkRegistry#claimAll}, as a registry of one's own that does not override
   * it would.
   */
  private static LinkRegistry claimingOneByOne(LinkRegistry delegate) {
    return new ForwardingLinkRegistry(delegate) {
      @Override
      public String toString() {
        return "oneByOne";
      }
    };
  }

  /** Checks that the call throws as JANE20, held by jane, is refused to bob. */
  private static void assertJane20IsRefusedToBob(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(LinkCodeTakenException.class)
        .hasMessage("link code is held by another owner: JANE20 is held by 'aff-1', not 'aff-2'")
        .satisfies(e -> {
          LinkCodeTakenException taken = (LinkCodeTakenException) e;
          assertThat(taken.code()).isEqualTo(JANE20);
          assertThat(taken.holder()).isEqualTo(JANE);
          assertThat(taken.claimant()).isEqualTo(BOB);
          assertThat(taken.retired()).isFalse();
        });
  }

  /** Checks that claiming codes of which another owner holds one throws for it, claiming none. */
  private static void assertClaimsNoneWhenHeldByAnother(LinkRegistry registry) {
    registry.claim(JANE20, JANE);
    assertJane20IsRefusedToBob(() -> registry.claimAll(List.of(BOBFIT, JANE20, GENERATED), BOB));
    assertThat(registry.resolve(BOBFIT)).isEmpty();
    assertThat(registry.resolve(GENERATED)).isEmpty();
    assertThat(registry.codesOf("aff-2")).isEmpty();
  }

  /** Checks that a code another owner retired is refused as retired, claiming none. */
  private static void assertClaimsNoneWhenRetiredByAnother(LinkRegistry registry) {
    registry.claim(JANE20, JANE);
    registry.retire(JANE20);
    assertThatThrownBy(() -> registry.claimAll(List.of(BOBFIT, JANE20), BOB))
        .isInstanceOf(LinkCodeTakenException.class)
        .hasMessage("link code is retired: JANE20 was held by 'aff-1', not 'aff-2'")
        .satisfies(e -> assertThat(((LinkCodeTakenException) e).retired()).isTrue());
    assertThat(registry.resolve(BOBFIT)).isEmpty();
    assertThat(registry.codesOf("aff-2")).isEmpty();
  }

  /** Checks that a code of the affiliate's own campaign is another owner's, claiming none. */
  private static void assertClaimsNoneWhenHeldByOwnCampaign(LinkRegistry registry) {
    registry.claim(JANE20, JANE_SPRING);
    assertThatThrownBy(() -> registry.claimAll(List.of(JANEFIT, JANE20), JANE))
        .isInstanceOf(LinkCodeTakenException.class)
        .hasMessage("link code is held by another owner: JANE20 is held by 'aff-1' campaign"
            + " 'spring', not 'aff-1'")
        .satisfies(e -> assertThat(((LinkCodeTakenException) e).retired()).isFalse());
    assertThat(registry.resolve(JANEFIT)).isEmpty();
    assertThat(registry.codesOf("aff-1")).containsExactly(JANE20);
  }

  /** Checks that null arguments are named and claim nothing. */
  private static void assertNullsAreNamed(LinkRegistry registry) {
    assertThatThrownBy(() -> registry.claimAll(null, JANE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("codes");
    assertThatThrownBy(() -> registry.claimAll(List.of(JANE20), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("owner");
    assertThatThrownBy(() -> registry.claimAll(Arrays.asList(JANE20, null), JANE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("codes contains null at index 1");
    assertThat(registry.resolve(JANE20)).isEmpty();
  }

  @Nested
  class ClaimAll {

    @Test
    void claimAll_freeCodes_claimsEveryOneInTheOrderGiven() {
      assertThat(registry.claimAll(List.of(JANEFIT, JANE20, GENERATED), JANE))
          .containsExactly(JANEFIT, JANE20, GENERATED);
      assertThat(registry.resolve(JANEFIT)).contains(JANE);
      assertThat(registry.resolve(JANE20)).contains(JANE);
      assertThat(registry.resolve(GENERATED)).contains(JANE);
      assertThat(registry.codesOf("aff-1")).containsExactly(JANE20, JANEFIT, GENERATED);
    }

    @ParameterizedTest
    @EnumSource(RetiredCodes.class)
    void claimAll_oneCodeHeldByAnother_throwsForItAndClaimsNone(RetiredCodes retiredCodes) {
      LinkRegistry registry = LinkRegistry.inMemory(retiredCodes);
      assertClaimsNoneWhenHeldByAnother(registry);
      assertThat(registry.claimAll(List.of(BOBFIT, GENERATED), BOB))
          .containsExactly(BOBFIT, GENERATED);
    }

    @ParameterizedTest
    @EnumSource(RetiredCodes.class)
    void claimAll_oneCodeRetiredByAnother_throwsTheRetiredExceptionAndClaimsNone(
        RetiredCodes retiredCodes) {
      assertClaimsNoneWhenRetiredByAnother(LinkRegistry.inMemory(retiredCodes));
    }

    @Test
    void claimAll_twoCodesRefused_namesTheFirstInTheOrderGiven() {
      registry.claim(JANE20, JANE);
      registry.claim(GENERATED, JANE_SPRING);
      assertThatThrownBy(() -> registry.claimAll(List.of(BOBFIT, GENERATED, JANE20), BOB))
          .isInstanceOf(LinkCodeTakenException.class)
          .hasMessage("link code is held by another owner: K7QX2M9D4PV is held by 'aff-1'"
              + " campaign 'spring', not 'aff-2'");
      assertThat(registry.resolve(BOBFIT)).isEmpty();
    }

    @Test
    void claimAll_codeOfTheAffiliatesOwnCampaign_isAnotherOwnersAndClaimsNone() {
      assertClaimsNoneWhenHeldByOwnCampaign(registry);
    }

    @Test
    void claimAll_forACampaign_givesTheCodesToTheCampaign() {
      assertThat(registry.claimAll(List.of(JANE20), JANE_SPRING)).containsExactly(JANE20);
      assertThat(registry.resolve(JANE20)).contains(JANE_SPRING);
      assertThatThrownBy(() -> registry.claimAll(List.of(JANE20), JANE))
          .isInstanceOf(LinkCodeTakenException.class);
    }

    @Test
    void claimAll_codesHeldAlready_areNotNew() {
      registry.claim(JANE20, JANE);
      assertThat(registry.claimAll(List.of(JANE20, JANEFIT), JANE)).containsExactly(JANEFIT);
      assertThat(registry.claimAll(List.of(JANEFIT, JANE20), JANE)).isEmpty();
      assertThat(registry.codesOf("aff-1")).containsExactly(JANE20, JANEFIT);
    }

    @ParameterizedTest
    @EnumSource(RetiredCodes.class)
    void claimAll_retiredCodeOfTheOwnersOwn_isNewAndActiveAgain(RetiredCodes retiredCodes) {
      LinkRegistry registry = LinkRegistry.inMemory(retiredCodes);
      registry.claim(JANE20, JANE);
      registry.retire(JANE20);
      assertThat(registry.claimAll(List.of(JANE20, JANEFIT), JANE))
          .containsExactly(JANE20, JANEFIT);
      assertThat(registry.resolve(JANE20)).contains(JANE);
      assertThat(registry.codesOf("aff-1")).containsExactly(JANE20, JANEFIT);
    }

    @Test
    void claimAll_codeGivenTwice_countsOnce() {
      assertThat(registry.claimAll(List.of(JANEFIT, JANE20, JANEFIT), JANE))
          .containsExactly(JANEFIT, JANE20);
      assertThat(registry.codesOf("aff-1")).containsExactly(JANE20, JANEFIT);
    }

    @Test
    void claimAll_noCodes_claimsNothing() {
      assertThat(registry.claimAll(List.of(), JANE)).isEmpty();
      assertThat(registry.codesOf("aff-1")).isEmpty();
    }

    @Test
    void claimAll_result_isUnmodifiable() {
      List<LinkCode> claimed = registry.claimAll(List.of(JANE20), JANE);
      assertThatThrownBy(() -> claimed.add(JANEFIT))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void claimAll_nulls_areRejectedByName_andClaimNothing() {
      assertNullsAreNamed(registry);
    }
  }

  /** The default {@link LinkRegistry#claimAll}, which a registry of one's own inherits. */
  @Nested
  class ClaimAllByDefault {

    private final LinkRegistry backing = LinkRegistry.inMemory();
    private final LinkRegistry oneByOne = claimingOneByOne(backing);

    @Test
    void claimAll_freeAndHeldCodes_claimsTheNewOnesInTheOrderGiven_eachOnce() {
      oneByOne.claim(JANE20, JANE);
      assertThat(oneByOne.claimAll(List.of(GENERATED, JANE20, JANEFIT, GENERATED), JANE))
          .containsExactly(GENERATED, JANEFIT);
      assertThat(oneByOne.claimAll(List.of(), JANE)).isEmpty();
      assertThat(backing.codesOf("aff-1")).containsExactly(JANE20, JANEFIT, GENERATED);
    }

    @Test
    void claimAll_oneCodeHeldByAnother_throwsTheRegistrysExceptionAndClaimsNone() {
      assertClaimsNoneWhenHeldByAnother(oneByOne);
    }

    @Test
    void claimAll_retiredCodeThatKeepsResolving_throwsTheRetiredExceptionAndClaimsNone() {
      assertClaimsNoneWhenRetiredByAnother(oneByOne);
    }

    @Test
    void claimAll_codeOfTheAffiliatesOwnCampaign_throwsAndClaimsNone() {
      assertClaimsNoneWhenHeldByOwnCampaign(oneByOne);
    }

    /** What the documentation says: such a registry must override claimAll, as inMemory does. */
    @Test
    void claimAll_retiredCodeThatStopsResolving_leavesTheCodesBeforeItClaimed() {
      LinkRegistry stopping = LinkRegistry.inMemory(RetiredCodes.STOP_RESOLVING);
      LinkRegistry inherited = claimingOneByOne(stopping);
      stopping.claim(JANE20, JANE);
      stopping.retire(JANE20);
      assertThatThrownBy(() -> inherited.claimAll(List.of(BOBFIT, JANE20), BOB))
          .isInstanceOf(LinkCodeTakenException.class)
          .hasMessage("link code is retired: JANE20 was held by 'aff-1', not 'aff-2'");
      assertThat(stopping.resolve(BOBFIT)).contains(BOB);
    }

    @Test
    void claimAll_nulls_areRejectedByName_andClaimNothing() {
      assertNullsAreNamed(oneByOne);
    }

    @Test
    void claimAll_claimThatGivesAwayACodeResolvingToAnother_throws() {
      LinkRegistry broken = new LinkRegistry() {
        @Override
        public boolean claim(LinkCode code, LinkOwner owner) {
          return true;
        }

        @Override
        public Optional<LinkOwner> resolve(LinkCode code) {
          return Optional.of(JANE);
        }

        @Override
        public boolean retire(LinkCode code) {
          return true;
        }

        @Override
        public List<LinkCode> codesOf(String affiliateId) {
          return List.of();
        }

        @Override
        public String toString() {
          return "broken";
        }
      };
      assertThatThrownBy(() -> broken.claimAll(List.of(JANE20), BOB))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("link registry let another owner claim a code: JANE20 resolved to 'aff-1'"
              + " and was given to 'aff-2' by broken");
    }
  }

  @Nested
  class Owners {

    /** Regression: an affiliate id with quotes printed as another affiliate's campaign. */
    @Test
    void linkOwner_toString_escapesQuotes() {
      assertThat(LinkOwner.of("a' campaign 'b")).hasToString("'a\\' campaign \\'b'");
      assertThat(LinkOwner.of("a", "b")).hasToString("'a' campaign 'b'");
    }

    @Test
    void linkOwner_equality_includesTheCampaign() {
      new EqualsTester()
          .addEqualityGroup(LinkOwner.of("aff-1"), new LinkOwner("aff-1", Optional.empty()))
          .addEqualityGroup(LinkOwner.of("aff-1", "spring"),
              new LinkOwner("aff-1", Optional.of("spring")))
          .addEqualityGroup(LinkOwner.of("aff-1", "summer"))
          .addEqualityGroup(LinkOwner.of("aff-2"))
          .testEquals();
    }

    @Test
    void linkOwner_badIds_areRejected() {
      assertThatThrownBy(() -> LinkOwner.of(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliateId must not be blank: ''");
      assertThatThrownBy(() -> LinkOwner.of("aff-1", "spring\n"))
          .hasMessage("campaign must not contain control character \\u000a at index 6: 'spring\\u000a'");
    }

    @Test
    void linkOwner_toString_quotesTheIds() {
      assertThat(LinkOwner.of("aff-1")).hasToString("'aff-1'");
      assertThat(LinkOwner.of("aff-1", "spring")).hasToString("'aff-1' campaign 'spring'");
      // Whole and unescaped, so that two owners never print alike.
      String longId = "affiliate-".repeat(7) + "A";
      assertThat(LinkOwner.of(longId)).hasToString("'" + longId + "'");
      assertThat(LinkOwner.of("Zoë-1", "frühling")).hasToString("'Zoë-1' campaign 'frühling'");
    }
  }

  @Test
  void toString_namesThePolicy() {
    assertThat(registry).hasToString("LinkRegistry.inMemory(KEEP_RESOLVING)");
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester()
        .setDefault(LinkCode.class, JANE20)
        .setDefault(LinkOwner.class, JANE)
        .setDefault(LinkCodeGenerator.class, sequence("A", "B"))
        .setDefault(String.class, "aff-1")
        .setDefault(int.class, 1);
    tester.testAllPublicStaticMethods(LinkRegistry.class);
    tester.testAllPublicInstanceMethods(LinkRegistry.inMemory());
    tester.testAllPublicStaticMethods(LinkOwner.class);
    tester.testAllPublicConstructors(LinkOwner.class);
    tester.testAllPublicConstructors(LinkCodeTakenException.class);
  }
}
