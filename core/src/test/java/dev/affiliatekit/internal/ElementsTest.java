package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
  void checkNoNull_andCopyOf_nameTheFirstNullByIndex_inListsAndSets() {
    assertThatThrownBy(() -> Elements.checkNoNull(new LinkedList<>(Arrays.asList("a", "b", null)),
        "codes")).isInstanceOf(NullPointerException.class)
        .hasMessage("codes contains null at index 2");
    Set<String> withNull = new LinkedHashSet<>(Arrays.asList("a", null));
    assertThatThrownBy(() -> Elements.copyOf(withNull, "codes"))
        .isInstanceOf(NullPointerException.class).hasMessage("codes contains null at index 1");
    List<String> unmodifiable = List.of("a", "b");
    assertThat(Elements.copyOf(unmodifiable, "codes")).isSameAs(unmodifiable);
  }

  /**
   * A list that another thread changes while it is read, as an ArrayList's copy may show a null
   * where there is none: here its first read shows one, and its second does not.
   */
  @Test
  void copyOf_aListWhoseReadsDisagree_saysItMayHaveChanged() {
    List<String> racing = new java.util.AbstractList<>() {
      private int reads;

      @Override
      public String get(int index) {
        return "a";
      }

      @Override
      public int size() {
        return 2;
      }

      @Override
      public Object[] toArray() {
        return reads++ == 0 ? new Object[] {"a", null} : new Object[] {"a", "a"};
      }
    };
    assertThatThrownBy(() -> Elements.copyOf(racing, "conversions"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("conversions contains null, or changed while it was read");
  }

  /**
   * Regression: the values of a list were read by index, which a copy-on-write list that another
   * thread shrank between its size and a read failed with an ArrayIndexOutOfBoundsException.
   */
  @Test
  void copyOf_aListThatAnotherThreadChanges_copiesOneSnapshotOfIt() throws Exception {
    CopyOnWriteArrayList<String> codes = new CopyOnWriteArrayList<>(List.of("a", "b", "c", "d"));
    AtomicBoolean done = new AtomicBoolean();
    Thread changer = new Thread(() -> {
      while (!done.get()) {
        codes.add("e");
        codes.remove(0);
        codes.remove(0);
        codes.add("f");
      }
    });
    changer.start();
    try {
      for (int i = 0; i < 200_000; i++) {
        assertThat(Elements.copyOf(codes, "codes")).hasSizeBetween(3, 5);
      }
    } finally {
      done.set(true);
      changer.join();
    }
  }

  /**
   * Regression: a null was named by walking the collection again, whose iterator another thread's
   * change made throw ConcurrentModificationException.
   */
  @Test
  void copyOf_namesANullFromASnapshot_whenTheCollectionChangesAsItIsWalked() {
    List<String> changing = new ArrayList<>(Arrays.asList("a", null)) {
      @Override
      public Iterator<String> iterator() {
        Iterator<String> walk = super.iterator();
        add("b");  // as another thread would, while the collection is walked again
        return walk;
      }
    };

    assertThatThrownBy(() -> Elements.copyOf(changing, "rules"))
        .isInstanceOf(NullPointerException.class).hasMessage("rules contains null at index 1");
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
