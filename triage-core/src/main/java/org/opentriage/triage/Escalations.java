package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.opentriage.protocol.Disposition;

/**
 * Delivers an engine's escalations to its {@link EscalationListener}, off the calls' threads, and writes each
 * delivery's outcome to the call's trail. Two pools of daemon threads, made on demand and ended when idle: one
 * thread per delivery in flight, which only waits (each for at most its policy's {@linkplain EscalationPolicy#budget
 * budget}), and at most {@link #LISTENER_THREADS} running the listener, so that a listener that hangs for good holds
 * those and no more (the attempts queued behind them time out, and are recorded as failed). Thread-safe.
 */
final class Escalations {
    /** The most threads running the listener at once. */
    static final int LISTENER_THREADS = 4;
    /** The longest error text recorded. */
    private static final int MAX_ERROR = 300;

    private final EscalationListener listener;
    private final EscalationPolicy policy;
    private final Disposition threshold;
    private final ThreadPoolExecutor deliveries;
    private final ThreadPoolExecutor attempts;

    Escalations(EscalationListener listener, EscalationPolicy policy, Disposition threshold) {
        this.listener = requireNonNull(listener, "listener");
        this.policy = requireNonNull(policy, "policy");
        this.threshold = requireNonNull(threshold, "threshold");
        this.deliveries = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemons("opentriage-escalation-"));
        this.attempts = new ThreadPoolExecutor(LISTENER_THREADS, LISTENER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("opentriage-escalation-listener-"));
        attempts.allowCoreThreadTimeOut(true);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    Disposition threshold() {
        return threshold;
    }

    EscalationPolicy policy() {
        return policy;
    }

    /** Where a call's trail is and how it is signed: what a delivery needs to record its outcome. */
    record Trail(AuditSink sink, Optional<byte[]> hmacKey, Clock clock) {
    }

    /** One delivery: its status as it stands, read by the call's host while the delivery goes on. */
    static final class Delivery {
        private final AtomicReference<EscalationStatus> status;

        Delivery(Escalation escalation) {
            this.status = new AtomicReference<>(new EscalationStatus(escalation, EscalationStatus.State.PENDING, 0,
                    Optional.empty(), false));
        }

        EscalationStatus status() {
            return requireNonNull(status.get(), "status");
        }

        private void set(EscalationStatus value) {
            status.set(value);
        }
    }

    /**
     * Starts delivering an escalation and returns at once; the delivery's outcome goes to the trail and to the
     * returned delivery's status. Never throws: an engine closed already records the escalation as failed.
     */
    Delivery raise(Escalation escalation, Optional<Trail> trail) {
        Delivery delivery = new Delivery(escalation);
        try {
            deliveries.execute(() -> deliver(delivery, trail));
        } catch (RejectedExecutionException closed) {
            finish(delivery, trail, 0, Optional.of("the engine was closed: escalation not delivered"));
        }
        return delivery;
    }

    private void deliver(Delivery delivery, Optional<Trail> trail) {
        Escalation escalation = delivery.status().escalation();
        Optional<String> error = Optional.empty();
        int made = 0;
        try {
            for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
                if (attempt > 1) {
                    Thread.sleep(policy.backoffBefore(attempt).toMillis());
                }
                made = attempt;
                delivery.set(new EscalationStatus(escalation, EscalationStatus.State.PENDING, made, error, false));
                error = attempt(escalation);
                if (error.isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // The engine closed before the delivery ended.
            error = Optional.of(error.map(last -> last + "; then ").orElse("") + "the engine was closed: no further attempt");
        } catch (RuntimeException | Error e) {
            error = Optional.of(describe(e));
        }
        finish(delivery, trail, made, error);
    }

    /** One attempt, within the policy's timeout; the error that failed it, or empty when the listener took it. */
    private Optional<String> attempt(Escalation escalation) throws InterruptedException {
        Future<?> running;
        try {
            running = attempts.submit(() -> {
                listener.escalate(escalation);
                return null;
            });
        } catch (RejectedExecutionException e) {
            throw new InterruptedException("closed");
        }
        try {
            running.get(policy.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(describe(e.getCause() == null ? e : e.getCause()));
        } catch (TimeoutException e) {
            running.cancel(true);
            return Optional.of("TimeoutException: no answer within " + words(policy.attemptTimeout()));
        } catch (InterruptedException e) {
            running.cancel(true);
            throw e;
        }
    }

    /**
     * Records the delivery's outcome in the trail (none for a call with no record there), then in its status; a trail
     * that cannot be written is noted in the status.
     */
    private static void finish(Delivery delivery, Optional<Trail> to, int made, Optional<String> error) {
        Escalation e = delivery.status().escalation();
        boolean recorded = false;
        if (to.isPresent()) {
            Trail trail = to.get();
            try {
                TrailWriter writer = TrailWriter.of(trail.sink());
                writer.trailRecord(trail.clock().instant(), trail.hmacKey(), new AuditEvent.EscalationDelivery(e.callId(),
                        e.reason(), e.disposition().id(), error.isEmpty(), made, error, e.time()));
                writer.sync();
                recorded = true;
            } catch (RuntimeException | Error auditFailure) {
                // The status says it is not recorded.
            }
        }
        delivery.set(new EscalationStatus(e, error.isEmpty() ? EscalationStatus.State.SENT : EscalationStatus.State.FAILED,
                made, error, recorded));
    }

    /**
     * Stops delivering: waits for the deliveries in flight to end (each within its policy's budget), then ends the
     * threads, interrupting a listener still running; a delivery cut short is recorded as failed. Escalations raised
     * after are recorded as failed at once.
     */
    void close() {
        deliveries.shutdown();
        try {
            Duration wait = policy.budget().plusSeconds(1);
            if (!deliveries.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                deliveries.shutdownNow();
                deliveries.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            deliveries.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            attempts.shutdownNow();
        }
    }

    /** A throwable as its class and message, on one line, bounded: never a stack trace. */
    static String describe(Throwable t) {
        String message = t.getMessage() == null ? "" : ": " + t.getMessage();
        String text = (t.getClass().getSimpleName() + message).replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+", " ").strip();
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
    }

    private static String words(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
