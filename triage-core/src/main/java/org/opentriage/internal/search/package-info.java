/** Ranking protocols for a nurse's search words. Not API. */
package org.opentriage.internal.search;
