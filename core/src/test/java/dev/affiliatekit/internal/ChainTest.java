package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ChainTest {

  @Property
  void toList_holdsWhatWasAdded_inOrder(@ForAll List<Integer> elements) {
    Chain<Integer> chain = Chain.empty();
    for (Integer element : elements) {
      chain = chain.plus(element);
    }
    assertThat(chain.toList()).containsExactlyElementsOf(elements);
    assertThat(chain.size()).isEqualTo(elements.size());
  }

  @Property
  void plus_leavesTheEarlierChainAsItWas(@ForAll List<Integer> first, @ForAll List<Integer> second,
      @ForAll List<Integer> third) {
    Chain<Integer> shared = Chain.empty();
    for (Integer element : first) {
      shared = shared.plus(element);
    }
    Chain<Integer> one = shared;
    Chain<Integer> other = shared;
    for (Integer element : second) {
      one = one.plus(element);
    }
    for (Integer element : third) {
      other = other.plus(element);
    }
    List<Integer> expectedOne = new ArrayList<>(first);
    expectedOne.addAll(second);
    List<Integer> expectedOther = new ArrayList<>(first);
    expectedOther.addAll(third);
    assertThat(shared.toList()).containsExactlyElementsOf(first);
    assertThat(one.toList()).containsExactlyElementsOf(expectedOne);
    assertThat(other.toList()).containsExactlyElementsOf(expectedOther);
  }

  @Test
  void toList_isUnmodifiable() {
    List<String> list = Chain.<String>empty().plus("a").plus("b").toList();
    assertThatThrownBy(() -> list.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Chain.empty().toList()).isEmpty();
  }

  @Test
  void plus_null_throws() {
    Chain<String> chain = Chain.empty();
    assertThatThrownBy(() -> chain.plus(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("element");
  }
}
