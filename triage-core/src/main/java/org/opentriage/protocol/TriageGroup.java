package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The triage questions that lead to one disposition, in asking order.
 *
 * @since 0.1.0
 */
public record TriageGroup(Disposition disposition, List<Question> questions) {
    public TriageGroup {
        requireNonNull(disposition, "disposition");
        questions = List.copyOf(questions);
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("group '" + disposition.id() + "' has no questions");
        }
    }
}
