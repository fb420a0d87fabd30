/**
 * The design-rule checks: warnings about protocols that load but break a clinical design rule a machine can check
 * (compound questions, red flags after history questions, copies of shared questions, readings that reach no rule,
 * advice that does not fit its disposition). {@link org.opentriage.internal.lint.DesignRules} is the one class the
 * API calls ({@link org.opentriage.protocol.ProtocolLibrary#designWarnings()}). Not API.
 */
@NullMarked
package org.opentriage.internal.lint;

import org.jspecify.annotations.NullMarked;
