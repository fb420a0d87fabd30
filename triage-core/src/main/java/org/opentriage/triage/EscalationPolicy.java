package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When a call escalates to the on-call clinician, and how hard the engine tries to deliver it.
 *
 * @param threshold      the disposition id from which a call escalates: that level and every more urgent one, compared
 *                       on the disposition scale (default {@code call-provider-now}); a call that fails closed
 *                       escalates whatever its level
 * @param attempts       how many times a delivery is tried before it is recorded as failed (1 to 10; default 3)
 * @param attemptTimeout how long one attempt may take, counted from when it is handed to a delivery thread; past it the
 *                       attempt fails and its thread is interrupted (default 10 s)
 * @param backoff        the wait before the second attempt, doubled before each one after (default 2 s; zero for none)
 * @since 0.1.0
 */
public record EscalationPolicy(String threshold, int attempts, Duration attemptTimeout, Duration backoff) {
    /** Escalates at {@code call-provider-now} and above; 3 attempts of at most 10 s, 2 s then 4 s apart. */
    public static final EscalationPolicy DEFAULT = new EscalationPolicy("call-provider-now", 3, Duration.ofSeconds(10),
            Duration.ofSeconds(2));

    /** The most attempts a policy may make. */
    public static final int MAX_ATTEMPTS = 10;

    /**
     * Checks the components: a threshold, 1 to {@value #MAX_ATTEMPTS} attempts, a positive timeout, a back-off not negative.
     */
    public EscalationPolicy {
        requireNonNull(threshold, "threshold");
        requireNonNull(attemptTimeout, "attemptTimeout");
        requireNonNull(backoff, "backoff");
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("attempts must be 1 to " + MAX_ATTEMPTS + ", not " + attempts);
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attemptTimeout must be positive, not " + attemptTimeout);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, not " + backoff);
        }
    }

    /**
     * {@return this policy escalating from another disposition up}
     *
     * @param dispositionId a disposition id of the scale
     */
    public EscalationPolicy withThreshold(String dispositionId) {
        return new EscalationPolicy(dispositionId, attempts, attemptTimeout, backoff);
    }

    /**
     * {@return this policy with another number of attempts}
     *
     * @param value 1 to {@value #MAX_ATTEMPTS}
     */
    public EscalationPolicy withAttempts(int value) {
        return new EscalationPolicy(threshold, value, attemptTimeout, backoff);
    }

    /**
     * {@return this policy with another limit on one attempt}
     *
     * @param value the time an attempt may take, after which its thread is interrupted
     */
    public EscalationPolicy withAttemptTimeout(Duration value) {
        return new EscalationPolicy(threshold, attempts, value, backoff);
    }

    /**
     * {@return this policy with another wait before the second attempt (doubled before each later one)}
     *
     * @param value the first wait between attempts
     */
    public EscalationPolicy withBackoff(Duration value) {
        return new EscalationPolicy(threshold, attempts, attemptTimeout, value);
    }

    /** The wait before attempt {@code next} (2 or later): the back-off, doubled for each attempt after the second. */
    Duration backoffBefore(int next) {
        return backoff.multipliedBy(1L << Math.min(next - 2, 20));
    }

    /** The longest a delivery can take: every attempt timing out, with every back-off between them. */
    Duration budget() {
        Duration total = attemptTimeout.multipliedBy(attempts);
        for (int next = 2; next <= attempts; next++) {
            total = total.plus(backoffBefore(next));
        }
        return total;
    }
}
