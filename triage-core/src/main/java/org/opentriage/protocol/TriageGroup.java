package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The triage questions that lead to one disposition, in asking order.
 *
 * @param disposition the disposition a positive answer leads to
 * @param questions the group's questions, in asking order
 * @since 0.1.0
 */
public record TriageGroup(Disposition disposition, List<Question> questions) {
    /** Checks the components; the list is copied. */
    public TriageGroup {
        requireNonNull(disposition, "disposition");
        questions = List.copyOf(questions);
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("group '" + disposition.id() + "' has no questions");
        }
    }
}
