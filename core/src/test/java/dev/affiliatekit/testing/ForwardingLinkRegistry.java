package dev.affiliatekit.testing;

import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import java.util.List;
import java.util.Optional;

/**
 * A link registry that hands the calls a registry must implement to another, and keeps the
 * interface's defaults for the others, such as {@link LinkRegistry#claimAll}: for tests of a
 * registry of one's own, or that change one call.
 */
public class ForwardingLinkRegistry implements LinkRegistry {

  private final LinkRegistry delegate;

  public ForwardingLinkRegistry(LinkRegistry delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean claim(LinkCode code, LinkOwner owner) {
    return delegate.claim(code, owner);
  }

  @Override
  public Optional<LinkOwner> resolve(LinkCode code) {
    return delegate.resolve(code);
  }

  @Override
  public boolean retire(LinkCode code) {
    return delegate.retire(code);
  }

  @Override
  public List<LinkCode> codesOf(String affiliateId) {
    return delegate.codesOf(affiliateId);
  }
}
