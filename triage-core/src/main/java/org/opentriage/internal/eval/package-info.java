/** Three-valued evaluation of parsed conditions, and folds over them. Not API. */
@NullMarked
package org.opentriage.internal.eval;

import org.jspecify.annotations.NullMarked;
