package dev.affiliatekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import com.google.common.util.concurrent.internal.InternalFutureFailureAccess;
import dev.affiliatekit.money.Money;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The library's module descriptor: what it exports and requires, and that the module resolves and
 * runs on the module path with its dependencies alone. The other tests run on the class path.
 */
class ModuleDescriptorTest {

  private static final String MODULE = "dev.affiliatekit";
  private static final String INTERNAL = "dev.affiliatekit.internal";

  @Test
  void exportsEveryPackageButTheInternalOne() throws IOException, URISyntaxException {
    Set<String> packages = mainPackages();

    assertThat(packages).contains(INTERNAL, "dev.affiliatekit.money", "dev.affiliatekit.json");
    Set<String> expected = new TreeSet<>(packages);
    expected.remove(INTERNAL);
    ModuleDescriptor descriptor = descriptor();
    assertThat(descriptor.name()).isEqualTo(MODULE);
    assertThat(descriptor.exports()).allMatch(exports -> !exports.isQualified())
        .extracting(Exports::source).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(descriptor.opens()).isEmpty();
  }

  @Test
  void requiresJacksonTransitively_andGuavaSlf4jAndAnnotationsForItselfOnly()
      throws IOException, URISyntaxException {
    Map<String, Set<Requires.Modifier>> requires = descriptor().requires().stream()
        .filter(required -> !required.name().equals("java.base"))
        .collect(Collectors.toMap(Requires::name, Requires::modifiers));

    assertThat(requires).containsOnly(
        Map.entry("com.fasterxml.jackson.databind", Set.of(Requires.Modifier.TRANSITIVE)),
        Map.entry("com.google.common", Set.of()),
        Map.entry("org.slf4j", Set.of()),
        // Annotations, needed only to compile the library, not to compile or run against it.
        Map.entry("com.google.errorprone.annotations", Set.of(Requires.Modifier.STATIC)),
        Map.entry("org.jspecify", Set.of(Requires.Modifier.STATIC)));
  }

  @Test
  void resolvesAndRunsOnTheModulePath_withItsInternalPackageHidden() throws Exception {
    // The runtime dependencies only: no annotation jars.
    ModuleFinder finder = ModuleFinder.of(mainClasses(), jarOf(Preconditions.class),
        jarOf(InternalFutureFailureAccess.class), jarOf(Logger.class), jarOf(ObjectMapper.class),
        jarOf(JsonParser.class), jarOf(JsonProperty.class));
    ModuleLayer boot = ModuleLayer.boot();
    Configuration configuration =
        boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
    ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, null);
    Module module = layer.findModule(MODULE).orElseThrow();

    assertThat(module.isExported("dev.affiliatekit.json")).isTrue();
    assertThat(module.isExported(INTERNAL)).isFalse();
    // A plan read and written by Jackson and Guava as the module's layer loads them.
    Class<?> planJson = layer.findLoader(MODULE).loadClass("dev.affiliatekit.json.PlanJson");
    assertThat(planJson.getModule()).isSameAs(module);
    Object plan = planJson.getMethod("parse", String.class).invoke(null,
        "{\"version\":1,\"rules\":[{\"id\":\"base\",\"rate\":\"12.5%\"}]}");
    String json = (String) planJson.getMethod("toJson", plan.getClass()).invoke(null, plan);
    assertThat(json).contains("\"base\"", "\"12.5%\"");
    assertThat(plan.getClass().getModule()).isSameAs(module);
  }

  private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    try (InputStream in = Files.newInputStream(mainClasses().resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  /** {@return the directory of the library's compiled classes, where its module-info is} */
  private static Path mainClasses() throws URISyntaxException {
    return jarOf(Money.class);
  }

  /** {@return the packages of the library's compiled classes} */
  private static Set<String> mainPackages() throws IOException, URISyntaxException {
    Path root = mainClasses();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> file.toString().endsWith(".class"))
          .map(file -> root.relativize(file.getParent()).toString().replace(file.getFileSystem()
              .getSeparator(), "."))
          .filter(name -> !name.isEmpty())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Path jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
