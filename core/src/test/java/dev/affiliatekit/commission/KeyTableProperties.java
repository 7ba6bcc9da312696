package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.testing.CollidingIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The table of rules by key finds every key it holds, and nothing for the others. */
class KeyTableProperties {

  @Property
  void get_findsEachKeysRules_andNoneForOtherKeys(
      @ForAll @Size(max = 300) Set<@AlphaChars @NumericChars @StringLength(max = 6) String> keys,
      @ForAll @Size(max = 50) Set<@AlphaChars @NumericChars @StringLength(max = 6) String> others) {
    Map<String, CompiledRule[]> rulesByKey = new HashMap<>();
    for (String key : keys) {
      rulesByKey.put(key, new CompiledRule[0]);
    }
    KeyTable table = new KeyTable(rulesByKey);

    assertThat(table.isEmpty()).isEqualTo(keys.isEmpty());
    for (String key : keys) {
      // A new string, so that the table compares contents, not references.
      assertThat(table.get(new String(key))).isSameAs(rulesByKey.get(key));
    }
    for (String other : others) {
      if (!keys.contains(other)) {
        assertThat(table.get(other)).isSameAs(RuleIndex.NONE);
      }
    }
  }

  /**
   * Keys of one hash code, as affiliates may choose them: past the few the table holds of one,
   * they are kept beside it, and each is still found.
   */
  @Property
  void get_keysOfOneHashCode_findsEachKeysRules_andNoneForOtherKeys(
      @ForAll @IntRange(max = 200) int count, @ForAll @IntRange(max = 20) int ordinary) {
    List<String> all = CollidingIds.of("creator-", 400, "");
    Map<String, CompiledRule[]> rulesByKey = new HashMap<>();
    for (String key : all.subList(0, count)) {
      rulesByKey.put(key, new CompiledRule[0]);
    }
    for (int i = 0; i < ordinary; i++) {
      rulesByKey.put("ordinary-" + i, new CompiledRule[0]);
    }
    KeyTable table = new KeyTable(rulesByKey);

    assertThat(table.crowdedSize()).isEqualTo(Math.max(0, count - HashKeys.MAX_SAME_HASH));
    for (Map.Entry<String, CompiledRule[]> entry : rulesByKey.entrySet()) {
      assertThat(table.get(new String(entry.getKey()))).isSameAs(entry.getValue());
    }
    for (String other : all.subList(count, all.size())) {
      assertThat(table.get(other)).isSameAs(RuleIndex.NONE);
    }
  }
}
