package org.opentriage.triage;

/**
 * A production engine ({@code Resolution.APPROVED_ONLY}) refused a protocol that is not approved for its current
 * content: a draft, a protocol only reviewed, or one whose file changed since its approval. The message says which,
 * with the hashes.
 *
 * @since 0.1.0
 */
public final class ProtocolNotApprovedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * The refusal.
     *
     * @param message why: a draft, only reviewed, or approved for other content (both hashes)
     */
    public ProtocolNotApprovedException(String message) {
        super(message);
    }
}
