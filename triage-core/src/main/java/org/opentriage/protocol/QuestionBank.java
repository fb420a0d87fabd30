package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The library's shared questions ({@code questions.yaml}): defined once, used by reference from any protocol
 * ({@code - use: ID}). In a call a shared question is asked once; every protocol of the call that uses it takes
 * that answer. Versioned and hashed like a protocol; a protocol's content hash covers the shared questions it uses.
 *
 * @param questions      by id, in the order of the file
 * @param contentHash    {@code sha256:} over the canonical form of the file
 * @param questionHashes the content hash of each question, by id: a protocol's content hash covers those it uses
 * @param suggestions    what the answers to its questions suggest adding to the call, by question id (those that
 *                       suggest nothing left out); a protocol that uses a question takes its suggestions with it
 * @param version the bank's version
 * @param approval its review status
 * @param references the public guidance it is written from
 * @since 0.1.0
 */
public record QuestionBank(Version version, Approval approval, List<Reference> references, Map<String, Question> questions,
                           String contentHash, Map<String, String> questionHashes, Map<String, Suggestions> suggestions) {
    /** Checks the components; collections are copied. */
    public QuestionBank {
        requireNonNull(version, "version");
        requireNonNull(approval, "approval");
        references = List.copyOf(references);
        questions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(questions));
        requireNonNull(contentHash, "contentHash");
        questionHashes = Map.copyOf(questionHashes);
        suggestions = Map.copyOf(suggestions);
    }

    /**
     * {@return the content hash of one question}
     *
     * @param id a question's id
     */
    public String questionHash(String id) {
        return Optional.ofNullable(questionHashes.get(id)).orElseThrow(() -> new IllegalArgumentException("no shared question " + id));
    }

    /**
     * {@return the shared question with this id, or empty}
     *
     * @param id a question's id
     */
    public Optional<Question> question(String id) {
        return Optional.ofNullable(questions.get(id));
    }

    /**
     * {@code questions@VERSION}, as audit records name the bank a call used.
     *
     * @return the reference
     */
    public String ref() {
        return "questions@" + version;
    }
}
