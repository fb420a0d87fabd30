/**
 * Verifying protocols through the engine: {@link org.opentriage.verify.PathWalker} walks every answer path of
 * a call, {@link org.opentriage.verify.ProtocolVerifier} checks the safety invariants on every path for every
 * patient of a grid ({@code triage verify}).
 */
@NullMarked
package org.opentriage.verify;

import org.jspecify.annotations.NullMarked;
