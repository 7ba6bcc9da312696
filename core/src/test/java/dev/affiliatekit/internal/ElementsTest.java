package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElementsTest {

  @Test
  void copyOf_copies_andNamesTheFirstNullByIndex() {
    List<String> values = new ArrayList<>(List.of("a", "b"));
    List<String> copy = Elements.copyOf(values, "codes");
    values.clear();
    assertThat(copy).containsExactly("a", "b");
    assertThatThrownBy(() -> Elements.copyOf(Arrays.asList("a", null, null), "codes"))
        .isInstanceOf(NullPointerException.class).hasMessage("codes contains null at index 1");
  }

  @Test
  void checkNoNull_namesTheFirstNullByIndex_inListsWithoutIndexedAccess_andInSets() {
    assertThatThrownBy(() -> Elements.checkNoNull(new LinkedList<>(Arrays.asList("a", "b", null)),
        "codes")).isInstanceOf(NullPointerException.class)
        .hasMessage("codes contains null at index 2");
    Set<String> withNull = new LinkedHashSet<>(Arrays.asList("a", null));
    assertThatThrownBy(() -> Elements.checkNoNull(withNull, "codes"))
        .isInstanceOf(NullPointerException.class).hasMessage("codes contains null at index 1");
    Elements.checkNoNull(new LinkedList<>(List.of("a", "b")), "codes");
  }

  @Test
  void sortedCopyOf_sortsByKey_andNamesTheKeyOfANullValue() {
    Map<String, Integer> map = new HashMap<>(Map.of("b", 2, "a", 1));
    Map<String, Integer> copy = Elements.sortedCopyOf(map, "amounts");
    map.clear();
    assertThat(copy.keySet()).containsExactly("a", "b");
    assertThatThrownBy(() -> copy.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    Map<String, Integer> withNull = new HashMap<>();
    withNull.put("mia", null);
    assertThatThrownBy(() -> Elements.sortedCopyOf(withNull, "amounts"))
        .isInstanceOf(NullPointerException.class).hasMessage("amounts has null for key mia");
    withNull.clear();
    withNull.put(null, 1);
    assertThatThrownBy(() -> Elements.sortedCopyOf(withNull, "amounts"))
        .isInstanceOf(NullPointerException.class).hasMessage("amounts has a null key");
  }

  @Test
  void nulls_areRejected() {
    new NullPointerTester().testAllPublicStaticMethods(Elements.class);
  }
}
