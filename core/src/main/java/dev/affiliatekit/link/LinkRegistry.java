package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which owner holds which link code: claims, lookups and retirements, with each code held by at
 * most one owner, ever.
 *
 * <p>An owner may hold any number of codes. Claiming a code that the owner already holds changes
 * nothing; claiming a code that another owner holds, or held before it was retired, throws {@link
 * LinkCodeTakenException}. A retired code stays with its owner for good: old links can go on
 * resolving to it ({@link RetiredCodes#KEEP_RESOLVING}) or stop ({@link
 * RetiredCodes#STOP_RESOLVING}), and only that owner can claim it again. {@link #claimAll}
 * claims several codes for one owner, all or none. Implementations are thread-safe, and a claim
 * is atomic: of many threads claiming one code at once, one gets it. A claim is seen at once: once
 * it returns, {@link #resolve}, {@link #owner} and {@link #codesOf} answer with it, from every
 * thread, as a program records a click on a code just after it enrolled its affiliate, and keeps
 * a keyed visit that found no owner as such (a registry that reads from a replica reads a claim
 * from the store it wrote it to until the replica has it).
 *
 * <pre>{@code
 * LinkRegistry registry = LinkRegistry.inMemory();
 * LinkOwner jane = LinkOwner.of("aff-1042");
 * registry.claim(LinkCode.parseVanity("JANE20"), jane);
 * registry.claimAll(List.of(LinkCode.parseVanity("JANE20"), LinkCode.parseVanity("JANEFIT")),
 *     jane);                                  // [JANEFIT]; claims none if one is taken
 * LinkCode link = registry.claimNew(LinkCodeGenerator.random(), 8, jane);
 * Optional<LinkOwner> owner = LinkCode.tryParseTyped("jane-20")   // as a customer typed it
 *     .flatMap(registry::resolve);            // jane
 * registry.codesOf("aff-1042");               // [JANE20, JANEFIT, K7QX2M9D4PV]
 * }</pre>
 */
public interface LinkRegistry {

  /** What a retired code resolves to. */
  enum RetiredCodes {
    /** A retired code goes on resolving to its owner, so that links already shared still pay. */
    KEEP_RESOLVING,
    /** A retired code resolves to nothing, as if it had never been claimed. */
    STOP_RESOLVING
  }

  /**
   * Returns a new, empty registry in memory whose retired codes keep resolving.
   *
   * @return the registry; resolving never blocks, and claims and retirements are serialised
   */
  static LinkRegistry inMemory() {
    return new InMemoryLinkRegistry(RetiredCodes.KEEP_RESOLVING);
  }

  /**
   * Returns a new, empty registry in memory.
   *
   * <p>For example, {@code LinkRegistry.inMemory(STOP_RESOLVING)} makes a registry in which
   * {@link #retire(LinkCode)} switches a code off.
   *
   * @param retiredCodes what retired codes resolve to
   * @return the registry; resolving never blocks, and claims and retirements are serialised
   */
  static LinkRegistry inMemory(RetiredCodes retiredCodes) {
    return new InMemoryLinkRegistry(checkNotNull(retiredCodes, "retiredCodes"));
  }

  /**
   * Gives a code to an owner.
   *
   * <p>For example, claiming {@code JANE20} for {@code aff-1} returns {@code true}; claiming it
   * again for {@code aff-1} returns {@code false}; claiming it for {@code aff-2} throws. The owner
   * of a retired code may claim it again, which makes it active.
   *
   * <p>The registry takes any code. A vanity code that also reads as a generated code, such as
   * {@code ELIGLOW}, which {@link LinkCode#parse} and {@link TrackingLinkParser} read as {@code
   * E11G10W}, cannot be told from that code in a link or a typed coupon: {@link
   * TrackingLinks.Builder#code} refuses it. Claim vanity codes that a {@link VanityPolicy}
   * allows, as {@code AffiliateProgram} does.
   *
   * @param code the code
   * @param owner the owner
   * @return true if the code is now held by the owner and was not before, false if the owner
   *     already held it and it was active
   * @throws LinkCodeTakenException if another owner holds the code or held it before it was
   *     retired; the registry is unchanged
   */
  @CanIgnoreReturnValue
  boolean claim(LinkCode code, LinkOwner owner);

  /**
   * Gives several codes to one owner, all or none: if {@link #claim(LinkCode, LinkOwner)} would
   * refuse one of them, the owner gets none of them and the registry is unchanged.
   *
   * <p>For example, with {@code JANE20} held by {@code aff-1}, claiming {@code [JANE20,
   * JANEFIT]} for {@code aff-1} returns {@code [JANEFIT]}, and claiming {@code [BOBFIT, JANE20]}
   * for {@code aff-2} throws what claiming {@code JANE20} alone would throw and leaves {@code
   * BOBFIT} free. Each code counts as {@code claim} counts it: a code the owner holds already is
   * not new, a retired code of the owner's own is new and active again. A code given twice counts
   * once; an empty collection claims nothing.
   *
   * <p>The default implementation asks {@link #resolve(LinkCode)} about every code before it
   * claims any; for the first code that resolves to another owner it calls {@code claim}, which
   * throws this registry's own exception (or, if that claim breaks its contract and gives the
   * code away, throws {@link IllegalStateException}). Then it claims the codes one by one. It is
   * all or none only where every code that another owner holds or held resolves to that owner,
   * and no one claims one of the codes between the check and the claim. A registry whose retired
   * codes stop resolving, or whose codes another thread or process may claim at the same time,
   * must override this method to check and claim the codes in one atomic step (under one lock,
   * or in one transaction), as {@link #inMemory()} does: otherwise a refused code leaves the
   * codes before it claimed.
   *
   * @param codes the codes, checked in the order given
   * @param owner the owner
   * @return the codes that the owner holds now and did not hold before, or held retired, in the
   *     order given and each once; an unmodifiable list, empty if the owner held every code
   *     already
   * @throws LinkCodeTakenException for the first code, in the order given, that another owner
   *     holds or held before it was retired, as {@code claim} throws it; the registry is unchanged
   * @throws NullPointerException if {@code codes} contains {@code null}
   */
  @CanIgnoreReturnValue
  default List<LinkCode> claimAll(Collection<LinkCode> codes, LinkOwner owner) {
    List<LinkCode> given = InMemoryLinkRegistry.given(codes);
    checkNotNull(owner, "owner");
    for (LinkCode code : given) {
      Optional<LinkOwner> holder = resolve(code);
      if (holder.isPresent() && !holder.get().equals(owner)) {
        // The code is the holder's for good, so the claim throws this registry's own exception,
        // with its retired flag, and changes nothing.
        claim(code, owner);
        throw new IllegalStateException("link registry let another owner claim a code: " + code
            + " resolved to " + holder.get() + " and was given to " + owner + " by " + this);
      }
    }
    List<LinkCode> claimed = new ArrayList<>();
    for (LinkCode code : given) {
      if (claim(code, owner)) {
        claimed.add(code);
      }
    }
    return List.copyOf(claimed);
  }

  /**
   * Gives the owner a new code: the first code from the generator that {@link #claim(LinkCode,
   * LinkOwner)} gives to the owner and that the owner did not hold before, trying at most {@code
   * maxAttempts} codes. Codes that another owner holds or held, and codes the owner already
   * holds, are skipped; a retired code of the owner's own counts as new, and is active again.
   *
   * <p>For example, {@code claimNew(LinkCodeGenerator.vanity("Jane Doe", policy), 10, jane)}
   * returns {@code JANEDOE}, or {@code JANEDOE2} if {@code JANEDOE} is taken. Random codes of the
   * default length clash so rarely that a few attempts are plenty. To make a retried request
   * idempotent, look at {@link #codesOf(String)} first.
   *
   * @param generator where the codes come from
   * @param maxAttempts the most codes to try, at least 1
   * @param owner the owner
   * @return the code now held by the owner
   * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
   * @throws IllegalStateException if no code tried was new, or the generator ran out of codes
   */
  default LinkCode claimNew(LinkCodeGenerator generator, int maxAttempts, LinkOwner owner) {
    checkNotNull(generator, "generator");
    checkNotNull(owner, "owner");
    checkArgument(maxAttempts >= 1, "maxAttempts must be at least 1: %s", maxAttempts);
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      LinkCode code = generator.next();
      try {
        if (claim(code, owner)) {
          return code;
        }
      } catch (LinkCodeTakenException taken) {
        // Try the next code; the registry is unchanged.
      }
    }
    throw new IllegalStateException("link code generator found no free code in " + maxAttempts
        + " attempts for " + owner + ": " + generator);
  }

  /**
   * Returns the owner of a code.
   *
   * @param code the code, such as one read from a click by {@link TrackingLinkParser}
   * @return the owner; empty if the code was never claimed, or is retired in a registry whose
   *     retired codes stop resolving
   */
  Optional<LinkOwner> resolve(LinkCode code);

  /**
   * Returns the owner of a code, active or retired: the one owner who may claim it.
   *
   * <p>The default implementation returns what {@link #resolve(LinkCode)} does, which is the
   * same for a registry whose retired codes keep resolving; one whose retired codes stop
   * resolving should override it, as {@link #inMemory(RetiredCodes)} does, so that a program
   * built anew over it can take back an affiliate's retired codes (see {@link
   * dev.affiliatekit.program.AffiliateProgram#enroll}).
   *
   * @param code the code
   * @return the owner; empty if the code was never claimed
   */
  default Optional<LinkOwner> owner(LinkCode code) {
    return resolve(code);
  }

  /**
   * Retires a code: it stays with its owner, no one else can ever claim it, and it resolves as
   * the registry's {@link RetiredCodes} says.
   *
   * @param code a claimed code
   * @return true if the code was active, false if it was already retired
   * @throws IllegalArgumentException if no owner ever claimed the code
   */
  @CanIgnoreReturnValue
  boolean retire(LinkCode code);

  /**
   * Returns the active codes of an affiliate, for any of its campaigns, in the order of {@link
   * LinkCode#compareTo(LinkCode)}.
   *
   * @param affiliateId the affiliate's id
   * @return an unmodifiable list, empty if the affiliate holds no active code
   * @throws IllegalArgumentException if the id is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  List<LinkCode> codesOf(String affiliateId);
}
