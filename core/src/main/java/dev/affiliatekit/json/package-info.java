/**
 * The JSON wire format of the library, built on Jackson: the only package that imports Jackson.
 *
 * <p>{@link dev.affiliatekit.json.AffiliateKitJson#module()} is a Jackson module that reads and
 * writes the library's value types as strings in their documented text formats, such as {@code
 * "USD 12.34"} for {@link dev.affiliatekit.money.Money} and {@code "12.5%"} for {@link
 * dev.affiliatekit.money.Rate}; money is never written as a floating-point number. It reads and
 * writes conversions, touchpoints and affiliate profiles as strict JSON objects, and writes
 * attribution results, commission quotes and program events. Register it on your own {@code
 * ObjectMapper}.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.json;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
