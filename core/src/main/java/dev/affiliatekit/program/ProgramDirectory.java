package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.AffiliateProfiles;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import org.jspecify.annotations.Nullable;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The program's affiliates as attribution and commission plans see them: identities and profiles
 * in concurrent maps, and codes resolved through the link registry. Writes happen under the
 * program's lock; reads never block.
 */
final class ProgramDirectory implements AffiliateDirectory, AffiliateProfiles {

  private final LinkRegistry registry;
  private final ConcurrentHashMap<String, Enrollment> members = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  /** The chains of parents of {@link #uplinesOf}, made under the version they name. */
  private volatile Chains chains = new Chains(-1);

  ProgramDirectory(LinkRegistry registry) {
    this.registry = registry;
  }

  /** Adds or replaces a member; the version changes after the new answer is visible. */
  void put(Enrollment enrollment) {
    members.put(enrollment.affiliateId(), enrollment);
    version.incrementAndGet();
  }

  Optional<Enrollment> member(String affiliateId) {
    return Optional.ofNullable(members.get(affiliateId));
  }

  @Override
  public Optional<AffiliateIdentity> affiliate(String affiliateId) {
    Enrollment member = members.get(affiliateId);
    return member == null ? Optional.empty() : Optional.of(member.identity());
  }

  /** {@return whether the parent is enrolled and active, so that it earns overrides} */
  @Override
  public boolean earnsOverrides(String affiliateId) {
    Enrollment member = members.get(affiliateId);
    return member != null && member.identity().isActive();
  }

  @Override
  public Optional<String> ownerOf(String code) {
    return code(code).flatMap(registry::resolve).map(LinkOwner::affiliateId)
        .filter(members::containsKey);
  }

  @Override
  public long version() {
    return version.get();
  }

  @Override
  public Optional<AffiliateProfile> find(String affiliateId) {
    Enrollment member = members.get(affiliateId);
    return member == null ? Optional.empty() : Optional.of(member.profile());
  }

  /**
   * Returns the parents of an affiliate as they stand now, each with whether it earns overrides:
   * the uplines of a quote's context, so that the context records the parents of the time of the
   * sale, which a replay of the quote then pays, and not those of the time of the replay. The
   * chains are shared between affiliates, and kept until the directory changes.
   */
  AffiliateProfiles uplinesOf(AffiliateProfile affiliate) {
    Optional<String> parentId = affiliate.parentId();
    if (parentId.isEmpty()) {
      return Uplines.NONE;
    }
    long now = version.get();
    Chains chains = this.chains;
    if (chains.version != now) {
      chains = new Chains(now);
      this.chains = chains;
    }
    return new Uplines(chains.of(parentId.get()));
  }

  /** The chains of parents made under one version of the directory, by affiliate id. */
  private final class Chains {
    final long version;
    final ConcurrentHashMap<String, Upline> byAffiliate = new ConcurrentHashMap<>();

    Chains(long version) {
      this.version = version;
    }

    /** {@return the chain from the affiliate up, or null if it is not enrolled} */
    @Nullable Upline of(String affiliateId) {
      ArrayDeque<Enrollment> path = new ArrayDeque<>();
      Upline above = null;
      String next = affiliateId;
      // The program refuses a loop of parents; the bound keeps a loop from running forever.
      int bound = members.size();
      while (next != null && path.size() <= bound) {
        Upline known = byAffiliate.get(next);
        if (known != null) {
          above = known;
          break;
        }
        Enrollment member = members.get(next);
        if (member == null) {
          break;
        }
        path.push(member);
        next = member.profile().parentId().orElse(null);
      }
      while (!path.isEmpty()) {
        Enrollment member = path.pop();
        Upline made = new Upline(member.profile(), member.identity().isActive(), above);
        Upline first = byAffiliate.putIfAbsent(member.affiliateId(), made);
        above = first != null ? first : made;
      }
      return above;
    }
  }

  /** A parent as the directory gave it, with whether it earned overrides, and its own parent. */
  private record Upline(AffiliateProfile profile, boolean earnsOverrides, @Nullable Upline parent) {

    /** Compares the chains link by link, not by recursion: a chain can be long. */
    @Override
    public boolean equals(@Nullable Object obj) {
      Upline a = this;
      Object b = obj;
      while (a != null && b instanceof Upline other) {
        if (a == other) {
          return true;
        }
        if (a.earnsOverrides != other.earnsOverrides || !a.profile.equals(other.profile)) {
          return false;
        }
        a = a.parent;
        b = other.parent;
      }
      return a == null && b == null;
    }

    @Override
    public int hashCode() {
      int hash = 1;
      for (Upline link = this; link != null; link = link.parent) {
        hash = 31 * hash + link.profile.hashCode() + (link.earnsOverrides ? 1 : 0);
      }
      return hash;
    }

    @Override
    public String toString() {
      return "Upline[" + profile.affiliateId() + "]";
    }
  }

  /** The parents of one affiliate, as they stood when its quote was made. */
  private record Uplines(@Nullable Upline first) implements AffiliateProfiles {

    static final Uplines NONE = new Uplines(null);

    @Override
    public Optional<AffiliateProfile> find(String affiliateId) {
      Upline link = link(affiliateId);
      return link == null ? Optional.empty() : Optional.of(link.profile);
    }

    /** {@return whether the parent was enrolled and active, so that it earned overrides} */
    @Override
    public boolean earnsOverrides(String affiliateId) {
      Upline link = link(affiliateId);
      return link != null && link.earnsOverrides;
    }

    private @Nullable Upline link(String affiliateId) {
      checkNotNull(affiliateId, "affiliateId");
      for (Upline link = first; link != null; link = link.parent) {
        if (link.profile.affiliateId().equals(affiliateId)) {
          return link;
        }
      }
      return null;
    }

    /** {@return such as {@code Uplines[ann -> bob -> carl]}, the first ten parents} */
    @Override
    public String toString() {
      StringJoiner parents = new StringJoiner(" -> ", "Uplines[", "]");
      int shown = 0;
      for (Upline link = first; link != null; link = link.parent) {
        if (shown++ == 10) {
          parents.add("...");
          break;
        }
        parents.add(link.profile.affiliateId());
      }
      return parents.toString();
    }
  }

  /** Reads a code as typed: a generated code if its check symbol matches, else a vanity code. */
  static Optional<LinkCode> code(String text) {
    Optional<LinkCode> generated = LinkCode.tryParse(text);
    return generated.isPresent() ? generated : LinkCode.tryParseVanity(text);
  }
}
