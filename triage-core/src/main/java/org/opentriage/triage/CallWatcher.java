package org.opentriage.triage;

/**
 * Sees every call of the process as it runs: its start, each move between states and each audit record it
 * writes. A seam for the tests' call-invariant checker, which installs one in {@link Call#watcher} while tests
 * run; nothing installs one otherwise, and a call then only reads that field at those points. A watcher is
 * called on the thread driving the call, must be thread-safe (calls run in parallel) and must not throw: an
 * exception would fail the call closed.
 */
interface CallWatcher {
    /** A call was made (started or about to be resumed from a snapshot); it is still {@link CallState#NEW}. */
    void created(Call call, TriageEngine engine, Patient patient, AuditSink sink);

    /** The call moved along the table of {@link CallState}. */
    void moved(Call call, CallState from, CallState to);

    /** The call's record was written to its sink (and is durable). */
    void recorded(Call call, AuditRecord record);
}
