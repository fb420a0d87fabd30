/** Ranking protocols for a nurse's search words. Not API. */
@NullMarked
package org.opentriage.internal.search;

import org.jspecify.annotations.NullMarked;
