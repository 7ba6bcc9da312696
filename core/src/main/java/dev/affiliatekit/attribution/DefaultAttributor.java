package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;

import com.google.common.base.Verify;
import com.google.common.collect.MapMaker;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Emails;
import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Instants;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The stock {@link Attributor}: the rules of {@link AttributionPolicy}, in its documented order.
 */
// Guard results are cached per touch as a byte holding the reason's ordinal; never stored.
@SuppressWarnings("EnumOrdinal")
final class DefaultAttributor implements Attributor {

  private static final ExclusionReason[] REASONS = ExclusionReason.values();
  private static final long MAX_FAST_SKEW_SECONDS = 1L << 40;
  private static final int LOCK_BITS = 6;
  /**
   * How many conversions {@link #evaluateAll} reads ahead at a time: enough cache misses at once
   * to keep the memory busy, few enough that what they bring stays in the caches until read.
   */
  private static final int READ_AHEAD = 16;
  private static final Explanation NOTHING_READ = new Explanation(List.of(), List.of(), List.of());

  private final TouchpointStore store;
  private final AffiliateDirectory directory;
  private final AttributionWindow window;
  /** The window's horizon in nanoseconds, within which a device counts for its customer. */
  private final long horizonNanos;
  private final AttributionModel model;
  private final AttributionPolicy policy;
  private final Clock clock;
  /** Whether plain conversions take the plain path; tests turn it off to compare both paths. */
  private final boolean plainPath;
  private final RememberedOrders orders;
  /**
   * Per customer under lifetime binding, what can bind them; changed only under the customer's
   * lock of {@link #bindingLocks}.
   */
  private final ConcurrentHashMap<String, Candidates> bindings = new ConcurrentHashMap<>();
  private final Object[] bindingLocks = new Object[1 << LOCK_BITS];
  /**
   * The binding facts of results evaluated and not yet committed, by identity, held weakly: a
   * result that is never committed is forgotten with it.
   */
  private final Map<AttributionResult, BindingFacts> bindingFacts =
      new MapMaker().weakKeys().makeMap();
  private volatile Identities identities =
      new Identities(AffiliateDirectory.UNVERSIONED, 0);

  DefaultAttributor(TouchpointStore store, AffiliateDirectory directory, AttributionWindow window,
      AttributionModel model, AttributionPolicy policy, Clock clock, int rememberedOrders,
      List<CustomerBinding> initialBindings, Collection<BindingHistory> histories) {
    this(store, directory, window, model, policy, clock, rememberedOrders, initialBindings,
        histories, true);
  }

  DefaultAttributor(TouchpointStore store, AffiliateDirectory directory, AttributionWindow window,
      AttributionModel model, AttributionPolicy policy, Clock clock, int rememberedOrders,
      List<CustomerBinding> initialBindings, Collection<BindingHistory> histories,
      boolean plainPath) {
    this.store = store;
    this.directory = directory;
    this.window = window;
    this.horizonNanos = window.horizonNanos();
    this.model = model;
    this.policy = policy;
    this.clock = clock;
    this.plainPath = plainPath && store instanceof InMemoryTouchpointStore
        && window.maxSinceFirstReferral().isEmpty();
    this.orders = new RememberedOrders(rememberedOrders);
    for (int i = 0; i < bindingLocks.length; i++) {
      bindingLocks[i] = new Object();
    }
    if (policy.lifetimeBinding()) {
      // A restored binding counts as a conversion that credited its affiliate at its instant,
      // added in time order: it breaks the binding before it if that one's affiliate is not
      // active now.
      List<CustomerBinding> restored = new ArrayList<>(initialBindings);
      restored.sort(Comparator.comparing(CustomerBinding::since)
          .thenComparing(CustomerBinding::affiliateId));
      for (CustomerBinding binding : restored) {
        Candidates candidates = bindings.computeIfAbsent(binding.customerId(),
            customer -> new Candidates(customer, policy.bindingExpiry().orElse(null)));
        boolean breaks = candidates.size > 0
            && !bindingExpired(candidates.binding().since(), binding.since())
            && !isActive(candidates.binding().affiliateId());
        candidates.add(binding.since(), binding.affiliateId(), breaks);
      }
      // A history is restored as it was kept: its candidates in order, only the first breaking.
      for (BindingHistory history : histories) {
        Candidates candidates = new Candidates(history.customerId(),
            policy.bindingExpiry().orElse(null));
        boolean breaks = history.firstBroke();
        for (CustomerBinding candidate : history.candidates()) {
          candidates.add(candidate.since(), candidate.affiliateId(), breaks);
          breaks = false;
        }
        bindings.put(history.customerId(), candidates);
      }
    }
  }

  @Override
  public long record(Touchpoint touchpoint) {
    checkNotNull(touchpoint, "touchpoint");
    String affiliateId = touchpoint.affiliateId();
    if (directory.affiliate(affiliateId).isEmpty()) {
      throw new IllegalArgumentException(
          "touchpoint affiliateId is unknown: " + quote(affiliateId));
    }
    String code = touchpoint.codeOrNull();
    Touchpoint recorded = touchpoint;
    if (code != null) {
      Optional<String> owner = directory.ownerOf(code);
      if (owner.isEmpty()) {
        throw new IllegalArgumentException("touchpoint code is unknown: " + quote(code));
      }
      if (!owner.get().equals(affiliateId)) {
        throw new IllegalArgumentException("touchpoint code belongs to affiliate "
            + quote(owner.get()) + ", not " + quote(affiliateId) + ": " + quote(code));
      }
      recorded = canonical(touchpoint, code, owner.get());
    }
    checkNotInFuture(touchpoint.instant(), "touchpoint instant");
    return store.record(recorded);
  }

  /**
   * {@return the touch with its code in the canonical spelling of a link code, if it is spelled
   * otherwise and the directory gives that spelling the same owner, so that a store keeps one
   * entry for every spelling of a code that followers type; else the touch as it is}
   */
  private Touchpoint canonical(Touchpoint touchpoint, String code, String owner) {
    Optional<LinkCode> read = LinkCode.tryParseTyped(code);
    if (read.isEmpty() || read.get().toString().equals(code)) {
      return touchpoint;
    }
    String canonical = read.get().toString();
    return directory.ownerOf(canonical).filter(owner::equals).isPresent()
        ? touchpoint.withCode(canonical) : touchpoint;
  }

  private void checkNotInFuture(Instant instant, String field) {
    checkNotInFuture(instant, field, clock.instant());
  }

  /** Checks that the instant is not further in the future of {@code now} than the skew allows. */
  private void checkNotInFuture(Instant instant, String field, Instant now) {
    // The clock plus the skew, compared without making an Instant where that cannot overflow.
    Duration skew = policy.maxClockSkew();
    long skewSeconds = skew.toSeconds();
    if (skewSeconds <= MAX_FAST_SKEW_SECONDS
        && now.getEpochSecond() <= Instant.MAX.getEpochSecond() - MAX_FAST_SKEW_SECONDS - 1) {
      long seconds = now.getEpochSecond() + skewSeconds;
      int nanos = now.getNano() + skew.toNanosPart();
      if (nanos >= 1_000_000_000) {
        seconds++;
        nanos -= 1_000_000_000;
      }
      if (instant.getEpochSecond() < seconds
          || (instant.getEpochSecond() == seconds && instant.getNano() <= nanos)) {
        return;
      }
    }
    Instant latest = Instants.plusSaturated(now, skew);
    if (instant.isAfter(latest)) {
      throw new InstantInFutureException(this, instant, latest, field
          + " must not be after " + latest + " (the clock plus maxClockSkew "
          + policy.maxClockSkew() + "): " + instant);
    }
  }

  @Override
  public AttributionResult attribute(Conversion conversion) {
    checkNotNull(conversion, "conversion");
    return attribute(conversion, null);
  }

  /**
   * Attributes the conversion, checking its instant against {@code now}, or against the clock
   * read now if null.
   */
  private AttributionResult attribute(Conversion conversion, @Nullable Instant now) {
    AttributionResult known = orders.get(conversion.orderId());
    if (known != null) {
      return known;
    }
    String customerId = conversion.customerIdOrNull();
    if (!policy.lifetimeBinding() || customerId == null) {
      return commit(evaluate(conversion, now));
    }
    // One customer's conversions are evaluated and committed one at a time, so that concurrent
    // calls bind and credit as some order of calls one after the other does.
    synchronized (bindingLock(customerId)) {
      return commit(evaluate(conversion, now));
    }
  }

  private Object bindingLock(String customerId) {
    return bindingLocks[HashKeys.stripe(customerId.hashCode(), LOCK_BITS)];
  }

  @Override
  public AttributionResult commit(AttributionResult evaluated) {
    checkNotNull(evaluated, "evaluated");
    Conversion conversion = evaluated.conversion();
    // As evaluate checks it, for a result that another attributor evaluated or a host built:
    // reading the instant in nanoseconds throws outside the supported range.
    var unused = conversion.epochNanos();
    String customerId = conversion.customerIdOrNull();
    if (!policy.lifetimeBinding() || customerId == null || !evaluated.isCredited()) {
      AttributionResult first = orders.putIfAbsent(conversion.orderId(), evaluated);
      return first != null ? first : evaluated;
    }
    AttributionResult known = orders.get(conversion.orderId());
    if (known != null) {
      return known;
    }
    // What the evaluation found, not what the directory and store say now: the binding follows
    // the credits the host acted on. For a result this attributor did not evaluate, they are
    // asked now. Every call that may fail comes before anything changes, so that a failed commit
    // changes nothing.
    BindingFacts facts = bindingFacts.get(evaluated);
    if (facts == null) {
      // Not a result that evaluate returned, which it checked then: the clock may have stepped
      // back since, after the host acted on it.
      checkNotInFuture(conversion.instant(), "conversion instant");
    }
    boolean byBinding = evaluated.credits().get(0).basis() == CreditBasis.LIFETIME_BINDING;
    String affiliateId = !byBinding ? largestShare(evaluated).affiliateId()
        : facts != null ? facts.own() : ownAffiliate(conversion);
    synchronized (bindingLock(customerId)) {
      Candidates candidates = bindings.get(customerId);
      // It breaks a binding if the one that covered it did not apply to it when evaluated, even
      // if another commit has bound the customer anew since: the host acted on that evaluation,
      // so the conversion counts as if committed right after it.
      boolean breaks = affiliateId != null && candidates != null && !byBinding
          && (facts != null ? facts.skipped() != null
              : breaksNow(candidates, conversion, affiliateId));
      AttributionResult first = orders.putIfAbsent(conversion.orderId(), evaluated);
      bindingFacts.remove(evaluated);
      if (first != null) {
        return first;
      }
      if (affiliateId != null) {
        if (candidates == null) {
          // Published once it holds a binding, for readers that take no lock.
          Candidates made = new Candidates(customerId, policy.bindingExpiry().orElse(null));
          made.add(conversion.instant(), affiliateId, false);
          bindings.put(customerId, made);
        } else {
          candidates.add(conversion.instant(), affiliateId, breaks);
        }
      }
    }
    return evaluated;
  }

  @Override
  public Optional<CustomerBinding> binding(String customerId) {
    Candidates candidates = bindings.get(checkNotNull(customerId, "customerId"));
    return candidates == null ? Optional.empty() : Optional.of(candidates.binding());
  }

  @Override
  public Optional<BindingHistory> bindingHistory(String customerId) {
    checkNotNull(customerId, "customerId");
    synchronized (bindingLock(customerId)) {
      Candidates candidates = bindings.get(customerId);
      return candidates == null ? Optional.empty() : Optional.of(candidates.history());
    }
  }

  @Override
  public void forgetVisitor(String visitorId) {
    Ids.checkId(visitorId, "visitorId");
    store.forgetVisitor(visitorId);
    orders.removeIf(result -> result.namesVisitor(visitorId));
  }

  @Override
  public Set<String> forgetCustomer(String customerId) {
    Ids.checkId(customerId, "customerId");
    Set<String> devices = new HashSet<>();
    for (Touchpoint touch : store.touchpointsOfCustomer(customerId)) {
      devices.add(touch.visitorId());
    }
    // The visitors of the customer's remembered conversions are theirs too.
    orders.forEach(result -> {
      Conversion conversion = result.conversion();
      String visitor = conversion.visitorIdOrNull();
      if (visitor != null && customerId.equals(conversion.customerIdOrNull())) {
        devices.add(visitor);
      }
    });
    // Each device read, and no other: the caller learns which went.
    for (String device : devices) {
      store.forgetVisitor(device);
    }
    synchronized (bindingLock(customerId)) {
      bindings.remove(customerId);
    }
    orders.removeIf(result -> result.conversion().names(devices, customerId)
        || result.explanation().names(devices, customerId));
    return Set.copyOf(devices);
  }

  /** {@return the number of candidates kept for the customer} Tests check what is dropped. */
  int candidatesKept(String customerId) {
    Candidates candidates = bindings.get(customerId);
    return candidates == null ? 0 : candidates.size;
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

  /**
   * {@return the affiliate the conversion's touches or coupon credit, evaluated without the
   * binding: the one with the largest share; null if they credit nobody}
   */
  private @Nullable String ownAffiliate(Conversion conversion) {
    return ownAffiliate(conversion, null);
  }

  /**
   * {@return the conversion's own affiliate, as {@link #ownAffiliate(Conversion)}, reading the
   * touches that {@code judged}, an evaluation of the same conversion, read, not the store again,
   * where a touch may have come meanwhile, and judging each affiliate by what it read of the
   * directory, so that the two agree however the directory changes}
   */
  private @Nullable String ownAffiliate(Conversion conversion, @Nullable Evaluation judged) {
    AttributionResult own = judged == null
        ? new Evaluation(conversion, conversion.epochNanos(), gather(conversion), false).run()
        : new Evaluation(conversion, conversion.epochNanos(), judged.touches.copy(), false,
            judged.reads).run();
    return own.isCredited() ? largestShare(own).affiliateId() : null;
  }

  /** The affiliate a conversion's own touches or coupon credit, read once, when first asked. */
  private final class OwnAffiliate implements Supplier<@Nullable String> {
    private final Evaluation evaluation;
    private boolean read;
    private @Nullable String affiliateId;

    OwnAffiliate(Evaluation evaluation) {
      this.evaluation = evaluation;
    }

    @Override
    public @Nullable String get() {
      if (!read) {
        affiliateId = ownAffiliate(evaluation.conversion, evaluation);
        read = true;
      }
      return affiliateId;
    }
  }

  /** {@return the credit with the largest share, the first of equal ones} */
  private static Credit largestShare(AttributionResult result) {
    Credit largest = result.credits().get(0);
    for (Credit credit : result.credits()) {
      // Strictly larger: Rate.allocate gives the steps left over to the earlier of equal weights,
      // so a later credit's share is larger only if the model weighed it more.
      if (credit.share().compareTo(largest.share()) > 0) {
        largest = credit;
      }
    }
    return largest;
  }

  /**
   * A customer's candidates for a lifetime binding, in time order: each conversion committed
   * (or binding restored) as its instant and the affiliate it credits by touches or a coupon, the
   * same instant ordered by affiliate id; and the binding they make folded in that order. The
   * first candidate binds; a later one binds if the binding so far has expired at its instant, or
   * if it <em>breaks</em> the binding: it was committed while a binding covered its instant that
   * did not apply to it (its affiliate was not active, or a guard excluded it). So a candidate
   * before the latest breaking one can change nothing, and is dropped: only the first candidate
   * kept may break, and it binds. Without an expiry nothing after the binding's candidate can
   * bind either, so one candidate is kept; with an expiry, every candidate from the latest
   * breaking one on, in arrays that grow by half: 20 bytes per candidate, and up to half as much
   * again of room.
   *
   * <p>Changed only under the customer's lock; {@link #binding()} may be read without it.
   */
  private static final class Candidates {
    private final String customerId;
    private final @Nullable Duration expiry;
    private long[] seconds = new long[2];
    private int[] nanos = new int[2];
    private String[] affiliateIds = new String[2];
    /** Per candidate, the index of the candidate whose binding holds once it is folded. */
    private int[] boundAt = new int[2];
    private int size;
    /** Whether the first candidate kept breaks a binding made before it. */
    private boolean firstBreaks;
    private volatile @Nullable CustomerBinding binding;

    Candidates(String customerId, @Nullable Duration expiry) {
      this.customerId = customerId;
      this.expiry = expiry;
    }

    /** {@return the candidates kept, as a history} The caller holds the customer's lock. */
    BindingHistory history() {
      List<CustomerBinding> kept = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        kept.add(new CustomerBinding(customerId, affiliateIds[i],
            Instant.ofEpochSecond(seconds[i], nanos[i])));
      }
      return new BindingHistory(customerId, kept, firstBreaks);
    }

    /** {@return the binding the candidates make} Only called once a candidate was added. */
    CustomerBinding binding() {
      return Verify.verifyNotNull(binding, "bug: no candidate for %s", customerId);
    }

    /**
     * Returns the binding that attributing the candidates in time order has made by the time of
     * a conversion at the instant, or null if no candidate comes before it. Candidates at that
     * very instant come before it unless their affiliate's id comes after {@code own}, the
     * conversion's own affiliate, which is read only then. The caller holds the customer's lock.
     */
    @Nullable CustomerBinding bindingAt(Instant instant, Supplier<@Nullable String> own) {
      long second = instant.getEpochSecond();
      int nano = instant.getNano();
      int at = size - 1;
      while (at >= 0 && (seconds[at] > second || (seconds[at] == second && nanos[at] > nano))) {
        at--;
      }
      if (at >= 0 && seconds[at] == second && nanos[at] == nano) {
        String mine = own.get();
        while (mine != null && at >= 0 && seconds[at] == second && nanos[at] == nano
            && affiliateIds[at].compareTo(mine) > 0) {
          at--;
        }
      }
      if (at < 0) {
        return null;
      }
      int bound = boundAt[at];
      return new CustomerBinding(customerId, affiliateIds[bound],
          Instant.ofEpochSecond(seconds[bound], nanos[bound]));
    }

    /**
     * Adds a candidate and folds the binding again from where it goes. A candidate equal to one
     * kept (same instant and affiliate) changes nothing unless it breaks and the one kept does
     * not; one before a breaking candidate changes nothing.
     */
    void add(Instant instant, String affiliateId, boolean breaks) {
      long second = instant.getEpochSecond();
      int nano = instant.getNano();
      int at = size;
      // Conversions mostly arrive in time order: search from the end.
      while (at > 0 && compare(at - 1, second, nano, affiliateId) > 0) {
        at--;
      }
      boolean equal = at > 0 && compare(at - 1, second, nano, affiliateId) == 0;
      if (equal) {
        at--;
      }
      if ((at == 0 && firstBreaks) || (equal && !breaks)) {
        return;
      }
      if (breaks) {
        // Everything before it can no longer change anything: it goes first, and binds.
        int from = equal ? at + 1 : at;
        int kept = size - from;
        ensureCapacity(kept + 1);
        System.arraycopy(seconds, from, seconds, 1, kept);
        System.arraycopy(nanos, from, nanos, 1, kept);
        System.arraycopy(affiliateIds, from, affiliateIds, 1, kept);
        if (kept + 1 < size) {
          Arrays.fill(affiliateIds, kept + 1, size, null);
        }
        size = kept + 1;
        firstBreaks = true;
        set(0, second, nano, affiliateId);
        fold(0);
      } else {
        ensureCapacity(size + 1);
        System.arraycopy(seconds, at, seconds, at + 1, size - at);
        System.arraycopy(nanos, at, nanos, at + 1, size - at);
        System.arraycopy(affiliateIds, at, affiliateIds, at + 1, size - at);
        System.arraycopy(boundAt, at, boundAt, at + 1, size - at);
        size++;
        set(at, second, nano, affiliateId);
        fold(at);
      }
      if (expiry == null && size > 1) {
        // Without an expiry the first candidate binds and nothing after it can.
        Arrays.fill(affiliateIds, 1, size, null);
        size = 1;
      }
    }

    private void set(int index, long second, int nano, String affiliateId) {
      seconds[index] = second;
      nanos[index] = nano;
      affiliateIds[index] = affiliateId;
    }

    private void ensureCapacity(int capacity) {
      if (capacity > seconds.length) {
        int grown = Math.max(capacity, seconds.length + (seconds.length >> 1));
        seconds = Arrays.copyOf(seconds, grown);
        nanos = Arrays.copyOf(nanos, grown);
        affiliateIds = Arrays.copyOf(affiliateIds, grown);
        boundAt = Arrays.copyOf(boundAt, grown);
      }
    }

    /** Folds the binding from candidate {@code from} on, and publishes the one it ends with. */
    private void fold(int from) {
      int current = from == 0 ? -1 : boundAt[from - 1];
      @Nullable Instant until = current < 0 ? null : until(current);
      for (int i = from; i < size; i++) {
        if (current < 0 || (until != null && (seconds[i] > until.getEpochSecond()
            || (seconds[i] == until.getEpochSecond() && nanos[i] > until.getNano())))) {
          current = i;
          until = until(i);
        }
        boundAt[i] = current;
      }
      CustomerBinding old = binding;
      Instant since = Instant.ofEpochSecond(seconds[current], nanos[current]);
      if (old == null || !old.affiliateId().equals(affiliateIds[current])
          || !old.since().equals(since)) {
        binding = new CustomerBinding(customerId, affiliateIds[current], since);
      }
    }

    /** {@return the last instant the binding made by the candidate applies to; null if ever} */
    private @Nullable Instant until(int index) {
      return expiry == null ? null
          : Instants.plusSaturated(Instant.ofEpochSecond(seconds[index], nanos[index]), expiry);
    }

    private int compare(int index, long second, int nano, String affiliateId) {
      int byInstant = seconds[index] != second ? Long.compare(seconds[index], second)
          : Integer.compare(nanos[index], nano);
      return byInstant != 0 ? byInstant : affiliateIds[index].compareTo(affiliateId);
    }
  }

  /**
   * Returns whether a conversion that its touches or coupon credit to {@code affiliateId}
   * breaks the customer's binding, judged now for a result this attributor did not evaluate: the
   * binding in force at its instant has not expired but does not apply to it, by the guards now.
   */
  private boolean breaksNow(Candidates candidates, Conversion conversion, String affiliateId) {
    CustomerBinding binding = bindingInForce(candidates, conversion.instant(), () -> affiliateId);
    return binding != null
        && new Evaluation(conversion, conversion.epochNanos(), TouchView.empty(), false)
            .guard(binding.affiliateId()) != null;
  }

  /**
   * Returns the customer's binding in force at the instant, for a conversion whose own affiliate
   * {@code own} gives (read only for a tie at that instant): the latest binding if the instant
   * comes after it, else the one the candidates before it made (see {@link
   * Candidates#bindingAt}); null if there is none or it has expired by then.
   */
  private @Nullable CustomerBinding bindingInForce(Candidates candidates, Instant instant,
      Supplier<@Nullable String> own) {
    CustomerBinding binding = bindingMade(candidates, instant, own);
    return binding == null || bindingExpired(binding.since(), instant) ? null : binding;
  }

  /**
   * Returns the customer's binding made by the instant, expired or not: the latest binding if the
   * instant comes after it, else the one the candidates before it made; null if there is none.
   */
  private @Nullable CustomerBinding bindingMade(Candidates candidates, Instant instant,
      Supplier<@Nullable String> own) {
    CustomerBinding binding = candidates.binding();
    if (!instant.isAfter(binding.since())) {
      // Recorded late, or at the binding's instant: the binding that the conversions before it
      // in time order (at one instant, by their affiliates' ids) made by then.
      synchronized (bindingLock(binding.customerId())) {
        binding = candidates.bindingAt(instant, own);
      }
    }
    return binding;
  }

  /** {@return whether a binding made at {@code since} has expired by the instant} */
  private boolean bindingExpired(Instant since, Instant instant) {
    Optional<Duration> expiry = policy.bindingExpiry();
    return expiry.isPresent() && instant.isAfter(Instants.plusSaturated(since, expiry.get()));
  }

  private boolean isActive(String affiliateId) {
    return directory.affiliate(affiliateId).map(AffiliateIdentity::isActive).orElse(false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Over the in-memory store, it reads ahead the touches of {@value #READ_AHEAD} conversions at
   * a time, then evaluates them one by one.
   */
  @Override
  public List<AttributionResult> evaluateAll(List<Conversion> conversions) {
    List<Conversion> checked = Elements.copyOf(conversions, "conversions");
    List<AttributionResult> results = new ArrayList<>(checked.size());
    inGroups(checked, (conversion, i) -> results.add(evaluate(conversion, null)));
    return Collections.unmodifiableList(results);
  }

  /**
   * {@inheritDoc}
   *
   * <p>It reads the clock once, checks against that instant the conversions of orders it does
   * not remember (their instants against the clock and the supported range, all it may refuse
   * one for), then attributes them under the same instant; over the in-memory store, it reads
   * ahead as {@link #evaluateAll} does.
   */
  @Override
  public List<AttributionResult> attributeAll(List<Conversion> conversions) {
    List<Conversion> checked = Elements.copyOf(conversions, "conversions");
    Instant now = clock.instant();
    // Per conversion: the result of an order remembered before the call, or the index of the
    // conversion of the list that first named its order, or null for a conversion to attribute.
    @Nullable Object[] given = new Object[checked.size()];
    Map<String, Integer> firsts = new HashMap<>();
    for (int i = 0; i < checked.size(); i++) {
      Conversion conversion = checked.get(i);
      Integer first = firsts.putIfAbsent(conversion.orderId(), i);
      if (first != null) {
        given[i] = first;
        continue;
      }
      AttributionResult known = orders.get(conversion.orderId());
      if (known != null) {
        given[i] = known;
        continue;
      }
      checkNotInFuture(conversion.instant(), "conversion instant", now);
      // Throws for an instant outside the supported range, as evaluating the conversion would.
      var unused = conversion.epochNanos();
    }
    List<AttributionResult> results = new ArrayList<>(checked.size());
    inGroups(checked, (conversion, i) -> {
      Object known = given[i];
      results.add(known == null ? attribute(conversion, now)
          : known instanceof Integer first ? results.get(first) : (AttributionResult) known);
    });
    return Collections.unmodifiableList(results);
  }

  /**
   * Gives each conversion in turn, with its index, to the call; over the in-memory store, it first
   * reads ahead the touches of the next {@value #READ_AHEAD} conversions' visitors.
   */
  private void inGroups(List<Conversion> conversions, ObjIntConsumer<Conversion> call) {
    String[] visitorIds = new String[READ_AHEAD];
    int[] hashes = new int[READ_AHEAD];
    for (int start = 0; start < conversions.size(); start += READ_AHEAD) {
      int end = Math.min(conversions.size(), start + READ_AHEAD);
      if (store instanceof InMemoryTouchpointStore inMemory) {
        int count = 0;
        for (int i = start; i < end; i++) {
          String visitorId = conversions.get(i).visitorIdOrNull();
          if (visitorId != null) {
            visitorIds[count++] = visitorId;
          }
        }
        inMemory.readAhead(visitorIds, count, hashes);
      }
      for (int i = start; i < end; i++) {
        call.accept(conversions.get(i), i);
      }
    }
  }

  @Override
  public AttributionResult evaluate(Conversion conversion) {
    checkNotNull(conversion, "conversion");
    return evaluate(conversion, null);
  }

  /**
   * Evaluates the conversion, checking its instant against {@code now}, or against the clock read
   * now if null.
   */
  private AttributionResult evaluate(Conversion conversion, @Nullable Instant now) {
    checkNotInFuture(conversion.instant(), "conversion instant",
        now != null ? now : clock.instant());
    long conversionNanos = conversion.epochNanos();
    if (plainPath && isPlain(conversion)) {
      long version = directory.version();
      if (version != AffiliateDirectory.UNVERSIONED) {
        TouchView touches = ((InMemoryTouchpointStore) store).view(conversion.visitorId().get());
        return decidePlain(conversion, conversionNanos, touches, version);
      }
    }
    Evaluation evaluation = new Evaluation(conversion, conversionNanos, gather(conversion), true);
    AttributionResult result = evaluation.run();
    if (policy.lifetimeBinding() && result.isCredited() && conversion.customerIdOrNull() != null) {
      // Every result that may bind, so that the commit tells it from one it did not evaluate.
      boolean byBinding = result.credits().get(0).basis() == CreditBasis.LIFETIME_BINDING;
      bindingFacts.put(result,
          new BindingFacts(evaluation.skipped,
              byBinding ? ownAffiliate(conversion, evaluation) : null));
    }
    return result;
  }

  /**
   * What {@link #commit} needs to know of a credited result evaluated under lifetime binding, as
   * it was when evaluated, so that a directory or store that changes before the commit changes
   * nothing: the binding that did not apply to the conversion, if one did not; for a result the
   * binding credited, the affiliate its touches or coupon credit.
   */
  private record BindingFacts(@Nullable CustomerBinding skipped, @Nullable String own) {}

  /** {@return whether only the visitor's touches, the window and the guards' statuses apply} */
  private boolean isPlain(Conversion conversion) {
    return conversion.customerIdOrNull() == null && conversion.customerEmailOrNull() == null
        && (conversion.couponCodeOrNull() == null || !policy.couponBeatsLinks());
  }

  /** Returns the touches of the conversion's visitor and customer, chronological and distinct. */
  private TouchView gather(Conversion conversion) {
    TouchView byVisitor = conversion.visitorId().isPresent()
        ? read(conversion.visitorId().get()) : TouchView.empty();
    if (conversion.customerId().isEmpty()) {
      return byVisitor;
    }
    List<Touchpoint> byCustomer =
        linkedTouches(conversion.customerId().get(), conversion.epochNanos());
    if (byCustomer.isEmpty()) {
      return byVisitor;
    }
    Touchpoint[] touches = new Touchpoint[byVisitor.size() + byCustomer.size()];
    int count = 0;
    for (int i = 0; i < byVisitor.size(); i++) {
      touches[count++] = byVisitor.touchpoint(i);
    }
    for (Touchpoint touch : byCustomer) {
      touches[count++] = touch;
    }
    Arrays.sort(touches, Touchpoint.CHRONOLOGICAL);
    int distinct = 0;
    for (Touchpoint touch : touches) {
      // The same touch can come through the visitor and through the customer.
      if (distinct == 0 || !touches[distinct - 1].equals(touch)) {
        touches[distinct++] = touch;
      }
    }
    return TouchView.of(distinct == touches.length ? touches : Arrays.copyOf(touches, distinct));
  }

  /**
   * {@return whether a touch made signed in as {@code signedInAs}, if at all, was made as another
   * customer than the buyer: on a device they share, it is that customer's}
   */
  private static boolean isOfAnother(@Nullable String signedInAs, String customer) {
    return signedInAs != null && !signedInAs.equals(customer);
  }

  /**
   * Returns the touches of the visitors linked to the customer that count for a conversion at the
   * instant: those of a visitor seen signed in as the customer within the window's horizon before
   * it, or after it. A link older than that is forgotten, as the touch that made it is, so that a
   * store keeping every touch the window can count gives the same result whenever it drops
   * links.
   */
  private List<Touchpoint> linkedTouches(String customer, long conversionNanos) {
    List<Touchpoint> touches = store.touchpointsOfCustomer(customer);
    long horizon = horizonNanos;
    long oldest = conversionNanos < Long.MIN_VALUE + horizon ? Long.MIN_VALUE
        : conversionNanos - horizon;
    Map<String, Long> lastSignedIn = new HashMap<>();
    for (Touchpoint touch : touches) {
      if (customer.equals(touch.customerIdOrNull())) {
        lastSignedIn.merge(touch.visitorId(), touch.epochNanos(), Math::max);
      }
    }
    List<Touchpoint> counted = new ArrayList<>(touches.size());
    for (Touchpoint touch : touches) {
      Long signedIn = lastSignedIn.get(touch.visitorId());
      if (signedIn != null && signedIn >= oldest) {
        counted.add(touch);
      }
    }
    return counted.size() == touches.size() ? touches : counted;
  }

  /** Reads a visitor's touches: a view over the rows of the stock store, or else sorted objects. */
  private TouchView read(String visitorId) {
    if (store instanceof InMemoryTouchpointStore inMemory) {
      return inMemory.view(visitorId);
    }
    Touchpoint[] touches = store.touchpoints(visitorId).toArray(new Touchpoint[0]);
    for (int i = 1; i < touches.length; i++) {
      if (Touchpoint.CHRONOLOGICAL.compare(touches[i - 1], touches[i]) > 0) {
        Arrays.sort(touches, Touchpoint.CHRONOLOGICAL);
        break;
      }
    }
    return TouchView.of(touches);
  }

  /**
   * What a versioned directory said about each affiliate of the store, by the store's affiliate
   * key, valid while the directory's version is {@code version}: a status byte, which decides most
   * touches from a small array, and the identity, for self-referral ({@link #NO_IDENTITY} for an
   * affiliate the directory does not know). Each entry is written once, the identity first: of
   * threads that read one affiliate, the first to write wins, and the others take its answer, so
   * that one evaluation, which keeps one cache, judges each affiliate once.
   *
   * <p>The entries live in pages of {@value #PAGE} keys, made when one of their keys is first
   * read, so that a new version costs an array of page references, not room for every affiliate
   * the store has seen: a directory that changes as often as conversions come, under hundreds of
   * thousands of affiliates, would otherwise make each conversion allocate megabytes.
   */
  private static final class Identities {
    final long version;
    final @Nullable Object[][] byKey;
    final byte[][] statusByKey;

    Identities(long version, int pages) {
      this(version, new Object[pages][], new byte[pages][]);
    }

    private Identities(long version, @Nullable Object[][] byKey, byte[][] statusByKey) {
      this.version = version;
      this.byKey = byKey;
      this.statusByKey = statusByKey;
    }

    long version() {
      return version;
    }

    /** {@return how many keys the pages can hold} */
    int capacity() {
      return statusByKey.length << PAGE_BITS;
    }

    /**
     * {@return a copy with room for the key, sharing the pages made so far} The status pages are
     * copied first: a page of statuses is made after the page of identities it follows, so the
     * copy never holds a status without the identity it came from.
     */
    Identities grown(int key) {
      int pages = Math.max(pagesFor(key), 2 * statusByKey.length);
      byte[][] statuses = Arrays.copyOf(statusByKey, pages);
      VarHandle.acquireFence();
      return new Identities(version, Arrays.copyOf(byKey, pages), statuses);
    }

    /** {@return the status of the key's affiliate; {@link #NOT_READ} if not read yet} */
    byte status(int key) {
      byte[] page = (byte[]) STATUS_PAGE.getAcquire(statusByKey, key >>> PAGE_BITS);
      return page == null ? NOT_READ : page[key & PAGE_MASK];
    }

    /** {@return the identity of the key's affiliate, or null if not read yet} */
    @Nullable Object identity(int key) {
      Object[] page = (Object[]) BY_KEY_PAGE.getAcquire(byKey, key >>> PAGE_BITS);
      return page == null ? null : BY_KEY.getAcquire(page, key & PAGE_MASK);
    }

    /** Writes the identity unless one was written first, and returns the one written. */
    Object writeIdentity(int key, Object found) {
      int at = key >>> PAGE_BITS;
      Object[] page = (Object[]) BY_KEY_PAGE.getAcquire(byKey, at);
      if (page == null) {
        Object[] made = new Object[PAGE];
        page = (Object[]) BY_KEY_PAGE.compareAndExchange(byKey, at, null, made);
        page = page == null ? made : page;
      }
      Object written = BY_KEY.compareAndExchange(page, key & PAGE_MASK, null, found);
      return written == null ? found : written;
    }

    /** Writes the status unless one was written first. */
    void writeStatus(int key, byte status) {
      int at = key >>> PAGE_BITS;
      byte[] page = (byte[]) STATUS_PAGE.getAcquire(statusByKey, at);
      if (page == null) {
        byte[] made = new byte[PAGE];
        page = (byte[]) STATUS_PAGE.compareAndExchange(statusByKey, at, null, made);
        page = page == null ? made : page;
      }
      STATUS.compareAndExchange(page, key & PAGE_MASK, NOT_READ, status);
    }

    /** {@return how many pages hold the key} */
    static int pagesFor(int key) {
      return (key >>> PAGE_BITS) + 1;
    }
  }

  private static final int PAGE_BITS = 10;
  /** The keys of a page of the identity cache. */
  private static final int PAGE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE - 1;
  /** The status bytes of a cache, written once each, from {@link #NOT_READ}. */
  private static final VarHandle STATUS = MethodHandles.arrayElementVarHandle(byte[].class);
  /** The identities of a cache, written once each, from null, before their status. */
  private static final VarHandle BY_KEY = MethodHandles.arrayElementVarHandle(Object[].class);
  /** The pages of a cache, made once each, from null. */
  private static final VarHandle STATUS_PAGE = MethodHandles.arrayElementVarHandle(byte[][].class);
  private static final VarHandle BY_KEY_PAGE =
      MethodHandles.arrayElementVarHandle(Object[][].class);
  /** What a cache holds for an affiliate that the directory does not know. */
  private static final Object NO_IDENTITY = new Object();
  private static final byte NOT_READ = 0;
  private static final byte ACTIVE = 1;
  private static final byte INACTIVE = 2;
  private static final byte BANNED = 3;
  private static final byte MISSING = 4;

  /**
   * Returns the cache for the directory's version, with room for the key. A new cache is
   * installed for later evaluations only if its version is still the directory's: an evaluation
   * that began before a change keeps a cache of its own, so that it does not take the place of the
   * cache of the version the directory reports now.
   */
  private Identities identities(long version, int key) {
    Identities cache = identities;
    if (cache.version() != version) {
      cache = new Identities(version, Math.max(Identities.pagesFor(key),
          cache.statusByKey.length));
      if (directory.version() == version) {
        identities = cache;
      }
    } else if (key >= cache.capacity()) {
      cache = grown(cache, key);
    }
    return cache;
  }

  /**
   * Returns an evaluation's cache with room for the key: the one of the directory's version at
   * its first key, then a copy of its own grown for a key past it, which keeps every entry it
   * read, as the cache installed meanwhile may be another version's, or a copy without them.
   */
  private Identities withRoom(@Nullable Identities cache, long version, int key) {
    if (cache == null) {
      return identities(version, key);
    }
    return key < cache.capacity() ? cache : grown(cache, key);
  }

  /**
   * Returns a copy of an evaluation's cache grown to hold the key, sharing its pages, and installs
   * it for later evaluations if the cache installed is of the same version, which the directory
   * still reports, and holds fewer keys.
   */
  private Identities grown(Identities cache, int key) {
    Identities grown = cache.grown(key);
    Identities installed = identities;
    if (installed.version() == cache.version() && installed.capacity() < grown.capacity()
        && directory.version() == cache.version()) {
      identities = grown;
    }
    return grown;
  }

  /**
   * Reads the affiliate from the directory into the cache, unless another thread did first, and
   * returns the status byte of the identity the cache holds: each entry is written once, the
   * identity before its status, so that a cache never gives two answers.
   */
  @CanIgnoreReturnValue
  private byte read(Identities cache, String affiliateId, int key) {
    Object found = directory.affiliate(affiliateId).<Object>map(known -> known)
        .orElse(NO_IDENTITY);
    Object identity = cache.writeIdentity(key, found);
    byte status = identity instanceof AffiliateIdentity known
        ? switch (known.status()) {
          case ACTIVE -> ACTIVE;
          case INACTIVE -> INACTIVE;
          case BANNED -> BANNED;
        }
        : MISSING;
    cache.writeStatus(key, status);
    return status;
  }

  /**
   * What one attribution read of the directory: each affiliate's identity and each code's owner,
   * read once, so that its evaluations (of the conversion, and of its own affiliate against a
   * binding) judge each affiliate once, however the directory changes meanwhile. An affiliate
   * with a store key is read through the cache of the directory's version, when it has one.
   */
  private final class Reads {
    private final long version = directory.version();
    private @Nullable Identities cache;
    private @Nullable Map<String, Optional<AffiliateIdentity>> byAffiliate;
    private @Nullable Map<String, Optional<String>> owners;

    /** {@return the affiliate, read the first time; {@code key} is its store key, or -1} */
    @Nullable AffiliateIdentity identity(String affiliateId, int key) {
      Map<String, Optional<AffiliateIdentity>> known = byAffiliate;
      if (known == null) {
        known = new HashMap<>();
        byAffiliate = known;
      }
      Optional<AffiliateIdentity> identity = known.get(affiliateId);
      if (identity == null) {
        identity = Optional.ofNullable(read(affiliateId, key));
        known.put(affiliateId, identity);
      }
      return identity.orElse(null);
    }

    private @Nullable AffiliateIdentity read(String affiliateId, int key) {
      if (key < 0 || version == AffiliateDirectory.UNVERSIONED) {
        return directory.affiliate(affiliateId).orElse(null);
      }
      Identities shared = withRoom(cache, version, key);
      cache = shared;
      return cachedIdentity(shared, affiliateId, key);
    }

    /** {@return the owner of the code, read the first time} */
    Optional<String> ownerOf(String code) {
      Map<String, Optional<String>> known = owners;
      if (known == null) {
        known = new HashMap<>(4);
        owners = known;
      }
      return known.computeIfAbsent(code, directory::ownerOf);
    }
  }

  /**
   * One evaluation by the general rules: the touches of the visitor and the customer, the window
   * with its maximum time since the first referral, the guards with self-referral, a lifetime
   * binding or a coupon, then the shared conclusion. Guard results are cached per affiliate: by
   * scanning the earlier touches for a few, in a hash map for many.
   */
  private final class Evaluation {
    private static final int SCAN_LIMIT = 16;

    private final Conversion conversion;
    private final long conversionNanos;
    private final TouchView touches;
    /** Whether a lifetime binding may credit the conversion; else only touches and coupons. */
    private final boolean byBinding;
    /** Per touch: 0 if its affiliate's guard is not yet known here, else 1 + guard ordinal or 0. */
    private final byte[] guards;
    private @Nullable Map<String, Optional<ExclusionReason>> guardsByAffiliate;
    /** What this evaluation read of the directory, shared with one of the same conversion. */
    private final Reads reads;
    private @Nullable List<String> notes;
    private @Nullable String normalizedEmail;
    /** The customer's binding, if it covered the conversion but did not apply to it. */
    @Nullable CustomerBinding skipped;

    Evaluation(Conversion conversion, long conversionNanos, TouchView touches,
        boolean byBinding) {
      this(conversion, conversionNanos, touches, byBinding, new Reads());
    }

    /**
     * Makes an evaluation that judges each affiliate by what {@code reads} holds, read by an
     * evaluation of the same conversion where it did, so that the two agree however the directory
     * changes.
     */
    Evaluation(Conversion conversion, long conversionNanos, TouchView touches,
        boolean byBinding, Reads reads) {
      this.conversion = conversion;
      this.byBinding = byBinding;
      this.conversionNanos = conversionNanos;
      this.touches = touches;
      this.guards = new byte[touches.size()];
      this.reads = reads;
    }

    /** {@return how this evaluation judged the affiliate, coded as {@link #guards}; 0 if not} */
    private byte judgment(String affiliateId) {
      if (touches.size() <= SCAN_LIMIT) {
        for (int j = 0; j < touches.size(); j++) {
          if (guards[j] != 0 && touches.affiliateId(j).equals(affiliateId)) {
            return guards[j];
          }
        }
      }
      Map<String, Optional<ExclusionReason>> map = guardsByAffiliate;
      if (map != null) {
        Optional<ExclusionReason> known = map.get(affiliateId);
        if (known != null) {
          return encode(known.orElse(null));
        }
      }
      return 0;
    }

    private static byte encode(@Nullable ExclusionReason reason) {
      return (byte) (reason == null ? 1 : reason.ordinal() + 2);
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
        noteCouponYields(bound);
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
        for (int i = 0; i < touches.size(); i++) {
          if (touches.isEligible(i) && !touches.affiliateId(i).equals(alone)) {
            touches.exclude(i, superseded);
          }
        }
        return creditAlone(alone, basis);
      }
      return conclude(conversion, touches, notes);
    }

    private void applyWindow() {
      String customer = conversion.customerIdOrNull();
      for (int i = 0; i < touches.size(); i++) {
        touches.exclude(i, customer != null && isOfAnother(touches.customerId(i), customer)
            ? ExclusionReason.OTHER_CUSTOMER
            : window.exclusion(touches.kind(i), touches.epochNanos(i), conversionNanos));
      }
      if (window.maxSinceFirstReferral().isEmpty()) {
        return;
      }
      // The affiliate's first touch in the window decides for all its touches: found by a scan
      // of the touches before while they are few, else remembered by affiliate.
      Map<String, Boolean> expiredByAffiliate =
          touches.size() > SCAN_LIMIT ? new HashMap<>() : null;
      for (int i = 0; i < touches.size(); i++) {
        if (!touches.isEligible(i)) {
          continue;
        }
        boolean expired;
        if (expiredByAffiliate != null) {
          int touch = i;
          expired = expiredByAffiliate.computeIfAbsent(touches.affiliateId(i),
              id -> window.referralExpired(touches.epochNanos(touch), conversionNanos));
        } else {
          int first = i;
          for (int j = 0; j < i; j++) {
            if (touches.sameAffiliate(j, i) && (touches.isEligible(j)
                || touches.reason(j) == ExclusionReason.REFERRAL_EXPIRED)) {
              first = j;
              break;
            }
          }
          expired = window.referralExpired(touches.epochNanos(first), conversionNanos);
        }
        if (expired) {
          touches.exclude(i, ExclusionReason.REFERRAL_EXPIRED);
        }
      }
    }

    private void applyGuards() {
      for (int i = 0; i < touches.size(); i++) {
        if (touches.isEligible(i)) {
          ExclusionReason reason = guard(i);
          touches.exclude(i, reason == null && isOwnVisit(i)
              ? ExclusionReason.SELF_REFERRAL : reason);
        }
      }
    }

    /** Returns why the affiliate of touch {@code i} may not earn, or null if it may. */
    private @Nullable ExclusionReason guard(int i) {
      int key = touches.affiliateKey(i);
      if (touches.size() > SCAN_LIMIT) {
        return remembered(touches.affiliateId(i), () -> check(i, key));
      }
      for (int j = 0; j < i; j++) {
        if (guards[j] != 0 && touches.sameAffiliate(j, i)) {
          guards[i] = guards[j];
          return decode(guards[j]);
        }
      }
      ExclusionReason reason = check(i, key);
      guards[i] = encode(reason);
      return reason;
    }

    private @Nullable ExclusionReason decode(byte guard) {
      return guard == 1 ? null : REASONS[guard - 2];
    }

    /**
     * Returns why the affiliate may not earn, or null if it may: as its touches were judged, if
     * they were, so that one evaluation judges an affiliate once, even if the directory changes
     * meanwhile (a coupon's owner judged inactive after its clicks were judged active would pay
     * it by those clicks and explain that it earns nothing).
     */
    private @Nullable ExclusionReason guard(String affiliateId) {
      byte known = judgment(affiliateId);
      return known != 0 ? decode(known) : remembered(affiliateId, () -> check(affiliateId));
    }

    /** Returns the affiliate's guard from this evaluation's map, checking it the first time. */
    private @Nullable ExclusionReason remembered(String affiliateId,
        Supplier<@Nullable ExclusionReason> check) {
      if (guardsByAffiliate == null) {
        guardsByAffiliate = new HashMap<>();
      }
      Optional<ExclusionReason> known = guardsByAffiliate.get(affiliateId);
      if (known == null) {
        known = Optional.ofNullable(check.get());
        guardsByAffiliate.put(affiliateId, known);
      }
      return known.orElse(null);
    }

    /** Checks the affiliate of the touch at {@code position}, whose key is {@code key}. */
    private @Nullable ExclusionReason check(int position, int key) {
      return check(reads.identity(touches.affiliateId(position), key));
    }

    /**
     * {@return whether touch {@code i} was made signed in as its affiliate's own customer id,
     * unless the policy allows self-referral}
     */
    private boolean isOwnVisit(int i) {
      String signedInAs = signedInAs(touches, i);
      return signedInAs != null && isOwnCustomer(signedInAs,
          reads.identity(touches.affiliateId(i), touches.affiliateKey(i)));
    }

    /** Checks an affiliate that no touch points to here, such as a coupon's owner. */
    private @Nullable ExclusionReason check(String affiliateId) {
      return check(reads.identity(affiliateId, -1));
    }

    private @Nullable ExclusionReason check(@Nullable AffiliateIdentity affiliate) {
      if (affiliate == null) {
        return ExclusionReason.UNKNOWN_AFFILIATE;
      }
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
      // The conversion's parts first: anonymous buyers, the common case, need no more reads.
      if (affiliate.isCustomerOf(conversion)) {
        return true;
      }
      if (conversion.customerEmail().isEmpty() || affiliate.email().isEmpty()) {
        return false;
      }
      if (normalizedEmail == null) {
        normalizedEmail = Emails.normalize(conversion.customerEmail().get());
      }
      return affiliate.hasEmail(normalizedEmail);
    }

    private @Nullable String boundAffiliate() {
      if (!byBinding || !policy.lifetimeBinding() || conversion.customerId().isEmpty()) {
        return null;
      }
      Candidates candidates = bindings.get(conversion.customerId().get());
      if (candidates == null) {
        return null;
      }
      CustomerBinding latest = candidates.binding();
      Instant instant = conversion.instant();
      OwnAffiliate own = new OwnAffiliate(this);
      CustomerBinding binding = bindingMade(candidates, instant, own);
      if (binding != null && bindingExpired(binding.since(), instant)) {
        note("lifetime binding of customer " + binding.customerId() + " to "
            + binding.affiliateId() + " since " + binding.since() + " applied until "
            + Instants.plusSaturated(binding.since(), policy.bindingExpiry().orElseThrow()));
        binding = null;
      }
      String mine = instant.equals(latest.since()) ? own.get() : null;
      if (mine != null && mine.compareTo(latest.affiliateId()) < 0) {
        note("lifetime binding of customer " + latest.customerId() + " to "
            + latest.affiliateId() + " since " + latest.since() + " counts after this "
            + "conversion, whose own affiliate " + mine + " comes first at that instant");
      }
      if (binding == null) {
        return null;
      }
      ExclusionReason reason = guard(binding.affiliateId());
      if (reason != null) {
        note("lifetime binding of customer " + binding.customerId() + " to "
            + binding.affiliateId() + " does not apply: " + reason);
        skipped = binding;
        return null;
      }
      note("customer " + binding.customerId() + " is bound to " + binding.affiliateId()
          + " since " + binding.since());
      return binding.affiliateId();
    }

    /**
     * Notes a coupon that the binding beats: one of another affiliate, which would have credited
     * it but for the binding. An unknown code, or one whose affiliate the guards exclude, would
     * not have; nor does the bound affiliate's own code yield.
     */
    private void noteCouponYields(String bound) {
      if (!policy.couponBeatsLinks() || conversion.couponCode().isEmpty()) {
        return;
      }
      String code = conversion.couponCode().get();
      Optional<String> owner = reads.ownerOf(code);
      if (owner.isPresent() && !owner.get().equals(bound) && guard(owner.get()) == null
          && !madeOwnVisit(owner.get())) {
        note("coupon " + Ids.quote(code) + " of " + owner.get()
            + " yields to the lifetime binding");
      }
    }

    private @Nullable String couponAffiliate() {
      if (!policy.couponBeatsLinks() || conversion.couponCode().isEmpty()) {
        return null;
      }
      String code = conversion.couponCode().get();
      Optional<String> owner = reads.ownerOf(code);
      if (owner.isEmpty()) {
        note("coupon " + Ids.quote(code) + " is not an affiliate's code");
        return null;
      }
      ExclusionReason reason = guard(owner.get());
      if (reason == null && madeOwnVisit(owner.get())) {
        // The order's touches show the owner signed in on its devices, on whoever's link: the
        // code is her own use.
        reason = ExclusionReason.SELF_REFERRAL;
      }
      if (reason != null) {
        note("coupon " + Ids.quote(code) + " of " + owner.get() + " earns nothing: " + reason);
        return null;
      }
      note("coupon " + Ids.quote(code) + " of " + owner.get() + " beats links");
      return owner.get();
    }

    /**
     * {@return whether one of the touches that rule 1 of the policy leaves, at or before the
     * conversion in the window and not another customer's, was made signed in as the affiliate's
     * own customer id, on the link of whichever affiliate, unless the policy allows self-referral}
     * So a buyer that the order names is judged by the affiliate's guard alone: the touches made
     * signed in as the affiliate are another customer's, or the buyer is the affiliate.
     */
    private boolean madeOwnVisit(String affiliateId) {
      if (policy.allowSelfReferral()) {
        return false;
      }
      String own = null;
      for (int i = 0; i < touches.size(); i++) {
        String signedInAs = touches.customerId(i);
        ExclusionReason reason = touches.reason(i);
        if (signedInAs == null || reason == ExclusionReason.OTHER_CUSTOMER
            || reason == ExclusionReason.AFTER_CONVERSION
            || reason == ExclusionReason.OUTSIDE_WINDOW) {
          continue;
        }
        if (own == null) {
          // Read once, and only for an order with a touch made signed in: the guard of the
          // affiliate read it already.
          AffiliateIdentity affiliate = reads.identity(affiliateId, -1);
          if (affiliate == null || affiliate.customerId().isEmpty()) {
            return false;
          }
          own = affiliate.customerId().get();
        }
        if (own.equals(signedInAs)) {
          return true;
        }
      }
      return false;
    }

    private AttributionResult creditAlone(String affiliateId, CreditBasis basis) {
      if (policy.mergeRepeatedTouches()) {
        // The credit's own touches are consecutive now: they count as one, the latest.
        mergeRepeatedTouches(touches);
      }
      int[] own = new int[touches.size()];
      int count = 0;
      for (int i = 0; i < touches.size(); i++) {
        if (touches.isEligible(i)) {
          own[count++] = i;
        }
      }
      Credit credit = new Credit(affiliateId, Rate.ONE, conversion.total(), basis,
          touches.listOf(affiliateId, own, count));
      return new Attribution(conversion, model, List.of(credit), explanation(touches, notes));
    }

    private void note(String text) {
      if (notes == null) {
        notes = new ArrayList<>(2);
      }
      notes.add(text);
    }
  }

  /**
   * Decides a plain conversion: one that names only its visitor (so no customer's touches, no
   * binding and no self-referral apply), uses no coupon that beats links, under a window without
   * a maximum time since the first referral, with a versioned directory. These are the general
   * rules with everything that cannot apply left out, and each affiliate's guard read straight
   * from the status cache of the directory's version, read once, so that all touches of one
   * affiliate agree.
   */
  private AttributionResult decidePlain(Conversion conversion, long conversionNanos,
      TouchView touches, long version) {
    int size = touches.size();
    if (size == 0) {
      return new NoCredit(conversion, NoCreditReason.NO_TOUCHPOINTS, NOTHING_READ);
    }
    // One cache for the whole evaluation, whose entries are written once: another evaluation may
    // install the cache of a newer version meanwhile, and the directory answer otherwise, so that
    // an affiliate read again would be judged otherwise at another of its touches. Taken at the
    // first touch in the window: reading the keys of touches outside the window first would cost
    // a cache miss each. A key beyond it, of an affiliate new to the store, is read from a copy of
    // it grown here (see withRoom).
    Identities cache = null;
    for (int i = 0; i < size; i++) {
      ExclusionReason reason = window.exclusion(touches.kind(i), touches.epochNanos(i),
          conversionNanos);
      if (reason == null) {
        int key = touches.affiliateKey(i);
        cache = withRoom(cache, version, key);
        reason = statusExclusion(cache, touches, i, key);
        String signedInAs = reason == null ? signedInAs(touches, i) : null;
        if (signedInAs != null
            && isOwnCustomer(signedInAs, cachedIdentity(cache, touches.affiliateId(i), key))) {
          reason = ExclusionReason.SELF_REFERRAL;
        }
      }
      if (reason != null) {
        touches.exclude(i, reason);
      }
    }
    return conclude(conversion, touches, null);
  }

  /**
   * Returns why the affiliate of the touch may not earn by its status (unknown, inactive or
   * banned) from the cache, reading the directory the first time; null if it is active.
   */
  private @Nullable ExclusionReason statusExclusion(Identities cache, TouchView touches,
      int position, int key) {
    byte status = cache.status(key);
    if (status == NOT_READ) {
      status = read(cache, touches.affiliateId(position), key);
    }
    return switch (status) {
      case MISSING -> ExclusionReason.UNKNOWN_AFFILIATE;
      case BANNED -> ExclusionReason.BANNED_AFFILIATE;
      case INACTIVE -> ExclusionReason.INACTIVE_AFFILIATE;
      default -> null;
    };
  }

  /**
   * {@return whom the touch was made signed in as, where self-referral counts: null if no one, or
   * if the policy allows self-referral} A touch made signed in as its affiliate's own customer id
   * is the affiliate's own visit and refers no one, even when the order names no buyer, as a
   * guest checkout does.
   */
  private @Nullable String signedInAs(TouchView touches, int position) {
    return policy.allowSelfReferral() ? null : touches.customerId(position);
  }

  /** {@return whether the affiliate is the shop's customer {@code signedInAs}} */
  private static boolean isOwnCustomer(String signedInAs, @Nullable AffiliateIdentity affiliate) {
    return affiliate != null && affiliate.customerId().isPresent()
        && affiliate.customerId().get().equals(signedInAs);
  }

  /** {@return the affiliate as the cache holds it, read into it first if it holds nothing yet} */
  private @Nullable AffiliateIdentity cachedIdentity(Identities cache, String affiliateId,
      int key) {
    Object identity = cache.identity(key);
    if (identity == null) {
      read(cache, affiliateId, key);
      identity = cache.identity(key);
    }
    return identity instanceof AffiliateIdentity known ? known : null;
  }

  /** Applies the click lock and the merging of repeated touches, then divides the credit. */
  private AttributionResult conclude(Conversion conversion, TouchView touches,
      @Nullable List<String> notes) {
    if (policy.clickLock() == AttributionPolicy.ClickLock.FIRST_CLICK_LOCK) {
      applyFirstClickLock(touches);
    }
    if (policy.mergeRepeatedTouches()) {
      mergeRepeatedTouches(touches);
    }
    return divide(conversion, touches, notes);
  }

  private static void applyFirstClickLock(TouchView touches) {
    int locked = -1;
    for (int i = 0; i < touches.size(); i++) {
      if (!touches.isEligible(i)) {
        continue;
      }
      if (locked < 0) {
        locked = i;
      } else if (!touches.sameAffiliate(locked, i)) {
        touches.exclude(i, ExclusionReason.LOCKED_BY_FIRST_CLICK);
      }
    }
  }

  private static void mergeRepeatedTouches(TouchView touches) {
    int previous = -1;
    for (int i = 0; i < touches.size(); i++) {
      if (!touches.isEligible(i)) {
        continue;
      }
      if (previous >= 0 && touches.sameAffiliate(previous, i)) {
        touches.exclude(previous, ExclusionReason.MERGED_SAME_AFFILIATE);
      }
      previous = i;
    }
  }

  private AttributionResult divide(Conversion conversion, TouchView touches,
      @Nullable List<String> notes) {
    int eligible = 0;
    int first = -1;
    int last = -1;
    for (int i = 0; i < touches.size(); i++) {
      if (touches.isEligible(i)) {
        eligible++;
        first = first < 0 ? i : first;
        last = i;
      }
    }
    if (eligible == 0) {
      NoCreditReason reason = touches.size() == 0 ? NoCreditReason.NO_TOUCHPOINTS
          : NoCreditReason.NONE_ELIGIBLE;
      return new NoCredit(conversion, reason, explanation(touches, notes));
    }
    // The stock single-touch models need no weights: one touch takes all.
    if (eligible == 1 || model instanceof AttributionModel.LastTouch
        || model instanceof AttributionModel.FirstTouch) {
      int winner = model instanceof AttributionModel.FirstTouch ? first : last;
      String winnerId = touches.affiliateId(winner);
      List<Touchpoint> won = touches.single(winner, winnerId);
      Credit credit = new Credit(winnerId, Rate.ONE, conversion.total(), CreditBasis.TOUCHPOINTS,
          won);
      // The only eligible touch is the winner: the credit's list is the eligible list too.
      return new Attribution(conversion, model, List.of(credit), explanation(touches,
          eligible == 1 ? won : touches.eligible(eligible), eligible, notes));
    }
    int[] positions = new int[eligible];
    long[] nanos = new long[eligible];
    for (int i = 0, j = 0; i < touches.size(); i++) {
      if (touches.isEligible(i)) {
        positions[j] = i;
        nanos[j++] = touches.epochNanos(i);
      }
    }
    ModelWeights.Weighing weighing = ModelWeights.weigh(model, nanos, eligible);
    // Credits in the order of each affiliate's first touch weighed above zero; zero weights earn
    // nothing.
    String[] creditIds = new String[eligible];
    int[] creditSizes = new int[eligible];
    int[] creditOf = new int[eligible];
    CreditIndex index = new CreditIndex(touches, eligible);
    int credited = 0;
    for (int j = 0; j < eligible; j++) {
      if (!weighing.counts(j)) {
        creditOf[j] = -1;
        continue;
      }
      int k = index.find(positions[j], credited);
      if (k == credited) {
        creditIds[credited++] = touches.affiliateId(positions[j]);
      }
      creditOf[j] = k;
      creditSizes[k]++;
    }

    // Each credit's touches, in chronological order, in an array of its own size.
    int[][] creditTouches = new int[credited][];
    for (int k = 0; k < credited; k++) {
      creditTouches[k] = new int[creditSizes[k]];
      creditSizes[k] = 0;
    }
    for (int j = 0; j < eligible; j++) {
      int k = creditOf[j];
      if (k >= 0) {
        creditTouches[k][creditSizes[k]++] = positions[j];
      }
    }
    Credit[] credits = new Credit[credited];
    if (credited == 1) {
      credits[0] = new Credit(creditIds[0], Rate.ONE, conversion.total(),
          CreditBasis.TOUCHPOINTS, touches.listOf(creditIds[0], creditTouches[0],
              creditSizes[0]));
    } else {
      // A weight too small for one step of 10^-18 rounds to a zero share: no credit, as a zero
      // weight, and so no money either.
      ModelWeights.Division division = weighing.divide(creditOf, credited, conversion.total());
      List<Rate> shares = division.shares();
      List<Money> amounts = division.amounts();
      int next = 0;
      for (int k = 0; k < credited; k++) {
        if (!shares.get(k).isZero()) {
          credits[next] = new Credit(creditIds[k], shares.get(k), amounts.get(k),
              CreditBasis.TOUCHPOINTS, touches.listOf(creditIds[k], creditTouches[k],
                  creditSizes[k]));
          next++;
        }
      }
      credits = Arrays.copyOf(credits, next);
    }
    return new Attribution(conversion, model, List.of(credits),
        explanation(touches, eligible, notes));
  }

  /**
   * Finds the credit of a touch's affiliate among those made so far: by a scan of their first
   * touches while they are few, else through a map by affiliate, so that a visitor with touches
   * of many affiliates costs linear time.
   */
  private static final class CreditIndex {
    private static final int SCAN_LIMIT = 8;

    private final TouchView touches;
    private final int[] firsts;
    private @Nullable Map<String, Integer> byAffiliate;

    CreditIndex(TouchView touches, int capacity) {
      this.touches = touches;
      this.firsts = new int[capacity];
    }

    /** {@return the credit of the touch's affiliate, or {@code credited} as a new one's} */
    int find(int position, int credited) {
      if (credited > SCAN_LIMIT) {
        Map<String, Integer> map = byAffiliate;
        if (map == null) {
          map = new HashMap<>();
          for (int k = 0; k < credited; k++) {
            map.put(touches.affiliateId(firsts[k]), k);
          }
          byAffiliate = map;
        }
        Integer known = map.putIfAbsent(touches.affiliateId(position), credited);
        if (known != null) {
          return known;
        }
      } else {
        for (int k = 0; k < credited; k++) {
          if (touches.sameAffiliate(firsts[k], position)) {
            return k;
          }
        }
      }
      firsts[credited] = position;
      return credited;
    }
  }

  private static Explanation explanation(TouchView touches, @Nullable List<String> notes) {
    int eligible = 0;
    for (int i = 0; i < touches.size(); i++) {
      if (touches.isEligible(i)) {
        eligible++;
      }
    }
    return explanation(touches, eligible, notes);
  }

  private static Explanation explanation(TouchView touches, int eligible,
      @Nullable List<String> notes) {
    if (touches.size() == 0 && notes == null) {
      return NOTHING_READ;
    }
    return explanation(touches, touches.eligible(eligible), eligible, notes);
  }

  /** The explanation with the given list of the {@code eligible} touches that counted. */
  private static Explanation explanation(TouchView touches, List<Touchpoint> eligibleTouches,
      int eligible, @Nullable List<String> notes) {
    return new Explanation(eligibleTouches, touches.excluded(touches.size() - eligible),
        notes == null ? List.of() : notes);
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

    /** Gives every result remembered to the action, read without the monitor. */
    void forEach(Consumer<AttributionResult> action) {
      results.values().forEach(action);
    }

    /**
     * Forgets the results that match, and their places in the order of arrival. Reads the results
     * without the monitor, so that attributing goes on meanwhile, and takes it to forget those
     * found, unless a newer result replaced one since.
     */
    void removeIf(Predicate<AttributionResult> matches) {
      Map<String, AttributionResult> found = new HashMap<>();
      results.forEach((orderId, result) -> {
        if (matches.test(result)) {
          found.put(orderId, result);
        }
      });
      if (found.isEmpty()) {
        return;
      }
      synchronized (this) {
        found.entrySet().removeIf(gone -> !results.remove(gone.getKey(), gone.getValue()));
        order.removeIf(found::containsKey);
      }
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
