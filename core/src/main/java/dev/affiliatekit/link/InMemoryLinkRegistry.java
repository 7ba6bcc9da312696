package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Ids;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry in two maps: codes to entries in a {@link ConcurrentHashMap}, read without locking,
 * and affiliates to their active codes; every change holds one lock, so that both maps change
 * together and a claim, of one code or of several, is atomic.
 */
final class InMemoryLinkRegistry implements LinkRegistry {

  private static final Logger log = LoggerFactory.getLogger(InMemoryLinkRegistry.class);

  /**
   * Who holds a code and whether it is retired, with the answer of {@link #resolve} made once, so
   * that resolving allocates nothing.
   */
  private record Entry(LinkOwner owner, boolean retired, Optional<LinkOwner> resolution) {}

  private final RetiredCodes retiredCodes;
  private final ConcurrentHashMap<LinkCode, Entry> entries = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private final Map<String, SortedSet<LinkCode>> activeByAffiliate = new HashMap<>();

  InMemoryLinkRegistry(RetiredCodes retiredCodes) {
    this.retiredCodes = retiredCodes;
  }

  private Entry entry(LinkOwner owner, boolean retired) {
    boolean resolves = !retired || retiredCodes == RetiredCodes.KEEP_RESOLVING;
    return new Entry(owner, retired, resolves ? Optional.of(owner) : Optional.empty());
  }

  @Override
  public boolean claim(LinkCode code, LinkOwner owner) {
    checkNotNull(code, "code");
    checkNotNull(owner, "owner");
    synchronized (lock) {
      if (holdsActive(code, owner)) {
        return false;
      }
      give(code, owner);
    }
    log.debug("link code {} claimed by {}", code, owner);
    return true;
  }

  @Override
  public List<LinkCode> claimAll(Collection<LinkCode> codes, LinkOwner owner) {
    List<LinkCode> given = given(codes);
    checkNotNull(owner, "owner");
    Set<LinkCode> claimed = new LinkedHashSet<>();
    synchronized (lock) {
      // Check every code before giving any, so that a refusal leaves the registry unchanged.
      for (LinkCode code : given) {
        if (!holdsActive(code, owner)) {
          claimed.add(code);
        }
      }
      for (LinkCode code : claimed) {
        give(code, owner);
      }
    }
    if (!claimed.isEmpty()) {
      log.debug("link codes {} claimed by {}", claimed, owner);
    }
    return List.copyOf(claimed);
  }

  /** {@return a copy of the codes given to {@code claimAll}, checked for nulls} */
  static List<LinkCode> given(Collection<LinkCode> codes) {
    return Elements.copyOf(codes, "codes");
  }

  /**
   * Returns whether the owner holds the code and it is active. Under the lock.
   *
   * @throws LinkCodeTakenException if another owner holds the code or held it before it was
   *     retired
   */
  private boolean holdsActive(LinkCode code, LinkOwner owner) {
    Entry current = entries.get(code);
    if (current == null) {
      return false;
    }
    if (!current.owner().equals(owner)) {
      throw new LinkCodeTakenException(code, current.owner(), owner, current.retired());
    }
    return !current.retired();
  }

  /** Makes the code an active one of the owner. Under the lock. */
  private void give(LinkCode code, LinkOwner owner) {
    entries.put(code, entry(owner, false));
    activeByAffiliate.computeIfAbsent(owner.affiliateId(), id -> new TreeSet<>()).add(code);
  }

  @Override
  public Optional<LinkOwner> resolve(LinkCode code) {
    Entry entry = entries.get(checkNotNull(code, "code"));
    return entry == null ? Optional.empty() : entry.resolution();
  }

  @Override
  public Optional<LinkOwner> owner(LinkCode code) {
    Entry entry = entries.get(checkNotNull(code, "code"));
    return entry == null ? Optional.empty() : Optional.of(entry.owner());
  }

  @Override
  public boolean retire(LinkCode code) {
    checkNotNull(code, "code");
    LinkOwner owner;
    synchronized (lock) {
      Entry current = entries.get(code);
      if (current == null) {
        throw new IllegalArgumentException("link code is not claimed: " + quote(code.toString()));
      }
      if (current.retired()) {
        return false;
      }
      owner = current.owner();
      entries.put(code, entry(owner, true));
      SortedSet<LinkCode> active = activeByAffiliate.get(owner.affiliateId());
      if (active != null && active.remove(code) && active.isEmpty()) {
        activeByAffiliate.remove(owner.affiliateId());
      }
    }
    log.debug("link code {} of {} retired", code, owner);
    return true;
  }

  @Override
  public List<LinkCode> codesOf(String affiliateId) {
    String id = Ids.checkId(affiliateId, "affiliateId");
    synchronized (lock) {
      SortedSet<LinkCode> active = activeByAffiliate.get(id);
      return active == null ? List.of() : List.copyOf(active);
    }
  }

  @Override
  public String toString() {
    return "LinkRegistry.inMemory(" + retiredCodes + ")";
  }
}
