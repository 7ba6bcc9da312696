package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;

import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The stock {@link Attributor}: the rules of {@link AttributionPolicy}, in its documented order. */
final class DefaultAttributor implements Attributor {

  private static final ExclusionReason[] NO_REASONS = new ExclusionReason[0];

  private final TouchpointStore store;
  private final AffiliateDirectory directory;
  private final AttributionWindow window;
  private final AttributionModel model;
  private final AttributionPolicy policy;
  private final Clock clock;
  private final RememberedOrders orders;
  private final ConcurrentHashMap<String, CustomerBinding> bindings = new ConcurrentHashMap<>();

  DefaultAttributor(TouchpointStore store, AffiliateDirectory directory, AttributionWindow window,
      AttributionModel model, AttributionPolicy policy, Clock clock, int rememberedOrders,
      List<CustomerBinding> initialBindings) {
    this.store = store;
    this.directory = directory;
    this.window = window;
    this.model = model;
    this.policy = policy;
    this.clock = clock;
    this.orders = new RememberedOrders(rememberedOrders);
    for (CustomerBinding binding : initialBindings) {
      bindings.put(binding.customerId(), binding);
    }
  }

  @Override
  public long record(Touchpoint touchpoint) {
    checkNotNull(touchpoint, "touchpoint");
    String affiliateId = touchpoint.affiliateId();
    if (directory.affiliate(affiliateId).isEmpty()) {
      throw new IllegalArgumentException("touchpoint affiliateId is unknown: " + quote(affiliateId));
    }
    String code = touchpoint.codeOrNull();
    if (code != null) {
      Optional<String> owner = directory.ownerOf(code);
      if (owner.isEmpty()) {
        throw new IllegalArgumentException("touchpoint code is unknown: " + quote(code));
      }
      if (!owner.get().equals(affiliateId)) {
        throw new IllegalArgumentException("touchpoint code belongs to affiliate " + owner.get()
            + ", not " + affiliateId + ": " + quote(code));
      }
    }
    checkNotInFuture(touchpoint.instant(), "touchpoint instant");
    return store.record(touchpoint);
  }

  private void checkNotInFuture(Instant instant, String field) {
    Instant latest = clock.instant().plus(policy.maxClockSkew());
    if (instant.isAfter(latest)) {
      throw new IllegalArgumentException(field + " must not be after " + latest
          + " (the clock plus maxClockSkew " + policy.maxClockSkew() + "): " + instant);
    }
  }

  @Override
  public AttributionResult attribute(Conversion conversion) {
    checkNotNull(conversion, "conversion");
    AttributionResult known = orders.get(conversion.orderId());
    if (known != null) {
      return known;
    }
    AttributionResult result = evaluate(conversion);
    AttributionResult first = orders.putIfAbsent(conversion.orderId(), result);
    if (first != null) {
      return first;
    }
    bind(result);
    return result;
  }

  @Override
  public Optional<CustomerBinding> binding(String customerId) {
    return Optional.ofNullable(bindings.get(checkNotNull(customerId, "customerId")));
  }

  @Override
  public AttributionWindow window() {
    return window;
  }

  @Override
  public AttributionModel model() {
    return model;
  }

  @Override
  public AttributionPolicy policy() {
    return policy;
  }

  /** Binds the customer to the affiliate with the largest share, unless a valid binding exists. */
  private void bind(AttributionResult result) {
    Conversion conversion = result.conversion();
    if (!policy.lifetimeBinding() || conversion.customerId().isEmpty() || !result.isCredited()
        || result.credits().get(0).basis() == CreditBasis.LIFETIME_BINDING) {
      return;
    }
    Credit largest = result.credits().get(0);
    for (Credit credit : result.credits()) {
      if (credit.share().compareTo(largest.share()) >= 0) {
        largest = credit;
      }
    }
    CustomerBinding binding = new CustomerBinding(conversion.customerId().get(),
        largest.affiliateId(), conversion.instant());
    bindings.compute(binding.customerId(), (customer, old) ->
        old == null || bindingExpired(old, conversion.instant()) || !isActive(old.affiliateId())
            ? binding : old);
  }

  private boolean bindingExpired(CustomerBinding binding, Instant instant) {
    Optional<Duration> expiry = policy.bindingExpiry();
    return expiry.isPresent() && instant.isAfter(binding.since().plus(expiry.get()));
  }

  private boolean isActive(String affiliateId) {
    return directory.affiliate(affiliateId).map(AffiliateIdentity::isActive).orElse(false);
  }

  @Override
  public AttributionResult evaluate(Conversion conversion) {
    checkNotNull(conversion, "conversion");
    checkNotInFuture(conversion.instant(), "conversion instant");
    long conversionNanos = EpochNanos.of(conversion.instant(), "conversion instant");
    Touchpoint[] touches = gather(conversion);
    Evaluation evaluation = new Evaluation(conversion, conversionNanos, touches);
    return evaluation.run();
  }

  /** Returns the touches of the conversion's visitor and customer, chronological and distinct. */
  private Touchpoint[] gather(Conversion conversion) {
    List<Touchpoint> byVisitor = conversion.visitorId().isPresent()
        ? store.touchpoints(conversion.visitorId().get()) : List.of();
    List<Touchpoint> byCustomer = conversion.customerId().isPresent()
        ? store.touchpointsOfCustomer(conversion.customerId().get()) : List.of();
    Touchpoint[] touches;
    if (byCustomer.isEmpty()) {
      touches = byVisitor.toArray(new Touchpoint[0]);
    } else if (byVisitor.isEmpty()) {
      touches = byCustomer.toArray(new Touchpoint[0]);
    } else {
      touches = new Touchpoint[byVisitor.size() + byCustomer.size()];
      int count = 0;
      for (Touchpoint touch : byVisitor) {
        touches[count++] = touch;
      }
      for (Touchpoint touch : byCustomer) {
        touches[count++] = touch;
      }
      Arrays.sort(touches, Touchpoint.CHRONOLOGICAL);
      int distinct = 0;
      for (int i = 0; i < touches.length; i++) {
        if (distinct == 0 || touches[distinct - 1].sequence() != touches[i].sequence()
            || Touchpoint.CHRONOLOGICAL.compare(touches[distinct - 1], touches[i]) != 0) {
          touches[distinct++] = touches[i];
        }
      }
      return Arrays.copyOf(touches, distinct);
    }
    for (int i = 1; i < touches.length; i++) {
      if (Touchpoint.CHRONOLOGICAL.compare(touches[i - 1], touches[i]) > 0) {
        Arrays.sort(touches, Touchpoint.CHRONOLOGICAL);
        break;
      }
    }
    return touches;
  }

  /** The state of one evaluation: the touches, their exclusions and the affiliates seen. */
  private final class Evaluation {
    private final Conversion conversion;
    private final long conversionNanos;
    private final Touchpoint[] touches;
    private final ExclusionReason[] reasons;
    private final AffiliateTable affiliates = new AffiliateTable();
    private @Nullable List<String> notes;
    private @Nullable String normalizedEmail;

    Evaluation(Conversion conversion, long conversionNanos, Touchpoint[] touches) {
      this.conversion = conversion;
      this.conversionNanos = conversionNanos;
      this.touches = touches;
      this.reasons = touches.length == 0 ? NO_REASONS : new ExclusionReason[touches.length];
    }

    AttributionResult run() {
      applyWindow();
      applyGuards();
      String alone = null;
      CreditBasis basis = CreditBasis.TOUCHPOINTS;
      String bound = boundAffiliate();
      if (bound != null) {
        alone = bound;
        basis = CreditBasis.LIFETIME_BINDING;
      } else {
        String couponOwner = couponAffiliate();
        if (couponOwner != null) {
          alone = couponOwner;
          basis = CreditBasis.COUPON;
        }
      }
      if (alone != null) {
        ExclusionReason superseded = basis == CreditBasis.COUPON
            ? ExclusionReason.SUPERSEDED_BY_COUPON : ExclusionReason.SUPERSEDED_BY_BINDING;
        for (int i = 0; i < touches.length; i++) {
          if (reasons[i] == null && !touches[i].affiliateId().equals(alone)) {
            reasons[i] = superseded;
          }
        }
        return creditAlone(alone, basis);
      }
      if (policy.clickLock() == AttributionPolicy.ClickLock.FIRST_CLICK_LOCK) {
        applyFirstClickLock();
      }
      if (policy.mergeRepeatedTouches()) {
        mergeRepeatedTouches();
      }
      return divide();
    }

    private void applyWindow() {
      for (int i = 0; i < touches.length; i++) {
        reasons[i] = window.exclusion(touches[i].kind(), touches[i].epochNanos(), conversionNanos);
      }
      if (window.maxSinceFirstReferral().isEmpty()) {
        return;
      }
      for (int i = 0; i < touches.length; i++) {
        if (reasons[i] == null) {
          int affiliate = affiliates.indexOf(touches[i].affiliateId());
          if (!affiliates.referralChecked[affiliate]) {
            affiliates.referralChecked[affiliate] = true;
            affiliates.referralExpired[affiliate] =
                window.referralExpired(touches[i].epochNanos(), conversionNanos);
          }
          if (affiliates.referralExpired[affiliate]) {
            reasons[i] = ExclusionReason.REFERRAL_EXPIRED;
          }
        }
      }
    }

    private void applyGuards() {
      for (int i = 0; i < touches.length; i++) {
        if (reasons[i] == null) {
          reasons[i] = guard(touches[i].affiliateId());
        }
      }
    }

    /** Returns why the affiliate may not earn for this conversion, or null if it may. */
    private @Nullable ExclusionReason guard(String affiliateId) {
      int affiliate = affiliates.indexOf(affiliateId);
      if (!affiliates.guarded[affiliate]) {
        affiliates.guarded[affiliate] = true;
        affiliates.guardReasons[affiliate] = check(affiliateId);
      }
      return affiliates.guardReasons[affiliate];
    }

    private @Nullable ExclusionReason check(String affiliateId) {
      Optional<AffiliateIdentity> found = directory.affiliate(affiliateId);
      if (found.isEmpty()) {
        return ExclusionReason.UNKNOWN_AFFILIATE;
      }
      AffiliateIdentity affiliate = found.get();
      if (affiliate.status() == AffiliateStatus.BANNED) {
        return ExclusionReason.BANNED_AFFILIATE;
      }
      if (affiliate.status() == AffiliateStatus.INACTIVE) {
        return ExclusionReason.INACTIVE_AFFILIATE;
      }
      return !policy.allowSelfReferral() && isSelfReferral(affiliate)
          ? ExclusionReason.SELF_REFERRAL : null;
    }

    private boolean isSelfReferral(AffiliateIdentity affiliate) {
      if (affiliate.customerId().isPresent() && conversion.customerId().isPresent()
          && affiliate.customerId().get().equals(conversion.customerId().get())) {
        return true;
      }
      if (affiliate.email().isEmpty() || conversion.customerEmail().isEmpty()) {
        return false;
      }
      if (normalizedEmail == null) {
        normalizedEmail = Emails.normalize(conversion.customerEmail().get());
      }
      return normalizedEmail.equals(Emails.normalize(affiliate.email().get()));
    }

    private @Nullable String boundAffiliate() {
      if (!policy.lifetimeBinding() || conversion.customerId().isEmpty()) {
        return null;
      }
      CustomerBinding binding = bindings.get(conversion.customerId().get());
      if (binding == null || conversion.instant().isBefore(binding.since())
          || bindingExpired(binding, conversion.instant())) {
        return null;
      }
      ExclusionReason reason = guard(binding.affiliateId());
      if (reason != null) {
        note("lifetime binding of customer " + binding.customerId() + " to "
            + binding.affiliateId() + " does not apply: " + reason);
        return null;
      }
      note("customer " + binding.customerId() + " is bound to " + binding.affiliateId()
          + " since " + binding.since());
      return binding.affiliateId();
    }

    private @Nullable String couponAffiliate() {
      if (!policy.couponBeatsLinks() || conversion.couponCode().isEmpty()) {
        return null;
      }
      String code = conversion.couponCode().get();
      Optional<String> owner = directory.ownerOf(code);
      if (owner.isEmpty()) {
        note("coupon " + quote(code) + " is not an affiliate's code");
        return null;
      }
      ExclusionReason reason = guard(owner.get());
      if (reason != null) {
        note("coupon " + quote(code) + " of " + owner.get() + " earns nothing: " + reason);
        return null;
      }
      note("coupon " + quote(code) + " of " + owner.get() + " beats links");
      return owner.get();
    }

    private void applyFirstClickLock() {
      String locked = null;
      for (int i = 0; i < touches.length; i++) {
        if (reasons[i] != null) {
          continue;
        }
        if (locked == null) {
          locked = touches[i].affiliateId();
        } else if (!touches[i].affiliateId().equals(locked)) {
          reasons[i] = ExclusionReason.LOCKED_BY_FIRST_CLICK;
        }
      }
    }

    private void mergeRepeatedTouches() {
      int previous = -1;
      for (int i = 0; i < touches.length; i++) {
        if (reasons[i] != null) {
          continue;
        }
        if (previous >= 0 && touches[previous].affiliateId().equals(touches[i].affiliateId())) {
          reasons[previous] = ExclusionReason.MERGED_SAME_AFFILIATE;
        }
        previous = i;
      }
    }

    private AttributionResult creditAlone(String affiliateId, CreditBasis basis) {
      List<Touchpoint> own = new ArrayList<>();
      for (int i = 0; i < touches.length; i++) {
        if (reasons[i] == null) {
          own.add(touches[i]);
        }
      }
      Credit credit = new Credit(affiliateId, Rate.ONE, conversion.total(), basis, own);
      return new Attribution(conversion, model, List.of(credit), explanation());
    }

    private AttributionResult divide() {
      int eligible = 0;
      for (ExclusionReason reason : reasons) {
        if (reason == null) {
          eligible++;
        }
      }
      if (eligible == 0) {
        NoCreditReason reason = touches.length == 0 ? NoCreditReason.NO_TOUCHPOINTS
            : NoCreditReason.NONE_ELIGIBLE;
        return new NoCredit(conversion, reason, explanation());
      }
      int[] positions = new int[eligible];
      long[] nanos = new long[eligible];
      for (int i = 0, j = 0; i < touches.length; i++) {
        if (reasons[i] == null) {
          positions[j] = i;
          nanos[j++] = touches[i].epochNanos();
        }
      }
      long[] weights = ModelWeights.weights(model, nanos, eligible);
      // Credits in the order of each affiliate's first eligible touch; zero weights earn nothing.
      String[] creditIds = new String[eligible];
      long[] creditWeights = new long[eligible];
      int credited = 0;
      for (int j = 0; j < eligible; j++) {
        if (weights[j] == 0) {
          continue;
        }
        String affiliateId = touches[positions[j]].affiliateId();
        int k = 0;
        while (k < credited && !creditIds[k].equals(affiliateId)) {
          k++;
        }
        if (k == credited) {
          creditIds[credited++] = affiliateId;
        }
        creditWeights[k] = Math.addExact(creditWeights[k], weights[j]);
      }
      Credit[] credits = new Credit[credited];
      if (credited == 1) {
        credits[0] = new Credit(creditIds[0], Rate.ONE, conversion.total(),
            CreditBasis.TOUCHPOINTS, weighted(creditIds[0], positions, weights));
      } else {
        long[] affiliateWeights = Arrays.copyOf(creditWeights, credited);
        List<Rate> shares = Rate.ONE.allocate(affiliateWeights);
        List<Money> amounts = conversion.total().allocate(affiliateWeights);
        for (int k = 0; k < credited; k++) {
          credits[k] = new Credit(creditIds[k], shares.get(k), amounts.get(k),
              CreditBasis.TOUCHPOINTS, weighted(creditIds[k], positions, weights));
        }
      }
      return new Attribution(conversion, model, List.of(credits), explanation());
    }

    /** Returns the affiliate's eligible touches with a weight above zero. */
    private List<Touchpoint> weighted(String affiliateId, int[] positions, long[] weights) {
      Touchpoint only = null;
      List<Touchpoint> many = null;
      for (int j = 0; j < positions.length; j++) {
        Touchpoint touch = touches[positions[j]];
        if (weights[j] == 0 || !touch.affiliateId().equals(affiliateId)) {
          continue;
        }
        if (only == null) {
          only = touch;
        } else {
          if (many == null) {
            many = new ArrayList<>();
            many.add(only);
          }
          many.add(touch);
        }
      }
      return many != null ? many : only != null ? List.of(only) : List.of();
    }

    private void note(String text) {
      if (notes == null) {
        notes = new ArrayList<>(2);
      }
      notes.add(text);
    }

    private Explanation explanation() {
      int eligible = 0;
      for (ExclusionReason reason : reasons) {
        if (reason == null) {
          eligible++;
        }
      }
      Touchpoint[] kept = new Touchpoint[eligible];
      Exclusion[] excluded = new Exclusion[touches.length - eligible];
      for (int i = 0, e = 0, x = 0; i < touches.length; i++) {
        ExclusionReason reason = reasons[i];
        if (reason == null) {
          kept[e++] = touches[i];
        } else {
          excluded[x++] = new Exclusion(touches[i], reason);
        }
      }
      return new Explanation(List.of(kept), List.of(excluded),
          notes == null ? List.of() : notes);
    }
  }

  /**
   * The distinct affiliates of one evaluation, with what was learnt about each. A linear scan
   * finds an affiliate among the few a conversion usually has; a hash index takes over beyond 8.
   */
  private static final class AffiliateTable {
    private static final int LINEAR_LIMIT = 8;
    private String[] ids = new String[4];
    boolean[] guarded = new boolean[4];
    @Nullable ExclusionReason[] guardReasons = new ExclusionReason[4];
    boolean[] referralChecked = new boolean[4];
    boolean[] referralExpired = new boolean[4];
    private int size;
    private @Nullable Map<String, Integer> index;

    int indexOf(String affiliateId) {
      if (index != null) {
        Integer found = index.get(affiliateId);
        if (found != null) {
          return found;
        }
      } else {
        for (int i = 0; i < size; i++) {
          if (ids[i].equals(affiliateId)) {
            return i;
          }
        }
      }
      if (size == ids.length) {
        int grown = size * 2;
        ids = Arrays.copyOf(ids, grown);
        guarded = Arrays.copyOf(guarded, grown);
        guardReasons = Arrays.copyOf(guardReasons, grown);
        referralChecked = Arrays.copyOf(referralChecked, grown);
        referralExpired = Arrays.copyOf(referralExpired, grown);
      }
      ids[size] = affiliateId;
      if (index == null && size + 1 > LINEAR_LIMIT) {
        index = new HashMap<>();
        for (int i = 0; i <= size; i++) {
          index.put(ids[i], i);
        }
      } else if (index != null) {
        index.put(affiliateId, size);
      }
      return size++;
    }
  }

  /**
   * The most recent attributed orders, up to a capacity, oldest forgotten first. Writes take a
   * lock; reads of known orders do not.
   */
  private static final class RememberedOrders {
    private final int capacity;
    private final ConcurrentHashMap<String, AttributionResult> results = new ConcurrentHashMap<>();
    private final ArrayDeque<String> order = new ArrayDeque<>();

    RememberedOrders(int capacity) {
      this.capacity = capacity;
    }

    @Nullable AttributionResult get(String orderId) {
      return results.get(orderId);
    }

    synchronized @Nullable AttributionResult putIfAbsent(String orderId, AttributionResult result) {
      AttributionResult first = results.putIfAbsent(orderId, result);
      if (first != null) {
        return first;
      }
      order.addLast(orderId);
      if (order.size() > capacity) {
        results.remove(order.removeFirst());
      }
      return null;
    }
  }
}
