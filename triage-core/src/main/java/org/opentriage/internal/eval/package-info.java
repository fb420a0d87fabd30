/** Three-valued evaluation of parsed conditions, and folds over them. Not API. */
package org.opentriage.internal.eval;
