package dev.affiliatekit.benchmarks;

/** The heap in use, as the footprint probes measure it. */
public final class Heap {

  private Heap() {}

  /**
   * Returns the bytes of heap in use after collecting what can be: the growth between two calls
   * is what was kept in between.
   *
   * @return the bytes in use
   */
  public static long used() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
