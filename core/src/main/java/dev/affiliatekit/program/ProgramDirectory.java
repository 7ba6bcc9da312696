package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.SetMultimap;
import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.AffiliateProfiles;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.internal.Emails;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** The symbols of a vanity code, each of which a customer may type for another. */
  private static final char[] TYPED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

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
   * The members' vanity codes by how they read as generated symbols, for {@link #vanityTypoOf}:
   * changed and read under the program's lock.
   */
  private final SetMultimap<String, VanityCode> vanityByReading = HashMultimap.create();
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
    if (old == null || !old.codes().equals(enrollment.codes())) {
      if (old != null) {
        index(old, false);
      }
      index(enrollment, true);
    }
    if (old != null) {
      old.profile().parentId().ifPresent(parent ->
          children.computeIfPresent(parent, (id, count) -> count == 1 ? null : count - 1));
    }
    enrollment.profile().parentId().ifPresent(parent -> children.merge(parent, 1, Integer::sum));
    version.incrementAndGet();
  }

  /** Adds or removes the vanity codes of a member in {@link #vanityByReading}. */
  private void index(Enrollment member, boolean add) {
    for (LinkCode code : member.codes()) {
      String text = code.toString();
      // A code that reads as a generated code is one: no typo of a generated code reads as it.
      if (LinkCode.tryParse(text).isEmpty()) {
        VanityCode held = new VanityCode(member.affiliateId(), code);
        if (add) {
          vanityByReading.put(reading(text), held);
        } else {
          vanityByReading.remove(reading(text), held);
        }
      }
    }
  }

  /**
   * Returns a vanity code of another member that a customer who mistypes the generated code types:
   * one that reads as the code with one symbol changed or two neighbours swapped, as {@link
   * LinkCode#generatedCodesOneTypoAway()} finds from the other side. Called under the program's
   * lock.
   *
   * @param generated a code that reads as a generated code
   * @param affiliateId the affiliate that would hold it, whose own codes do not count
   * @return such a code and its holder, if any
   */
  Optional<VanityCode> vanityTypoOf(LinkCode generated, String affiliateId) {
    char[] symbols = generated.toString().toCharArray();
    for (int i = 0; i < symbols.length; i++) {
      char was = symbols[i];
      for (char typed : TYPED) {
        if (typed != was) {
          symbols[i] = typed;
          Optional<VanityCode> held = heldByOther(symbols, affiliateId);
          if (held.isPresent()) {
            return held;
          }
        }
      }
      symbols[i] = was;
      if (i + 1 < symbols.length && symbols[i + 1] != was) {
        symbols[i] = symbols[i + 1];
        symbols[i + 1] = was;
        Optional<VanityCode> held = heldByOther(symbols, affiliateId);
        symbols[i + 1] = symbols[i];
        symbols[i] = was;
        if (held.isPresent()) {
          return held;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<VanityCode> heldByOther(char[] typed, String affiliateId) {
    for (VanityCode held : vanityByReading.get(reading(new String(typed)))) {
      if (!held.affiliateId().equals(affiliateId)) {
        return Optional.of(held);
      }
    }
    return Optional.empty();
  }

  /**
   * {@return a vanity code's text as {@link LinkCode#parse} reads its symbols: {@code O} as {@code
   * 0}, {@code I} and {@code L} as {@code 1}}
   */
  static String reading(String text) {
    return text.replace('O', '0').replace('I', '1').replace('L', '1');
  }

  /** A vanity code and the member that holds it. */
  record VanityCode(String affiliateId, LinkCode code) {}

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
   * Returns the parents of an affiliate as {@link #uplinesOf(AffiliateProfile)} does, for a sale
   * on which a parent who is the buyer earns no override, as it would earn no credit.
   */
  AffiliateProfiles uplinesOf(AffiliateProfile affiliate, Conversion sale) {
    Uplines uplines = uplines(affiliate);
    boolean named = sale.customerId().isPresent() || sale.customerEmail().isPresent();
    return named && !uplines.parents.isEmpty() ? uplines.buying(sale) : uplines;
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
     * {@return these parents for a sale to the given buyer: one that bought it earns no override
     * on it, as it earns no credit}
     */
    Uplines buying(Conversion conversion) {
      List<Upline> kept = parents;
      String buyerEmail = null;
      for (int i = 0; i < parents.size(); i++) {
        Upline parent = parents.get(i);
        if (!parent.earnsOverrides) {
          continue;
        }
        // As AffiliateIdentity.isBuyerOf decides, with each address normalised once.
        Optional<String> customerId = parent.identity.customerId();
        boolean bought = customerId.isPresent() && customerId.equals(conversion.customerId());
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
