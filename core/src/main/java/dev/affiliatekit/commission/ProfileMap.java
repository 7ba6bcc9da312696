package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.affiliatekit.internal.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The in-memory {@link AffiliateProfiles}: profiles by id, checked for loops of parents. */
final class ProfileMap implements AffiliateProfiles {

  static final ProfileMap EMPTY = new ProfileMap(ImmutableMap.of());

  private final ImmutableMap<String, AffiliateProfile> profiles;

  private ProfileMap(ImmutableMap<String, AffiliateProfile> profiles) {
    this.profiles = profiles;
  }

  static ProfileMap of(Collection<AffiliateProfile> profiles) {
    // Sorted, so that the loop reported is the same whatever the input order.
    TreeMap<String, AffiliateProfile> byId = new TreeMap<>();
    for (AffiliateProfile profile : Elements.copyOf(profiles, "profiles")) {
      if (byId.putIfAbsent(profile.affiliateId(), profile) != null) {
        throw new IllegalArgumentException(
            "profiles must have one profile per affiliate: " + Texts.quote(profile.affiliateId()));
      }
    }
    Set<String> checked = new HashSet<>();
    for (String start : byId.keySet()) {
      List<String> path = new ArrayList<>();
      Map<String, Integer> onPath = new HashMap<>();
      @Nullable String current = start;
      while (current != null && !checked.contains(current)) {
        Integer seen = onPath.putIfAbsent(current, path.size());
        if (seen != null) {
          throw loop(path.subList(seen, path.size()));
        }
        path.add(current);
        AffiliateProfile profile = byId.get(current);
        current = profile == null ? null : profile.parentId().orElse(null);
      }
      checked.addAll(path);
    }
    return byId.isEmpty() ? EMPTY : new ProfileMap(ImmutableMap.copyOf(byId));
  }

  /** Returns the exception for a loop, written from its alphabetically first affiliate. */
  static IllegalArgumentException loop(List<String> members) {
    int first = 0;
    for (int i = 1; i < members.size(); i++) {
      if (members.get(i).compareTo(members.get(first)) < 0) {
        first = i;
      }
    }
    StringBuilder text = new StringBuilder("affiliate parents form a loop: ");
    for (int i = 0; i <= members.size(); i++) {
      if (i > 0) {
        text.append(" -> ");
      }
      text.append(members.get((first + i) % members.size()));
    }
    return new IllegalArgumentException(text.toString());
  }

  @Override
  public Optional<AffiliateProfile> find(String affiliateId) {
    checkNotNull(affiliateId, "affiliateId");
    return Optional.ofNullable(profiles.get(affiliateId));
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof ProfileMap other && profiles.equals(other.profiles);
  }

  @Override
  public int hashCode() {
    return profiles.hashCode();
  }

  /** {@return the profiles, such as {@code AffiliateProfiles[anna, ben]}} */
  @Override
  public String toString() {
    return "AffiliateProfiles" + profiles.keySet();
  }
}
