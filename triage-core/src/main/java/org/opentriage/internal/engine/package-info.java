/** Rules generated from protocols, the facts they read and write, and the audit chain. Not API. */
@NullMarked
package org.opentriage.internal.engine;

import org.jspecify.annotations.NullMarked;
