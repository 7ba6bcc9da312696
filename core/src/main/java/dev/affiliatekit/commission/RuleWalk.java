package dev.affiliatekit.commission;

import org.jspecify.annotations.Nullable;

/**
 * Walks lists of rules, each in order of precedence, as one list in order of precedence, without
 * merging them first: a quote whose first rule wins looks at no more. Lists of different levels
 * never hold rules of one rank; of one rank, the rule first in the plan comes first. Made per
 * walk and used by one thread.
 */
final class RuleWalk {

  private final CompiledRule[][] lists;
  private final int[] at;

  RuleWalk(CompiledRule[]... lists) {
    this.lists = lists;
    this.at = new int[lists.length];
  }

  /** {@return the next rule in order of precedence; null once every list is walked} */
  @Nullable CompiledRule next() {
    CompiledRule next = null;
    int chosen = -1;
    for (int i = 0; i < lists.length; i++) {
      CompiledRule[] list = lists[i];
      if (at[i] < list.length && (next == null || ProgramKeys.precedes(list[at[i]], next))) {
        next = list[at[i]];
        chosen = i;
      }
    }
    if (chosen >= 0) {
      at[chosen]++;
    }
    return next;
  }
}
