/**
 * Helpers shared by several packages of the library. Nothing here is API: the classes are public
 * only so that the other packages can reach them, and they may change in any release.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.internal;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
