package dev.affiliatekit.testing;

import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointStore;
import java.time.Instant;
import java.util.List;

/**
 * A touchpoint store that hands every call to another, for tests that change one call, or that
 * hide the stock store from the attributor so that it reads touch objects.
 */
public class ForwardingTouchpointStore implements TouchpointStore {

  private final TouchpointStore delegate;

  public ForwardingTouchpointStore(TouchpointStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public long record(Touchpoint touchpoint) {
    return delegate.record(touchpoint);
  }

  @Override
  public List<Touchpoint> touchpoints(String visitorId) {
    return delegate.touchpoints(visitorId);
  }

  @Override
  public List<Touchpoint> touchpointsOfCustomer(String customerId) {
    return delegate.touchpointsOfCustomer(customerId);
  }

  @Override
  public long evictBefore(Instant cutoff) {
    return delegate.evictBefore(cutoff);
  }

  @Override
  public long forgetVisitor(String visitorId) {
    return delegate.forgetVisitor(visitorId);
  }

  @Override
  public long forgetCustomer(String customerId) {
    return delegate.forgetCustomer(customerId);
  }

  @Override
  public long size() {
    return delegate.size();
  }
}
