package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Texts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attribution engine: records touchpoints and answers, for each conversion, who gets credit.
 *
 * <pre>{@code
 * Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), directory)
 *     .window(AttributionWindow.standard())
 *     .model(AttributionModel.positionBased())
 *     .policy(AttributionPolicy.defaults())
 *     .clock(clock)
 *     .build();
 * attributor.record(Touchpoint.click("visitor-7f3a", "anna", clock.instant()));
 * AttributionResult result = attributor.attribute(conversion);
 * result.credits();      // [Credit[affiliateId=anna, share=100%, amount=USD 63.86, ...]]
 * result.describe();     // which touches counted, which did not and why
 * }</pre>
 *
 * <p>{@link #attribute(Conversion)} is idempotent per order: the same order id attributed again
 * returns the first result, so nobody is credited twice. It remembers the most recent orders up to
 * {@link Builder#rememberedOrders(int)}; an order older than that is attributed afresh, so hosts
 * that replay old orders should keep their own record of attributed order ids. {@link
 * #evaluate(Conversion)} computes the same answer without remembering anything, for previews and
 * what-if runs.
 *
 * <p>A result, remembered or not, holds an {@link Explanation} that lists every touch read for
 * its conversion, eligible or not, in the window or not. From the {@linkplain
 * TouchpointStore#inMemory() in-memory store} the stock attributor keeps them as a copy of the
 * visitor's rows, about 24 bytes a touch (three longs); as touch objects, about 60 bytes each,
 * when the conversion's customer has touches on other devices; and once the explanation's touches
 * are read, as {@link AttributionResult#describe()} or writing the result as JSON does, as the
 * rows and the objects made of them, about 90 bytes each. Over another store, it keeps the touch
 * objects the store returned. So {@link Builder#rememberedOrders(int)} bounds the number of
 * results kept, not their size: a visitor with thousands of clicks, such as a bot on one cookie,
 * makes each of its orders keep them all (1,000 touches about 25 KB an order, 16,000 about 390
 * KB).
 *
 * <p>A conversion of a known customer counts the touches of its visitor and of every visitor
 * the store links to the customer ({@link TouchpointStore#touchpointsOfCustomer}): the customer's
 * other devices. A touch made signed in as another customer, on a device they share, is that
 * customer's: it is excluded as {@link ExclusionReason#OTHER_CUSTOMER}, on the device of the
 * purchase too. A device counts while it was last seen signed in as the customer within the
 * window's {@linkplain AttributionWindow#horizon() horizon} before the conversion, or after it;
 * a link older than that is forgotten as the touch that made it is, so a phone signed in 40 days
 * before a purchase on a laptop, then used anonymously, brings no credit under a 30-day window,
 * whether or not the store has evicted that touch.
 *
 * <p>A touch that arrives after a conversion was attributed (a late click) never changes the
 * result already given for that order; it counts, by its own instant, for every conversion
 * attributed after it was recorded.
 *
 * <p>Under lifetime binding, a customer's binding is the one that attributing their conversions
 * in time order makes: the first conversion that touches or a coupon credit binds the customer to
 * its affiliate (the one with the largest share), and a later one binds them anew if the binding
 * so far has expired at its instant, or did not apply to it. A binding applies to a conversion
 * from its {@linkplain CustomerBinding#since() instant} until it expires, unless its affiliate is
 * not active (or the self-referral guard excludes it) when the conversion is attributed; such a
 * conversion is credited by its touches or coupon, and, when committed, binds the customer anew.
 * Making that affiliate active again later does not take the customer back. A conversion that no
 * touch or coupon credits binds nobody, so until one does, the binding applies again once its
 * affiliate is active again: a renewal while a creator is suspended earns nothing, and those
 * after the creator is reinstated earn the creator commissions as before. Conversions at the
 * same instant count in the order of their affiliates' ids (the affiliate their own touches or
 * coupon credit), so one at the binding's instant whose affiliate's id comes first is credited by
 * its touches or coupon, while one whose affiliate is the bound one counts after the binding,
 * which credits it. A conversion credited by the binding counts with the affiliate its
 * touches or coupon would have credited. Conversions may arrive out of order: the binding is the
 * same whatever order they came in, as long as every binding applies to the conversions it covers
 * (for example, the directory does not change meanwhile and binds nobody to an affiliate not
 * active); a conversion that a binding did not apply to counts as the binding was when it was
 * evaluated, so that two conversions evaluated before either is committed, as concurrent calls
 * of {@link #attribute} may be, bind as if each were committed right after its evaluation.
 * Results already given never change: an order credited to one binding keeps that
 * credit. A conversion that arrives after later ones is credited by the binding that the
 * conversions committed so far, taken in time order, had made by its instant (at one instant,
 * those whose affiliates' ids come first count before it), if that binding has not expired and
 * applies; else by its touches or coupon. The attributor forgets the conversions before one that
 * a binding did not apply to, which binds anew: a conversion earlier than that one, arriving
 * after it, is credited by its touches or coupon.
 *
 * <p>Lifetime binding keeps, for each customer with a binding, one candidate without an expiry;
 * with an {@linkplain AttributionPolicy#bindingExpiry() expiry}, one per credited conversion
 * committed since the latest that a binding did not apply to: 20 bytes each (the instant as a
 * long and an int, a reference to the affiliate id, an int index), 20 to 30 bytes with the room
 * of arrays that grow by half. A host that restarts saves them as each customer's {@link
 * #bindingHistory} and restores them with {@link Builder#bindingHistory}: an attributor so built
 * credits and binds as the one that kept them would have. They are kept in time order, so that
 * with an expiry a conversion that arrives before later ones of the same customer costs time in
 * proportion to the candidates kept after its instant: it takes its place before them, and the
 * binding is folded again over all of them, as an earlier candidate may change the binding that
 * each later one makes. Conversions in time order cost a constant time each; one customer's fed
 * newest first cost time quadratic in their number. So a backfill, or a replay of stored orders,
 * should feed each customer's conversions oldest first, for example by sorting a list for {@link
 * #attributeAll} by instant.
 *
 * <p>Implementations are thread-safe. Under lifetime binding the stock attributor attributes one
 * customer's conversions one at a time, so that concurrent calls of {@link #attribute} credit and
 * bind as some order of the same calls one after the other does; it reads the directory and the
 * store while it holds the customer's lock (one of a fixed set, shared by many customers), so
 * neither may wait for a thread that is attributing. Touches recorded while a conversion is
 * attributed count for it or not: it reads the visitor's touches once, and judges each affiliate
 * once, whatever other threads record or the directory answers meanwhile. It reads the touches of
 * the customer's other devices after the visitor's, though, so that of two touches recorded
 * meanwhile, the first on the visitor and the second on another device, it may count the second
 * alone.
 */
public interface Attributor {

  /**
   * Returns a builder of an attributor that reads touches from the store and affiliates from the
   * directory, with the {@linkplain AttributionWindow#standard() standard window}, the {@linkplain
   * AttributionModel#lastTouch() last-touch model}, the {@linkplain AttributionPolicy#defaults()
   * default policy} and the system UTC clock until told otherwise.
   *
   * @param store where touches are recorded and read
   * @param directory the host's affiliates and codes
   * @return the builder
   */
  static Builder builder(TouchpointStore store, AffiliateDirectory directory) {
    return new Builder(store, directory);
  }

  /**
   * Checks a touchpoint and records it in the store: the affiliate must be known to the
   * directory, a code must belong to that affiliate, and the instant must not lie beyond the
   * policy's clock skew in the future. A rejected touch is not recorded. A code that a follower
   * spelled otherwise than its canonical link code ({@link
   * dev.affiliatekit.link.LinkCode#tryParseTyped}), such as {@code glow-withmia} for {@code
   * GLOWWITHMIA}, is recorded in the canonical spelling if the directory gives that the same
   * owner, so that a store, which keeps each affiliate and code it sees for its whole life, keeps
   * one of every code, not one of every spelling.
   *
   * @param touchpoint the touch
   * @return the sequence number the store assigned
   * @throws IllegalArgumentException if the affiliate is unknown, the code is unknown or belongs to
   *     another affiliate, or the instant is too far in the future (an {@link
   *     InstantInFutureException}), checked before anything is recorded
   */
  @CanIgnoreReturnValue
  long record(Touchpoint touchpoint);

  /**
   * Attributes a conversion, remembers the result by order id, and binds the customer under
   * lifetime binding. The same order id attributed again returns the first result unchanged.
   *
   * @param conversion the conversion
   * @return the credits with their explanation, or no credit with its reason
   * @throws IllegalArgumentException if the conversion lies further in the future of the clock
   *     than the policy's clock skew allows (an {@link InstantInFutureException}), or outside the
   *     supported range of instants
   */
  @CanIgnoreReturnValue
  AttributionResult attribute(Conversion conversion);

  /**
   * Attributes conversions as {@link #attribute(Conversion)} does each, one after the other in
   * the list's order, and returns their results in that order: for a host that attributes orders
   * in batches, such as those of a queue it drains. An order id attributed before, or earlier in
   * the list, gives its first result. The stock attributor over the {@linkplain
   * TouchpointStore#inMemory() in-memory store} reads ahead as {@link #evaluateAll} does.
   *
   * <p>The stock attributor reads the clock once for the call, checks against it the instant of
   * each conversion of an order it does not remember, and attributes them under that instant, so
   * that a conversion it refuses stops the call before anything is remembered or bound, even if
   * the clock steps back meanwhile. A directory or store of the host that throws while the
   * conversions are attributed leaves those before attributed, as calls of {@link #attribute}
   * one by one would. This default, for other implementations, attributes each in turn, so that
   * a conversion refused leaves those before it attributed.
   *
   * @param conversions the conversions
   * @return the results, in the order of the conversions, in a list that cannot be modified
   * @throws NullPointerException if the list or one of its conversions is null, named by its
   *     index (a list that is not thread-safe, changed by another thread while it is read, may
   *     seem to hold a null), before any is attributed
   * @throws IllegalArgumentException as {@link #attribute(Conversion)} throws it for the first
   *     conversion it refuses
   */
  default List<AttributionResult> attributeAll(List<Conversion> conversions) {
    List<Conversion> checked = Elements.copyOf(conversions, "conversions");
    List<AttributionResult> results = new ArrayList<>(checked.size());
    for (Conversion conversion : checked) {
      results.add(attribute(conversion));
    }
    return Collections.unmodifiableList(results);
  }

  /**
   * Computes the attribution of a conversion without remembering it or binding anyone: the answer
   * {@link #attribute(Conversion)} would give now for a new order id.
   *
   * @param conversion the conversion
   * @return the credits with their explanation, or no credit with its reason
   * @throws IllegalArgumentException if the conversion lies further in the future of the clock
   *     than the policy's clock skew allows (an {@link InstantInFutureException}), or outside the
   *     supported range of instants
   */
  AttributionResult evaluate(Conversion conversion);

  /**
   * Evaluates conversions as {@link #evaluate(Conversion)} does each, without remembering any or
   * binding anyone, and returns their results in the same order: for a host that attributes
   * conversions in batches, such as the orders of a queue it drains, a backfill or a what-if run
   * over a day of orders. The stock attributor over the {@linkplain TouchpointStore#inMemory()
   * in-memory store} reads ahead the touches of several conversions at once before it evaluates
   * them, so that a store larger than the processor's caches waits for its memory once for the
   * group instead of once for each; other attributors evaluate the conversions one by one.
   *
   * <p>Each result is the one {@link #evaluate(Conversion)} gives for the conversion alone. To
   * attribute a batch, call {@link #attributeAll}: committing these results instead would, under
   * lifetime binding, credit none by a binding that an earlier conversion of the list makes.
   *
   * @param conversions the conversions
   * @return the results, in the order of the conversions, in a list that cannot be modified
   * @throws NullPointerException if the list or one of its conversions is null, named by its
   *     index (a list that is not thread-safe, changed by another thread while it is read, may
   *     seem to hold a null)
   * @throws IllegalArgumentException as {@link #evaluate(Conversion)} throws it for the first
   *     conversion it refuses; nothing is remembered either way
   */
  default List<AttributionResult> evaluateAll(List<Conversion> conversions) {
    List<Conversion> checked = Elements.copyOf(conversions, "conversions");
    List<AttributionResult> results = new ArrayList<>(checked.size());
    for (Conversion conversion : checked) {
      results.add(evaluate(conversion));
    }
    return Collections.unmodifiableList(results);
  }

  /**
   * Remembers a result that {@link #evaluate} gave, by its order id, and binds the customer under
   * lifetime binding, as {@link #attribute(Conversion)} does with the result it computes: for a
   * host that evaluates a conversion, acts on the result (quotes it, posts the commissions), and
   * only then makes it count. The result kept is this one, even if a touch recorded meanwhile
   * would now give another, so that the binding follows the credits the host acted on. The same
   * order id remembered or attributed already returns the first result unchanged.
   *
   * <p>The stock attributor keeps the given result, and binds by what the evaluation found, not
   * by the directory and store of the moment: whether the customer's binding did not apply to
   * the conversion (its affiliate inactive then), and, for a result the binding credited, the
   * affiliate the conversion's own touches or coupon credited then. It knows these facts only of
   * the very results its {@link #evaluate} returned and that are not yet committed (by identity,
   * not equality); for any other result, such as another attributor's or a copy, it asks the
   * directory and store at the commit instead. Every call that may fail comes before anything
   * changes: a commit that throws remembers nothing and binds nobody, so that a retry does both.
   * This default, for other implementations, attributes its conversion anew.
   *
   * @param evaluated a result of this attributor's {@link #evaluate}
   * @return the result remembered for the order: the given one, or the first if the order was
   *     attributed before
   * @throws IllegalArgumentException if the result's conversion lies outside the supported range
   *     of instants, or if, under lifetime binding, the result credits a conversion of a known
   *     customer that lies further in the future of the clock than the policy's clock skew
   *     allows, unless this attributor's {@link #evaluate} returned the result (and checked it
   *     then): as when another attributor evaluated it or the host built it
   */
  @CanIgnoreReturnValue
  default AttributionResult commit(AttributionResult evaluated) {
    return attribute(evaluated.conversion());
  }

  /**
   * Returns the customer's lifetime binding, if lifetime binding is on and the customer has one.
   * To save it and restore it with {@link Builder#binding}, it is enough only while the
   * customer's {@link #bindingHistory} is this binding alone, which broke none ({@link
   * BindingHistory#firstBroke()} false): otherwise save and restore the history, as {@link
   * BindingHistory} says.
   *
   * @param customerId the customer
   * @return the binding, which may have expired by now
   */
  Optional<CustomerBinding> binding(String customerId);

  /**
   * Returns what the attributor keeps of the customer's lifetime binding, for a host to save and
   * restore with {@link Builder#bindingHistory}: unlike the binding alone, it says whether the
   * binding broke one before it, and, under a binding expiry, keeps the conversions that decide
   * the credit of one that arrives after later ones (see {@link BindingHistory}). Read under the
   * customer's lock, so that it is the history after some commit, never in the middle of one.
   *
   * <p>This default, for other implementations, gives the binding alone as the one candidate.
   *
   * @param customerId the customer
   * @return the history, if lifetime binding is on and the customer has a binding
   */
  default Optional<BindingHistory> bindingHistory(String customerId) {
    return binding(customerId).map(binding ->
        new BindingHistory(binding.customerId(), List.of(binding), false));
  }

  /**
   * Forgets a visitor, as a privacy law's right to erasure asks: the store's touches of the
   * visitor and their links to customers ({@link TouchpointStore#forgetVisitor}), and the results
   * remembered for orders that name the visitor ({@link AttributionResult#namesVisitor}), so that
   * the same order attributed again is evaluated anew, over what is left. A conversion attributed
   * while this runs may be remembered with the visitor's id.
   *
   * <p>The stock attributor reads every remembered order, up to {@link
   * Builder#rememberedOrders}, to find the visitor's, while conversions are attributed: 0.2 to
   * 0.65 s for a million orders on a 2-vCPU machine, idle or busy.
   *
   * @param visitorId the visitor's anonymous key
   * @throws IllegalArgumentException if the id is not a valid id (blank, too long, or with a
   *     control character)
   */
  void forgetVisitor(String visitorId);

  /**
   * Forgets a customer, as a privacy law's right to erasure asks: the touches of their devices
   * (the visitors seen signed in as them, as {@link TouchpointStore#touchpointsOfCustomer} finds
   * them when the call starts, and the visitors of the conversions of theirs it remembers, each
   * forgotten as {@link TouchpointStore#forgetVisitor} forgets it), their lifetime binding and its
   * history, and the results remembered for orders that name the customer or one of those devices
   * ({@link AttributionResult#namesCustomer}, {@link AttributionResult#namesVisitor}), so that the
   * same order attributed again is evaluated anew. The customer's next conversion binds them
   * again, as a new customer's would. A host that saves bindings ({@link #bindingHistory}) deletes
   * its own copy; a result evaluated before this call and {@linkplain #commit committed} after it
   * binds the customer again. Results remembered for conversions that name the customer only by
   * e-mail are not found by this id: forget them with {@link #forgetVisitor} or let newer orders
   * push them out.
   *
   * <p>The stock attributor reads every remembered order, up to {@link
   * Builder#rememberedOrders}, twice, to find the customer's devices and orders, while
   * conversions are attributed.
   *
   * @param customerId the customer
   * @return the visitors forgotten as the customer's devices, for a host that erases what it
   *     keeps by visitor
   * @throws IllegalArgumentException if the id is not a valid id (blank, too long, or with a
   *     control character)
   */
  @CanIgnoreReturnValue
  Set<String> forgetCustomer(String customerId);

  /** {@return the window that decides which touches count} */
  AttributionWindow window();

  /** {@return the model that divides the credit} */
  AttributionModel model();

  /** {@return the program's rules} */
  AttributionPolicy policy();

  /** A builder of {@link Attributor}s. */
  final class Builder {
    /** The default number of orders remembered for idempotence. */
    public static final int DEFAULT_REMEMBERED_ORDERS = 1 << 20;

    private final TouchpointStore store;
    private final AffiliateDirectory directory;
    private AttributionWindow window = AttributionWindow.standard();
    private AttributionModel model = AttributionModel.lastTouch();
    private AttributionPolicy policy = AttributionPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private int rememberedOrders = DEFAULT_REMEMBERED_ORDERS;
    private final List<CustomerBinding> bindings = new ArrayList<>();
    private final Set<String> boundCustomers = new HashSet<>();
    private final Map<String, BindingHistory> histories = new LinkedHashMap<>();

    private Builder(TouchpointStore store, AffiliateDirectory directory) {
      this.store = checkNotNull(store, "store");
      this.directory = checkNotNull(directory, "directory");
    }

    /**
     * Sets the window that decides which touches count.
     *
     * @param value the window; {@link AttributionWindow#standard()} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder window(AttributionWindow value) {
      this.window = checkNotNull(value, "window");
      return this;
    }

    /**
     * Sets the model that divides the credit.
     *
     * @param value the model; {@link AttributionModel#lastTouch()} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder model(AttributionModel value) {
      this.model = checkNotNull(value, "model");
      return this;
    }

    /**
     * Sets the program's rules.
     *
     * @param value the policy; {@link AttributionPolicy#defaults()} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder policy(AttributionPolicy value) {
      this.policy = checkNotNull(value, "policy");
      return this;
    }

    /**
     * Sets the clock against which conversions and touches in the future are rejected.
     *
     * @param value the clock; the system UTC clock by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder clock(Clock value) {
      this.clock = checkNotNull(value, "clock");
      return this;
    }

    /**
     * Sets how many of the most recent orders {@link Attributor#attribute(Conversion)} remembers
     * for idempotence. Each result remembered holds the touches its explanation lists, about 24
     * bytes each or more (see {@link Attributor}), so the heap it takes grows with the touches of
     * the orders' visitors as well as with their number.
     *
     * @param value at least 1; 1,048,576 by default
     * @return this builder
     * @throws IllegalArgumentException if the value is less than 1
     */
    @CanIgnoreReturnValue
    public Builder rememberedOrders(int value) {
      checkArgument(value >= 1, "rememberedOrders must be at least 1: %s", value);
      this.rememberedOrders = value;
      return this;
    }

    /**
     * Adds a lifetime binding made earlier, for example restored from the host's database. It
     * counts only under a policy with {@linkplain AttributionPolicy#lifetimeBinding() lifetime
     * binding}, as a conversion credited to its affiliate at its instant would: of several for one
     * customer, the earliest applies, unless it has expired by the instant of the next, or its
     * affiliate is not active when the attributor is built. It restores all that the attributor
     * that made it kept only if that one's {@link Attributor#bindingHistory} is this binding
     * alone, which broke none ({@link BindingHistory#firstBroke()} false); otherwise a conversion
     * that does not come after every one attributed before it may be credited and bind otherwise
     * than there, as {@link BindingHistory} shows, and {@link #bindingHistory} restores the rest.
     *
     * @param value the binding
     * @return this builder
     * @throws IllegalArgumentException if the builder has a binding history of the customer
     */
    @CanIgnoreReturnValue
    public Builder binding(CustomerBinding value) {
      checkNotNull(value, "binding");
      if (histories.containsKey(value.customerId())) {
        throw new IllegalArgumentException("binding of customer " + Texts.quote(value.customerId())
            + ": the builder has the customer's binding history, which holds all of it");
      }
      bindings.add(value);
      boundCustomers.add(value.customerId());
      return this;
    }

    /**
     * Restores what an attributor kept of a customer's lifetime binding ({@link
     * Attributor#bindingHistory}), so that this one credits and binds the customer's conversions
     * as that one would have gone on to, under the same policy and directory: those that arrive
     * after later ones too. It counts only under a policy with {@linkplain
     * AttributionPolicy#lifetimeBinding() lifetime binding}; under one without an expiry, only
     * the first candidate counts.
     *
     * @param value the history
     * @return this builder
     * @throws IllegalArgumentException if the builder has a binding or a history of the customer
     */
    @CanIgnoreReturnValue
    public Builder bindingHistory(BindingHistory value) {
      checkNotNull(value, "bindingHistory");
      String customerId = value.customerId();
      if (histories.containsKey(customerId) || boundCustomers.contains(customerId)) {
        throw new IllegalArgumentException("binding history of customer " + Texts.quote(customerId)
            + ": the builder has " + (histories.containsKey(customerId) ? "a history" : "a binding")
            + " of the customer already");
      }
      histories.put(customerId, value);
      return this;
    }

    /**
     * Returns the attributor.
     *
     * @return the attributor
     */
    public Attributor build() {
      return new DefaultAttributor(store, directory, window, model, policy, clock,
          rememberedOrders, bindings, histories.values());
    }
  }
}
