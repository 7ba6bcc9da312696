package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.AffiliateProfiles;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.internal.Emails;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The program's affiliates as attribution and commission plans see them: identities and profiles
 * in concurrent maps, and codes resolved through the link registry. Writes happen under the
 * program's lock; reads never block.
 */
final class ProgramDirectory implements AffiliateDirectory {

  private final LinkRegistry registry;
  private final ConcurrentHashMap<String, Enrollment> members = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  /**
   * The most codes of a member that {@link #textOf} looks through in turn; a member with more has
   * a map of their texts, so that a touch of an affiliate of thousands of coupon codes costs a
   * look-up, not a scan.
   */
  private static final int SCANNED_CODES = 16;
  /** The texts of the codes of the members with more than {@link #SCANNED_CODES}, by code. */
  private final ConcurrentHashMap<String, Map<LinkCode, String>> manyCodes =
      new ConcurrentHashMap<>();
  /**
   * The codes members chose at enrollment, which the vanity policy passed: not the generated
   * ones, nor those the registry gave them already.
   */
  private final Set<LinkCode> chosen = ConcurrentHashMap.newKeySet();
  /** The number of members of each parent id, changed and read under the program's lock. */
  private final Map<String, Integer> children = new HashMap<>();
  /** The uplines of {@link #uplinesOf}, made under the version they name. */
  private volatile Chains chains = new Chains(-1);

  ProgramDirectory(LinkRegistry registry) {
    this.registry = registry;
  }

  /**
   * Adds or replaces a member; the version changes after the new answer is visible. Called under
   * the program's lock, as are the reads of {@link #isParent}.
   */
  void put(Enrollment enrollment) {
    if (enrollment.codes().size() > SCANNED_CODES) {
      Map<LinkCode, String> texts = new HashMap<>();
      enrollment.codes().forEach(code -> texts.putIfAbsent(code, code.toString()));
      manyCodes.put(enrollment.affiliateId(), texts);
    } else {
      manyCodes.remove(enrollment.affiliateId());
    }
    Enrollment old = members.put(enrollment.affiliateId(), enrollment);
    if (old != null) {
      old.profile().parentId().ifPresent(parent ->
          children.computeIfPresent(parent, (id, count) -> count == 1 ? null : count - 1));
    }
    enrollment.profile().parentId().ifPresent(parent -> children.merge(parent, 1, Integer::sum));
    version.incrementAndGet();
  }

  /** Notes codes that a member chose at enrollment, which the vanity policy passed. */
  void chose(Collection<LinkCode> codes) {
    chosen.addAll(codes);
  }

  /** {@return whether a member chose the code at enrollment, as {@link #chose} noted} */
  boolean isChosen(LinkCode code) {
    return chosen.contains(code);
  }

  /** {@return whether a member has the affiliate as its parent} Called under the program's lock. */
  boolean isParent(String affiliateId) {
    return children.containsKey(affiliateId);
  }

  Optional<Enrollment> member(String affiliateId) {
    return Optional.ofNullable(members.get(affiliateId));
  }

  @Override
  public Optional<AffiliateIdentity> affiliate(String affiliateId) {
    Enrollment member = members.get(affiliateId);
    return member == null ? Optional.empty() : Optional.of(member.identity());
  }

  @Override
  public Optional<String> ownerOf(String code) {
    return LinkCode.tryParseTyped(code).flatMap(registry::resolve).map(LinkOwner::affiliateId)
        .filter(members::containsKey);
  }

  /**
   * {@return the code's text as the owner's enrollment holds it, so that the touches of the code
   * share one string, or else the code's own text}
   */
  String textOf(String owner, LinkCode code) {
    Map<LinkCode, String> texts = manyCodes.get(owner);
    if (texts != null) {
      String text = texts.get(code);
      return text != null ? text : code.toString();
    }
    Enrollment member = members.get(owner);
    if (member != null) {
      for (LinkCode held : member.codes()) {
        if (held.equals(code)) {
          return held.toString();
        }
      }
    }
    return code.toString();
  }

  @Override
  public long version() {
    return version.get();
  }

  /**
   * Returns the parents of an affiliate as they stand now, each with whether it earns overrides,
   * up to the most levels a plan pays ({@value CommissionPlan#MAX_OVERRIDE_LEVELS}): the uplines
   * of a quote's context, so that the context records the parents of the time of the sale, which
   * a replay of the quote then pays, and not those of the time of the replay. The quotes of one
   * affiliate share them until the directory changes.
   */
  AffiliateProfiles uplinesOf(AffiliateProfile affiliate) {
    return uplines(affiliate);
  }

  /**
   * Returns the parents of an affiliate as {@link #uplinesOf(AffiliateProfile)} does, for a credit
   * on which a parent that bought the sale earns no override, as it would earn no credit: a parent
   * the sale's buyer is ({@link AffiliateIdentity#isBuyerOf}), or one signed in as its own customer
   * id at one of the credit's touches, as on its own device at a guest checkout (the rule by which
   * the attributor excludes an affiliate's own touches).
   */
  AffiliateProfiles uplinesOf(AffiliateProfile affiliate, Conversion sale, Credit credit) {
    Uplines uplines = uplines(affiliate);
    return uplines.parents.isEmpty() ? uplines : uplines.buying(sale, credit.touchpoints());
  }

  private Uplines uplines(AffiliateProfile affiliate) {
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
    return chains.byParent.computeIfAbsent(parentId.get(), this::uplinesFrom);
  }

  /** {@return the parents from the given one up, as enrolled now} */
  private Uplines uplinesFrom(String parentId) {
    List<Upline> parents = new ArrayList<>();
    String next = parentId;
    while (next != null && parents.size() < CommissionPlan.MAX_OVERRIDE_LEVELS) {
      Enrollment member = members.get(next);
      if (member == null) {
        break;
      }
      AffiliateIdentity identity = member.identity();
      parents.add(new Upline(member.profile(), identity, identity.isActive(),
          identity.email().map(Emails::normalize).orElse(null)));
      next = member.profile().parentId().orElse(null);
    }
    return new Uplines(List.copyOf(parents));
  }

  /** The uplines made under one version of the directory, by the id of the first parent. */
  private static final class Chains {
    final long version;
    final ConcurrentHashMap<String, Uplines> byParent = new ConcurrentHashMap<>();

    Chains(long version) {
      this.version = version;
    }
  }

  /**
   * A parent as the directory gave it, with whether it earned overrides, and its e-mail address
   * normalised once for the chain rather than at every sale.
   */
  private record Upline(AffiliateProfile profile, AffiliateIdentity identity,
      boolean earnsOverrides, @Nullable String email) {}

  /**
   * The parents of one affiliate, as they stood when its quote was made, from its own parent up;
   * a parent that was not enrolled ends them.
   */
  private record Uplines(List<Upline> parents) implements AffiliateProfiles {

    static final Uplines NONE = new Uplines(List.of());

    /**
     * {@return these parents for a credit of a sale: one that bought it earns no override on it,
     * as it earns no credit; see {@link ProgramDirectory#uplinesOf(AffiliateProfile, Conversion,
     * Credit)}}
     */
    Uplines buying(Conversion conversion, List<Touchpoint> touches) {
      List<Upline> kept = parents;
      String buyerEmail = null;
      for (int i = 0; i < parents.size(); i++) {
        Upline parent = parents.get(i);
        if (!parent.earnsOverrides) {
          continue;
        }
        // As AffiliateIdentity.isBuyerOf decides, with each address normalised once.
        Optional<String> customerId = parent.identity.customerId();
        boolean bought = customerId.isPresent() && (customerId.equals(conversion.customerId())
            || signedIn(touches, customerId.get()));
        if (!bought && parent.email != null && conversion.customerEmail().isPresent()) {
          if (buyerEmail == null) {
            buyerEmail = Emails.normalize(conversion.customerEmail().get());
          }
          bought = buyerEmail.equals(parent.email);
        }
        if (bought) {
          if (kept == parents) {
            kept = new ArrayList<>(parents);
          }
          kept.set(i, new Upline(parent.profile, parent.identity, false, parent.email));
        }
      }
      return kept == parents ? this : new Uplines(List.copyOf(kept));
    }

    private static boolean signedIn(List<Touchpoint> touches, String customerId) {
      for (int i = 0; i < touches.size(); i++) {
        Optional<String> signedIn = touches.get(i).customerId();
        if (signedIn.isPresent() && signedIn.get().equals(customerId)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Optional<AffiliateProfile> find(String affiliateId) {
      Upline parent = parent(affiliateId);
      return parent == null ? Optional.empty() : Optional.of(parent.profile);
    }

    /** {@return whether the parent was enrolled and active, so that it earned overrides} */
    @Override
    public boolean earnsOverrides(String affiliateId) {
      Upline parent = parent(affiliateId);
      return parent != null && parent.earnsOverrides;
    }

    private @Nullable Upline parent(String affiliateId) {
      checkNotNull(affiliateId, "affiliateId");
      for (Upline parent : parents) {
        if (parent.profile.affiliateId().equals(affiliateId)) {
          return parent;
        }
      }
      return null;
    }

    /** {@return such as {@code Uplines[ann -> bob -> carl]}} */
    @Override
    public String toString() {
      StringJoiner ids = new StringJoiner(" -> ", "Uplines[", "]");
      for (Upline parent : parents) {
        ids.add(parent.profile.affiliateId());
      }
      return ids.toString();
    }
  }
}
