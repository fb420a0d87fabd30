package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where a protocol stands in review. Only an {@link Status#APPROVED} protocol may be marked clinically
 * validated; every bundled protocol is a draft and is not.
 *
 * @param status draft, reviewed or approved
 * @param clinicallyValidated whether a clinical lead validated it (only an approved protocol can be)
 * @param reviewer who reviewed it, when someone did
 * @param approver who approved it, when someone did
 * @param date the date of the last review or approval
 * @since 0.1.0
 */
public record Approval(Status status, boolean clinicallyValidated, Optional<String> reviewer,
                       Optional<String> approver, Optional<LocalDate> date) {

    /**
     * Where a protocol stands in its review.
     *
     * @since 0.1.0
     */
    public enum Status {
        /** Written, not reviewed. */
        DRAFT,
        /** Reviewed by a second writer. */
        REVIEWED,
        /** Approved for use by a clinical lead. */
        APPROVED;

        /** {@return the status as protocol files write it: {@code draft}, {@code reviewed}, {@code approved}} */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Checks the components: only an approved protocol can be clinically validated. */
    public Approval {
        requireNonNull(status, "status");
        requireNonNull(reviewer, "reviewer");
        requireNonNull(approver, "approver");
        requireNonNull(date, "date");
        if (clinicallyValidated && status != Status.APPROVED) {
            throw new IllegalArgumentException("only an approved protocol can be clinically validated, not a " + status.word() + " one");
        }
    }

    /** {@return the approval of a draft: not reviewed, not validated} */
    public static Approval draft() {
        return new Approval(Status.DRAFT, false, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
