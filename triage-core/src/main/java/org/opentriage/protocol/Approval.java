package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where a protocol stands in review. Only an {@link Status#APPROVED} protocol may be marked clinically
 * validated; every bundled protocol is a draft and is not.
 *
 * @since 0.1.0
 */
public record Approval(Status status, boolean clinicallyValidated, Optional<String> reviewer,
                       Optional<String> approver, Optional<LocalDate> date) {

    public enum Status {
        DRAFT, REVIEWED, APPROVED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Approval {
        requireNonNull(status, "status");
        requireNonNull(reviewer, "reviewer");
        requireNonNull(approver, "approver");
        requireNonNull(date, "date");
        if (clinicallyValidated && status != Status.APPROVED) {
            throw new IllegalArgumentException("only an approved protocol can be clinically validated, not a " + status.word() + " one");
        }
    }

    public static Approval draft() {
        return new Approval(Status.DRAFT, false, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
