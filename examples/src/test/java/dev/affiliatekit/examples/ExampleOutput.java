package dev.affiliatekit.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** Captures what an example prints. */
final class ExampleOutput {

  private ExampleOutput() {}

  static List<String> linesOf(Consumer<PrintStream> example) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    example.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
