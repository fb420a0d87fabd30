/** Three-valued evaluation of parsed conditions. Not API. */
package org.opentriage.internal.eval;
