package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.InstantInFutureException;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CappedSale;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.OverrideQuote;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodPerformance;
import dev.affiliatekit.commission.RulePortion;
import dev.affiliatekit.commission.TierReached;
import dev.affiliatekit.internal.Chain;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Instants;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.AlreadyResolvedException;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.Entry;
import dev.affiliatekit.ledger.ExcessAmountException;
import dev.affiliatekit.ledger.IdempotencyConflictException;
import dev.affiliatekit.ledger.ItemStatus;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutFailure;
import dev.affiliatekit.ledger.PayoutPreparation;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.PayoutSettlement;
import dev.affiliatekit.ledger.PendingItem;
import dev.affiliatekit.ledger.Posting;
import dev.affiliatekit.ledger.Reinstatement;
import dev.affiliatekit.ledger.Release;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.StatementLine;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.ledger.Voiding;
import dev.affiliatekit.link.InvalidLinkCodeException;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkCodeGenerator;
import dev.affiliatekit.link.LinkCodeTakenException;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import dev.affiliatekit.link.TrackingLinkParser;
import dev.affiliatekit.link.TrackingParameters;
import dev.affiliatekit.link.VanityPolicy;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.lang.reflect.UndeclaredThrowableException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An affiliate program: the one object that takes a sale from the click that brought it to the
 * payout that rewards it.
 *
 * <pre>{@code
 * AffiliateProgram program = AffiliateProgram.builder()
 *     .plan(CommissionPlan.builder()
 *         .rule(CommissionRule.percentage("base", Rate.ofPercent(10))).build())
 *     .payoutRules(PayoutRules.minimums(Money.parse("USD 50.00")))
 *     .clock(clock)
 *     .build();
 * Enrollment mia = program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
 * program.recordClick("visitor-1", "glowwithmia");
 * ConversionOutcome sale = program.recordConversion(order);   // credit, quote, accrual
 * program.refund(Refund.partial(order.orderId(), "rma-1", Money.parse("USD 20.00"), "returned"));
 * program.chargebackWon(other.orderId(), "cb-1", "dispute won"); // after Refund.chargeback
 * program.release();                                            // after the 30-day hold
 * PayoutBatch batch = program.preparePayout("payout-2026-04");
 * program.settlePayout(batch.key());
 * program.statement("mia", USD);                                 // earned, pending, payable, paid
 * }</pre>
 *
 * <p><b>The flow.</b> {@link #enroll} gives an affiliate codes from the {@link LinkRegistry} and
 * adds it to the directory that attribution reads. {@link #recordClick}, {@link #recordVisit} and
 * {@link #recordCouponUse} record touches, and {@link #recordClickOnce}, {@link #recordVisitOnce}
 * and {@link #recordCouponUseOnce} record each once under a touch id, for a request that may be
 * retried. {@link #recordConversion} asks the {@link Attributor} who gets credit, quotes each
 * credit with the {@link CommissionPlan} (with the affiliate's performance in the periods the plan
 * counts, which the program keeps), and accrues each commission and override in the {@link Ledger},
 * held for the hold period. {@link #refund} takes back from every commission of the order the
 * fraction of the order the customer got back. {@link #release()} makes ended holds payable, and
 * {@link #preparePayout}, {@link #settlePayout} and {@link #failPayout} run payouts.
 *
 * <p><b>Idempotency.</b> Every operation that changes state has a key: given by the caller or
 * derived: {@code enroll:<affiliateId>}, {@code touch:<touchId>} (given first, before the
 * visitor, to the keyed forms {@link #recordClickOnce(String, String, String) recordClickOnce},
 * {@link #recordVisitOnce(String, String, CharSequence) recordVisitOnce} and {@link
 * #recordCouponUseOnce(String, String, String) recordCouponUseOnce}; {@link #recordClick(String,
 * String) recordClick}, {@link #recordVisit(String, CharSequence) recordVisit} and {@link
 * #recordCouponUse(String, String) recordCouponUse} take no touch id and record a touch on every
 * call, so they are not safe to retry), {@code order:<orderId>}, {@code
 * refund:<orderId>:<refundId>}, {@code chargeback:<orderId>:<refundId>}, {@code
 * chargeback-won:<orderId>:<refundId>}, {@code release:<instant>} (and {@code
 * release:<instant>/<n>} for further releases at the same instant), the batch key, {@code
 * settle:<batchKey>} and {@code fail:<batchKey>}; {@link #changeStatus} and {@link
 * #updateProfile} are idempotent by nature. The same key with the same request returns the
 * original outcome and changes nothing, so a host may retry after a timeout; the same key with a
 * different request throws {@link IdempotencyConflictException}, an {@link IllegalStateException}
 * that gives the key (for a payout run, one with other rules; for a failed payout, one with another
 * reason), whose message says what was done and how the requests differ, such as {@code order 'o1' was already recorded with another request:
 * recorded total 'USD 84.00'; requested total 'USD 90.00'}. A retry of an operation that the ledger
 * failed in the middle of finishes it as first planned: it makes the planned postings that the
 * ledger does not hold yet, returns the whole outcome and tells each event of the operation
 * once; {@link #release()} finishes an interrupted {@code release()} before it looks for ended
 * holds, and {@link #release(String)} one interrupted under its key. The program, not the
 * journal, knows which operations told their events, so a posting that the store kept although
 * it failed is told by the retry. The ledger keys add to the key of the
 * operation: a commission is the item {@code order:<orderId>/<affiliateId>}, an override on it
 * {@code order:<orderId>/<affiliateId>/override/<parentId>}, a true-up {@code
 * order:<orderId>/<affiliateId>/tier/<ruleId>}, and a reversal or reinstatement of it {@code
 * <operation key>/<item key>}, such as {@code refund:o1:rma-1/order:o1/mia}.
 *
 * <p>In every derived key each id is escaped, so that distinct ids always give distinct keys:
 * {@code %} becomes {@code %25}, {@code /} becomes {@code %2F} and {@code :} becomes {@code %3A}.
 * Order {@code shop:1} refunded by {@code r} has the key {@code refund:shop%3A1:r}, and order
 * {@code shop} refunded by {@code 1:r} the key {@code refund:shop:1%3Ar}; an id without these
 * characters appears as it is. A batch key, the whole rest of {@code settle:<batchKey>} and {@code
 * fail:<batchKey>}, appears as it is: the settlement of batch {@code payouts/2026:04} has the key
 * {@code settle:payouts/2026:04}. Keys longer than 256 characters are shortened with a hash.
 *
 * <p><b>Bad input.</b> A rejected call throws a typed exception whose message names the field and
 * the value, and changes nothing: a conversion is attributed and quoted, and each of its accruals
 * checked against the ledger, before anything is posted, and its customer is bound only once all
 * are posted; a refund's reversals are all computed and checked before the first is posted. (A
 * ledger whose store fails between two postings, or postings the host makes to the ledger at the
 * same time, can still interrupt a call halfway.) A conversion, refund, chargeback, won
 * chargeback, release or payout step so interrupted, with any of its postings in the ledger,
 * stays unfinished until a retry with its key and request finishes it: until then any other call
 * on its order or payout batch throws {@link UnfinishedOperationException}, naming the order or
 * batch and the key, and changes nothing, and so does a conversion that credits an affiliate of
 * an unfinished conversion, or is of its customer, as it would be quoted without that sale. An
 * interrupted operation none of whose postings reached the ledger is forgotten, as if it had not
 * been called. If the host's own postings made a planned posting impossible, the retry fails as
 * the first call did.
 *
 * <p><b>Tiers for the whole period.</b> The program keeps each affiliate's performance in every
 * period the plan counts and in every currency, as a {@link PeriodPerformance} is in one: the
 * sales that a tier or milestone counts are those in the conversion's currency, so an affiliate
 * with two sales in {@code USD} and a third in {@code EUR} in one month makes its first sale of
 * the month in {@code EUR}. It adds each sale when it is recorded (a conversion recorded late
 * counts after the ones recorded before it, even if it happened earlier), and, per affiliate,
 * period, currency and {@link
 * dev.affiliatekit.commission.TierMode#WHOLE_PERIOD whole-period} tiered rule, the figures of
 * the true-up: the credited bases, each rounded with the plan's rounding mode as {@link
 * RulePortion#base()} gives it, and the commissions (without milestone bonuses) of the sales, or
 * parts of sales, that the rule priced (see {@link TierReached#counted}), with the true-ups paid
 * to them.
 * When a conversion lifts an affiliate into a higher tier of such a rule, one whose rate is above
 * the rate the earlier sales were paid at (a tier of the same rate owes nothing: see {@link
 * TierReached}), the quote pays the new rate on the sale itself and the program accrues, with
 * the conversion's other postings and all or none of them, a {@link TierTrueUp}: the new rate of
 * the earlier sales' bases, each sale up to its limit under the caps per conversion ({@link
 * dev.affiliatekit.commission.CappedSale}: the rule's cap, and the sale's part of the room the
 * plan's cap left, which its portions of tiers for the whole period share by their bases),
 * summed exactly and rounded once, less what they earned, within what the plan's caps per period
 * leave. The figures keep one record for each sale that a cap per conversion could hold below
 * the rule's highest rate, and sums for the others. For example, with 10%
 * from the first sale of the month and 20% from the third, three sales of {@code USD 100.00}
 * accrue {@code USD 10.00}, {@code USD 10.00}, and {@code USD 20.00} plus a true-up of {@code USD
 * 20.00}: the month earns {@code USD 60.00}, 20% of all three. The count includes the sales of
 * other rules: when such a sale lifts it past a tier, the program keeps the tier at which each
 * rule's earlier sales are paid and gives it to the quote ({@link
 * CommissionContext#paidTier(String)}), so that sale pays the tiered rule's true-up. A true-up
 * pays no overrides. A subscription charge outside the recurring term of a tiered rule, which
 * its tiers do not pay, is left out of the figures.
 *
 * <p><b>Refunds.</b> Each commission of the order loses the fraction that the customer got back of
 * the order: a commission of {@code c} on an order of total {@code t} has lost {@code c × r / t},
 * rounded half-even to the minor unit, once refunds add up to {@code r}. Each ledger item is a
 * commission of its own and is rounded on its own: an affiliate's commission, each override and
 * each true-up. So an affiliate with two items on one order, such as a parent paid overrides on two
 * earners' commissions, may lose a minor unit more or less than its total's fraction rounded once;
 * on a full refund every item loses all it accrued. A true-up accrued with an order is a commission
 * of that order like any other, so a refund of the order that reached the tier takes back the same
 * fraction of it, though it paid for earlier sales; refunds of the earlier sales take nothing from
 * it, and an earlier sale refunded before the tier is reached is still counted in it, at its whole
 * base. Each refund reverses the growth of that figure, so a series of partial refunds reverses the
 * same as one refund of their sum, and a full refund reverses exactly what was accrued. Refunds
 * beyond the order total are rejected. The performance that tiers, milestones and caps per period
 * count is not lowered by refunds: a refunded sale still counts toward its tier, and its commission
 * as accrued still takes its part of the period's cap, which the explanations of later quotes call
 * earned so far, so that what they were quoted stays right. The program does not see what the host
 * posts through {@link #ledger()}, so a sale whose commission the host voids for fraud counts the
 * same: toward the tier, at its whole base in a true-up's earlier sales, and with its commission as
 * accrued among what they earned. A void takes back one item: the overrides that parents earned on
 * the commission are items of their own ({@code order:<orderId>/<affiliateId>/override/<parentId>},
 * listed by {@link Ledger#itemsOfOrder}), which the host voids too if the parents should lose them.
 * A host that would also take back what the sale's tier gave the affiliate's other sales adjusts
 * the affiliate's balance by hand ({@link Ledger#adjust}). A chargeback counts as a refund until
 * the business wins it: {@link #chargebackWon} then takes its amount off what the order counts as
 * refunded, reinstates its reversals, and corrects the rounding of refunds made in between, so that
 * each commission has lost what the formula gives for what is refunded now, whatever the order of
 * the calls.
 *
 * <p>A refund or chargeback takes back money only. Under lifetime binding, the customer stays bound
 * to the affiliate an order bound it to, however much of the order is refunded, even all of it for
 * fraud, and the order still counts as the customer's first purchase for conditions on the months
 * since it. The binding ends at its expiry, when the customer is forgotten ({@link
 * #forgetCustomer}), or passes to another affiliate when a conversion of the customer that it does
 * not apply to, as when the bound affiliate is not active or the self-referral guard excludes it,
 * is credited by another affiliate's touches or coupon (see {@link Attributor}).
 *
 * <p><b>Listeners.</b> Events are delivered after the operation has taken effect, outside the lock,
 * in the calling thread. If a listener throws, an exception or an error, the remaining listeners
 * still receive every event, and then the first one thrown is rethrown to the caller with the
 * others suppressed (a checked exception, which a listener can throw only undeclared, in an {@link
 * java.lang.reflect.UndeclaredThrowableException}); the operation stands, and retrying it with the
 * same key returns its outcome without telling the listeners again. An operation that a listener
 * calls (a refund when it hears an accrual, say) returns its outcome at once and queues its events
 * behind those being delivered; what listeners throw while hearing them reaches the caller of the
 * first operation.
 *
 * <p>The events of one operation arrive in the order they happened, and those of one thread's
 * operations in the order of the calls, listeners' calls included; but operations of different
 * threads deliver their events at the same time, so a listener may hear them interleaved or out of
 * order: the {@link ProgramEvent.CommissionReversed} of a refund before the {@link
 * ProgramEvent.CommissionAccrued} of the conversion that another thread recorded just before it. An
 * interrupted operation's events are told when it is retried, and meanwhile other operations may
 * release and pay the commissions it already posted: so even on one thread, a listener can hear the
 * {@link ProgramEvent.CommissionReleased} and payout of such a commission before its {@link
 * ProgramEvent.CommissionAccrued}. Events carry no sequence of their own. The journal's order is
 * that of their ledger transactions, which {@link #transactionsOf(ProgramEvent)} returns with their
 * {@link Transaction#sequence()}: the accrual of a commission (one of zero has none), the release,
 * the payout run, the reversal or reinstatement under {@code <key>/<itemKey>} (and what a won
 * chargeback posts under {@code <key>/<itemKey>/rounding} and {@code /ahead}), with keys longer
 * than 256 characters shortened with a hash; a settlement or failure of a payout also carries its
 * transaction. A host that needs that order, such as one that feeds a bookkeeping system, queues
 * events by it; one that needs only an item's accrual before the rest holds an event about an item
 * until it has heard the item's accrual.
 *
 * <p><b>What a program keeps in memory.</b> The ledger, the touchpoint store and the link
 * registry may live outside the program: {@link Builder#ledger} over {@link Ledger#open} or a
 * restored journal, {@link Builder#touchpointStore} and {@link Builder#linkRegistry}. The rest
 * lives in the program object and ends with it: the enrollments, the orders with their items and
 * refunds, the outcomes that retries return, the touch ids of keyed touches, the performance and
 * tier figures of each period, each customer's first purchase, and the lifetime bindings. Each
 * outcome kept holds its attribution's explanation, which lists every touch the attributor read
 * for the order: about 24 bytes a touch of the order's visitor, more once they are read or when
 * the customer's other devices count (see {@link Attributor}). So a visitor with thousands of
 * clicks, such as a bot on one cookie, makes each of its orders keep that much: about 25 KB an
 * order for 1,000 touches, 390 KB for 16,000, where an order of one click keeps about 1.1 KB.
 * Nothing drops what is kept of an order but an erasure, so the program grows with every order
 * it records, and a service that runs for months sizes its heap for all of them. Restoring them
 * is not supported yet, so a program built anew, after a restart or to change the plan, starts
 * without them:
 * <ul>
 *   <li>it refuses, with an {@link IllegalStateException}, to record again, refund or win a
 *       chargeback of an order whose commissions its ledger held when it was built: attributed and
 *       quoted anew, with the touches, profiles, statuses and plan of now, such an order could be
 *       paid otherwise than it was, and without the first program's record of it a refund would
 *       take back too much or too little. Its commissions are reversed through the ledger ({@link
 *       Ledger#reverse}, with the keys of its {@linkplain Ledger#itemsOfOrder items}). An order
 *       that earned nothing left nothing in the ledger, so a program built anew takes it for a new
 *       one and quotes it as it stands then. An operation that a failing store interrupted is
 *       finished only by a retry in the program that began it: a program built anew refuses its
 *       order, and the ledger keeps what was posted. A copy of the journal read while the program
 *       records, such as a backup with {@code JournalJson.write(ledger.journal(), out)}, may
 *       likewise end inside an operation (an order's commission posted and its override not): a
 *       program built over a ledger restored from it refuses that order too, so take such a copy
 *       between operations, with the program's calls stopped;
 *   <li>the sales recorded before count toward no tier, milestone or cap per period, and {@code
 *       customer.monthsSinceFirstPurchase} counts from the first purchase it records;
 *   <li>customers bound before are bound no more;
 *   <li>a keyed touch that the old program recorded, retried under its touch id, is recorded
 *       again, and may move the credit: a host that keeps the store lets retries of touches end,
 *       or checks their ids itself, before it swaps programs;
 *   <li>affiliates must be enrolled again: given the codes they had, generated or not, they keep
 *       those (retired ones become active again, as {@link LinkRegistry#claim} makes them); else
 *       they get new ones. Give them in the order of their {@link Enrollment#codes()}, whose first
 *       is their links' code, and without campaign codes: {@link LinkRegistry#codesOf} lists an
 *       owner's codes sorted, campaigns' included, and a campaign's code is refused to the
 *       affiliate. A code chosen at the first enrollment that reads as a generated one counts as
 *       generated once given back (see {@link #enroll(AffiliateProfile, String...)}), so that
 *       vanity codes one typo from it are refused from then on. Enroll parents before their
 *       children: a parent that is not enrolled ends the chain of overrides of its children's
 *       sales, so that neither it nor any parent above it earns one;
 *   <li>the default touchpoint store of the old program, if handed on with {@link
 *       Builder#touchpointStore}, keeps evicting by the old window, which it was made for: a
 *       program with a longer window needs a store made for that window.
 * </ul>
 * A program knows those orders by their {@linkplain Ledger#itemsOfOrder items}, and logs a
 * warning when it is built over a ledger that holds any transaction.
 *
 * <p>So run one program over a ledger at a time: stop the old one before building its successor.
 * Two live programs over one ledger do not see each other's orders. A program refuses, with an
 * {@link IllegalStateException}, to record, refund or win a chargeback of an order whose
 * commissions the ledger holds but it did not post ({@link Ledger#itemsOfOrder}), as it does for
 * orders from before it was built; but an order that earned nothing in the other is new to it,
 * each program counts only its own sales in its tiers, milestones and caps, and the check comes
 * before a program posts, so two programs that record one order at the same moment may both
 * take it.
 *
 * <p><b>Concurrency.</b> A program is thread-safe. One lock serialises the operations that touch
 * money or membership (enrolling, changing status, conversions, refunds, won chargebacks,
 * releases and payouts), so that each is checked and applied as one step. Recording touches does
 * not wait for them: the touchpoint store and the directory are concurrent, and keyed touches take
 * locks of their own, one for each of 16 stripes of touch ids, so that a keyed touch waits only
 * for one under an id of its stripe; a touch recorded while a conversion is attributed counts for
 * it as {@link Attributor} says. Queries read the ledger, which has its own lock.
 */
public final class AffiliateProgram {

  private static final Logger log = LoggerFactory.getLogger(AffiliateProgram.class);
  private static final int MAX_TEXT = 1000;
  /** How many times an operation plans a posting again that the host changed meanwhile. */
  private static final int MAX_REPLANS = 8;
  private static final int CODE_ATTEMPTS = 16;

  private final LinkRegistry registry;
  private final LinkCodeGenerator generator;
  private final VanityPolicy vanityPolicy;
  private final TrackingLinkParser parser;
  private final ProgramDirectory directory;
  private final TouchpointStore store;
  private final Attributor attributor;
  /** Whether attribution binds customers for life, which only {@code attribute} does. */
  private final boolean bindsCustomers;
  /** Whether affiliates earn on their own purchases, as credit and as overrides. */
  private final boolean selfReferrals;
  private final CommissionPlan plan;
  private final Ledger ledger;
  private final Duration holdPeriod;
  private final @Nullable PayoutRules payoutRules;
  private final Clock clock;
  private final CopyOnWriteArrayList<ProgramListener> listeners;
  /**
   * The events this thread is delivering for this program, while it is: operations its listeners
   * call queue theirs. One per program, so that a listener calling another program does not send
   * that program's events to this one's listeners; the value is removed when delivery ends.
   */
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<@Nullable ArrayDeque<ProgramEvent>> delivering = new ThreadLocal<>();

  private final Object lock = new Object();
  /**
   * Requests and outcomes by idempotency key; changed under {@link #lock}, and read without it only
   * by an erasure, which looks for what to forget.
   */
  private final ConcurrentHashMap<String, Recorded> recorded = new ConcurrentHashMap<>();
  /** Operations the ledger interrupted, by what they hold; guarded by {@link #lock}. */
  private final Map<Scope, Operation> unfinished = new HashMap<>();
  /** Orders recorded, with their commission items; guarded by {@link #lock}. */
  private final Map<String, Order> orders = new HashMap<>();
  /** Performance per affiliate, period, currency and period start; guarded by {@link #lock}. */
  private final Map<PerformanceKey, PeriodPerformance> performance = new HashMap<>();
  /**
   * The true-up figures of whole-period tiered rules, per affiliate, period, currency, period
   * start and rule; guarded by {@link #lock}.
   */
  private final Map<TierKey, TierFigures> tierFigures = new HashMap<>();
  /** The plan's rules tiered for the whole period, with the period of their tiers. */
  private final Map<String, Period> wholePeriodTiers = new HashMap<>();
  /**
   * The ids of the rules of {@link #wholePeriodTiers} that each affiliate has figures of, so that
   * a conversion reads its affiliate's own rules and not every such rule of the plan; guarded by
   * {@link #lock}.
   */
  private final Map<String, Set<String>> tieredRulesOf = new HashMap<>();
  /** Touches recorded under a key, while they can count; they do not wait for conversions. */
  private final TouchKeys touchKeys;
  /** Each customer's first purchase; guarded by {@link #lock}. */
  private final Map<String, Instant> firstPurchases = new HashMap<>();
  /** The accruals' reference of each of the plan's rules that paid alone, by rule id. */
  private final ConcurrentHashMap<String, String> ruleReferences = new ConcurrentHashMap<>();
  /**
   * The instant of the last {@link #release()} and the number of its key, {@code release:<instant>}
   * being the first, so that further releases at that instant look for a free key from there.
   */
  private @Nullable Instant lastReleaseInstant;
  private int lastReleaseNumber;
  /**
   * The sequence of the ledger's last transaction when the program was built, 0 if none: the
   * commissions posted up to it were posted by another program, or by hand.
   */
  private final long sequenceAtBuild;

  private AffiliateProgram(Builder builder, CommissionPlan plan) {
    LinkRegistry givenRegistry = builder.registry;
    this.registry = givenRegistry == null ? LinkRegistry.inMemory() : givenRegistry;
    this.clock = builder.clock;
    RandomGenerator random = builder.random;
    this.generator = random == null ? LinkCodeGenerator.random()
        : LinkCodeGenerator.random(random, LinkCodeGenerator.DEFAULT_LENGTH);
    this.vanityPolicy = builder.vanityPolicy;
    this.parser = builder.parser;
    this.directory = new ProgramDirectory(registry);
    TouchpointStore chosen = builder.store;
    Optional<Duration> retention = touchRetention(builder.window, builder.policy);
    this.touchKeys = new TouchKeys(clock, retention.orElse(null));
    this.store = chosen != null ? chosen
        : retention.map(kept -> TouchpointStore.inMemory(clock, kept))
            .orElseGet(TouchpointStore::inMemory);
    this.attributor = Attributor.builder(store, directory)
        .window(builder.window)
        .model(builder.model)
        .policy(builder.policy)
        .clock(clock)
        .build();
    this.bindsCustomers = builder.policy.lifetimeBinding();
    this.selfReferrals = builder.policy.allowSelfReferral();
    this.plan = plan;
    for (CommissionRule rule : plan.rules()) {
      rule.payout().wholePeriod().ifPresent(period -> wholePeriodTiers.put(rule.id(), period));
    }
    Ledger given = builder.ledger;
    this.ledger = given == null ? Ledger.inMemory(clock) : given;
    this.sequenceAtBuild = ledger.lastTransaction().map(Transaction::sequence).orElse(0L);
    if (sequenceAtBuild > 0) {
      log.warn("program built over a ledger of {} transaction(s): it can neither record, refund"
          + " nor win a chargeback of the orders whose commissions they hold{}", sequenceAtBuild,
          plan.periods().isEmpty() ? ""
              : ", and the performance its plan counts per period starts from zero");
    }
    this.holdPeriod = builder.holdPeriod;
    this.payoutRules = builder.payoutRules;
    this.listeners = new CopyOnWriteArrayList<>(builder.listeners);
  }

  /**
   * Throws if the ledger holds commissions of an order that this program has no record of. If
   * they were there when this program was built, another program recorded the order before (or
   * the host accrued them by hand), and this one has no record of the order to refund, nor of what
   * the other one planned for it, which recording it anew could change. If not, another program
   * over the ledger recorded it since, and the record of the order, which a refund needs, is
   * there.
   */
  private void checkNotRecordedElsewhere(String orderId) {
    List<PendingItem> items = ledger.itemsOfOrder(orderId);
    if (items.isEmpty()) {
      return;
    }
    String first = items.get(0).key();
    boolean before = ledger.transaction(first)
        .map(accrual -> accrual.sequence() <= sequenceAtBuild).orElse(false);
    if (before) {
      throw new IllegalStateException("order was recorded before this program was built: "
          + quote(orderId) + " has commissions in the ledger, and the program that recorded it"
          + " kept the order in memory; reverse its commissions through the ledger");
    }
    throw new IllegalStateException("order was recorded by another program over this ledger: "
        + quote(orderId) + " has commissions in the ledger, such as " + quote(first)
        + ", that this program did not post; run one program over a ledger at a time (or the"
        + " ledger's store gave back a posting otherwise than it was appended: see LedgerStore)");
  }

  /**
   * Throws if the ledger holds commissions of an order this program recorded that it did not
   * post: another program recorded the order too (one that earned nothing here), or the host
   * accrued under its id by hand, and a refund here would leave them standing.
   */
  private void checkNoCommissionsOfOthers(String orderId, Order order) {
    List<PendingItem> items = ledger.itemsOfOrder(orderId);
    if (items.size() == order.items.size()) {
      // The ledger files an order's items as accrued, and this program posted its own.
      return;
    }
    Set<String> own = new HashSet<>();
    for (Item item : order.items) {
      own.add(item.key);
    }
    for (PendingItem item : items) {
      if (!own.contains(item.key())) {
        throw new IllegalStateException("order has commissions in the ledger that this program"
            + " did not post: " + quote(orderId) + " has " + quote(item.key()) + ", posted by"
            + " another program over this ledger or by hand; run one program over a ledger at a"
            + " time, and reverse them through the ledger");
      }
    }
  }

  /**
   * Returns a builder of a program with in-memory parts: a new link registry, touchpoint store
   * (which evicts touches too old to count; see {@link Builder#touchpointStore}) and ledger, the
   * standard attribution window, last-touch model and default policy, a 30-day hold,
   * no payout rules, random codes from a {@code SecureRandom}, and the system UTC clock. Only the
   * commission plan must be set.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns how long a touch can still count for a conversion that the program accepts now: the
   * window's longest lookback, or its limit on the time since the first referral if that is
   * longer, plus the policy's clock skew, so that a conversion stamped up to that skew behind the
   * clock still sees every touch of its window. Empty where that lies beyond two maximum
   * lookbacks: no touch the store takes is then ever too old.
   */
  static Optional<Duration> touchRetention(AttributionWindow window, AttributionPolicy policy) {
    Duration longest = window.horizon();
    Optional<Duration> limit = window.maxSinceFirstReferral();
    if (limit.isPresent() && limit.get().compareTo(longest) > 0) {
      longest = limit.get();
    }
    // Both parts are at most a maximum lookback, so only the skew can take the sum beyond.
    Duration skew = policy.maxClockSkew();
    if (skew.compareTo(AttributionWindow.MAX_LOOKBACK) > 0) {
      return Optional.empty();
    }
    Duration retention = longest.plus(skew);
    // A window in which nothing counts, without skew, keeps nothing: the least positive retention.
    return Optional.of(retention.isZero() ? Duration.ofNanos(1) : retention);
  }


  /**
   * Enrolls an active affiliate with vanity codes, or with one generated code if none is given.
   *
   * <p>For example, {@code enroll(AffiliateProfile.of("mia"), "glow-with-mia")} gives mia the code
   * {@code GLOWWITHMIA}; {@code enroll(AffiliateProfile.of("leo"))} gives leo a random code such
   * as {@code K7QX2M9D4PV}. The key is {@code enroll:<affiliateId>}: enrolling again with the
   * same profile and codes returns the first enrollment, with the code generated then.
   *
   * <p>An affiliate is enrolled once. A retry returns the first enrollment as it was then, even
   * after {@link #changeStatus} or {@link #updateProfile} changed it, and must repeat the first
   * request: the profile then given, not the one updated since, and the same codes. {@link
   * #enrollment(String)} gives the enrollment as it stands. An affiliate who left comes back by
   * {@code changeStatus(affiliateId, AffiliateStatus.ACTIVE)}, not by enrolling again.
   *
   * <p>A vanity code that is a typo of a generated code another owner holds or held, such as {@code
   * DZ3ZGDKWMRR} of {@code DZ33GDKWMRR}, is refused: a customer who mistypes that code types this
   * one, which the program, finding the check symbol wrong, reads as a vanity code, so it would
   * take the other's mistyped clicks and coupon uses. A code claimed in the registry directly is
   * not so checked. A code that a member of this program chose when it enrolled is a vanity code to
   * its holder even when it happens to read as a generated code, as {@code JANE20267} does: it has
   * no protection against typos, and codes one typo from it are enrolled, as {@code JANE21} may be
   * beside {@code JANE20}. A code the registry gives the affiliate already, which the program takes
   * back as it is, counts as generated if it reads as one, as the program cannot tell how it was
   * made. A code chosen before a generated code one typo from it was made is not refused either,
   * but the program's codes are random, and such a clash is vanishingly rare.
   *
   * <p>A vanity code that is a generated code another owner holds or held without its check
   * symbol, such as {@code TTGKRHJ1VS} of {@code TTGKRHJ1VS$} ({@link
   * LinkCode#generatedCodeCutToThis()}), is refused too: link detectors drop a trailing {@code $},
   * {@code *} or {@code ~} from a posted link as punctuation, and the program reads what is left
   * as a vanity code, so it would take the other's clicks from such links. A code a member of this
   * program chose is exempt here too, as it is from the typo check: it is a vanity code to its
   * holder, and ends in a letter or digit, which detectors keep. The same rare clash with a
   * generated code made later is not refused.
   *
   * <p>The profile's parent need not be enrolled yet, but overrides follow only enrolled parents:
   * until it is, the affiliate's sales pay no override to it nor to any parent above it. So
   * enroll parents first, as when enrolling everyone again in a program built anew.
   *
   * @param profile the affiliate's profile
   * @param vanityCodes codes the affiliate chose, checked by the program's {@link VanityPolicy};
   *     a code the registry gives the affiliate already ({@link LinkRegistry#owner}), such as
   *     one of an enrollment in an earlier program over the registry, active or retired,
   *     generated or not, is taken as it is (and active again), unless it is a vanity code that
   *     reads as a generated one (such as {@code ELIGLOW}, read as {@code E11G10W}), which the
   *     program's clicks, visits and coupons could never resolve to it, and which the policy
   *     refuses
   * @return the enrollment
   * @throws IllegalArgumentException if a vanity code is not valid or the policy refuses it, or
   *     is a typo of a generated code that another owner holds or held ({@link
   *     LinkCode#generatedCodesOneTypoAway()}) or such a code without its check symbol ({@link
   *     LinkCode#generatedCodeCutToThis()}), or the profile's parents, as enrolled, lead back to
   *     the affiliate
   * @throws LinkCodeTakenException if another owner holds a code or held it before it was
   *     retired: another affiliate, or a campaign of this one; no code is claimed, as {@link
   *     LinkRegistry#claimAll} promises
   * @throws IdempotencyConflictException if the affiliate is enrolled already with other details
   *     than the first enrollment's
   * @throws IllegalStateException if no vanity code is given and 16 codes from the program's
   *     random generator in a row are taken, as only a generator that repeats itself makes them
   */
  @CanIgnoreReturnValue
  public Enrollment enroll(AffiliateProfile profile, String... vanityCodes) {
    checkNotNull(profile, "profile");
    return enroll(AffiliateIdentity.active(profile.affiliateId()), profile, vanityCodes);
  }

  /**
   * Enrolls an affiliate with an identity: its status, and the customer id and e-mail address that
   * keep it from earning on its own purchases.
   *
   * @param identity the affiliate's status and customer identity
   * @param profile the affiliate's profile, of the same affiliate
   * @param vanityCodes codes the affiliate chose, checked by the program's {@link VanityPolicy},
   *     or held already in the registry; one generated code if none is given
   * @return the enrollment
   * @throws IllegalArgumentException if the identity and profile are of different affiliates, a
   *     vanity code is not valid, the policy refuses it or it is a typo of a generated code that
   *     another owner holds or held or such a code without its check symbol, or the profile's
   *     parents, as enrolled, lead back to the affiliate
   * @throws LinkCodeTakenException if another owner holds a code or held it before it was
   *     retired: another affiliate, or a campaign of this one; no code is claimed, as {@link
   *     LinkRegistry#claimAll} promises
   * @throws IdempotencyConflictException if the affiliate is enrolled already with other details
   * @throws IllegalStateException if no vanity code is given and 16 codes from the program's
   *     random generator in a row are taken, as only a generator that repeats itself makes them
   */
  @CanIgnoreReturnValue
  public Enrollment enroll(AffiliateIdentity identity, AffiliateProfile profile,
      String... vanityCodes) {
    checkNotNull(identity, "identity");
    checkNotNull(profile, "profile");
    checkNotNull(vanityCodes, "vanityCodes");
    String affiliateId = profile.affiliateId();
    if (!identity.affiliateId().equals(affiliateId)) {
      throw new IllegalArgumentException("enrollment identity must be of affiliate "
          + quote(affiliateId) + ": " + quote(identity.affiliateId()));
    }
    // In the order given, each code once.
    Set<LinkCode> chosen = new LinkedHashSet<>();
    List<LinkCode> vanity = new ArrayList<>();
    for (int i = 0; i < vanityCodes.length; i++) {
      String text = checkNotNull(vanityCodes[i], "vanityCodes contains null at index %s", i);
      Optional<LinkCode> held = heldCode(text, affiliateId);
      LinkCode code = held.orElseGet(() -> vanityPolicy.check(text));
      if (chosen.add(code) && held.isEmpty()) {
        vanity.add(code);
      }
    }
    String key = Keys.of("enroll", affiliateId);
    List<LinkCode> chosenCodes = List.copyOf(chosen);
    EnrollRequest request = new EnrollRequest(identity, profile, chosenCodes);
    return once(key, request, Enrollment.class, request::conflict, events -> {
      if (directory.member(affiliateId).isPresent()) {
        throw new IllegalStateException(
            "affiliate is enrolled already with other details: " + quote(affiliateId));
      }
      checkNoLoopOfParents(profile);
      LinkOwner owner = LinkOwner.of(affiliateId);
      checkNoLookAlikeOfAnotherOwnersCode(vanity, owner);
      // The program cannot take a claim back, so the registry checks every code before it gives
      // any, and its exception says whether a refused code is retired.
      registry.claimAll(chosenCodes, owner);
      directory.chose(vanity);
      List<LinkCode> codes = chosenCodes.isEmpty()
          ? List.of(registry.claimNew(generator, CODE_ATTEMPTS, owner))
          : chosenCodes;
      Enrollment enrollment = new Enrollment(profile, identity, codes);
      directory.put(enrollment);
      events.add(new ProgramEvent.AffiliateEnrolled(key, enrollment));
      return enrollment;
    });
  }

  /**
   * Checks that no vanity code is a typo of a generated code another owner holds, active or
   * retired, whose mistyped clicks and coupon uses it would take, nor such a code without its
   * check symbol, whose clicks from links that lost it it would take; not of a code a member of
   * this program chose, which is a vanity code to its holder, though it reads as a generated code.
   *
   * @throws IllegalArgumentException if one is
   */
  private void checkNoLookAlikeOfAnotherOwnersCode(List<LinkCode> vanity, LinkOwner owner) {
    for (LinkCode code : vanity) {
      for (LinkCode typoOf : code.generatedCodesOneTypoAway()) {
        if (isAnotherOwnersGeneratedCode(typoOf, owner)) {
          throw new IllegalArgumentException("vanity code " + quote(code.toString())
              + " is a typo of the generated code " + quote(typoOf.toString())
              + " of another owner, whose mistyped clicks and"
              + " coupon uses it would take");
        }
      }
      Optional<LinkCode> cutFrom = code.generatedCodeCutToThis();
      if (cutFrom.isPresent() && isAnotherOwnersGeneratedCode(cutFrom.get(), owner)) {
        throw new IllegalArgumentException("vanity code " + quote(code.toString())
            + " is the generated code " + quote(cutFrom.get().toString())
            + " of another owner without its check symbol, whose clicks from"
            + " links that lost that symbol it would take");
      }
    }
  }

  /**
   * Returns whether another owner holds the code, active or retired, and no member of this
   * program chose it, which would make it a vanity code to its holder.
   */
  private boolean isAnotherOwnersGeneratedCode(LinkCode code, LinkOwner owner) {
    return !directory.isChosen(code)
        && registry.owner(code).filter(holder -> !holder.equals(owner)).isPresent();
  }

  /**
   * Returns the code the text names, read as stored ({@link LinkCode#parseAny}), if the registry
   * gives it to the affiliate already, active or retired: a code of an earlier enrollment, which a
   * program built anew over the same registry takes back as it is, though it may be a generated
   * code that no vanity policy would hand out. Not a code that clicks and coupons read as another
   * one, such as a vanity code that reads as a generated code: the program could never credit it,
   * and the policy refuses such a look-alike.
   */
  private Optional<LinkCode> heldCode(String text, String affiliateId) {
    LinkCode code;
    try {
      code = LinkCode.parseAny(text);
    } catch (InvalidLinkCodeException notACode) {
      return Optional.empty();
    }
    if (!LinkCode.tryParseTyped(code.toString()).equals(Optional.of(code))) {
      return Optional.empty();
    }
    return registry.owner(code).filter(LinkOwner.of(affiliateId)::equals).map(owner -> code);
  }

  /**
   * Changes an affiliate's status: an inactive or banned affiliate's touches still appear in
   * explanations but earn nothing on the conversions recorded from then on, whatever instant they
   * name (a sale made before the change and recorded after it earns nothing), and it earns no
   * overrides on them either: its level of the override pays no one, the parents above it are
   * paid. Setting the status it has changes nothing.
   *
   * <p>The change leaves alone what the affiliate earned before it: its held commissions are
   * released when their holds end, a won chargeback gives back what the chargeback took, and
   * payout runs pay its payable balance. A host that removes an affiliate for fraud voids its held
   * items ({@link Ledger#voidItem}; its items are the accruals of {@link Ledger#journalOf}), which
   * a won chargeback then gives nothing back, reverses what was released ({@link Ledger#reverse}),
   * of which a won chargeback still gives back the share the chargeback took, and leaves it out of
   * payout runs ({@link PayoutRules#onlyAffiliates}).
   *
   * @param affiliateId the affiliate
   * @param status the new status
   * @return the enrollment with the new status
   * @throws IllegalArgumentException if the affiliate is not enrolled
   */
  @CanIgnoreReturnValue
  public Enrollment changeStatus(String affiliateId, AffiliateStatus status) {
    checkNotNull(status, "status");
    synchronized (lock) {
      Enrollment current = member(affiliateId);
      if (current.identity().status() == status) {
        return current;
      }
      Enrollment changed = new Enrollment(current.profile(), current.identity().withStatus(status),
          current.codes());
      directory.put(changed);
      return changed;
    }
  }

  /**
   * Replaces an enrolled affiliate's profile for the conversions recorded from then on: a follower
   * count that grew, another group, tier or parent. Commissions accrued already keep the profile
   * they were quoted with. Setting the profile it has changes nothing.
   *
   * <p>For example, after {@code updateProfile(mia.toBuilder().followers(12_400).build())} a rule
   * for creators with 10,000 followers or more applies to mia's next conversion.
   *
   * @param profile the affiliate's new profile
   * @return the enrollment with the new profile
   * @throws IllegalArgumentException if the affiliate is not enrolled, or the new parent would make
   *     the affiliate its own ancestor
   */
  @CanIgnoreReturnValue
  public Enrollment updateProfile(AffiliateProfile profile) {
    checkNotNull(profile, "profile");
    synchronized (lock) {
      Enrollment current = member(profile.affiliateId());
      if (current.profile().equals(profile)) {
        return current;
      }
      // The enrolled parents make no loop, so one the profile keeps makes none either.
      if (!current.profile().parentId().equals(profile.parentId())) {
        checkNoLoopOfParents(profile);
      }
      Enrollment changed = new Enrollment(profile, current.identity(), current.codes());
      directory.put(changed);
      return changed;
    }
  }

  /**
   * Checks that the profile's parents, as enrolled, do not lead back to the affiliate; the
   * enrolled profiles have no loop, so only one through this affiliate can appear. Beyond the
   * profile's own parent, such a loop passes a member whose parent the affiliate is: without one,
   * as for each affiliate of a chain enrolled from the top down, the parents are not walked.
   */
  private void checkNoLoopOfParents(AffiliateProfile profile) {
    String affiliateId = profile.affiliateId();
    boolean isParent = directory.isParent(affiliateId);
    StringBuilder path = new StringBuilder(affiliateId);
    Optional<String> parent = profile.parentId();
    while (parent.isPresent()) {
      path.append(" -> ").append(parent.get());
      if (parent.get().equals(affiliateId)) {
        throw new IllegalArgumentException("profile parentId would make a loop of parents: "
            + path);
      }
      if (!isParent) {
        return;
      }
      parent = directory.member(parent.get()).flatMap(member -> member.profile().parentId());
    }
  }

  /**
   * Returns an affiliate's enrollment, with its current status.
   *
   * @param affiliateId the affiliate
   * @return the enrollment, or empty if the affiliate is not enrolled
   */
  public Optional<Enrollment> enrollment(String affiliateId) {
    checkNotNull(affiliateId, "affiliateId");
    return directory.member(affiliateId);
  }


  /**
   * Records a click on an affiliate's link, now by the program's clock.
   *
   * <p>For example, {@code recordClick("visitor-1", "glow-with-mia")} records a click of visitor
   * {@code visitor-1} for the owner of {@code GLOWWITHMIA}. Each call records one touch, so this
   * form is not safe to retry: a retry records the click again, which may move the credit. Use
   * {@link #recordClickOnChannel} for a click that came by a channel, and {@link
   * #recordClickOnce(String, String, String)} where a request may be retried.
   *
   * @param visitorId the visitor's anonymous key, such as a cookie
   * @param code the code as it arrived, generated or vanity
   * @return the touch recorded, with its sequence number
   * @throws IllegalArgumentException if the visitor id is not valid, the code is not a code, no
   *     enrolled affiliate holds it, or the clock reads an instant beyond a touch's (see {@link
   *     Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   */
  @CanIgnoreReturnValue
  public Touchpoint recordClick(String visitorId, String code) {
    return record(TouchpointKind.CLICK, visitorId, code, null);
  }

  /**
   * Records a click on an affiliate's link that came by a channel, now by the program's clock.
   *
   * <p>For example, {@code recordClickOnChannel("visitor-1", "glow-with-mia", "instagram")}
   * records a click of visitor {@code visitor-1} for the owner of {@code GLOWWITHMIA} on channel
   * {@code instagram}, and a second such call records a second click. Each call records one touch,
   * so this form is not safe to retry: a retry records the click again, which may move the
   * credit. Use {@link #recordClickOnce(String, String, String, String)} where a request may be
   * retried. (No {@code recordClick} takes three texts: the keyed form of that shape, which took
   * a touch id third, became {@code recordClickOnce}, so that a call written for it fails to
   * compile rather than records a click on a channel named by the touch id.)
   *
   * @param visitorId the visitor's anonymous key, such as a cookie
   * @param code the code as it arrived, generated or vanity
   * @param channel the channel or source, such as {@code instagram}
   * @return the touch recorded, with its sequence number
   * @throws IllegalArgumentException if the visitor id or the channel is not valid, the code is
   *     not a code, no enrolled affiliate holds it, or the clock reads an instant beyond a touch's
   *     (see {@link Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   */
  @CanIgnoreReturnValue
  public Touchpoint recordClickOnChannel(String visitorId, String code, String channel) {
    checkNotNull(code, "code");
    checkNotNull(channel, "channel");
    // Checked as recordClickOnce checks them, so that both refuse a bad channel as such.
    Ids.checkId(visitorId, "visitorId");
    Ids.checkId(channel, "touchpoint channel");
    return record(TouchpointKind.CLICK, visitorId, code, channel);
  }

  /**
   * Records a click under a key: {@code touch:<touchId>}. The same touch id with the same visitor
   * and code returns the touch first recorded; see {@link #recordClickOnce(String, String, String,
   * String)}.
   *
   * <p>For example, {@code recordClickOnce("req-7f3a", "visitor-1", "glow-with-mia")} records a
   * click for mia once however often the host retries it.
   *
   * @param touchId the click's id, such as the request id
   * @param visitorId the visitor's anonymous key
   * @param code the code as it arrived
   * @return the touch recorded, with its sequence number
   * @throws IllegalArgumentException if an id is not valid, the code is not a code, no enrolled
   *     affiliate holds it, or the clock reads an instant beyond a touch's (see {@link Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   * @throws IdempotencyConflictException if the touch id was used for another request, a visit
   *     or a touch of another kind, visitor, code or channel, which the message names
   */
  @CanIgnoreReturnValue
  public Touchpoint recordClickOnce(String touchId, String visitorId, String code) {
    return recordOnce(touchId, TouchpointKind.CLICK, visitorId, code, null);
  }

  /**
   * Records a click that came by a channel under a key: {@code touch:<touchId>}. A retry, with the
   * same touch id, visitor, code and channel, returns the touch first recorded and records
   * nothing; the same touch id with anything else is rejected, whether it was used for a click, a
   * visit or a coupon use.
   *
   * <p>For example, {@code recordClickOnce("req-7f3a", "visitor-1", "glow-with-mia",
   * "instagram")} records a click for mia on channel {@code instagram}; calling it again after a
   * timeout returns the same touch, with its first instant and sequence number.
   *
   * <p>The program remembers a touch id as long as the touch can count for a conversion it accepts
   * (the retention of {@link Builder#touchpointStore}); a request retried after that records the
   * touch again. Ids are forgotten by the clock as it read when other keyed touches came: after
   * the clock steps back, an id forgotten before the step stays forgotten, though its touch may
   * count again, so a retry then may record the touch again.
   *
   * @param touchId the click's id, such as the request id
   * @param visitorId the visitor's anonymous key
   * @param code the code as it arrived
   * @param channel the channel or source, such as {@code instagram}
   * @return the touch recorded, with its sequence number
   * @throws IllegalArgumentException if an id or the channel is not valid, the code is not a code,
   *     no enrolled affiliate holds it, or the clock reads an instant beyond a touch's (see {@link
   *     Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   * @throws IdempotencyConflictException if the touch id was used for another request, a visit
   *     or a touch of another kind, visitor, code or channel, which the message names
   */
  @CanIgnoreReturnValue
  public Touchpoint recordClickOnce(String touchId, String visitorId, String code,
      String channel) {
    checkNotNull(code, "code");
    checkNotNull(channel, "channel");
    return recordOnce(touchId, TouchpointKind.CLICK, visitorId, code, channel);
  }

  /**
   * Records a click from the URL a visitor arrived by, if it carries an enrolled affiliate's code;
   * its {@code utm_source} becomes the touch's channel.
   *
   * <p>For example, {@code recordVisit("visitor-1",
   * "https://shop.example/serum?ref=GLOWWITHMIA&utm_source=instagram")} records a click for mia
   * on channel {@code instagram}; a URL without a code, or with a code nobody holds, records
   * nothing. Each call records one touch, so this form is not safe to retry: a retry records the
   * visit again, which may move the credit. Use {@link #recordVisitOnce(String, String,
   * CharSequence)} where a request may be retried.
   *
   * @param visitorId the visitor's anonymous key
   * @param url the URL as it arrived
   * @return the touch recorded, or empty if the URL names no enrolled affiliate's code
   * @throws IllegalArgumentException if the visitor id is not valid, or the URL names an enrolled
   *     affiliate's code and the clock reads an instant beyond a touch's (see {@link Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   */
  @CanIgnoreReturnValue
  public Optional<Touchpoint> recordVisit(String visitorId, CharSequence url) {
    Ids.checkId(visitorId, "visitorId");
    TrackingParameters parameters = parser.parse(checkNotNull(url, "url"));
    if (parameters.code().isEmpty()) {
      return Optional.empty();
    }
    String code = parameters.code().get().toString();
    if (directory.ownerOf(code).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(record(TouchpointKind.CLICK, visitorId, code,
          parameters.utm().source().orElse(null)));
    } catch (IllegalArgumentException refused) {
      // A host may retire the code meanwhile, in a registry whose retired codes stop resolving:
      // the URL then names a code nobody holds, and the visit records nothing.
      if (!(refused instanceof InstantInFutureException) && directory.ownerOf(code).isEmpty()) {
        return Optional.empty();
      }
      throw refused;
    }
  }

  /**
   * Records a visit under a key: {@code touch:<touchId>}. A retry, with the same touch id, visitor
   * and URL, returns what the first call returned, a touch or nothing, and records nothing; the
   * same touch id with anything else is rejected. The touch id is remembered as {@link
   * #recordClickOnce(String, String, String, String)} says, with the visitor id and what the visit
   * returned, and with the URL if it has at most 256 characters, else 128 bits of its SHA-256
   * digest, which tell a retry apart from another URL as surely: so a visitor's URL of thousands
   * of characters costs the program no more memory than a short one.
   *
   * <p>For example, {@code recordVisitOnce("req-7f3a", "visitor-1",
   * "https://shop.example/serum?ref=GLOWWITHMIA&utm_source=instagram")} records a click for mia
   * on channel {@code instagram}, once however often the host retries it.
   *
   * @param touchId the visit's id, such as the request id
   * @param visitorId the visitor's anonymous key
   * @param url the URL as it arrived
   * @return the touch recorded, or empty if the URL named no enrolled affiliate's code
   * @throws IllegalArgumentException if an id is not valid, or the URL names an enrolled
   *     affiliate's code and the clock reads an instant beyond a touch's (see {@link Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   * @throws IdempotencyConflictException if the touch id was used for another request, a click,
   *     a coupon use or a visit of another visitor or URL, which the message names
   */
  @CanIgnoreReturnValue
  public Optional<Touchpoint> recordVisitOnce(String touchId, String visitorId,
      CharSequence url) {
    String text = checkNotNull(url, "url").toString();
    Ids.checkId(visitorId, "visitorId");
    Ids.checkId(touchId, "touchId");
    return touchKeys.visit(touchId, visitorId, text, () -> recordVisit(visitorId, text));
  }

  /**
   * Records that a visitor entered an affiliate's coupon code, now by the program's clock. A
   * conversion with that coupon credits its owner under the default policy anyway; the touch
   * lets the code count for later orders within the window. Each call records one touch, so this
   * form is not safe to retry; use {@link #recordCouponUseOnce(String, String, String)} where a
   * request may be retried.
   *
   * @param visitorId the visitor's anonymous key
   * @param code the coupon code as typed
   * @return the touch recorded, with its sequence number
   * @throws IllegalArgumentException if the visitor id is not valid, the code is not a code, no
   *     enrolled affiliate holds it, or the clock reads an instant beyond a touch's (see {@link
   *     Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   */
  @CanIgnoreReturnValue
  public Touchpoint recordCouponUse(String visitorId, String code) {
    return record(TouchpointKind.COUPON, visitorId, code, null);
  }

  /**
   * Records a coupon use under a key: {@code touch:<touchId>}. A retry, with the same touch id,
   * visitor and code, returns the touch first recorded and records nothing; the same touch id
   * with anything else is rejected. The touch id is remembered as {@link #recordClickOnce(String,
   * String, String, String)} says.
   *
   * <p>For example, {@code recordCouponUseOnce("cart-81c2", "visitor-1", "leo-20")} records leo's
   * coupon once however often the host retries it.
   *
   * @param touchId the coupon use's id, such as the request id
   * @param visitorId the visitor's anonymous key
   * @param code the coupon code as typed
   * @return the touch recorded, with its sequence number
   * @throws IllegalArgumentException if an id is not valid, the code is not a code, no enrolled
   *     affiliate holds it, or the clock reads an instant beyond a touch's (see {@link Touchpoint})
   * @throws InstantInFutureException if the attributor refused the touch as in the future eight
   *     times in a row, as only a clock that keeps stepping back between the program's reading and
   *     the attributor's makes it; nothing is recorded
   * @throws IdempotencyConflictException if the touch id was used for another request, a visit
   *     or a touch of another kind, visitor, code or channel, which the message names
   */
  @CanIgnoreReturnValue
  public Touchpoint recordCouponUseOnce(String touchId, String visitorId, String code) {
    return recordOnce(touchId, TouchpointKind.COUPON, visitorId, code, null);
  }

  /**
   * Records a touch once under the key {@code touch:<touchId>}, its request checked as {@link
   * #record} checks it, so that bad input is refused as such whether or not its touch id was used
   * before, and its code read as the program reads it, so that a retry may spell the code
   * otherwise ({@code glow-with-mia} for {@code GLOWWITHMIA}).
   */
  private Touchpoint recordOnce(String touchId, TouchpointKind kind, String visitorId,
      String code, @Nullable String channel) {
    checkNotNull(code, "code");
    Ids.checkId(visitorId, "visitorId");
    if (channel != null) {
      Ids.checkId(channel, "touchpoint channel");
    }
    String canonical = codeOf(code).toString();
    Ids.checkId(touchId, "touchId");
    return touchKeys.touch(touchId, kind, visitorId, canonical, channel,
        () -> record(kind, visitorId, code, channel));
  }

  private Touchpoint record(TouchpointKind kind, String visitorId, String text,
      @Nullable String channel) {
    Ids.checkId(visitorId, "visitorId");
    LinkCode code = codeOf(text);
    String owner = directory.ownerOf(code.toString()).orElseThrow(
        () -> new IllegalArgumentException("link code is not enrolled: " + quote(code.toString())));
    // The enrollment's text, which the touches kept for their touch ids then share.
    String codeText = directory.textOf(owner, code);
    Instant now = clock.instant();
    for (int attempt = 1; ; attempt++) {
      Touchpoint.Builder touch = Touchpoint.builder(kind, visitorId, owner, now)
          .code(codeText);
      if (channel != null) {
        touch.channel(channel);
      }
      Touchpoint built = touch.build();
      try {
        return built.withSequence(attributor.record(built));
      } catch (InstantInFutureException refused) {
        // The attributor reads the clock again to check that the touch is not in the future: a
        // clock that stepped back since the stamp refuses the program's own touch, which it
        // refused before recording anything. Stamp it anew by the clock as it now reads. A
        // refusal of another attributor, that the host's store records into, is the store's.
        if (attempt == CLOCK_ATTEMPTS || !refused.refusedBy(attributor)
            || !refused.instant().equals(now)) {
          throw refused;
        }
        now = clock.instant();
      }
    }
  }


  /**
   * Records a conversion under the key {@code order:<orderId>}: attributes it, quotes each
   * credit, and accrues each commission and override above zero, held until the conversion's
   * instant plus the hold period, or until {@link Instant#MAX} if that lies beyond it.
   *
   * <p>A conversion that lifts an affiliate into a higher tier of a whole-period tiered rule also
   * accrues the {@link TierTrueUp} of the period's earlier sales, under the item {@code
   * order:<orderId>/<affiliateId>/tier/<ruleId>}, if it is above zero; see the class
   * documentation. The outcome lists every true-up, also those the caps per period cut to zero.
   *
   * <p>A parent earns no override on the credits of a conversion it {@linkplain
   * AffiliateIdentity#isBuyerOf bought}, nor on a child's credit one of whose touches was made
   * signed in as the parent's own customer id (as on its own device at a guest checkout, by the
   * rule that keeps an affiliate from earning on such touches), unless the policy {@linkplain
   * AttributionPolicy#allowSelfReferral() allows self-referral}, as it would earn no credit on its
   * own purchase: its level of that credit's overrides pays no one, and the parents above it are
   * paid. So an affiliate that buys through its recruit's link pays the recruit its commission,
   * and itself nothing. Each credit is judged by its own touches: on a guest checkout credited to
   * two children, the parent still earns its override on the other child's credit, whose touches
   * are not its own.
   *
   * <p>A credit quoted at zero (no rule matched, or a cap per period was reached) posts nothing:
   * the ledger holds no zero amounts. If the plan {@linkplain CommissionPlan#recordsZero() records
   * zero commissions}, as it does by default, listeners hear a {@link
   * ProgramEvent.CommissionAccrued} of zero with the quote's explanation, under the key the item
   * would have had, so that a host can show that the sale earned nothing and why; if not, they
   * hear nothing of it. Either way the outcome holds the quote.
   *
   * <p>Each quote's {@linkplain CommissionQuote#context() context} holds what the plan was given
   * at the sale: the affiliate's profile, performance and paid tiers, and the parents as they
   * stood, each with whether it earned overrides then. A {@link
   * dev.affiliatekit.commission.SimulationCase} made from a quote therefore re-prices the sale as
   * the program priced it, also after a parent is reinstated or an affiliate moves under another.
   *
   * <p>For example, with a 10% plan, an order of {@code USD 84.00} whose visitor clicked mia's
   * link accrues {@code USD 8.40} for mia under the ledger item {@code order:<orderId>/mia}; an
   * override for mia's parent ann is the item {@code order:<orderId>/mia/override/ann}. An order
   * nobody referred returns an outcome without credit, explaining why.
   *
   * <p>Every accrual is checked before the first is posted: its key must be free in the ledger, or
   * hold this very accrual, and no balance may overflow. Once all are posted, the program counts
   * the sale in the affiliate's performance and tier figures, remembers the order and, under
   * lifetime binding, has the attributor {@linkplain Attributor#commit commit} the attribution it
   * quoted, which binds the customer; so a rejected conversion posts nothing and binds nobody, and
   * the binding follows the credits paid even if a touch came in meanwhile. Under lifetime binding
   * with an {@linkplain AttributionPolicy#bindingExpiry() expiry}, a conversion recorded before
   * later ones of its customer costs time in proportion to the customer's conversions the
   * attributor keeps after it (see {@link Attributor}): a host that backfills orders records each
   * customer's oldest first.
   *
   * <p>If the ledger fails after the first accrual, the conversion stays unfinished: its retry
   * posts the rest as first planned (attributed anew, it would be credited to the customer's new
   * binding), then binds and counts, and returns and tells every accrual. Until then the order
   * takes no refund, and a conversion that credits one of its affiliates, or is of its customer,
   * throws {@link UnfinishedOperationException}: quoted without the sale, it would pay a true-up
   * or fill a cap per period that the unfinished one pays or fills too.
   *
   * @param conversion the order
   * @return the outcome; a retry returns the first outcome
   * @throws IllegalArgumentException if the conversion is too far in the future, or the plan
   *     rejects it (see {@link CommissionPlan#quote})
   * @throws CurrencyMismatchException if the plan's amounts are in another currency, whether or
   *     not the order credits anyone, or the order accrues a commission and the ledger keeps
   *     another unit of the order's currency code (such as a custom {@code JPY} of two decimals),
   *     which it keeps one of per code; nothing is recorded
   * @throws IdempotencyConflictException if the order was recorded with other content, or the
   *     ledger holds another posting under the key of one of its items
   * @throws IllegalStateException if the order was recorded before the program was built (its
   *     commissions were in the ledger then; see the class documentation), or the ledger holds
   *     commissions of the order that this program did not post (another program's over the
   *     ledger, or the host's), or the order was recorded and a visitor or customer it named
   *     forgotten since ({@link #forgetVisitor}, {@link #forgetCustomer})
   * @throws ArithmeticException if an accrual would take a balance, or a figure of the affiliate's
   *     performance, past the range of {@code long} minor units
   * @throws UnfinishedOperationException if a conversion that credits one of the affiliates the
   *     conversion credits, or is of its customer, is unfinished
   */
  @CanIgnoreReturnValue
  public ConversionOutcome recordConversion(Conversion conversion) {
    checkNotNull(conversion, "conversion");
    String orderId = conversion.orderId();
    String key = Keys.of("order", orderId);
    Conflict conflict = (recorded, finished) -> conflict((Conversion) recorded, conversion)
        .message("order " + quote(orderId), "recorded", finished);
    return once(key, conversion, ConversionOutcome.class, conflict, events -> {
      Scope scope = Scope.order(orderId);
      Optional<Object> resumed = resume(scope, key, conversion, conflict, events);
      if (resumed.isPresent()) {
        return (ConversionOutcome) resumed.get();
      }
      checkNotRecordedElsewhere(orderId);
      // The plan would refuse the currency when it quotes a credit: an order nobody is credited
      // for is refused too, so that its key stays free for the order in the right currency.
      plan.checkCurrency(conversion);
      // Evaluating changes nothing: the customer is bound, and the order remembered, once every
      // accrual is posted.
      AttributionResult result = attributor.evaluate(conversion);
      checkNoUnfinishedConversion(conversion, result);
      List<CommissionQuote> quotes = quoteAll(conversion, result);
      List<TierTrueUp> trueUps = trueUps(key, conversion, quotes);
      List<Planned> accruals = planAccruals(key, conversion, quotes, trueUps);
      // The figures after the sale are computed before anything is posted, so that a figure that
      // cannot be kept rejects the conversion whole. They hold until it is finished: no other
      // conversion of its affiliates is recorded meanwhile (see checkNoUnfinishedConversion).
      FiguresAfter after = figuresAfter(conversion, quotes, trueUps);
      List<Map.Entry<String, Posting>> postings = new ArrayList<>();
      for (Planned planned : accruals) {
        postings.add(Map.entry(planned.key, planned.accrual));
      }
      List<String> affiliates = new ArrayList<>(quotes.size());
      for (CommissionQuote quote : quotes) {
        affiliates.add(quote.affiliateId());
      }
      // The bookkeeping waits until every accrual is posted, so that an interrupted conversion
      // changes nothing that its retry, or another conversion, would plan from; the retry posts
      // this plan, which a binding made meanwhile would change.
      Operation planned = new Operation(key, conversion, postings, List.copyOf(affiliates),
          (transactions, told) -> {
            if (bindsCustomers) {
              // The binding follows the credits paid, even if a touch came in meanwhile.
              var unusedResult = attributor.commit(result);
            }
            tellAccruals(key, orderId, quotes, accruals, told);
            performance.putAll(after.performance);
            tierFigures.putAll(after.tiers);
            for (TierKey tiered : after.tiers.keySet()) {
              tieredRulesOf.computeIfAbsent(tiered.affiliateId(), id -> new HashSet<>())
                  .add(tiered.ruleId());
            }
            conversion.customerId().ifPresent(
                customer -> firstPurchases.merge(customer, conversion.instant(),
                    (a, b) -> a.isBefore(b) ? a : b));
            List<Item> items = new ArrayList<>();
            for (Planned accrual : accruals) {
              items.add(new Item(accrual.key, accrual.accrual.affiliateId(),
                  accrual.accrual.amount()));
            }
            orders.put(orderId, new Order(conversion.total(), items));
            return new ConversionOutcome(key, result, quotes, transactions, trueUps);
          }, null, result);
      return (ConversionOutcome) finish(scope, planned, events);
    });
  }

  /**
   * Rejects a conversion that would count toward the figures of an unfinished conversion: one
   * that credits an affiliate it credits, or is of its customer. Planned before that one is
   * finished, it would be quoted without that sale in the affiliate's performance and tiers, and
   * attributed without the customer's binding, and that one, finished as planned later, would pay
   * a true-up or fill a cap a second time. Under the lock.
   *
   * @throws UnfinishedOperationException naming the order of the unfinished conversion
   */
  private void checkNoUnfinishedConversion(Conversion conversion, AttributionResult result) {
    if (unfinished.isEmpty()) {
      return;
    }
    Set<String> credited = new HashSet<>();
    for (Credit credit : result.credits()) {
      credited.add(credit.affiliateId());
    }
    List<Scope> scopes = new ArrayList<>(unfinished.keySet());
    scopes.sort(Comparator.comparing(Scope::subject).thenComparing(Scope::id));
    for (Scope scope : scopes) {
      Operation operation = unfinished.get(scope);
      if (operation == null || !(operation.request() instanceof Conversion other)) {
        continue;
      }
      boolean shared = !Collections.disjoint(credited, operation.affiliates())
          || (conversion.customerId().isPresent()
              && conversion.customerId().equals(other.customerId()));
      if (shared && unfinished(scope).isPresent()) {
        throw new UnfinishedOperationException(scope.subject(), scope.id(), operation.key());
      }
    }
  }

  /**
   * Adds the events of a conversion's accruals: for each quote, its commission, overrides and
   * true-ups, or the record of its zero.
   */
  private static void tellAccruals(String key, String orderId, List<CommissionQuote> quotes,
      List<Planned> accruals, List<ProgramEvent> events) {
    int next = 0;
    for (int i = 0; i < quotes.size(); i++) {
      CommissionQuote quote = quotes.get(i);
      for (; next < accruals.size() && accruals.get(next).quote == i; next++) {
        Planned planned = accruals.get(next);
        Accrual accrual = planned.accrual;
        events.add(new ProgramEvent.CommissionAccrued(key, accrual.affiliateId(), orderId,
            planned.key, accrual.amount(), accrual.explanation()));
      }
      if (quote.amount().isZero() && quote.isRecorded()) {
        // The ledger holds no zero amounts: the plan's record of a zero is the event alone.
        events.add(new ProgramEvent.CommissionAccrued(key, quote.affiliateId(), orderId,
            Keys.item(key, quote.affiliateId()), quote.amount(),
            explanationLine(quote.explanation())));
      }
    }
  }

  /** The performance and true-up figures that a conversion leaves, where it changes them. */
  private record FiguresAfter(Map<PerformanceKey, PeriodPerformance> performance,
      Map<TierKey, TierFigures> tiers) {
    static final FiguresAfter NONE = new FiguresAfter(Map.of(), Map.of());
  }

  /**
   * Returns the figures after a conversion's sales and true-ups, computed from the figures now.
   *
   * @throws ArithmeticException if a figure would overflow
   */
  private FiguresAfter figuresAfter(Conversion conversion, List<CommissionQuote> quotes,
      List<TierTrueUp> trueUps) {
    if (plan.periods().isEmpty()) {
      // A plan that counts no period keeps no performance and no tier figures.
      return FiguresAfter.NONE;
    }
    Map<PerformanceKey, PeriodPerformance> performanceAfter = new HashMap<>();
    Map<TierKey, TierFigures> figuresAfter = new HashMap<>();
    for (CommissionQuote quote : quotes) {
      count(conversion, quote, trueUps, performanceAfter, figuresAfter);
    }
    return new FiguresAfter(performanceAfter, figuresAfter);
  }

  /**
   * Returns the true-up of every tier the quotes reached for the whole period, from the figures of
   * the earlier sales of the period that the tiered rule counts, within the plan's caps per period
   * (see {@link TierReached}).
   */
  private List<TierTrueUp> trueUps(String key, Conversion conversion,
      List<CommissionQuote> quotes) {
    List<TierTrueUp> trueUps = new ArrayList<>();
    CurrencyUnit currency = conversion.currency();
    for (CommissionQuote quote : quotes) {
      if (quote.tiersReached().isEmpty()) {
        continue;
      }
      String affiliateId = quote.affiliateId();
      String itemKey = Keys.item(key, affiliateId);
      Money granted = Money.zero(currency);
      for (TierReached tier : quote.tiersReached()) {
        TierFigures figures = tierFigures.getOrDefault(
            tierKey(affiliateId, tier.period(), conversion, tier.ruleId()), TierFigures.NONE);
        Money uncapped = Money.ofMinor(figures.bases, currency);
        Money earned = Money.ofMinor(figures.commissions, currency);
        List<CappedSale> capped = figures.capped.toList();
        Money amount = tier.trueUp(quote, uncapped, earned, capped, granted);
        granted = granted.plus(amount);
        Money bases = uncapped;
        long cut = 0;
        for (CappedSale sale : capped) {
          bases = bases.plus(sale.base());
          cut += sale.isCutAt(tier.rate()) ? 1 : 0;
        }
        trueUps.add(new TierTrueUp(affiliateId, Keys.trueUp(itemKey, tier.ruleId()), tier,
            figures.sales, bases, figures.roundedShares, earned, cut, tier.due(uncapped, capped),
            tier.trueUp(uncapped, earned, capped), amount));
      }
    }
    return trueUps;
  }

  /**
   * Returns the accruals of the quotes, each commission, override and true-up above zero, after
   * checking that the ledger will take every one of them where posting them could fail halfway.
   */
  private List<Planned> planAccruals(String key, Conversion conversion,
      List<CommissionQuote> quotes, List<TierTrueUp> trueUps) {
    Instant holdUntil = holdUntil(conversion.instant());
    String orderId = conversion.orderId();
    List<Planned> accruals = new ArrayList<>();
    for (int i = 0; i < quotes.size(); i++) {
      CommissionQuote quote = quotes.get(i);
      String itemKey = Keys.item(key, quote.affiliateId());
      if (quote.amount().isPositive()) {
        accruals.add(new Planned(i, itemKey, new Accrual(quote.affiliateId(), quote.amount(),
            holdUntil, orderId, reference(quote), explanationLine(quote.explanation()))));
      }
      for (OverrideQuote override : quote.overrides()) {
        if (override.amount().isPositive()) {
          accruals.add(new Planned(i, Keys.override(itemKey, override.affiliateId()),
              new Accrual(override.affiliateId(), override.amount(), holdUntil, orderId,
                  Keys.fit("override:" + itemKey), explanationLine(override.explanation()))));
        }
      }
      for (TierTrueUp trueUp : trueUps) {
        if (trueUp.affiliateId().equals(quote.affiliateId()) && trueUp.amount().isPositive()) {
          accruals.add(new Planned(i, trueUp.itemKey(), new Accrual(trueUp.affiliateId(),
              trueUp.amount(), holdUntil, orderId, Keys.fit("true-up:" + trueUp.tier().ruleId()),
              explanationLine(trueUp.explanation()))));
        }
      }
    }
    // One accrual needs no check: the ledger checks it and, if it refuses, changes nothing, and
    // nothing else was done. Several are checked first, so that none is posted if one is refused.
    if (accruals.size() > 1) {
      checkPostable(accruals);
    }
    return accruals;
  }

  /** Returns the instant plus the hold period, or {@link Instant#MAX} if that lies beyond it. */
  private Instant holdUntil(Instant instant) {
    return Instants.plusSaturated(instant, holdPeriod);
  }


  /**
   * Checks that the ledger will take every accrual, in order: its key is free or holds this very
   * accrual, which the ledger then returns, and neither the ledger's total of pending accounts nor
   * that of the commission expense in the currency ({@link Ledger#totals}) overflows. The
   * balances the ledger also checks follow: pending balances are never negative, so none exceeds
   * the total of pending accounts, and the commission expense is the one account of its kind.
   */
  private void checkPostable(List<Planned> accruals) {
    // The ledger's totals of pending accounts and of the commission expense, per currency.
    Map<CurrencyUnit, long[]> totals = new HashMap<>();
    for (Planned planned : accruals) {
      Accrual accrual = planned.accrual;
      Optional<Transaction> recorded = ledger.transaction(planned.key);
      if (recorded.isPresent()) {
        if (!recorded.get().posting().equals(accrual)) {
          throw new IdempotencyConflictException(planned.key, recorded.get().posting(), accrual);
        }
        continue;
      }
      Money amount = accrual.amount();
      long minor = amount.minorUnits();
      long[] total;
      try {
        total = totals.computeIfAbsent(amount.currency(), this::minorTotals);
      } catch (CurrencyMismatchException otherUnit) {
        // Named as the ledger's accrual names it, by the amount rather than by the query.
        throw new CurrencyMismatchException(otherUnit.first(), otherUnit.second(),
            "accrual amount must be in the " + otherUnit.first().code()
                + " this ledger keeps, one unit per currency code: " + amount);
      }
      checkTotal(AccountKind.PENDING, total[0], minor, amount.currency());
      checkTotal(AccountKind.COMMISSION_EXPENSE, total[1], -minor, amount.currency());
      total[0] += minor;
      total[1] -= minor;
    }
  }

  /** Returns the ledger's totals of pending accounts and of the commission expense. */
  private long[] minorTotals(CurrencyUnit currency) {
    // The ledger gives a total for every kind.
    Map<AccountKind, Money> totals = ledger.totals(currency);
    return new long[] {checkNotNull(totals.get(AccountKind.PENDING)).minorUnits(),
        checkNotNull(totals.get(AccountKind.COMMISSION_EXPENSE)).minorUnits()};
  }

  /**
   * Rejects, as the ledger would, an accrual's amount that would take the total of a kind of
   * account beyond ±{@code Long.MAX_VALUE}; the amount is never {@code Long.MIN_VALUE}.
   */
  private static void checkTotal(AccountKind kind, long total, long amount,
      CurrencyUnit currency) {
    if (amount > 0 ? total > Long.MAX_VALUE - amount : total < -Long.MAX_VALUE - amount) {
      throw new ArithmeticException("total of " + kind + " accounts in " + currency
          + " would overflow: " + Money.ofMinor(total, currency) + " + "
          + Money.ofMinor(amount, currency));
    }
  }

  private List<CommissionQuote> quoteAll(Conversion conversion, AttributionResult result) {
    List<CommissionQuote> quotes = new ArrayList<>();
    for (Credit credit : result.credits()) {
      quotes.add(plan.quote(conversion, credit, context(conversion, credit)));
    }
    return quotes;
  }

  private CommissionContext context(Conversion conversion, Credit credit) {
    String affiliateId = credit.affiliateId();
    Enrollment member = member(affiliateId);
    CommissionContext.Builder context = CommissionContext.builder(member.profile())
        .uplines(selfReferrals ? directory.uplinesOf(member.profile())
            : directory.uplinesOf(member.profile(), conversion, credit));
    for (Period period : plan.periods()) {
      context.performance(performance(affiliateId, period, conversion));
    }
    // The context keeps its paid tiers sorted by rule id, whatever order they come in.
    for (String ruleId : tieredRulesOf.getOrDefault(affiliateId, Set.of())) {
      Period period = wholePeriodTiers.get(ruleId);
      if (period != null) {
        TierFigures figures = tierFigures.get(tierKey(affiliateId, period, conversion, ruleId));
        if (figures != null && figures.tier > 0) {
          context.paidTier(ruleId, figures.tier);
        }
      }
    }
    Optional<String> customer = conversion.customerId();
    if (customer.isPresent()) {
      Instant first = firstPurchases.get(customer.get());
      context.customerFirstPurchase(first == null || conversion.instant().isBefore(first)
          ? conversion.instant() : first);
    }
    return context.build();
  }

  private PeriodPerformance performance(String affiliateId, Period period, Conversion conversion) {
    PeriodPerformance empty = PeriodPerformance.empty(period, conversion.instant(), plan.zone(),
        conversion.currency());
    return performance.getOrDefault(
        new PerformanceKey(affiliateId, period, conversion.currency(), empty.start()), empty);
  }

  /**
   * Adds a quoted sale, with the true-ups it granted, to the affiliate's performance in every
   * period the plan counts and to the figures of the tiered rule it counts toward, in the maps of
   * figures after the conversion.
   */
  private void count(Conversion conversion, CommissionQuote quote, List<TierTrueUp> trueUps,
      Map<PerformanceKey, PeriodPerformance> performanceAfter,
      Map<TierKey, TierFigures> figuresAfter) {
    String affiliateId = quote.affiliateId();
    CurrencyUnit currency = conversion.currency();
    Money granted = Money.zero(currency);
    for (TierTrueUp trueUp : trueUps) {
      if (trueUp.affiliateId().equals(affiliateId)) {
        granted = granted.plus(trueUp.amount());
      }
    }
    List<RulePortion> counted = TierReached.counted(quote);
    List<Optional<CappedSale>> capped = CappedSale.fromCounted(quote, counted);
    // A share of a sale's base is kept rounded, as the portions give it: the true-up says so.
    boolean share = !quote.credit().share().equals(Rate.ONE);
    for (Period period : plan.periods()) {
      PeriodPerformance before = performance(affiliateId, period, conversion);
      PeriodPerformance after = before.plus(quote);
      if (granted.isPositive()) {
        after = new PeriodPerformance(period, after.start(), after.end(), after.sales(),
            after.revenue(), after.commissions().plus(granted));
      }
      performanceAfter.put(new PerformanceKey(affiliateId, period, currency, before.start()),
          after);
      // A tier reached stands even when its true-up is zero: the earlier sales are paid up to it.
      for (TierTrueUp trueUp : trueUps) {
        if (trueUp.affiliateId().equals(affiliateId)) {
          TierKey tier = tierKey(affiliateId, period, conversion, trueUp.tier().ruleId());
          figuresAfter.put(tier, figures(tier, figuresAfter).plus(0, 0,
              trueUp.amount().minorUnits(), trueUp.tier().tier(), false));
        }
      }
      for (int i = 0; i < counted.size(); i++) {
        RulePortion portion = counted.get(i);
        TierKey tier = tierKey(affiliateId, period, conversion, portion.ruleId());
        TierFigures figures = figures(tier, figuresAfter);
        int paidTier = quote.tiers().getOrDefault(portion.ruleId(), 0);
        Optional<CappedSale> sale = capped.get(i);
        figuresAfter.put(tier, sale.isPresent()
            ? figures.plus(sale.get(), paidTier, share)
            : figures.plus(1, portion.base().minorUnits(), portion.commission().minorUnits(),
                paidTier, share));
      }
    }
  }

  private TierKey tierKey(String affiliateId, Period period, Conversion conversion,
      String ruleId) {
    return new TierKey(affiliateId, period, conversion.currency(),
        performance(affiliateId, period, conversion).start(), ruleId);
  }

  private TierFigures figures(TierKey key, Map<TierKey, TierFigures> after) {
    TierFigures figures = after.get(key);
    return figures != null ? figures : tierFigures.getOrDefault(key, TierFigures.NONE);
  }

  /**
   * {@return the reference of a quote's accrual: the ids of the rules that paid it} The reference
   * of each rule that pays alone is made once and shared by its accruals, as most are.
   */
  private String reference(CommissionQuote quote) {
    List<String> rules = quote.ruleIds();
    if (rules.size() == 1) {
      return ruleReferences.computeIfAbsent(rules.get(0), rule -> Keys.fit("rules:" + rule));
    }
    return Keys.fit(rules.isEmpty() ? "plan" : "rules:" + String.join(",", rules));
  }

  /**
   * Gives money back to a customer, under the key {@link Refund#key()}, and takes back the same
   * fraction of every commission and override the order earned; see the class documentation.
   *
   * <p>For example, after an order of {@code USD 80.00} that earned mia {@code USD 8.00}, a refund
   * of {@code USD 20.00} takes back {@code USD 2.00}, from pending while the commission is held
   * or from payable (a clawback) after release.
   *
   * <p>A commission item that the ledger holds less of than the refund's share of it, such as one
   * voided for fraud through {@link #ledger()}, gives back what it has left, often nothing; the
   * outcome's {@link RefundOutcome#shortfalls() shortfalls} say which and why. Every reversal is
   * checked before the first is posted: its key must be free in the ledger, or hold this very
   * reversal, and the reversals together must leave every balance and total they could touch
   * within a {@code long}. An item that the host voids or reverses through the ledger after that
   * check, before its reversal is posted, gives back what it has left then, as if the host had
   * posted first.
   *
   * <p>The order counts the refund, and the outcome and events name its reversals, once all of
   * them are posted. If the ledger fails after the first, the refund stays unfinished: its retry
   * posts the rest, as planned, and returns and tells every reversal, and meanwhile the order
   * takes no other refund, chargeback or win (see the class documentation).
   *
   * @param refund the refund or chargeback
   * @return the outcome; a retry returns the first outcome
   * @throws IllegalArgumentException if the order is not recorded or the amount exceeds what is
   *     left of the order
   * @throws CurrencyMismatchException if the amount is not in the order's currency
   * @throws IdempotencyConflictException if the key was used for another refund, or the ledger
   *     holds another posting under the key of one of its reversals
   * @throws IllegalStateException if the order is refunded in full already, or was recorded before
   *     the program was built or by another program since, or the ledger holds commissions of it
   *     that this program did not post (see the class documentation)
   * @throws UnfinishedOperationException if another refund, chargeback or win of the order is
   *     unfinished
   * @throws ArithmeticException if the reversals could take a balance or a total of the ledger,
   *     or the running total of an item's reversals, beyond a {@code long}: a won chargeback's
   *     reversal still counts in that total, so a full one of an item of more than half that many
   *     minor units leaves no room for its full refund; nothing is posted
   */
  @CanIgnoreReturnValue
  public RefundOutcome refund(Refund refund) {
    checkNotNull(refund, "refund");
    String key = refund.key();
    Conflict conflict = (recorded, finished) -> new Conflicts()
        .part("amount", ((Refund) recorded).amount(), refund.amount(), "all that was left")
        .part("reason", ((Refund) recorded).reason(), refund.reason())
        .message(refund.noun() + " " + quote(refund.refundId()) + " of order "
            + quote(refund.orderId()), "recorded", finished);
    return once(key, refund, RefundOutcome.class, conflict, events -> {
      Scope scope = Scope.order(refund.orderId());
      Optional<Object> resumed = resume(scope, key, refund, conflict, events);
      if (resumed.isPresent()) {
        return (RefundOutcome) resumed.get();
      }
      Order order = orders.get(refund.orderId());
      if (order == null) {
        checkNotRecordedElsewhere(refund.orderId());
        throw new IllegalArgumentException("order is not recorded: " + quote(refund.orderId()));
      }
      checkNoCommissionsOfOthers(refund.orderId(), order);
      if (order.fullyRefunded) {
        throw new IllegalStateException(
            "order is refunded in full already: " + quote(refund.orderId()));
      }
      Money left = order.total.minus(order.refunded);
      Money amount;
      if (refund.amount().isPresent()) {
        amount = refund.amount().get();
        if (!amount.currency().equals(order.total.currency())) {
          throw new CurrencyMismatchException(order.total.currency(), amount.currency(),
              refund.noun() + " amount must be in " + order.total.currency()
                  + ", the currency of order " + quote(refund.orderId()) + ": " + amount);
        }
        if (amount.isGreaterThan(left)) {
          throw new IllegalArgumentException(refund.noun() + " amount exceeds the " + left
              + " left of order " + quote(refund.orderId()) + ": " + amount);
        }
      } else {
        amount = left;
      }
      Money refunded = order.refunded.plus(amount);
      boolean full = refunded.equals(order.total);
      String reason = oneLine(refund.reason());
      List<Taking> takings = new ArrayList<>();
      List<RefundOutcome.Shortfall> shortfalls = new ArrayList<>();
      for (Item item : order.items) {
        long target = full ? item.accrued.minorUnits()
            : share(item.accrued.minorUnits(), refunded.minorUnits(), order.total.minorUnits());
        // This refund's own share of the item, which a shortfall names, and what it takes: the
        // item's loss brought up to the formula's for all the order's refunds.
        long own = target - (order.refunded.isZero() ? 0 : share(item.accrued.minorUnits(),
            order.refunded.minorUnits(), order.total.minorUnits()));
        long share = target - item.reversed;
        if (share > 0 || own > 0) {
          CurrencyUnit currency = item.accrued.currency();
          planReversal(key, item, Money.ofMinor(Math.max(share, 0), currency),
              Money.ofMinor(own, currency), refund.kind(), reason, takings, shortfalls);
        }
      }
      List<Map.Entry<String, Posting>> postings = new ArrayList<>();
      for (Taking taking : takings) {
        postings.add(Map.entry(taking.key, taking.reversal));
      }
      Headroom.check(ledger, postings, refund.noun() + " " + quote(key));
      // An item that the host voids or reverses through the ledger after the plan, before its
      // reversal is posted, gives back what it has left then, as if it had been so at the plan.
      Replan replan = (index, refusal) -> {
        Taking refused = takings.remove(index);
        postings.remove(index);
        shortfalls.removeIf(shortfall -> shortfall.itemKey().equals(refused.item.key));
        List<Taking> again = new ArrayList<>(1);
        planReversal(key, refused.item, refused.share, refused.own, refund.kind(), reason, again,
            shortfalls);
        for (Taking taking : again) {
          takings.add(index, taking);
          postings.add(index, Map.entry(taking.key, taking.reversal));
        }
        shortfalls.sort(Comparator.comparingInt(shortfall -> itemIndex(order, shortfall)));
      };
      // The bookkeeping waits until every reversal is posted, so that an interrupted refund
      // changes nothing that its retry, or another refund, would plan from.
      Operation planned = new Operation(key, refund, postings, List.of(), (transactions, told) -> {
        Map<String, Money> reversed = new TreeMap<>();
        for (Taking taking : takings) {
          Item item = taking.item;
          Money taken = taking.reversal.amount().orElseThrow();
          item.reversed += taken.minorUnits();
          reversed.merge(item.affiliateId, taken, Money::plus);
          told.add(new ProgramEvent.CommissionReversed(key, item.affiliateId, refund.orderId(),
              item.key, taken, refund.kind(), reason));
        }
        order.refunded = refunded;
        order.fullyRefunded = full;
        return new RefundOutcome(refund, amount, reversed, transactions, shortfalls);
      }, replan);
      return (RefundOutcome) finish(scope, planned, events);
    });
  }

  /** {@return the index among the order's items of the shortfall's item} */
  private static int itemIndex(Order order, RefundOutcome.Shortfall shortfall) {
    for (int i = 0; i < order.items.size(); i++) {
      if (order.items.get(i).key.equals(shortfall.itemKey())) {
        return i;
      }
    }
    throw new IllegalStateException("bug: shortfall of another order's item");
  }

  /**
   * Plans the reversal of a refund's share of an item: {@code share}, what brings the item's loss
   * up to the formula's for the order's refunds so far, or what the ledger has left of the item
   * if that is less; nothing if nothing is left. A shortfall names the refund's {@code own} share
   * when the ledger holds less than that. Checks that the key is free or holds this reversal,
   * which the ledger then returns.
   */
  private void planReversal(String key, Item item, Money share, Money own, ReversalKind kind,
      String reason, List<Taking> takings, List<RefundOutcome.Shortfall> shortfalls) {
    String reversalKey = Keys.onItem(key, item.key);
    Optional<Transaction> recorded = ledger.transaction(reversalKey);
    if (recorded.isPresent()) {
      // Posted already, by a program over the same ledger: what it took then stands.
      if (recorded.get().posting() instanceof Reversal posted && posted.itemKey().equals(item.key)
          && posted.kind() == kind && posted.reason().equals(reason)
          && posted.amount().isPresent() && !posted.amount().get().isGreaterThan(share)) {
        takings.add(new Taking(item, reversalKey, posted, share, own));
        return;
      }
      throw new IdempotencyConflictException(reversalKey, recorded.get().posting(),
          Reversal.partial(item.key, share, kind, reason));
    }
    PendingItem standing = ledger.item(item.key).orElseThrow(
        () -> new IllegalStateException("order item is not in the ledger: " + quote(item.key)));
    Money outstanding = standing.outstanding();
    Money left = outstanding.isPositive() ? outstanding : Money.zero(share.currency());
    Money taken = left.isLessThan(share) ? left : share;
    if (taken.isPositive()) {
      takings.add(new Taking(item, reversalKey, Reversal.partial(item.key, taken, kind, reason),
          share, own));
    }
    // Short when the ledger held less than this refund's share and than what it meant to take:
    // an item that has lost more than the formula's already is not.
    if (left.isLessThan(own) && (left.isLessThan(share) || !left.isPositive())) {
      String why = left.isPositive() ? "item has only " + left + " left"
          : standing.status() == ItemStatus.VOIDED ? "item is voided" : "item is reversed in full";
      shortfalls.add(new RefundOutcome.Shortfall(item.affiliateId, item.key, own, taken, why));
    }
  }

  /**
   * Undoes a chargeback that the business won, under the key {@code
   * chargeback-won:<orderId>:<chargebackId>}: the order counts as refunded by what it was less the
   * chargeback, so it may be refunded or charged back again later, and every commission of the
   * order is given back what the refund formula no longer takes (see the class documentation).
   *
   * <p>That is what the chargeback took, which is reinstated in the ledger: back to pending while
   * the commission is held, and payable once released (see {@link Ledger#reinstate}). Refunds that
   * came between the chargeback and the win were rounded at a refunded total that counted the
   * chargeback, so a {@linkplain Reversal#correction correction} under the key {@code
   * <key>/<itemKey>/rounding} gives back, or a refund takes back, the minor unit or so that makes
   * up the difference. If corrections of earlier wins gave back part of what this chargeback took,
   * that part is taken back first, under {@code <key>/<itemKey>/ahead}, so that the reinstatement
   * never makes an item stand at more than it accrued. So, whatever the order of refunds,
   * chargebacks and wins, each commission keeps what the formula gives for what the order counts as
   * refunded.
   *
   * <p>What the host posted itself through {@link #ledger()} stays: a reversal made by hand is
   * not given back, and a chargeback the host reinstated by hand is not reinstated again (the win
   * then posts and tells nothing for it). If the host gave back by hand part of what the win
   * would give back (what the chargeback took, or the rounding of refunds), the ledger would
   * refuse it, so the win is refused with an {@link IllegalStateException} and changes nothing.
   *
   * <p>An item {@linkplain Ledger#voidItem voided} (for fraud) is given nothing back: neither
   * what the chargeback took nor any correction of rounding, so it keeps standing at nothing. Its
   * affiliate is then absent from {@link ChargebackWon#reinstated()} for it, with no transaction
   * and no event, just as a refund skips it (there listed in {@link RefundOutcome#shortfalls()}).
   *
   * <p>For example, after a chargeback took mia's released {@code USD 8.00} back from payable,
   * {@code chargebackWon("o1", "cb1", "dispute won: delivery confirmed")} makes the {@code USD
   * 8.00} payable again, and mia's statement counts it as reversed no more. On an order of {@code
   * USD 33.33} that earned mia {@code USD 3.33}, a chargeback of {@code USD 0.05} takes nothing
   * (0.004995 rounds to 0) and a refund of {@code USD 0.05} after it takes {@code USD 0.01}
   * (0.00999 for both); winning the chargeback gives the cent back, as the order now counts as
   * refunded by {@code USD 0.05} only.
   *
   * <p>Every posting is planned before the first is made. If the ledger fails in between, the win
   * stays unfinished: its retry makes the rest of the postings as planned (planned anew from the
   * ledger, it would take back what the first attempt reinstated), and meanwhile the order takes
   * no refund, chargeback or other win. An item that the host voids through the ledger after the
   * plan, or whose chargeback it reinstates by hand, before the win's postings of it are made,
   * counts as if the host had posted first: the item is given nothing more back, or the win counts
   * the reinstatement as the host's, when the win was to reinstate the chargeback itself. Other
   * postings of the host on the order's items while the win posts are not so counted: a reversal
   * or a correction by hand can make a planned posting one the ledger refuses (with its {@link
   * dev.affiliatekit.ledger.AlreadyResolvedException}, {@link
   * dev.affiliatekit.ledger.ExcessAmountException} or another {@link IllegalStateException} or
   * {@link IllegalArgumentException}), then at every retry, so that the order takes nothing more;
   * and a reinstatement by hand of a chargeback that the win gives back by a correction, as for
   * an item the host had reversed by hand before, is given back twice. So the host makes such
   * postings between the program's operations on the order.
   *
   * @param orderId the order
   * @param chargebackId the id given to {@link Refund#chargeback} for the chargeback
   * @param reason why, one line of text
   * @return the outcome; a retry returns the first outcome
   * @throws IllegalArgumentException if an id or the reason is not valid, or the order has no
   *     such chargeback
   * @throws IdempotencyConflictException if the key was used with another reason, or the ledger
   *     holds another posting under the key of one of the win's postings
   * @throws IllegalStateException if the order was recorded before the program was built or by
   *     another program since, or the ledger holds commissions of it that this program did not
   *     post (see the class documentation), or the host gave back through the ledger part of what
   *     the win would give back
   * @throws UnfinishedOperationException if a refund, chargeback or another win of the order is
   *     unfinished
   * @throws ArithmeticException if the win's postings could take a balance or a total of the
   *     ledger, or the running total of an item's reversals, beyond a {@code long}; nothing is
   *     posted
   */
  @CanIgnoreReturnValue
  public ChargebackWon chargebackWon(String orderId, String chargebackId, String reason) {
    Ids.checkId(orderId, "orderId");
    Ids.checkId(chargebackId, "chargebackId");
    Refund.checkReason("chargeback", reason);
    String key = Keys.of("chargeback-won", orderId, chargebackId);
    WinRequest request = new WinRequest(orderId, chargebackId, reason);
    return once(key, request, ChargebackWon.class, request::conflict, events -> {
      Scope scope = Scope.order(orderId);
      Optional<Object> resumed = resume(scope, key, request, request::conflict, events);
      if (resumed.isPresent()) {
        return (ChargebackWon) resumed.get();
      }
      Order order = orders.get(orderId);
      if (order == null) {
          checkNotRecordedElsewhere(orderId);
      } else {
        checkNoCommissionsOfOthers(orderId, order);
      }
      Recorded chargeback =
          recorded.get(Refund.key(ReversalKind.CHARGEBACK, orderId, chargebackId));
      if (order == null || chargeback == null
          || !(chargeback.outcome instanceof RefundOutcome lost)) {
        throw new IllegalArgumentException("order " + quote(orderId)
            + " has no chargeback with id: " + quote(chargebackId));
      }
      String line = oneLine(reason);
      Money refundedAfter = order.refunded.minus(lost.refunded());
      String rounding = oneLine("rounding of refunds: order " + Ids.quote(orderId)
          + " counts as refunded by " + refundedAfter + " after chargeback "
          + Ids.quote(chargebackId) + " was won");
      Map<String, Transaction> taken = new HashMap<>();
      for (Transaction reversal : lost.transactions()) {
        taken.put(((Reversal) reversal.posting()).itemKey(), reversal);
      }
      // Every posting is planned against the ledger's figures before the first is made.
      List<Map.Entry<String, Posting>> postings = new ArrayList<>();
      List<WinStep> steps = new ArrayList<>();
      List<WinPlan> plans = new ArrayList<>();
      for (int i = 0; i < order.items.size(); i++) {
        Item item = order.items.get(i);
        long target = refundedAfter.isZero() ? 0 : share(item.accrued.minorUnits(),
            refundedAfter.minorUnits(), order.total.minorUnits());
        plans.add(planWin(key, i, item, taken.get(item.key), target, line, rounding, postings,
            steps));
      }
      // As for refunds: a key that the host holds for another posting refuses the whole win.
      for (Map.Entry<String, Posting> posting : postings) {
        Optional<Transaction> recorded = ledger.transaction(posting.getKey());
        if (recorded.isPresent() && !recorded.get().posting().equals(posting.getValue())) {
          throw new IdempotencyConflictException(posting.getKey(), recorded.get().posting(),
              posting.getValue());
        }
      }
      Headroom.check(ledger, postings, "chargeback win " + quote(key));
      // A retry of an interrupted win posts this plan: planned again from the ledger, it would
      // take back, as ahead, what the first attempt reinstated.
      // What the host posts through the ledger on an item after the plan, voiding it or
      // reinstating the chargeback by hand, counts as if the host had posted it first.
      Replan replan = (index, refusal) -> {
        WinStep step = steps.get(index);
        Item item = order.items.get(step.item());
        WinPlan plan = plans.get(step.item());
        PendingItem now = ledger.item(item.key).orElseThrow(() -> refusal);
        if (now.status() == ItemStatus.VOIDED) {
          // Given nothing more back: it keeps what the win's postings made of it so far.
          long posted = 0;
          for (int i = 0; i < index; i++) {
            posted += steps.get(i).item() == step.item() ? steps.get(i).lost() : 0;
          }
          plans.set(step.item(), new WinPlan(plan.lostBefore(), plan.lostBefore() + posted,
              plan.givenByHost()));
          for (int i = steps.size() - 1; i >= index; i--) {
            if (steps.get(i).item() == step.item()) {
              steps.remove(i);
              postings.remove(i);
            }
          }
        } else if (step.reversalKey() != null
            && ledger.reinstatement(step.reversalKey()).isPresent()) {
          // The item stands as the win's reinstatement would have left it.
          steps.remove(index);
          postings.remove(index);
          plans.set(step.item(), new WinPlan(plan.lostBefore(), plan.lostAfter(),
              plan.givenByHost() - step.lost()));
        } else {
          throw refusal;
        }
      };
      Operation planned = new Operation(key, request, postings, List.of(), (transactions, told) -> {
        Map<String, Money> reinstated = new TreeMap<>();
        for (int i = 0; i < plans.size(); i++) {
          Item item = order.items.get(i);
          WinPlan plan = plans.get(i);
          item.reversed = plan.lostAfter();
          Money givenBack = Money.ofMinor(plan.lostBefore() - plan.lostAfter()
              - plan.givenByHost(), item.accrued.currency());
          if (givenBack.isPositive()) {
            reinstated.merge(item.affiliateId, givenBack, Money::plus);
            told.add(new ProgramEvent.CommissionReinstated(key, item.affiliateId, orderId,
                item.key, givenBack, givenBackTo(transactions, key, item), line));
          } else if (givenBack.isNegative()) {
            told.add(new ProgramEvent.CommissionReversed(key, item.affiliateId, orderId,
                item.key, givenBack.negated(), ReversalKind.REFUND, rounding));
          }
        }
        order.refunded = refundedAfter;
        order.fullyRefunded = false;
        return new ChargebackWon(orderId, chargebackId, lost.refunded(), reinstated,
            transactions);
      }, replan);
      return (ChargebackWon) finish(scope, planned, events);
    });
  }

  /**
   * Plans the postings that bring what an item has lost to the program's refunds, chargebacks and
   * wins to {@code target} when a chargeback is won, and adds them to {@code postings}: what
   * corrections gave back of the chargeback's reversal taken back ahead, the reinstatement, and a
   * rounding correction or refund. What the host reversed or gave back itself through the ledger
   * stays as it is; a chargeback the host reinstated through the ledger is not reinstated again.
   * It takes back no more than the item stands at (less, only for an item voided in part). A
   * voided item is given nothing back: it plans nothing.
   *
   * @throws IllegalStateException if the host gave back through the ledger part of what the
   *     win would give back, so that the ledger would refuse it
   */
  private WinPlan planWin(String key, int index, Item item, @Nullable Transaction reversal,
      long target, String line, String rounding, List<Map.Entry<String, Posting>> postings,
      List<WinStep> steps) {
    PendingItem now = ledger.item(item.key).orElseThrow(
        () -> new IllegalStateException("ledger has no commission item: " + quote(item.key)));
    long before = item.reversed;
    if (now.status() == ItemStatus.VOIDED) {
      return new WinPlan(before, before, 0);
    }
    long lost = before;
    long givenByHost = 0;
    long available = now.outstanding().minorUnits();
    // What the ledger counts as lost, host postings included: it gives back no more than that.
    long ledgerLost = now.reversed().minus(now.reinstated()).minorUnits();
    CurrencyUnit currency = item.accrued.currency();
    String reinstatementKey = Keys.onItem(key, item.key);
    if (reversal != null) {
      long took = ((Reversal) reversal.posting()).amount().orElseThrow().minorUnits();
      if (reinstatedByHost(reversal.key(), now, took)) {
        // The host reinstated it through the ledger already: the win counts it as given back.
        lost -= took;
        givenByHost = took;
      } else {
        long ahead = Math.max(0, took - lost);
        if (ahead <= available) {
          checkGiveBack(took, ledgerLost + ahead, reversal.key(), item, currency);
          if (ahead > 0) {
            postings.add(Map.entry(Keys.onItem(key, item.key, "ahead"), Reversal.partial(
                item.key, Money.ofMinor(ahead, currency), ReversalKind.REFUND, rounding)));
            steps.add(new WinStep(index, ahead, null));
          }
          postings.add(Map.entry(reinstatementKey, new Reinstatement(reversal.key(), line)));
          steps.add(new WinStep(index, -took, reversal.key()));
          lost += ahead - took;
          ledgerLost += ahead - took;
          available += took - ahead;
        }
      }
    }
    String roundingKey = Keys.onItem(key, item.key, "rounding");
    if (lost > target) {
      checkGiveBack(lost - target, ledgerLost, null, item, currency);
      postings.add(Map.entry(roundingKey,
          Reversal.correction(item.key, Money.ofMinor(lost - target, currency), rounding)));
      steps.add(new WinStep(index, target - lost, null));
      lost = target;
    } else if (lost < target && available > 0) {
      long take = Math.min(target - lost, available);
      postings.add(Map.entry(roundingKey, Reversal.partial(item.key,
          Money.ofMinor(take, currency), ReversalKind.REFUND, rounding)));
      steps.add(new WinStep(index, take, null));
      lost += take;
    }
    return new WinPlan(before, lost, givenByHost);
  }

  /**
   * Returns where a won chargeback gave back to an item: the account of the affiliate's entry in
   * the reinstatement, or else in the rounding given back, pending while the item was held and
   * payable once a release had passed it. Read from the postings themselves, as a retry finishes
   * after a release may have passed the item since they were posted.
   */
  private static AccountKind givenBackTo(List<Transaction> transactions, String key, Item item) {
    for (String postingKey : List.of(Keys.onItem(key, item.key),
        Keys.onItem(key, item.key, "rounding"))) {
      for (Transaction transaction : transactions) {
        if (!transaction.key().equals(postingKey)) {
          continue;
        }
        for (Entry entry : transaction.entries()) {
          AccountKind kind = entry.account().kind();
          if (entry.account().owner().equals(item.affiliateId)
              && (kind == AccountKind.PENDING || kind == AccountKind.PAYABLE)) {
            return kind;
          }
        }
      }
    }
    throw new IllegalStateException("bug: a win gave back to item " + quote(item.key)
        + " without a posting on it");
  }

  /**
   * Checks, before anything is posted, that the ledger will give back the amount: no more than the
   * item has lost net of what was given back, which hand postings of the host may have lowered.
   * The amount reinstates the chargeback of the given key, or without one gives back the rounding
   * of refunds.
   */
  private static void checkGiveBack(long amount, long ledgerLost, @Nullable String reversalKey,
      Item item, CurrencyUnit currency) {
    if (amount > ledgerLost) {
      // Built only when thrown: a chargeback win checks each amount it gives back to an item.
      String what = reversalKey == null ? "give back the rounding of refunds"
          : "reinstate chargeback " + quote(reversalKey);
      throw new IllegalStateException("chargeback win cannot " + what + ": item "
          + quote(item.key) + " has lost " + Money.ofMinor(ledgerLost, currency) + " net of what"
          + " the ledger gave back, less than the " + Money.ofMinor(amount, currency)
          + " to give back");
    }
  }

  /**
   * Returns whether a posting of the host, not the program, reinstated the chargeback's reversal:
   * the program wins a chargeback once, so a reinstatement there is the host's. The ledger is
   * asked only if the item has been given back at least what the reversal took.
   */
  private boolean reinstatedByHost(String reversalKey, PendingItem item, long took) {
    return item.reinstated().minorUnits() >= took
        && ledger.reinstatement(reversalKey).isPresent();
  }

  /**
   * What an item had lost to the program's reversals before a won chargeback, and after it, and
   * what of that the host had given back through the ledger by reinstating the chargeback.
   */
  private record WinPlan(long lostBefore, long lostAfter, long givenByHost) {}

  /**
   * What one posting of a win does: the index of its item among the order's, how it changes what
   * the item has lost, and, for a reinstatement, the key of the chargeback's reversal.
   */
  private record WinStep(int item, long lost, @Nullable String reversalKey) {}

  /** Returns {@code accrued × refunded / total}, rounded half-even; exact in 128 bits. */
  private static long share(long accrued, long refunded, long total) {
    BigInteger[] quotient = BigInteger.valueOf(accrued).multiply(BigInteger.valueOf(refunded))
        .divideAndRemainder(BigInteger.valueOf(total));
    long whole = quotient[0].longValueExact();
    int half = quotient[1].shiftLeft(1).compareTo(BigInteger.valueOf(total));
    return half > 0 || (half == 0 && (whole & 1) == 1) ? whole + 1 : whole;
  }


  /**
   * Releases every commission whose hold has ended by now, if there is any, under the key {@code
   * release:<instant>}, or {@code release:<instant>/<n>} for the n-th release at the same instant.
   *
   * <p>It asks the ledger first ({@link Ledger#earliestHoldEnd()}) and posts nothing if no hold
   * has ended: so calling it often, or again after a timeout, adds nothing to the journal, and a
   * second call at the same instant, after conversions whose hold ended at once (a hold period of
   * zero, or backdated orders), releases them under the next key. No commission is released twice:
   * the ledger releases each item once. If the ledger failed during the last call of this
   * method, and the store may have kept its release, the next call finishes that release
   * instead, as of its instant and under its key, tells its events and returns it; the call after
   * that releases what ended since. A release interrupted under a key of one's own is finished by
   * {@link #release(String)} with that key.
   *
   * <p>For example, a commission accrued at 10:00 UTC on 1 March with a 30-day hold is released by
   * the first call at or after 10:00 UTC on 31 March: a hold is elapsed time, 720 hours, so in a
   * zone that moves its clocks forward in between, such as New York, the hour there moves too,
   * from 05:00 on 1 March to 06:00 on 31 March.
   *
   * @return the ledger transaction, with two entries per released item; empty if no hold had ended
   * @throws IllegalArgumentException if the ledger refused the program's instant eight times in
   *     a row, as after its own: its clock lags the program's, or keeps stepping back between the
   *     program's reading and the ledger's (see {@link Builder#ledger})
   * @throws ArithmeticException if a balance, or the total of a kind of account, would go beyond
   *     what the ledger holds ({@link Ledger}), which only amounts near {@code Long.MAX_VALUE}
   *     minor units reach, such as a clawback beside a payout of nearly that; nothing is posted
   */
  @CanIgnoreReturnValue
  public Optional<Transaction> release() {
    List<ProgramEvent> events = new ArrayList<>();
    Transaction transaction;
    synchronized (lock) {
      Optional<Operation> interrupted = unfinished(Scope.RELEASES);
      if (interrupted.isPresent()) {
        transaction = (Transaction) finish(Scope.RELEASES, interrupted.get(), events);
      } else {
        Optional<Transaction> made = atClockInstant(Scope.RELEASES, () -> {
          Instant now = clock.instant();
          Optional<Instant> due = ledger.earliestHoldEnd();
          if (due.isEmpty() || due.get().isAfter(now)) {
            return Optional.<Transaction>empty();
          }
          // Keys up to the last one this program took at this instant are taken: start there.
          String first = "release:" + now;
          int n = now.equals(lastReleaseInstant) ? lastReleaseNumber : 1;
          String key = n == 1 ? first : first + "/" + n;
          while (ledger.transaction(key).isPresent()) {
            key = first + "/" + ++n;
          }
          Transaction posted = postRelease(Scope.RELEASES, key, now, events);
          lastReleaseInstant = now;
          lastReleaseNumber = n;
          return Optional.of(posted);
        });
        if (made.isEmpty()) {
          return Optional.empty();
        }
        transaction = made.get();
      }
    }
    return Optional.of(deliver(events, transaction));
  }

  /**
   * Releases every commission whose hold has ended by now, under the given key, even if none has:
   * the transaction then has no entries. A retry with the same key returns the first release,
   * whenever it is made, and tells its events if the ledger failed while posting it; one that the
   * store kept then is finished as of the first call's instant.
   *
   * <p>For example, a commission accrued at 10:00 UTC on 1 March with a 30-day hold (720 hours) is
   * released by a release at or after 10:00 UTC on 31 March.
   *
   * @param idempotencyKey the key; not of the form of a key the program derives for other
   *     operations ({@code order:...}, {@code refund:...}, {@code settle:...}, {@code enroll:...}
   *     and the others that {@link #preparePayout} names, but {@code release:...}), which could
   *     take one of their keys or share one with their events; the key of an earlier {@link
   *     #release()} retries that release
   * @return the ledger transaction, with two entries per released item
   * @throws IllegalArgumentException if the key is not valid, or has the form of a key derived
   *     for another kind of operation, or the ledger refused the program's instant eight times in a
   *     row, as after its own: its clock lags the program's, or keeps stepping back between the
   *     program's reading and the ledger's (see {@link Builder#ledger})
   * @throws IdempotencyConflictException if the key was used for another kind of posting
   * @throws ArithmeticException if a balance, or the total of a kind of account, would go beyond
   *     what the ledger holds ({@link Ledger}), which only amounts near {@code Long.MAX_VALUE}
   *     minor units reach, such as a clawback beside a payout of nearly that; nothing is posted
   */
  @CanIgnoreReturnValue
  public Transaction release(String idempotencyKey) {
    checkOwnKey(idempotencyKey, "idempotencyKey", Keys.NOT_RELEASE_KINDS);
    List<ProgramEvent> events = new ArrayList<>();
    Transaction transaction;
    synchronized (lock) {
      Scope scope = Scope.release(idempotencyKey);
      Optional<Operation> interrupted = unfinished(scope);
      if (interrupted.isEmpty()) {
        // The key of an interrupted release(), which waits under the releases' own scope.
        interrupted = unfinished(Scope.RELEASES)
            .filter(operation -> operation.key().equals(idempotencyKey));
        if (interrupted.isPresent()) {
          scope = Scope.RELEASES;
        }
      }
      if (interrupted.isPresent()) {
        transaction = (Transaction) finish(scope, interrupted.get(), events);
      } else {
        Optional<Transaction> replay = ledger.transaction(idempotencyKey);
        if (replay.isPresent() && replay.get().posting() instanceof Release) {
          return replay.get();
        }
        Scope own = scope;
        transaction = atClockInstant(own,
            () -> postRelease(own, idempotencyKey, clock.instant(), events));
      }
    }
    return deliver(events, transaction);
  }

  /**
   * Checks a key that the host chooses for a posting: a valid id that does not have the form of a
   * key the program derives, which it could take from a later conversion, refund or settlement.
   */
  private static void checkOwnKey(String key, String field, List<String> kinds) {
    Ids.checkId(key, field);
    if (Keys.isOfKind(key, kinds)) {
      // Built only when thrown: every release and payout batch checks its key here.
      throw new IllegalArgumentException(field + " must not start with the kind of a key the"
          + " program derives (" + String.join(", ", kinds) + ", then ':'): " + quote(key));
    }
  }

  /** Posts a release and adds an event per commission released; under the lock. */
  private Transaction postRelease(Scope scope, String key, Instant asOf,
      List<ProgramEvent> events) {
    Release release = new Release(asOf);
    return (Transaction) finish(scope, new Operation(key, release,
        List.of(Map.entry(key, release)), (transactions, told) -> {
          Transaction transaction = transactions.get(0);
          for (Entry entry : transaction.entries()) {
            if (entry.account().kind() == AccountKind.PAYABLE && entry.amount().isPositive()) {
              told.add(new ProgramEvent.CommissionReleased(key, entry.account().owner(),
                  entry.reference().orElse(""), entry.amount()));
            }
          }
          return transaction;
        }), events);
  }

  /**
   * Prepares a payout run now by the program's payout rules; the batch key is the idempotency
   * key.
   *
   * @param batchKey the key of the run, such as {@code payout-2026-04}; see {@link
   *     #preparePayout(String, PayoutRules)}
   * @return the batch; a retry returns the batch as first prepared
   * @throws IllegalArgumentException if the key is not valid, or has the form of a derived key,
   *     or the ledger refused the program's instant eight times in a row, as after its own: its
   *     clock lags the program's, or keeps stepping back between the program's reading and the
   *     ledger's (see {@link Builder#ledger})
   * @throws IllegalStateException if the program has no payout rules, or the key was used for
   *     another posting or for a run with other rules ({@link IdempotencyConflictException})
   * @throws CurrencyMismatchException if a minimum is in another unit of a currency code that the
   *     ledger keeps (see {@link Ledger})
   * @throws UnfinishedOperationException if the settlement or failure of the batch is unfinished
   * @throws ArithmeticException if a balance, or the total of a kind of account, would go beyond
   *     what the ledger holds ({@link Ledger}), which only amounts near {@code Long.MAX_VALUE}
   *     minor units reach, such as a clawback beside a payout of nearly that; nothing is posted
   */
  @CanIgnoreReturnValue
  public PayoutBatch preparePayout(String batchKey) {
    checkNotNull(batchKey, "batchKey");
    PayoutRules rules = payoutRules;
    if (rules == null) {
      throw new IllegalStateException(
          "payout rules must be set on the program to prepare " + quote(batchKey) + ": none");
    }
    return preparePayout(batchKey, rules);
  }

  /**
   * Prepares a payout run now: every payable balance the rules pay moves to payout clearing, one
   * line per affiliate and currency; balances below their minimum carry forward.
   *
   * <p>For example, with a minimum of {@code USD 50.00}, payable balances of {@code USD 61.20} and
   * {@code USD 18.00} make one line of {@code USD 61.20}.
   *
   * <p>The cut-off is the later of the clock's instant and the ledger's latest posting: a clock
   * that stepped back behind the journal (see {@link Ledger}) cuts off at that posting, as the
   * ledger stamps postings then, so the run still pays every balance posted before it. A host
   * posting made through {@link #ledger()} at the same time, stamped after that instant, or a
   * clock that steps back meanwhile, moves the cut-off to where the ledger stamps the run.
   *
   * @param batchKey the key of the run; not of the form of a key the program derives ({@code
   *     order:...}, {@code refund:...}, {@code chargeback:...}, {@code chargeback-won:...}, {@code
   *     release:...}, {@code settle:...}, {@code fail:...}, {@code enroll:...} or {@code
   *     touch:...}), which could take one of their keys or share one with their events
   * @param rules the minimums and eligible affiliates
   * @return the batch; a retry with the same rules, at any later time, returns the batch as first
   *     prepared, and tells it if the ledger failed while preparing it
   * @throws IllegalArgumentException if the key is not valid, or has the form of a derived key,
   *     or the ledger refused the program's instant eight times in a row, as after its own: its
   *     clock lags the program's, or keeps stepping back between the program's reading and the
   *     ledger's (see {@link Builder#ledger})
   * @throws IdempotencyConflictException if the key was used for another posting, or for a run
   *     with other rules
   * @throws CurrencyMismatchException if a minimum is in another unit of a currency code that the
   *     ledger keeps (see {@link Ledger})
   * @throws UnfinishedOperationException if the settlement or failure of the batch is unfinished
   * @throws ArithmeticException if a balance, or the total of a kind of account, would go beyond
   *     what the ledger holds ({@link Ledger}), which only amounts near {@code Long.MAX_VALUE}
   *     minor units reach, such as a clawback beside a payout of nearly that; nothing is posted
   */
  @CanIgnoreReturnValue
  public PayoutBatch preparePayout(String batchKey, PayoutRules rules) {
    checkOwnKey(batchKey, "batchKey", Keys.DERIVED_KINDS);
    checkNotNull(rules, "rules");
    List<ProgramEvent> events = new ArrayList<>();
    PayoutBatch batch;
    synchronized (lock) {
      Scope scope = Scope.batch(batchKey);
      Optional<Operation> interrupted = resumable(scope, batchKey);
      if (interrupted.isPresent()) {
        // The run is made as first planned, with its cut-off then, if its rules are the same.
        Posting planned = interrupted.get().postings().get(0).getValue();
        if (!(planned instanceof PayoutPreparation run && run.rules().equals(rules))) {
          throw new IdempotencyConflictException(batchKey, planned,
              new PayoutPreparation(cutOff(), rules));
        }
        batch = (PayoutBatch) finish(scope, interrupted.get(), events);
      } else {
        Optional<PayoutBatch> replay = ledger.batch(batchKey);
        if (replay.isPresent()) {
          // A retry comes at another time, so only its rules must match the run's.
          Posting recorded = ledger.transaction(batchKey).orElseThrow().posting();
          if (!(recorded instanceof PayoutPreparation run && run.rules().equals(rules))) {
            throw new IdempotencyConflictException(batchKey, recorded,
                new PayoutPreparation(cutOff(), rules));
          }
          return replay.get();
        }
        batch = atClockInstant(scope, () -> (PayoutBatch) finish(scope,
            preparation(batchKey, new PayoutPreparation(cutOff(), rules)), events));
      }
    }
    return deliver(events, batch);
  }

  /**
   * How many instants a release or a payout run tries while host postings or a clock that steps
   * back race it.
   */
  private static final int CLOCK_ATTEMPTS = 8;

  /** {@return a payout run's cut-off now: the later of the clock and the latest posting} */
  private Instant cutOff() {
    Instant now = clock.instant();
    Instant latest = ledger.lastTransaction().map(Transaction::postedAt).orElse(now);
    return latest.isAfter(now) ? latest : now;
  }

  /**
   * Makes an attempt that posts at an instant it reads from the clock, and makes it again while
   * the ledger refuses that instant, at most {@link #CLOCK_ATTEMPTS} times: between the program's
   * reading and the ledger's stamp, the clock may step back or a host posting through {@link
   * #ledger()} land, stamped later. A refusal that leaves the operation of the scope unfinished
   * (its posting may stand), a currency mismatch, which no instant changes, or the last refusal
   * is thrown. Under the lock.
   */
  private <T> T atClockInstant(Scope scope, Supplier<T> attempt) {
    for (int made = 1; ; made++) {
      try {
        return attempt.get();
      } catch (IllegalArgumentException refused) {
        if (refused instanceof CurrencyMismatchException || made == CLOCK_ATTEMPTS
            || unfinished(scope).isPresent()) {
          throw refused;
        }
      }
    }
  }

  /** The operation that prepares a payout run under the key, and tells it. */
  private Operation preparation(String batchKey, PayoutPreparation run) {
    return new Operation(batchKey, run, List.of(Map.entry(batchKey, run)), (transactions, told) -> {
      PayoutBatch prepared = ledger.batch(batchKey).orElseThrow();
      told.add(new ProgramEvent.PayoutPrepared(batchKey, prepared));
      return prepared;
    });
  }

  /**
   * Settles every line of a batch still in clearing, under the key {@code settle:<batchKey>}:
   * each moves to paid. A batch that pays nobody settles with a transaction without entries, and
   * can then no longer be failed.
   *
   * @param batchKey the batch
   * @return the ledger transaction; a retry returns it, and tells it if the ledger failed while
   *     posting it
   * @throws IllegalArgumentException if the batch is unknown
   * @throws IllegalStateException if none of the batch's lines is in clearing, or the batch pays
   *     nobody and was failed already
   * @throws IdempotencyConflictException if the key was used for another posting
   * @throws UnfinishedOperationException if the preparation or failure of the batch is unfinished
   * @throws ArithmeticException if a balance, or the total of a kind of account, would go beyond
   *     what the ledger holds ({@link Ledger}), which only amounts near {@code Long.MAX_VALUE}
   *     minor units reach, such as a clawback beside a payout of nearly that; nothing is posted
   */
  @CanIgnoreReturnValue
  public Transaction settlePayout(String batchKey) {
    Ids.checkId(batchKey, "batchKey");
    String key = Keys.fit("settle:" + batchKey);
    return postOnce(Scope.batch(batchKey), key, new PayoutSettlement(batchKey, Set.of()),
        settled -> new ProgramEvent.PayoutSettled(key, batchKey, settled));
  }

  /**
   * Fails every line of a batch still in clearing, under the key {@code fail:<batchKey>}: each
   * moves back to payable, for the next run. A batch that pays nobody fails with a transaction
   * without entries, and can then no longer be settled.
   *
   * @param batchKey the batch
   * @param reason why, one line of text
   * @return the ledger transaction; a retry with the same reason returns it, and tells it if the
   *     ledger failed while posting it
   * @throws IllegalArgumentException if the batch is unknown or the reason is not valid
   * @throws IllegalStateException if none of the batch's lines is in clearing, or the batch pays
   *     nobody and was settled already
   * @throws IdempotencyConflictException if the key was used for another posting, such as a
   *     failure with another reason
   * @throws UnfinishedOperationException if the preparation or settlement of the batch is
   *     unfinished
   * @throws ArithmeticException if a balance, or the total of a kind of account, would go beyond
   *     what the ledger holds ({@link Ledger}), which only amounts near {@code Long.MAX_VALUE}
   *     minor units reach, such as a clawback beside a payout of nearly that; nothing is posted
   */
  @CanIgnoreReturnValue
  public Transaction failPayout(String batchKey, String reason) {
    Ids.checkId(batchKey, "batchKey");
    checkNotNull(reason, "reason");
    String key = Keys.fit("fail:" + batchKey);
    return postOnce(Scope.batch(batchKey), key, new PayoutFailure(batchKey, Set.of(), reason),
        failed -> new ProgramEvent.PayoutFailed(key, batchKey, reason, failed));
  }

  /**
   * Makes a ledger posting of a payout batch under the lock and tells its event, unless the key is
   * in the journal already and the posting not unfinished: then the ledger returns the
   * transaction if the request is the same, and throws {@link IdempotencyConflictException} if it
   * is not, and nothing is told.
   */
  private Transaction postOnce(Scope scope, String key, Posting posting,
      Function<Transaction, ProgramEvent> event) {
    List<ProgramEvent> events = new ArrayList<>();
    Transaction transaction;
    synchronized (lock) {
      Optional<Operation> interrupted = resumable(scope, key);
      if (interrupted.isPresent()) {
        Posting planned = interrupted.get().postings().get(0).getValue();
        if (!planned.equals(posting)) {
          throw new IdempotencyConflictException(key, planned, posting);
        }
        transaction = (Transaction) finish(scope, interrupted.get(), events);
      } else if (ledger.transaction(key).isPresent()) {
        return ledger.post(key, posting);
      } else {
        transaction = (Transaction) finish(scope, new Operation(key, posting,
            List.of(Map.entry(key, posting)), (transactions, told) -> {
              told.add(event.apply(transactions.get(0)));
              return transactions.get(0);
            }), events);
      }
    }
    return deliver(events, transaction);
  }


  /**
   * Returns an affiliate's statement in a currency: accrued, reversed, the balances, and every
   * entry with its explanation, all read from one snapshot of the journal, so that they agree
   * even while other threads post.
   *
   * <p>Accrued counts accruals and manual adjustments; reversed counts reversals and voids, less
   * reinstated chargebacks; so {@code accrued - reversed} is always the sum of the balances (see
   * {@link AffiliateStatement}). Both are added up exactly; each must fit in a {@code long} count
   * of minor units, as every balance does, though over a long life of refunds they may not. This
   * reads the affiliate's entries ({@link Ledger#statement}); the balances are those of the
   * snapshot, which the ledger's {@link Ledger#balances(String, CurrencyUnit) balances} may have
   * passed by the time it returns.
   *
   * <p>It covers the affiliate's whole history, and builds a line with its explanation for each
   * entry, so its time and memory grow with the history: tens to hundreds of megabytes for a
   * creator with hundreds of thousands of entries. A view of a period, such as a month on a
   * creator's dashboard, reads that period's entries alone with {@link #statement(String,
   * CurrencyUnit, Instant, Instant)}.
   *
   * @param affiliateId the affiliate
   * @param currency the currency
   * @return the statement; all zero for an affiliate the ledger has not seen
   * @throws IllegalArgumentException if the id is not valid
   * @throws CurrencyMismatchException if the affiliate's entries are in another unit of the
   *     currency's code, such as a custom unit that overrides its scale, in which the statement
   *     would read zeros
   * @throws ArithmeticException if the accrued or the reversed total does not fit in a {@code
   *     long} count of minor units; the message names the affiliate, the figure, the currency and
   *     the total
   */
  public AffiliateStatement statement(String affiliateId, CurrencyUnit currency) {
    Ids.checkId(affiliateId, "affiliateId");
    checkNotNull(currency, "currency");
    Tally tally = new Tally(affiliateId, currency, null);
    tally.addAll(ledger.statement(affiliateId, Instant.MIN, Instant.MAX));
    return new AffiliateStatement(affiliateId, currency, tally.accrued(), tally.reversed(),
        tally.balances(), tally.lines);
  }

  /**
   * Returns an affiliate's statement of a period in a currency, such as a month on a creator's
   * dashboard: the balances that open and close it, what was accrued and reversed in it, and its
   * entries with their explanations (see {@link PeriodStatement}).
   *
   * <p>It reads the period's entries ({@link Ledger#statement(String, Instant, Instant)}) and the
   * balances before it ({@link Ledger#balances(String, CurrencyUnit, Instant)}), which the ledgers
   * of {@link Ledger#inMemory} and {@link Ledger#open} add up from the entries before the period
   * or, if fewer, from the balances now less the entries since: a statement of last month costs
   * the entries of last month and this one, not the affiliate's history. The closing balances are
   * the opening ones plus the period's entries, so the figures agree even while other threads
   * post: the ledger stamps transactions in journal order, with instants that never go back, so a
   * transaction posted meanwhile lies after the period's entries that were read, or before the
   * period and in its opening balances.
   *
   * @param affiliateId the affiliate
   * @param currency the currency
   * @param from the start of the period, inclusive
   * @param to the end of the period, exclusive unless it is {@link Instant#MAX}
   * @return the statement; all zero for an affiliate the ledger has not seen
   * @throws IllegalArgumentException if the id is not valid, or {@code to} is before {@code from}
   * @throws CurrencyMismatchException if the ledger keeps another unit of the currency's code,
   *     such as a custom unit that overrides its scale, in which the statement would read zeros
   * @throws ArithmeticException if the accrued or the reversed total, or a closing balance, does
   *     not fit in a {@code long} count of minor units; the message names the affiliate, the
   *     figure, the currency and the total
   */
  public PeriodStatement statement(String affiliateId, CurrencyUnit currency, Instant from,
      Instant to) {
    Ids.checkId(affiliateId, "affiliateId");
    checkNotNull(currency, "currency");
    checkNotNull(from, "from");
    checkNotNull(to, "to");
    checkArgument(!to.isBefore(from), "statement end must not precede its start, %s: %s", from,
        to);
    // The period's entries first: what is posted after this read is stamped at or after them, so
    // it lies after the period or before it, where the opening balances read below include it.
    List<StatementLine> period = ledger.statement(affiliateId, from, to);
    Balances opening;
    if (from.equals(Instant.MIN)) {
      // Nothing lies before; asked for the balances now, the ledger refuses another unit of the
      // code it keeps as it does for the balances before any other period.
      Balances unused = ledger.balances(affiliateId, currency);
      opening = new Balances(Money.zero(currency), Money.zero(currency), Money.zero(currency),
          Money.zero(currency));
    } else {
      opening = ledger.balances(affiliateId, currency, from.minusNanos(1));
    }
    Tally tally = new Tally(affiliateId, currency, opening);
    tally.addAll(period);
    return new PeriodStatement(affiliateId, currency, from, to, opening, tally.accrued(),
        tally.reversed(), tally.balances(), tally.lines);
  }

  /**
   * The figures of a statement added up from its ledger lines: accrued, reversed, the balances
   * from the opening ones, and a line with its explanation for each entry in the currency.
   */
  private static final class Tally {
    private final String affiliateId;
    private final CurrencyUnit currency;
    private final ExactSum accrued = new ExactSum();
    private final ExactSum reversed = new ExactSum();
    private final Map<AccountKind, ExactSum> balances = new EnumMap<>(AccountKind.class);
    final List<AffiliateStatement.Line> lines = new ArrayList<>();

    Tally(String affiliateId, CurrencyUnit currency, @Nullable Balances opening) {
      this.affiliateId = affiliateId;
      this.currency = currency;
      if (opening != null) {
        for (AccountKind kind : AccountKind.values()) {
          if (!kind.isBusiness()) {
            balances.computeIfAbsent(kind, unused -> new ExactSum())
                .add(opening.of(kind).minorUnits());
          }
        }
      }
    }

    void addAll(List<StatementLine> statement) {
      for (StatementLine line : statement) {
        Entry entry = line.entry();
        CurrencyUnit unit = entry.amount().currency();
        if (!unit.equals(currency)) {
          if (unit.code().equals(currency.code())) {
            throw new CurrencyMismatchException(unit, currency, "statement currency must be the "
                + unit.code() + " the ledger keeps, one unit per currency code: " + currency);
          }
          continue;
        }
        AccountKind kind = entry.account().kind();
        Posting posting = line.posting();
        long minor = entry.amount().minorUnits();
        balances.computeIfAbsent(kind, unused -> new ExactSum()).add(minor);
        String explanation;
        if (posting instanceof Accrual accrual) {
          accrued.add(minor);
          explanation = accrual.explanation();
        } else if (posting instanceof Adjustment adjustment) {
          accrued.add(minor);
          explanation = adjustment.reason();
        } else if (posting instanceof Voiding || posting instanceof Reinstatement
            || posting instanceof Reversal) {
          reversed.subtract(minor);
          explanation = posting.description();
        } else {
          // A payout entry names the affiliate's own line, not every line the posting moved.
          explanation = line.entryDescription();
        }
        lines.add(new AffiliateStatement.Line(line.sequence(), line.key(), line.postedAt(), kind,
            entry.amount(), explanation));
      }
    }

    Money accrued() {
      return accrued.toMoney("accrued", affiliateId, currency);
    }

    Money reversed() {
      return reversed.toMoney("reversed", affiliateId, currency);
    }

    Balances balances() {
      return new Balances(balance(AccountKind.PENDING), balance(AccountKind.PAYABLE),
          balance(AccountKind.PAYOUT_CLEARING), balance(AccountKind.PAID));
    }

    private Money balance(AccountKind kind) {
      ExactSum sum = balances.get(kind);
      return sum == null ? Money.zero(currency)
          : sum.toMoney(kind.toString().toLowerCase(Locale.ROOT) + " balance", affiliateId,
              currency);
    }
  }


  /**
   * A sum of minor units that stays exact beyond the range of {@code long}: in a {@code long} while
   * it fits, in a {@link BigInteger} from the first step that would overflow.
   */
  private static final class ExactSum {
    private long small;
    private @Nullable BigInteger big;

    void add(long value) {
      BigInteger sum = big;
      if (sum == null) {
        long next = small + value;
        if (((small ^ next) & (value ^ next)) >= 0) {
          small = next;
          return;
        }
        sum = BigInteger.valueOf(small);
      }
      big = sum.add(BigInteger.valueOf(value));
    }

    void subtract(long value) {
      BigInteger sum = big;
      if (sum == null) {
        long next = small - value;
        if (((small ^ value) & (small ^ next)) >= 0) {
          small = next;
          return;
        }
        sum = BigInteger.valueOf(small);
      }
      big = sum.subtract(BigInteger.valueOf(value));
    }

    Money toMoney(String figure, String affiliateId, CurrencyUnit currency) {
      BigInteger sum = big;
      if (sum == null) {
        return Money.ofMinor(small, currency);
      }
      if (sum.bitLength() >= Long.SIZE) {
        throw new ArithmeticException("statement " + figure + " of affiliate "
            + quote(affiliateId) + " in " + currency
            + " does not fit in a long count of minor units: " + currency + " "
            + new BigDecimal(sum, currency.scale()).toPlainString());
      }
      return Money.ofMinor(sum.longValue(), currency);
    }
  }

  /**
   * Returns the ledger transactions that posted what an event tells, in journal order: the
   * accrual of a commission (none for one of zero), the reversal of an item by a refund or
   * chargeback, what a won chargeback posted on an item (its reinstatement, the correction of
   * rounding under {@code <key>/<itemKey>/rounding}, and what it took back first under {@code
   * <key>/<itemKey>/ahead}), the release, the payout run, or the settlement or failure; none for
   * an enrollment, nor for a posting that has not happened or that the ledger no longer holds.
   *
   * <p>A host that orders events as the journal does, such as one that feeds a bookkeeping
   * system, sorts them by the {@link Transaction#sequence()} of the first; one that places what a
   * won chargeback gave back reads the entries. Keys longer than 256 characters are kept
   * shortened with a hash, which this finds. A won chargeback tells one event per item, of what
   * its postings on the item come to; postings that cancel out on an item, such as a cent given
   * back and taken back again by the rounding of refunds, tell none, so a host that books every
   * transaction reads them in {@link ChargebackWon#transactions()}.
   *
   * <p>For example, for the {@link ProgramEvent.CommissionReinstated} of mia's commission when
   * the business wins chargeback {@code cb-1} of order 1001, it returns the transaction under
   * {@code chargeback-won:1001:cb-1/order:1001/mia}.
   *
   * @param event an event this program told
   * @return the transactions, in journal order; empty if none
   */
  public List<Transaction> transactionsOf(ProgramEvent event) {
    checkNotNull(event, "event");
    List<String> keys;
    if (event instanceof ProgramEvent.CommissionAccrued accrued) {
      keys = List.of(accrued.itemKey());
    } else if (event instanceof ProgramEvent.CommissionReversed reversed) {
      keys = onItem(reversed.key(), reversed.itemKey());
    } else if (event instanceof ProgramEvent.CommissionReinstated reinstated) {
      keys = onItem(reinstated.key(), reinstated.itemKey());
    } else if (event instanceof ProgramEvent.CommissionReleased
        || event instanceof ProgramEvent.PayoutPrepared) {
      keys = List.of(event.key());
    } else if (event instanceof ProgramEvent.PayoutSettled settled) {
      return List.of(settled.transaction());
    } else if (event instanceof ProgramEvent.PayoutFailed failed) {
      return List.of(failed.transaction());
    } else {
      return List.of();
    }
    List<Transaction> found = new ArrayList<>(keys.size());
    for (String key : keys) {
      ledger.transaction(key).ifPresent(found::add);
    }
    found.sort(Comparator.comparingLong(Transaction::sequence));
    return List.copyOf(found);
  }

  /** {@return the keys an operation may post on an item under: itself, then its further parts} */
  private static List<String> onItem(String operationKey, String itemKey) {
    return List.of(Keys.onItem(operationKey, itemKey), Keys.onItem(operationKey, itemKey, "ahead"),
        Keys.onItem(operationKey, itemKey, "rounding"));
  }

  /** {@return the ledger, for queries and postings the program does not make} */
  public Ledger ledger() {
    return ledger;
  }

  /**
   * {@return the store of touches, for its size and for evicting by hand; see {@link
   * Builder#touchpointStore}}
   */
  public TouchpointStore touchpointStore() {
    return store;
  }

  /** {@return the attributor, for previews with {@link Attributor#evaluate(Conversion)}} */
  public Attributor attributor() {
    return attributor;
  }

  /**
   * Forgets a visitor, as a privacy law's right to erasure asks: the visitor's touches and their
   * links to customers, the results the attributor remembers for the visitor's orders ({@link
   * Attributor#forgetVisitor}), and the touch ids of the visitor's keyed touches and visits, so
   * that a retry of such a request records it again. The visitor's later conversions credit no
   * one by the forgotten touches. The outcomes kept for retries of the conversions that name the
   * visitor ({@link AttributionResult#namesVisitor}) are forgotten too: a retry of one is
   * refused. Of such a conversion the program keeps its key, and the customer and visitor it named
   * but for the one forgotten, so that forgetting its customer later finds its visitor.
   *
   * <p>What the program keeps of orders stays, as a shop keeps its books: the ledger's entries,
   * which name orders, affiliates and amounts, and each order's total and items, so that refunds
   * of orders credited before still take back what they paid. A host that saves events, outcomes
   * or statements erases the visitor from its own copies.
   *
   * <p>The call reads every outcome the program keeps and every order its attributor remembers
   * (see {@link Attributor#forgetVisitor}) while conversions, refunds and payouts go on: it takes
   * the program's lock only to forget what it found. Keyed touches wait while the visitor's
   * touches are forgotten, so that none is kept without its touch id, and while the program walks
   * every touch id it keeps to drop the visitor's: a pause that grows with the keyed touches of the
   * retention, all visitors' together. Both reads grow with what the program keeps, which is
   * every order it recorded (see the class documentation). A conversion recorded, or a touch
   * recorded without a key, while this runs may keep the visitor.
   *
   * @param visitorId the visitor's anonymous key
   * @throws IllegalArgumentException if the id is not a valid id (blank, too long, or with a
   *     control character)
   * @throws UnfinishedOperationException if a conversion that the ledger interrupted, and whose
   *     attribution names the visitor, is unfinished: finished after the erasure, it would keep
   *     its outcome. Retry it first; nothing is forgotten
   */
  public void forgetVisitor(String visitorId) {
    Ids.checkId(visitorId, "visitorId");
    checkNoUnfinishedConversion(result -> result.namesVisitor(visitorId));
    // Without the program's lock, so that conversions go on while the orders are read.
    attributor.forgetVisitor(visitorId);
    // Again once no keyed touch can be recorded: one recorded meanwhile goes with its id.
    touchKeys.forgetVisitors(() -> {
      store.forgetVisitor(visitorId);
      return Set.of(visitorId);
    });
    forgetOutcomes(Set.of(visitorId), null);
  }

  /**
   * Forgets a customer, as a privacy law's right to erasure asks: the touches of their devices
   * (the visitors of their conversions, those of them forgotten before included, and those the
   * host recorded signed in as them, see {@link TouchpointStore#touchpointsOfCustomer}), their
   * lifetime binding, the results the attributor remembers for their orders ({@link
   * Attributor#forgetCustomer}), the touch ids of those devices' keyed touches, and the customer's
   * first purchase, from which the plan's conditions count the months since it: their next order
   * is their first again, and binds them again. The outcomes kept for retries of the conversions
   * that name the customer or one of those devices are forgotten too: a retry of one is refused.
   * A conversion that named the customer by e-mail alone, as a guest checkout does, names no
   * customer id and is not found: forget its visitor with {@link #forgetVisitor}. What is kept of
   * orders stays, and the call reads while others go on, as {@link #forgetVisitor} says; a host
   * that saves bindings, events or outcomes erases the customer from its own copies.
   *
   * @param customerId the customer
   * @throws IllegalArgumentException if the id is not a valid id (blank, too long, or with a
   *     control character)
   * @throws UnfinishedOperationException if a conversion that the ledger interrupted, and whose
   *     attribution names the customer or one of their devices, is unfinished: finished after the
   *     erasure, it would bind them again and keep its outcome. Retry it first; nothing is
   *     forgotten
   */
  public void forgetCustomer(String customerId) {
    Ids.checkId(customerId, "customerId");
    Set<String> devices = new HashSet<>();
    for (Touchpoint touch : store.touchpointsOfCustomer(customerId)) {
      devices.add(touch.visitorId());
    }
    // Without the program's lock, so that conversions go on while the orders are read; the
    // visitors of orders forgotten before are kept for this.
    recorded.forEach((key, kept) -> {
      if (kept.request() instanceof Conversion conversion
          && conversion.customerId().filter(customerId::equals).isPresent()) {
        conversion.visitorId().ifPresent(devices::add);
      } else if (kept.request() instanceof Forgotten forgotten
          && customerId.equals(forgotten.customerId()) && forgotten.visitorId() != null) {
        devices.add(forgotten.visitorId());
      }
    });
    checkNoUnfinishedConversion(result -> result.namesCustomer(customerId)
        || devices.stream().anyMatch(result::namesVisitor));
    Set<String> forgotten = new HashSet<>(devices);
    forgotten.addAll(attributor.forgetCustomer(customerId));
    // Every visitor whose touches go loses its touch ids with them, once no keyed touch can be
    // recorded, including a device seen signed in as the customer since the reads above.
    touchKeys.forgetVisitors(() -> {
      for (Touchpoint touch : store.touchpointsOfCustomer(customerId)) {
        forgotten.add(touch.visitorId());
      }
      store.forgetCustomer(customerId);
      forgotten.forEach(store::forgetVisitor);
      return forgotten;
    });
    synchronized (lock) {
      firstPurchases.remove(customerId);
    }
    forgetOutcomes(forgotten, customerId);
  }

  /**
   * Refuses an erasure while a conversion that names whom it forgets is unfinished: finished
   * after it, the conversion would bind the customer again and keep its outcome. Under the lock.
   *
   * @throws UnfinishedOperationException naming the order of the unfinished conversion
   */
  private void checkNoUnfinishedConversion(Predicate<AttributionResult> names) {
    synchronized (lock) {
      if (unfinished.isEmpty()) {
        return;
      }
      List<Scope> scopes = new ArrayList<>(unfinished.keySet());
      scopes.sort(Comparator.comparing(Scope::subject).thenComparing(Scope::id));
      for (Scope scope : scopes) {
        Operation operation = unfinished.get(scope);
        if (operation != null && operation.attribution() != null
            && names.test(operation.attribution()) && unfinished(scope).isPresent()) {
          throw new UnfinishedOperationException(scope.subject(), scope.id(), operation.key());
        }
      }
    }
  }

  /**
   * Forgets the requests and outcomes of the conversions whose attribution names one of the
   * visitors or the customer, and keeps under their keys what is left of whom they named, so that
   * a retry of one is refused as such and a later erasure finds the visitors of a customer's
   * orders; scrubs the visitors and the customer from what earlier erasures left. Reads them
   * without the lock, and takes it only to forget them.
   */
  private void forgetOutcomes(Set<String> visitors, @Nullable String customerId) {
    Map<String, Recorded> found = new HashMap<>();
    recorded.forEach((key, kept) -> {
      if (kept.outcome() instanceof ConversionOutcome outcome
          && ((customerId != null && outcome.attribution().namesCustomer(customerId))
              || visitors.stream().anyMatch(outcome.attribution()::namesVisitor))) {
        found.put(key, kept);
      } else if (kept.request() instanceof Forgotten forgotten
          && ((forgotten.visitorId() != null && visitors.contains(forgotten.visitorId()))
              || (customerId != null && customerId.equals(forgotten.customerId())))) {
        found.put(key, kept);
      }
    });
    synchronized (lock) {
      // Of what is kept now: another erasure may have left a tombstone meanwhile.
      for (String key : found.keySet()) {
        Recorded kept = Objects.requireNonNull(recorded.get(key));
        @Nullable String visitor;
        @Nullable String customer;
        if (kept.request() instanceof Conversion conversion) {
          visitor = conversion.visitorId().orElse(null);
          customer = conversion.customerId().orElse(null);
        } else {
          Forgotten forgotten = (Forgotten) kept.request();
          visitor = forgotten.visitorId();
          customer = forgotten.customerId();
        }
        Forgotten left = new Forgotten(visitor == null || visitors.contains(visitor) ? null
            : visitor, customer == null || customer.equals(customerId) ? null : customer);
        recorded.put(key, new Recorded(left, FORGOTTEN_OUTCOME));
      }
    }
  }

  /** {@return the commission plan} */
  public CommissionPlan plan() {
    return plan;
  }

  /** {@return how long commissions are held before they may be paid} */
  public Duration holdPeriod() {
    return holdPeriod;
  }

  /** {@return the payout rules of {@link #preparePayout(String)}, if the program has them} */
  public Optional<PayoutRules> payoutRules() {
    return Optional.ofNullable(payoutRules);
  }


  /**
   * Adds a listener, which hears every event from now on; a listener subscribed already, or one
   * {@linkplain Object#equals equal} to it, stays subscribed once, and hears each event once.
   *
   * @param listener the listener
   */
  public void subscribe(ProgramListener listener) {
    listeners.addIfAbsent(checkNotNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was subscribed
   */
  @CanIgnoreReturnValue
  public boolean unsubscribe(ProgramListener listener) {
    return listeners.remove(checkNotNull(listener, "listener"));
  }

  /**
   * Delivers an operation's events to every listener, each event to all of them in turn, then
   * rethrows the first exception or error a listener threw, with the others suppressed; a checked
   * exception, which a listener can throw only undeclared, in an {@link
   * UndeclaredThrowableException}. An operation that a listener calls on this thread queues its
   * events behind those being delivered, so that one thread's events keep the order of its calls.
   */
  private <T> T deliver(List<ProgramEvent> events, T outcome) {
    ArrayDeque<ProgramEvent> queue = delivering.get();
    if (queue != null) {
      queue.addAll(events);
      return outcome;
    }
    queue = new ArrayDeque<>(events);
    delivering.set(queue);
    Throwable failure = null;
    try {
      for (ProgramEvent event; (event = queue.poll()) != null; ) {
        for (ProgramListener listener : listeners) {
          try {
            listener.on(event);
          } catch (Throwable e) {
            if (failure == null) {
              failure = e;
            } else if (failure != e) {
              failure.addSuppressed(e);
            }
          }
        }
      }
    } finally {
      delivering.remove();
    }
    if (failure instanceof RuntimeException exception) {
      throw exception;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      // A checked exception that a listener's language let it throw undeclared.
      throw new UndeclaredThrowableException(failure);
    }
    return outcome;
  }


  private Enrollment member(String affiliateId) {
    Ids.checkId(affiliateId, "affiliateId");
    return directory.member(affiliateId).orElseThrow(
        () -> new IllegalArgumentException("affiliate is not enrolled: " + quote(affiliateId)));
  }

  /**
   * Runs a keyed operation once, under the lock: a retry with an equal request returns the
   * recorded outcome and tells nothing, another request under the key throws, with the message
   * the conflict gives. The operation adds its events to the list it is given; they are delivered
   * after the lock is released.
   */
  private <T> T once(String key, Object request, Class<T> type, Conflict conflict,
      Function<List<ProgramEvent>, T> operation) {
    List<ProgramEvent> events = new ArrayList<>();
    T outcome;
    synchronized (lock) {
      Recorded previous = recorded.get(key);
      if (previous != null && previous.request() instanceof Forgotten) {
        throw new IllegalStateException("operation " + quote(key) + " was recorded, and a"
            + " visitor or customer it named was forgotten since: its outcome is not kept");
      }
      if (previous != null) {
        if (!previous.request.equals(request) || !type.isInstance(previous.outcome)) {
          throw new IdempotencyConflictException(key, conflict.message(previous.request, true));
        }
        return type.cast(previous.outcome);
      }
      outcome = operation.apply(events);
      recorded.put(key, new Recorded(request, outcome));
    }
    return deliver(events, outcome);
  }

  /**
   * Returns the unfinished operation of a scope if the ledger holds any of its postings; forgets
   * one of which it holds none, which is then as if it had never been called. Under the lock.
   */
  private Optional<Operation> unfinished(Scope scope) {
    Operation operation = unfinished.get(scope);
    if (operation == null) {
      return Optional.empty();
    }
    if (!posted(operation)) {
      unfinished.remove(scope);
      return Optional.empty();
    }
    return Optional.of(operation);
  }

  /**
   * Returns the unfinished operation of a scope, if it is the one under the key.
   *
   * @throws UnfinishedOperationException if another operation of the scope is unfinished
   */
  private Optional<Operation> resumable(Scope scope, String key) {
    Optional<Operation> operation = unfinished(scope);
    if (operation.isPresent() && !operation.get().key().equals(key)) {
      throw new UnfinishedOperationException(scope.subject(), scope.id(), operation.get().key());
    }
    return operation;
  }

  /**
   * Finishes the unfinished operation of a scope if it is the one under the key, and returns its
   * outcome; returns empty if the scope has no unfinished operation. Under the lock.
   *
   * @throws UnfinishedOperationException if another operation of the scope is unfinished
   * @throws IdempotencyConflictException if the operation under the key had another request, with
   *     the message the conflict gives
   */
  private Optional<Object> resume(Scope scope, String key, Object request, Conflict conflict,
      List<ProgramEvent> events) {
    Optional<Operation> operation = resumable(scope, key);
    if (operation.isEmpty()) {
      return Optional.empty();
    }
    if (!operation.get().request().equals(request)) {
      throw new IdempotencyConflictException(key,
          conflict.message(operation.get().request(), false));
    }
    return Optional.of(finish(scope, operation.get(), events));
  }

  /**
   * Makes an operation's planned postings and finishes it, under the lock: postings that the
   * ledger holds already, from an attempt it interrupted, replay as no-ops; then the operation
   * does its bookkeeping, adds its events and returns its outcome. If the ledger throws, the
   * operation stays the unfinished one of its scope if any of its postings may stand, so that a
   * retry makes the rest as planned.
   */
  private Object finish(Scope scope, Operation operation, List<ProgramEvent> events) {
    List<Transaction> transactions = new ArrayList<>();
    List<Map.Entry<String, Posting>> postings = operation.postings();
    Replan replan = operation.replan();
    try {
      String refused = "";
      int replanned = 0;
      for (int i = 0; i < postings.size(); i++) {
        Map.Entry<String, Posting> posting = postings.get(i);
        try {
          transactions.add(ledger.post(posting.getKey(), posting.getValue()));
        } catch (AlreadyResolvedException | ExcessAmountException changed) {
          // The host changed the item through the ledger since the plan: plan it again, a few
          // times at most for one posting, as the host may go on changing its item.
          if (!posting.getKey().equals(refused)) {
            refused = posting.getKey();
            replanned = 0;
          }
          if (replan == null || replanned++ == MAX_REPLANS) {
            throw changed;
          }
          replan.replan(i, changed);
          i--;
        }
      }
    } catch (Throwable failure) {
      // Whatever the store threw, an Error included, it may have kept the posting first.
      if (transactions.isEmpty() && !mayHavePosted(operation, failure)) {
        unfinished.remove(scope);
      } else {
        unfinished.put(scope, operation);
      }
      throw failure;
    }
    unfinished.remove(scope);
    return operation.finish().apply(transactions, events);
  }

  /** Whether the ledger holds any of the operation's postings, or cannot say. */
  private boolean mayHavePosted(Operation operation, Throwable failure) {
    try {
      return posted(operation);
    } catch (Throwable unknown) {
      if (unknown != failure) {
        failure.addSuppressed(unknown);
      }
      return true;
    }
  }

  /** Whether the ledger holds any of the operation's postings under its key. */
  private boolean posted(Operation operation) {
    for (Map.Entry<String, Posting> posting : operation.postings()) {
      Optional<Transaction> recorded = ledger.transaction(posting.getKey());
      if (recorded.isPresent() && recorded.get().posting().equals(posting.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Makes free text one ledger line: control characters and line separators become spaces, and it
   * is cut to fit.
   */
  private static String oneLine(String text) {
    StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_TEXT));
    for (int i = 0; i < text.length() && line.length() < MAX_TEXT; i++) {
      char c = text.charAt(i);
      line.append(Texts.breaksLine(c) ? ' ' : c);
    }
    if (text.length() > MAX_TEXT) {
      // Cut between characters, not inside a surrogate pair such as an emoji's.
      line.setLength(Texts.cutBefore(line, MAX_TEXT - 3));
      line.append("...");
    }
    return line.toString();
  }

  /**
   * Returns an explanation as one line of at most {@value #MAX_TEXT} characters, as the ledger
   * keeps it: one that is longer keeps its start and its end, where its last steps and amount
   * are, with {@code " ... "} between.
   */
  private static String explanationLine(String text) {
    if (text.length() <= MAX_TEXT) {
      return oneLine(text);
    }
    // Cut between characters, not inside a surrogate pair such as an emoji's; each part is made
    // one line as the whole is, character for character.
    int head = Texts.cutBefore(text, MAX_TEXT / 2);
    int tail = text.length() - (MAX_TEXT - 5 - head);
    if (Character.isLowSurrogate(text.charAt(tail))) {
      tail++;
    }
    return oneLine(text.substring(0, head)) + " ... " + oneLine(text.substring(tail));
  }

  private record Recorded(Object request, Object outcome) {}

  /**
   * What is kept of the request of a conversion that named someone forgotten: whom else it named,
   * so that a later erasure of its customer finds its visitor.
   */
  private record Forgotten(@Nullable String visitorId, @Nullable String customerId) {}

  /** The outcome kept under the key of a conversion that named someone forgotten. */
  private static final Object FORGOTTEN_OUTCOME = new Object();

  /**
   * {@return the parts in which a conversion differs from the one recorded under its order's key}
   * Of line items, the message shows the first that differs, part by part.
   */
  private static Conflicts conflict(Conversion was, Conversion is) {
    Conflicts conflicts = new Conflicts()
        .part("total", was.total(), is.total())
        .part("instant", was.instant(), is.instant())
        .part("visitorId", was.visitorId(), is.visitorId())
        .part("customerId", was.customerId(), is.customerId())
        .personal("customerEmail", was.customerEmail(), is.customerEmail());
    List<LineItem> wasItems = was.lineItems();
    List<LineItem> isItems = is.lineItems();
    if (wasItems.size() != isItems.size()) {
      conflicts.part("number of lineItems", wasItems.size(), isItems.size());
    } else {
      for (int i = 0; i < wasItems.size(); i++) {
        LineItem wasItem = wasItems.get(i);
        LineItem isItem = isItems.get(i);
        if (!wasItem.equals(isItem)) {
          String item = "lineItems[" + i + "].";
          conflicts.part(item + "productId", wasItem.productId(), isItem.productId())
              .part(item + "category", wasItem.category(), isItem.category())
              .part(item + "quantity", wasItem.quantity(), isItem.quantity())
              .part(item + "amount", wasItem.amount(), isItem.amount());
          break;
        }
      }
    }
    return conflicts.part("discount", was.discount(), is.discount())
        .part("shipping", was.shipping(), is.shipping())
        .part("tax", was.tax(), is.tax())
        .part("couponCode", was.couponCode(), is.couponCode())
        .part("customerType", was.customerType(), is.customerType())
        .part("customerCountry", was.customerCountry(), is.customerCountry())
        .part("subscription", was.subscription(), is.subscription());
  }

  /** Says how a request differs from the one recorded under its key, which it is refused for. */
  @FunctionalInterface
  private interface Conflict {
    /**
     * {@return the message of the refusal, as {@link Conflicts#message} gives it}
     *
     * @param recorded the request recorded under the key, of the same class as the one refused
     * @param finished whether its operation is finished, else it waits for its retry
     */
    String message(Object recorded, boolean finished);
  }

  private record EnrollRequest(AffiliateIdentity identity, AffiliateProfile profile,
      List<LinkCode> codes) {

    /** {@return the message that refuses this request under the key of the recorded one} */
    String conflict(Object recorded, boolean finished) {
      EnrollRequest was = (EnrollRequest) recorded;
      AffiliateProfile wasProfile = was.profile();
      return new Conflicts()
          .part("codes", was.codes(), codes)
          .part("status", was.identity().status(), identity.status())
          .part("customerId", was.identity().customerId(), identity.customerId())
          .personal("email", was.identity().email(), identity.email())
          .part("parentId", wasProfile.parentId(), profile.parentId())
          .part("group", wasProfile.group(), profile.group())
          .part("tags", wasProfile.tags(), profile.tags())
          .part("platform", wasProfile.platform(), profile.platform())
          .part("followers", wasProfile.followers(), profile.followers())
          .part("country", wasProfile.country(), profile.country())
          .message("affiliate " + quote(profile.affiliateId()), "enrolled", finished);
    }
  }

  /** {@return a code as it arrived, generated or vanity, in its canonical form} */
  private static LinkCode codeOf(String text) {
    checkNotNull(text, "code");
    return LinkCode.tryParseTyped(text).orElseThrow(
        () -> new IllegalArgumentException("link code is not valid: " + quote(text)));
  }

  private record WinRequest(String orderId, String chargebackId, String reason) {

    /** {@return the message that refuses this request under the key of the recorded one} */
    String conflict(Object recorded, boolean finished) {
      return new Conflicts().part("reason", ((WinRequest) recorded).reason(), reason)
          .message("chargeback " + quote(chargebackId) + " of order " + quote(orderId), "won",
              finished);
    }
  }

  /**
   * What an unfinished operation holds, so that no other operation changes it until a retry
   * finishes that one: an order, a payout batch, or a release.
   */
  private record Scope(String subject, String id) {
    /** The releases under derived keys: {@link AffiliateProgram#release()} finishes one first. */
    static final Scope RELEASES = new Scope("releases", "");

    static Scope order(String orderId) {
      return new Scope("order", orderId);
    }

    static Scope batch(String batchKey) {
      return new Scope("payout batch", batchKey);
    }

    static Scope release(String key) {
      return new Scope("release", key);
    }
  }

  /**
   * An operation planned in full: its key, its request, the postings it makes in order, the
   * affiliates whose performance it counts when it finishes (those a conversion credits), and how
   * it finishes once the postings are all in the ledger. Kept as unfinished if the ledger fails
   * while it posts.
   */
  private record Operation(String key, Object request, List<Map.Entry<String, Posting>> postings,
      List<String> affiliates, Finish finish, @Nullable Replan replan,
      @Nullable AttributionResult attribution) {

    Operation(String key, Object request, List<Map.Entry<String, Posting>> postings,
        Finish finish) {
      this(key, request, postings, List.of(), finish, null, null);
    }

    Operation(String key, Object request, List<Map.Entry<String, Posting>> postings,
        List<String> affiliates, Finish finish, @Nullable Replan replan) {
      this(key, request, postings, affiliates, finish, replan, null);
    }
  }

  /**
   * How an operation plans one of its postings again when the ledger refuses it because the host
   * changed the item through {@link #ledger()} after the plan was made, as by voiding it.
   */
  @FunctionalInterface
  private interface Replan {
    /**
     * Plans the posting at the index again from the ledger's figures, replacing it in the
     * operation's postings, or removing it and others if nothing is left to post, with the
     * operation's own record of them.
     *
     * @param index the index of the refused posting
     * @param refusal what the ledger threw, thrown again if the change is not one to plan for
     */
    void replan(int index, RuntimeException refusal);
  }

  /** How an operation finishes once all its postings are in the ledger. */
  @FunctionalInterface
  private interface Finish {
    /**
     * Does the operation's bookkeeping, adds its events and returns its outcome.
     *
     * @param transactions the transactions of the postings, in order
     * @param events where to add the events
     * @return the outcome
     */
    Object apply(List<Transaction> transactions, List<ProgramEvent> events);
  }

  /** An accrual that recording a conversion will post, under its item key, for a quote. */
  private record Planned(int quote, String key, Accrual accrual) {}

  /**
   * A reversal of an item that a refund will post, under its key, with what the refund meant to
   * take and its own share of the item, to plan it again from.
   */
  private record Taking(Item item, String key, Reversal reversal, Money share, Money own) {}

  /**
   * An affiliate's performance key: its period, currency and period start. Comparable, so that a
   * {@link java.util.HashMap} keeps keys of colliding ids in a tree (see {@link
   * dev.affiliatekit.internal.HashKeys}).
   */
  private record PerformanceKey(String affiliateId, Period period, CurrencyUnit currency,
      Instant start) implements Comparable<PerformanceKey> {
    private static final Comparator<PerformanceKey> ORDER = Comparator
        .comparing(PerformanceKey::affiliateId).thenComparing(PerformanceKey::period)
        .thenComparing(PerformanceKey::currency).thenComparing(PerformanceKey::start);

    @Override
    public int compareTo(PerformanceKey other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * A tiered rule's figures key: the affiliate, period, currency, period start and rule.
   * Comparable, so that a {@link java.util.HashMap} keeps keys of colliding ids in a tree (see
   * {@link dev.affiliatekit.internal.HashKeys}).
   */
  private record TierKey(String affiliateId, Period period, CurrencyUnit currency, Instant start,
      String ruleId) implements Comparable<TierKey> {
    private static final Comparator<TierKey> ORDER = Comparator.comparing(TierKey::affiliateId)
        .thenComparing(TierKey::period).thenComparing(TierKey::currency)
        .thenComparing(TierKey::start).thenComparing(TierKey::ruleId);

    @Override
    public int compareTo(TierKey other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * A tiered rule's figures in a period: how many sales it counts, the sum of the credited bases
   * of those that no cap per conversion could hold and of the commissions of all with the
   * true-ups granted to them, in minor units; the sales a cap per conversion could hold, which
   * only plans with such caps keep; the tier at whose rate they are paid, counting from 1, or
   * 0 if not known yet; and whether some of the sales were credited with a share below 100%, whose
   * base, kept rounded, may not be the exact share (see {@link TierTrueUp#roundedShares()}).
   */
  private record TierFigures(long sales, long bases, long commissions, Chain<CappedSale> capped,
      int tier, boolean roundedShares) {
    static final TierFigures NONE = new TierFigures(0, 0, 0, Chain.empty(), 0, false);

    TierFigures plus(long moreSales, long moreBases, long moreCommissions, int newTier,
        boolean share) {
      return new TierFigures(Math.addExact(sales, moreSales), Math.addExact(bases, moreBases),
          Math.addExact(commissions, moreCommissions), capped, newTier, roundedShares || share);
    }

    TierFigures plus(CappedSale sale, int newTier, boolean share) {
      return new TierFigures(Math.addExact(sales, 1), bases,
          Math.addExact(commissions, sale.earned().minorUnits()), capped.plus(sale), newTier,
          roundedShares || share);
    }
  }

  /** A commission item of an order: how much was accrued and how much refunds took back. */
  private static final class Item {
    final String key;
    final String affiliateId;
    final Money accrued;
    long reversed;

    Item(String key, String affiliateId, Money accrued) {
      this.key = key;
      this.affiliateId = affiliateId;
      this.accrued = accrued;
    }
  }

  /** An order recorded: its total, what was refunded, and its commission items. */
  private static final class Order {
    final Money total;
    final List<Item> items;
    Money refunded;
    boolean fullyRefunded;

    Order(Money total, List<Item> items) {
      this.total = total;
      this.items = items;
      this.refunded = Money.zero(total.currency());
    }
  }

  /**
   * A builder of {@link AffiliateProgram}s; misuse throws {@link IllegalStateException}.
   *
   * <p>Unless a touchpoint store is given, the program records touches in an in-memory store that
   * evicts those too old to count for any conversion it accepts now, by its clock, window and
   * policy: see {@link #touchpointStore}.
   */
  public static final class Builder {
    // Made by each build unless given, as the store and ledger are, so programs do not share it.
    private @Nullable LinkRegistry registry;
    private @Nullable TouchpointStore store;
    private AttributionWindow window = AttributionWindow.standard();
    private AttributionModel model = AttributionModel.lastTouch();
    private AttributionPolicy policy = AttributionPolicy.defaults();
    private @Nullable CommissionPlan plan;
    private @Nullable Ledger ledger;
    private Duration holdPeriod = ProgramSettings.DEFAULT_HOLD_PERIOD;
    private @Nullable PayoutRules payoutRules;
    private Clock clock = Clock.systemUTC();
    private @Nullable RandomGenerator random;
    private VanityPolicy vanityPolicy = VanityPolicy.defaults();
    private TrackingLinkParser parser = TrackingLinkParser.defaults();
    private final List<ProgramListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Applies the settings of a program file: plan, window, model, policy, hold period and, if it
     * names any, payout minimums. Each replaces what was set before, and a later setter replaces
     * it in turn: {@code settings(s).policy(p)} attributes by {@code p}, and {@code
     * policy(p).settings(s)} by the policy of {@code s}.
     *
     * @param settings the settings
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder settings(ProgramSettings settings) {
      checkNotNull(settings, "settings");
      this.plan = settings.plan();
      this.window = settings.window();
      this.model = settings.model();
      this.policy = settings.policy();
      this.holdPeriod = settings.holdPeriod();
      settings.payoutRules().ifPresent(rules -> this.payoutRules = rules);
      return this;
    }

    /**
     * Sets the commission plan; required.
     *
     * @param value the plan
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder plan(CommissionPlan value) {
      this.plan = checkNotNull(value, "plan");
      return this;
    }

    /**
     * Sets the registry that holds the codes.
     *
     * <p>{@link AffiliateProgram#enroll} claims an affiliate's codes with {@link
     * LinkRegistry#claimAll}, all or none: a registry of one's own whose retired codes stop
     * resolving, or in which others claim codes at the same time, must override that method as
     * its documentation says.
     *
     * <p>Programs that share a registry share its codes: a code that one of them claimed credits
     * its owner in every program where that affiliate is enrolled, though only the program that
     * claimed it lists it in the {@linkplain Enrollment#codes() enrollment}. Tenants whose codes
     * must credit only in their own program each need a registry of their own.
     *
     * @param value the registry; by default, a new in-memory one for each program built
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder linkRegistry(LinkRegistry value) {
      this.registry = checkNotNull(value, "linkRegistry");
      return this;
    }

    /**
     * Sets where touches are recorded.
     *
     * <p>By default the program records them in a new {@linkplain TouchpointStore#inMemory(Clock,
     * Duration) in-memory store that evicts} the touches that no conversion the program accepts now
     * can count: those older, by the program's clock, than the window's longest lookback (or its
     * limit on the time since the first referral, if longer) plus the policy's {@linkplain
     * AttributionPolicy#maxClockSkew() clock skew}. With the standard window and the default policy
     * that is 30 days and 5 minutes. A conversion recorded later than the skew after its instant
     * may therefore find the oldest touches of its window gone; a host that records conversions
     * late gives a store that keeps touches longer. (A skew of more than {@link
     * AttributionWindow#MAX_LOOKBACK} keeps every touch.) Any other conversion's credits never
     * depend on when the store evicts, but its result's explanation lists only the touches the
     * store still holds: a touch older than the window is listed, as {@link
     * dev.affiliatekit.attribution.ExclusionReason#OUTSIDE_WINDOW}, until the store evicts it,
     * which it may do at any time once the touch is older than the retention (see {@link
     * dev.affiliatekit.attribution.NoCredit}). A store given here is used as it is: the program
     * never evicts from it.
     *
     * <p>The default store evicts when a part of it has doubled since it last did, so its memory
     * follows the touches recorded, not only those of the last month: after a spike, such as a
     * campaign's three million clicks in a day followed by two thousand a day, the spike's touches
     * stay until as many again come, which may take years. A host that expects such spikes calls
     * {@code touchpointStore().evictBefore(cutoff)} now and then, with the program's clock less
     * that retention as the cutoff.
     *
     * <p>Programs that share a store share its touches: a conversion that one of them records is
     * credited by the visitor's touches that any of them recorded, whichever program issued their
     * codes, as attribution reads the touches as stored, provided the touch's affiliate is enrolled
     * in the program that records the conversion. Tenants whose touches must credit only in their
     * own program each need a store of their own.
     *
     * @param value the store; by default a new in-memory one that evicts as described
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder touchpointStore(TouchpointStore value) {
      this.store = checkNotNull(value, "touchpointStore");
      return this;
    }

    /**
     * Sets which touches count, and for how long.
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
     * Sets how the credit is divided among touches.
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
     * Sets the attribution rules: coupons, lifetime binding, self-referral and the like.
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
     * Sets the ledger. A ledger of one's own should stamp postings with the program's clock, or
     * one that is never behind it: a release or a payout run takes the program's instant, which a
     * ledger whose clock lags refuses as after its own (the program reads the clock again a few
     * times, for a clock that steps back, then throws the ledger's {@link
     * IllegalArgumentException}). It should also answer {@link Ledger#itemsOfOrder} with a
     * lookup: the program asks it for every conversion, refund and won chargeback, and its
     * default reads the whole journal, so that recording orders becomes quadratic.
     *
     * @param value the ledger; a new in-memory one on the program's clock by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder ledger(Ledger value) {
      this.ledger = checkNotNull(value, "ledger");
      return this;
    }

    /**
     * Sets how long a commission is held before it may be paid: the refund window, in elapsed time
     * from the instant of the sale ({@code P30D} is 720 hours, whatever the clocks of the plan's
     * zone do meanwhile). A hold whose end lies beyond {@link Instant#MAX}, such as {@code
     * PT2562047788015215H}, lasts until {@link Instant#MAX}: for ever, in effect.
     *
     * @param value not negative; 30 days by default
     * @return this builder
     * @throws IllegalArgumentException if the value is negative
     */
    @CanIgnoreReturnValue
    public Builder holdPeriod(Duration value) {
      checkNotNull(value, "holdPeriod");
      checkArgument(!value.isNegative(), "hold period must not be negative: %s", value);
      this.holdPeriod = value;
      return this;
    }

    /**
     * Sets the rules of {@link AffiliateProgram#preparePayout(String)}.
     *
     * @param value the minimums per currency and eligible affiliates; none by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder payoutRules(PayoutRules value) {
      this.payoutRules = checkNotNull(value, "payoutRules");
      return this;
    }

    /**
     * Sets the clock that stamps touches and postings and ends holds.
     *
     * <p>A clock that jumps ahead, even for a moment, is taken at its word: postings made
     * meanwhile are stamped at the later instant, so that balances as of the real time leave them
     * out; a release releases the holds that end before it; and the program's touchpoint store,
     * which evicts by the clock, may drop touches that still count, for good (see {@link
     * TouchpointStore#inMemory(Clock, Duration)}). A clock that steps back is handled as the
     * methods that read it say. Give the program a clock that does not run ahead of the time.
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
     * Sets where generated codes get their randomness; seed it for reproducible codes in tests.
     *
     * @param value the generator; a {@code SecureRandom} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder random(RandomGenerator value) {
      this.random = checkNotNull(value, "random");
      return this;
    }

    /**
     * Sets which vanity codes affiliates may choose.
     *
     * @param value the policy; {@link VanityPolicy#defaults()} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder vanityPolicy(VanityPolicy value) {
      this.vanityPolicy = checkNotNull(value, "vanityPolicy");
      return this;
    }

    /**
     * Sets how {@link AffiliateProgram#recordVisit} reads codes from URLs. {@link
     * Enrollment#trackingLink} writes links that the default parser reads; with a parser that
     * reads other parameters or paths, or no vanity codes, build the program's links with {@link
     * dev.affiliatekit.link.TrackingLinks} to match it. The parser does not limit the codes an
     * affiliate may enroll: a vanity code that it does not read in links still counts in {@link
     * AffiliateProgram#recordClick} and as a coupon.
     *
     * @param value the parser; {@link TrackingLinkParser#defaults()} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder trackingLinkParser(TrackingLinkParser value) {
      this.parser = checkNotNull(value, "trackingLinkParser");
      return this;
    }

    /**
     * Adds a listener from the start; a listener added already, or one {@linkplain Object#equals
     * equal} to it, is kept once.
     *
     * @param value the listener
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder listener(ProgramListener value) {
      checkNotNull(value, "listener");
      if (!listeners.contains(value)) {
        listeners.add(value);
      }
      return this;
    }

    /**
     * Returns the program.
     *
     * @return the program
     * @throws IllegalStateException if no commission plan is set
     */
    public AffiliateProgram build() {
      CommissionPlan chosen = plan;
      if (chosen == null) {
        throw new IllegalStateException("program commission plan must be set: none");
      }
      return new AffiliateProgram(this, chosen);
    }
  }
}
