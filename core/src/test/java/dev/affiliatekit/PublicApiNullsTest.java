package dev.affiliatekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import dev.affiliatekit.money.Money;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public static method, public constructor and builder setter of the library, called with
 * null for every reference argument, either takes the nulls or throws a
 * {@link NullPointerException} whose message names the parameter or field, as the README promises,
 * rather than the JVM's own message or none.
 */
class PublicApiNullsTest {

  private static final String PACKAGE = "dev.affiliatekit";

  @TestFactory
  Stream<DynamicTest> aNullArgumentIsNamed() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> type : publicTypes()) {
      for (Method method : type.getDeclaredMethods()) {
        if (isPublic(method) && Modifier.isStatic(method.getModifiers())
            && !(type.isEnum() && method.getName().equals("valueOf"))) {
          if (method.getName().equals("builder") && method.getParameterCount() == 0) {
            addBuilderSetters(tests, type, method);
          } else if (takesReference(method)) {
            tests.add(test(type.getSimpleName() + "." + signature(method), method, null));
          }
        }
      }
      for (Constructor<?> constructor : type.getConstructors()) {
        if (takesReference(constructor)) {
          tests.add(test("new " + type.getSimpleName() + signature(constructor), constructor, null));
        }
      }
    }
    assertThat(tests).as("calls swept").hasSizeGreaterThan(200);
    return tests.stream();
  }

  private static void addBuilderSetters(List<DynamicTest> tests, Class<?> type, Method builder) {
    Object instance;
    try {
      instance = builder.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(type.getSimpleName() + ".builder() failed", e);
    }
    Object target = Objects.requireNonNull(instance);
    for (Method setter : target.getClass().getMethods()) {
      if (setter.getDeclaringClass() != Object.class && !Modifier.isStatic(setter.getModifiers())
          && takesReference(setter)) {
        tests.add(test(type.getSimpleName() + ".builder()." + signature(setter), setter, target));
      }
    }
  }

  private static DynamicTest test(String name, Executable executable, Object target) {
    return DynamicTest.dynamicTest(name, () -> {
      Throwable thrown = invokeWithNulls(executable, target);
      if (thrown instanceof NullPointerException) {
        String message = thrown.getMessage();
        // A parameter's or field's name first, such as "affiliateId" or "lineIds contains null".
        // (Names are not compared with the parameters': the fuzz tests' instrumentation drops them.)
        assertThat(message).as("message of %s", name).isNotNull()
            .doesNotStartWith("Cannot ")
            .matches("[a-z][A-Za-z0-9]*(\\[[0-9]+\\])?( .*)?");
      }
    });
  }

  private static Throwable invokeWithNulls(Executable executable, Object target)
      throws ReflectiveOperationException {
    Object[] arguments = new Object[executable.getParameterCount()];
    Class<?>[] types = executable.getParameterTypes();
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = primitiveDefault(types[i]);
    }
    try {
      if (executable instanceof Method method) {
        method.invoke(target, arguments);
      } else {
        ((Constructor<?>) executable).newInstance(arguments);
      }
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  private static Object primitiveDefault(Class<?> type) {
    if (!type.isPrimitive()) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == char.class) {
      return 'a';
    }
    throw new AssertionError("no default for " + type);
  }

  /** {@return the public types of the library's own classes, nested ones included} */
  private static List<Class<?>> publicTypes() throws IOException {
    URL library = Money.class.getProtectionDomain().getCodeSource().getLocation();
    List<Class<?>> types = new ArrayList<>();
    for (ClassPath.ClassInfo info : ClassPath.from(Money.class.getClassLoader())
        .getTopLevelClassesRecursive(PACKAGE)) {
      if (info.getPackageName().startsWith(PACKAGE + ".internal")) {
        continue;
      }
      Class<?> type = info.load();
      if (library.equals(type.getProtectionDomain().getCodeSource().getLocation())) {
        addPublic(types, type);
      }
    }
    return types;
  }

  /** Adds the type, if public, and its public nested types. */
  static void addPublic(Collection<Class<?>> types, Class<?> type) {
    if (Modifier.isPublic(type.getModifiers())) {
      types.add(type);
      for (Class<?> nested : type.getDeclaredClasses()) {
        addPublic(types, nested);
      }
    }
  }

  static boolean isPublic(Method method) {
    return Modifier.isPublic(method.getModifiers()) && !method.isSynthetic();
  }

  private static boolean takesReference(Executable executable) {
    return Arrays.stream(executable.getParameterTypes()).anyMatch(type -> !type.isPrimitive());
  }

  /** {@return such as {@code plus[Money]}, of a constructor {@code [String, int]}} */
  static String signature(Executable executable) {
    return (executable instanceof Method ? executable.getName() : "") + Arrays.toString(
        Arrays.stream(executable.getParameterTypes()).map(Class::getSimpleName).toArray());
  }
}
