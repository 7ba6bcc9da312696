package dev.affiliatekit.program;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.AffiliateProfiles;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import java.util.Optional;
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

  /** Reads a code as typed: a generated code if its check symbol matches, else a vanity code. */
  static Optional<LinkCode> code(String text) {
    Optional<LinkCode> generated = LinkCode.tryParse(text);
    return generated.isPresent() ? generated : LinkCode.tryParseVanity(text);
  }
}
