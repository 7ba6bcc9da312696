package dev.affiliatekit.commission;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a plan's rules decide from an affiliate's profile alone, worked out once per profile: the
 * rules that may price its orders, and which of the rules whose conditions test only the profile
 * (such as a band of followers) hold for it. {@link FastPricing} keeps these in a small cache per
 * plan, so that a quote reads neither the affiliate's group nor its follower count, and looks up
 * no affiliate or group rules.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class ProfileRules {

  private static final long[] NO_MORE = {};

  /** The profile these decisions are for. */
  final AffiliateProfile profile;
  /**
   * The affiliate's, its group's and the program rules that may win an order, in order of
   * precedence: those whose condition holds or depends on the sale, up to the first that surely
   * holds (its condition tests nothing or the profile alone), which ends the array if there is
   * one. Rules whose condition tests the profile and fails for it are left out, and so are the
   * program rules keyed by a value of the sale ({@link ProgramKeys}), which a quote merges in.
   */
  final CompiledRule[] orderRules;
  /** Whether {@link #orderRules} ends with a rule that surely holds. */
  final boolean orderSettled;
  /** The rule that wins every order of the profile, if the sale cannot change it; else null. */
  final @Nullable CompiledRule orderWinner;
  /**
   * A bit per rule with a {@linkplain CompiledRule#profileSlot profile slot} whose condition holds,
   * for the first 64 slots.
   */
  private final long holding;
  /** The same bits for the further slots, if any: a plan with fewer has no array to read. */
  private final long[] moreHolding;

  private ProfileRules(AffiliateProfile profile, CompiledRule[] orderRules,
      boolean orderSettled, long[] holding) {
    this.profile = profile;
    this.orderRules = orderRules;
    this.orderSettled = orderSettled;
    this.orderWinner = orderSettled && orderRules.length == 1 ? orderRules[0] : null;
    this.holding = holding.length == 0 ? 0 : holding[0];
    this.moreHolding = holding.length <= 1 ? NO_MORE : holding;
  }

  /**
   * Works out the decisions for the profile of the facts' context; only the profile is read.
   */
  static ProfileRules of(RuleIndex index, Facts facts) {
    AffiliateProfile profile = facts.context.affiliate();
    long[] holding = new long[(index.profileSlots + 63) >>> 6];
    for (CompiledRule rule : index.profileTested) {
      int slot = rule.profileSlot;
      if (rule.matcher.test(facts) == Matcher.TRUE) {
        holding[slot >>> 6] |= 1L << slot;
      }
    }
    // The affiliate's and its group's own rules are decided here, for this profile alone: the
    // rules of other affiliates and groups, however many, cost it nothing.
    CompiledRule[] affiliateRules = index.affiliate(profile.affiliateId());
    CompiledRule[] groupRules = index.group(profile.group().orElse(null));
    List<CompiledRule> candidates = new ArrayList<>();
    boolean settled = false;
    for (CompiledRule next : RuleIndex.inPrecedence(affiliateRules, groupRules,
        index.programKeys.unkeyed)) {
      if (next.testsProfileAlone) {
        boolean holds = next.profileSlot >= 0 ? holds(holding, next)
            : next.matcher.test(facts) == Matcher.TRUE;
        if (!holds) {
          continue;
        }
        settled = true;
      } else {
        settled = next.always;
      }
      candidates.add(next);
      if (settled) {
        break;
      }
    }
    return new ProfileRules(profile, candidates.toArray(RuleIndex.NONE), settled, holding);
  }

  /** {@return whether the condition of a rule that tests the profile alone holds for it} */
  boolean holds(CompiledRule rule) {
    int slot = rule.profileSlot;
    return slot < 64 ? (holding & (1L << slot)) != 0 : holds(moreHolding, rule);
  }

  private static boolean holds(long[] holding, CompiledRule rule) {
    int slot = rule.profileSlot;
    return (holding[slot >>> 6] & (1L << slot)) != 0;
  }
}
