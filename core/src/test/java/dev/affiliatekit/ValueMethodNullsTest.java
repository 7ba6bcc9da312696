package dev.affiliatekit;

import static dev.affiliatekit.PublicApiNullsTest.addPublic;
import static dev.affiliatekit.PublicApiNullsTest.isPublic;
import static dev.affiliatekit.PublicApiNullsTest.signature;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.Attribution;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.Explanation;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CappedSale;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.CommissionSimulation;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Milestone;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodPerformance;
import dev.affiliatekit.commission.RulePortion;
import dev.affiliatekit.commission.SimulationCase;
import dev.affiliatekit.commission.SimulationReport;
import dev.affiliatekit.commission.TierReached;
import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLine;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkIdCodec;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.TrackingLinkParser;
import dev.affiliatekit.link.Utm;
import dev.affiliatekit.link.VanityPolicy;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.ProgramSettings;
import java.io.IOException;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.net.URI;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public method and constructor of the money package's types, and every public instance
 * method of the library's value types, called with null for one reference argument at a time and
 * an ordinary value for each other argument, throws a {@link NullPointerException} whose message
 * names that parameter ({@code other}, {@code rate}), as the library's own checks do, and not the
 * JVM's message ({@code Cannot read field "currency" because "other" is null}), which depends on
 * {@code -XX:+ShowCodeDetailsInExceptionMessages} and is null without it.
 *
 * <p>{@link PublicApiNullsTest} passes null for every argument at once to the static methods and
 * constructors of the whole library; this test reaches the instance methods, and each argument on
 * its own.
 */
class ValueMethodNullsTest {

  private static final String PACKAGE = "dev.affiliatekit";
  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");

  /** An ordinary value of each type an argument or a receiver may have, by type. */
  private static final Map<Class<?>, Object> SAMPLES = samples();

  @TestFactory
  Stream<DynamicTest> theMoneyPackage_namesEachNullArgument() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> type : publicTypes(PACKAGE + ".money")) {
      for (Method method : type.getDeclaredMethods()) {
        if (Modifier.isStatic(method.getModifiers()) && isPublic(method)) {
          addEachNull(tests, type.getSimpleName() + "." + signature(method), method, null);
        }
      }
      for (Constructor<?> constructor : type.getConstructors()) {
        addEachNull(tests, "new " + type.getSimpleName() + signature(constructor), constructor,
            null);
      }
      addInstanceMethods(tests, type);
    }
    assertThat(tests).as("calls swept").hasSizeGreaterThan(40);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> theValueTypes_nameEachNullArgumentOfTheirMethods() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> type : SAMPLES.keySet()) {
      if (type.getPackageName().startsWith(PACKAGE)
          && !type.getPackageName().equals(PACKAGE + ".money")) {
        addInstanceMethods(tests, type);
      }
    }
    assertThat(tests).as("calls swept").hasSizeGreaterThan(40);
    return tests.stream();
  }

  private static void addInstanceMethods(List<DynamicTest> tests, Class<?> type) {
    Object receiver = SAMPLES.get(type);
    if (receiver == null) {
      throw new AssertionError("no sample of " + type.getName() + " to call its methods on");
    }
    for (Method method : type.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers()) && isPublic(method) && !method.isBridge()
          && method.getDeclaringClass().getPackageName().startsWith(PACKAGE)
          && !(method.getName().equals("equals") && method.getParameterCount() == 1)) {
        addEachNull(tests, type.getSimpleName() + "#" + signature(method), method, receiver);
      }
    }
  }

  /** Adds one test per reference parameter that is not {@code @Nullable}: null there alone. */
  private static void addEachNull(List<DynamicTest> tests, String name, Executable executable,
      @Nullable Object receiver) {
    Parameter[] parameters = executable.getParameters();
    AnnotatedType[] annotated = executable.getAnnotatedParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i].getType().isPrimitive()
          || annotated[i].isAnnotationPresent(Nullable.class)) {
        continue;
      }
      int nullAt = i;
      String described = name + " with null " + parameters[i].getName();
      tests.add(DynamicTest.dynamicTest(described,
          () -> checkNamed(described, executable, receiver, parameters, nullAt)));
    }
  }

  private static void checkNamed(String described, Executable executable,
      @Nullable Object receiver,
      Parameter[] parameters, int nullAt) throws ReflectiveOperationException {
    Type[] types = executable.getGenericParameterTypes();
    Object[] arguments = new Object[parameters.length];
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = i == nullAt ? null : sample(types[i]);
    }
    Throwable thrown = null;
    try {
      if (executable instanceof Method method) {
        method.invoke(receiver, arguments);
      } else {
        ((Constructor<?>) executable).newInstance(arguments);
      }
    } catch (InvocationTargetException e) {
      thrown = e.getCause();
    } catch (IllegalArgumentException e) {
      throw new AssertionError(described + ": " + Arrays.toString(arguments), e);
    }
    assertThat(thrown).as("what %s throws", described)
        .isInstanceOf(NullPointerException.class);
    String message = thrown.getMessage();
    assertThat(message).as("message of %s", described).isNotNull().doesNotStartWith("Cannot ");
    String name = parameters[nullAt].getName();
    if (parameters[nullAt].isNamePresent() && !name.equals("value")) {
      // Such as "other", "rate" or "weights"; or "codes contains null" for an element.
      assertThat(message).as("message of %s", described).matches(name + "( .*)?");
    } else {
      // A setter's or wither's value is named by the field it sets ("utmSource"); and the fuzz
      // tests' instrumentation drops the names when it runs in the same JVM first.
      assertThat(message).as("message of %s", described).matches("[a-z][A-Za-z0-9]*( .*)?");
    }
  }

  /** {@return an ordinary value of the type, a generic collection holding one element} */
  private static Object sample(Type type) {
    if (type instanceof WildcardType wildcard) {
      return sample(wildcard.getUpperBounds()[0]);
    }
    if (type instanceof ParameterizedType generic) {
      Class<?> raw = (Class<?>) generic.getRawType();
      Type[] arguments = generic.getActualTypeArguments();
      if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
        return List.of(sample(arguments[0]));
      }
      if (raw == Set.class) {
        return Set.of(sample(arguments[0]));
      }
      if (raw == Optional.class) {
        return Optional.of(sample(arguments[0]));
      }
      if (raw == Map.class) {
        return Map.of(sample(arguments[0]), sample(arguments[1]));
      }
      if (raw == Function.class) {
        Object result = sample(arguments[1]);
        return (Function<Object, Object>) given -> result;
      }
      if (raw == Predicate.class) {
        return (Predicate<Object>) given -> true;
      }
      return sample(raw);
    }
    Class<?> raw = (Class<?>) type;
    if (raw.isPrimitive()) {
      if (raw == boolean.class) {
        return false;
      }
      return raw == int.class ? (Object) 1 : (Object) 1L;
    }
    if (raw.isEnum()) {
      return raw.getEnumConstants()[0];
    }
    if (raw.isArray()) {
      Object array = java.lang.reflect.Array.newInstance(raw.getComponentType(), 1);
      java.lang.reflect.Array.set(array, 0, sample(raw.getComponentType()));
      return array;
    }
    Object sample = SAMPLES.get(raw);
    if (sample == null) {
      throw new AssertionError("no sample of " + raw.getName());
    }
    return sample;
  }

  private static Map<Class<?>, Object> samples() {
    Map<Class<?>, Object> samples = new LinkedHashMap<>();
    Money amount = Money.parse("USD 40.00");
    samples.put(String.class, "anna");
    samples.put(CharSequence.class, "USD");
    samples.put(Object.class, "anna");
    samples.put(BigDecimal.class, BigDecimal.ONE);
    samples.put(RoundingMode.class, RoundingMode.HALF_EVEN);
    samples.put(Instant.class, AT);
    samples.put(Duration.class, Duration.ofDays(1));
    samples.put(ZoneId.class, ZoneOffset.UTC);
    samples.put(Money.class, amount);
    samples.put(Rate.class, Rate.ofPercent(10));
    samples.put(CurrencyUnit.class, USD);
    samples.put(CurrencyTable.class, CurrencyTable.iso4217());
    samples.put(CurrencyMismatchException.class,
        new CurrencyMismatchException(USD, CurrencyUnit.EUR));
    samples.put(AttributionWindow.class, AttributionWindow.standard());
    samples.put(AttributionPolicy.class, AttributionPolicy.defaults());
    samples.put(AttributionModel.class, AttributionModel.linear());
    Touchpoint click = Touchpoint.click("v1", "anna", AT.minusSeconds(60));
    samples.put(Touchpoint.class, click);
    Conversion sale = Conversion.builder("o1", AT, amount).visitorId("v1")
        .lineItem(LineItem.of("serum", "SKIN_CARE", 1, amount)).build();
    samples.put(Conversion.class, sale);
    samples.put(LineItem.class, sale.lineItems().get(0));
    Credit credit = new Credit("anna", Rate.ONE, amount, CreditBasis.TOUCHPOINTS, List.of(click));
    samples.put(Credit.class, credit);
    Explanation explanation = new Explanation(List.of(click), List.of(), List.of());
    samples.put(Explanation.class, explanation);
    samples.put(Attribution.class, new Attribution(sale, AttributionModel.lastTouch(),
        List.of(credit), explanation));
    samples.put(AffiliateIdentity.class, new AffiliateIdentity("anna", AffiliateStatus.ACTIVE,
        Optional.empty(), Optional.empty()));
    AffiliateProfile profile = AffiliateProfile.of("anna");
    samples.put(AffiliateProfile.class, profile);
    CommissionContext context = CommissionContext.of(profile);
    samples.put(CommissionContext.class, context);
    samples.put(PeriodPerformance.class, PeriodPerformance.lifetime(0, Money.zero(USD),
        Money.zero(USD)));
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", Rate.ofPercent(10))).build();
    samples.put(CommissionPlan.class, plan);
    CommissionQuote quote = plan.quote(sale, credit, context);
    samples.put(CommissionQuote.class, quote);
    samples.put(Condition.class, Condition.always());
    samples.put(Milestone.class, Milestone.of("tenth", Period.MONTH, 10, amount));
    samples.put(TierReached.class, new TierReached("default", Period.MONTH, 2, Rate.ofPercent(10),
        Rate.ofPercent(20), RoundingMode.HALF_EVEN));
    samples.put(RulePortion.class, quote.portions().get(0));
    samples.put(CappedSale.class, new CappedSale(amount, amount, Money.zero(USD)));
    SimulationCase simulated = SimulationCase.of(sale, credit, profile);
    samples.put(SimulationReport.class,
        CommissionSimulation.compare(plan, plan, List.of(simulated)));
    samples.put(Account.class, Account.of(AccountKind.PAYABLE, "anna", USD));
    Money zero = Money.zero(USD);
    samples.put(Balances.class, new Balances(zero, zero, zero, zero));
    PayoutLine line = new PayoutLine("7-1", "anna", amount);
    samples.put(PayoutLine.class, line);
    samples.put(PayoutBatch.class, new PayoutBatch("payout-1", 7, AT, List.of(line)));
    samples.put(PayoutRules.class, PayoutRules.minimums(amount));
    samples.put(LinkCode.class, LinkCode.parseVanity("ANNA10"));
    samples.put(LinkOwner.class, LinkOwner.of("anna"));
    samples.put(Utm.class, Utm.NONE);
    samples.put(VanityPolicy.class, VanityPolicy.defaults());
    samples.put(LinkIdCodec.class, LinkIdCodec.withSecret(new byte[16]));
    samples.put(ProgramSettings.class, ProgramSettings.of(plan));
    samples.put(Period.class, Period.MONTH);
    samples.put(URI.class, URI.create("https://shop.example/?ref=ANNA10"));
    samples.put(TrackingLinkParser.class, TrackingLinkParser.defaults());
    return samples;
  }

  /** {@return the public types of the package, nested ones included, in a stable order} */
  private static List<Class<?>> publicTypes(String packageName) throws IOException {
    SortedSet<Class<?>> types = new TreeSet<>(Comparator.comparing(Class::getName));
    for (ClassPath.ClassInfo info : ClassPath.from(Money.class.getClassLoader())
        .getTopLevelClasses(packageName)) {
      addPublic(types, info.load());
    }
    return List.copyOf(types);
  }
}
