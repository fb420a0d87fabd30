package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.opentriage.internal.eval.Reading;

/**
 * A loaded, validated protocol. Immutable; equal protocols have equal {@link #contentHash()}, whether
 * they were read from YAML or JSON.
 *
 * @param assessment         questions asked first, for documentation and later conditions
 * @param triage             disposition groups in strictly descending acuity
 * @param defaultDisposition the disposition when no triage question is positive
 * @param general            the library's general assessment ({@code kind: general}): run in every call before the
 *                           protocols the nurse picks, whatever the complaint
 * @param shared             the ids of the questions it takes from the library's shared questions: in a call,
 *                           asked once whichever protocol reaches one first, and reused by the others
 * @param topic              the complaint the protocol covers ({@code topic}), which its id begins with: the protocols
 *                           of one topic are for different patients (cough-adult and cough-child), so that a suggestion
 *                           naming the topic finds the one for the patient
 * @param suggestions        what the answers to its questions suggest adding to the call, by question id (its own
 *                           questions' and the shared questions' it uses); questions that suggest nothing are left out
 * @param contentHash        {@code sha256:} and the SHA-256 of the canonical form of the file's content,
 *                           to pin in audit records
 * @param id the protocol's id, such as {@code chest-pain-adult}
 * @param version its version
 * @param title its title
 * @param population the patients it is for: ages, sex
 * @param approval its review status; clinically validated or not
 * @param definition what the complaint covers
 * @param searchWords the words a caller may use, by language
 * @param seeInstead the protocols to use instead, with the condition for each
 * @param references the public guidance it is written from
 * @param background notes for the nurse, when any
 * @param careAdvice the care advice, by disposition
 * @param callBackIf the call-back instructions
 * @since 0.1.0
 */
public record Protocol(
        String id,
        Version version,
        LocalizedText title,
        Population population,
        Approval approval,
        LocalizedText definition,
        Map<String, List<String>> searchWords,
        List<Redirect> seeInstead,
        List<Reference> references,
        Optional<LocalizedText> background,
        List<Question> assessment,
        List<TriageGroup> triage,
        Disposition defaultDisposition,
        List<CareAdvice> careAdvice,
        List<Advice> callBackIf,
        boolean general,
        java.util.Set<String> shared,
        Optional<String> topic,
        Map<String, Suggestions> suggestions,
        String contentHash) {

    /** Checks the components; collections are copied. */
    public Protocol {
        requireNonNull(id, "id");
        requireNonNull(version, "version");
        requireNonNull(title, "title");
        requireNonNull(population, "population");
        requireNonNull(approval, "approval");
        requireNonNull(definition, "definition");
        searchWords = searchWords.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        seeInstead = List.copyOf(seeInstead);
        references = List.copyOf(references);
        requireNonNull(background, "background");
        assessment = List.copyOf(assessment);
        triage = List.copyOf(triage);
        requireNonNull(defaultDisposition, "defaultDisposition");
        careAdvice = List.copyOf(careAdvice);
        callBackIf = List.copyOf(callBackIf);
        shared = java.util.Set.copyOf(shared);
        requireNonNull(topic, "topic");
        suggestions = Map.copyOf(suggestions);
        requireNonNull(contentHash, "contentHash");
    }

    /**
     * {@code id@version} ({@link ProtocolRef}), the way audit records and pinned references name a protocol version.
     *
     * @return the reference
     */
    public String ref() {
        return new ProtocolRef(id, version).toString();
    }

    /**
     * Assessment questions, then triage questions in asking order.
     *
     * @return the questions
     */
    public Stream<Question> questions() {
        return Stream.concat(assessment.stream(), triage.stream().flatMap(g -> g.questions().stream()));
    }

    /**
     * {@return whether the question is one of the library's shared questions: asked once in a call}
     *
     * @param question a question of this protocol
     */
    public boolean isShared(Question question) {
        return shared.contains(question.id());
    }

    /**
     * {@return the question with this id, among the assessment and triage questions}
     *
     * @param questionId the question's id
     */
    public Optional<Question> question(String questionId) {
        requireNonNull(questionId, "questionId");
        return questions().filter(q -> q.id().equals(questionId)).findFirst();
    }

    /**
     * {@return what the answers to a question suggest adding to the call ({@link Suggestions#NONE} for most questions)}
     *
     * @param questionId the question's id
     */
    public Suggestions suggestionsOf(String questionId) {
        requireNonNull(questionId, "questionId");
        return suggestions.getOrDefault(questionId, Suggestions.NONE);
    }

    /**
     * {@return the care advice for a disposition, empty when the protocol has none for it}
     *
     * @param disposition a disposition of the scale
     */
    public List<Advice> careAdviceFor(Disposition disposition) {
        for (CareAdvice forOne : careAdvice) {
            if (forOne.disposition().equals(disposition)) {
                return forOne.advice();
            }
        }
        return List.of();
    }

    /**
     * Whether the patient's sex can change what this protocol asks or advises: its population is one sex, a
     * condition (a question's {@code askIf} or {@code positiveIf}, an advice item's) reads the sex or the pregnancy
     * (a patient recorded as male is not pregnant), or a question is answered from the pregnancy. A host asks for the
     * sex when it is not known and this holds; while it stays unknown, the questions that depend on it are asked.
     *
     * @return whether it does
     */
    public boolean readsSex() {
        return population.sex() != Population.SexFilter.ANY
                || questions().anyMatch(q -> q.fact().equals(Optional.of(PatientFact.PREGNANT)))
                || conditions().anyMatch(Protocol::readsSexOrPregnancy);
    }

    /**
     * {@return every condition of the protocol: each question's {@code askIf} and {@code positiveIf}, each advice and call-back item's}
     */
    public Stream<Condition> conditions() {
        return Stream.of(
                questions().flatMap(q -> Stream.of(q.askIf(), q.positiveIf())),
                careAdvice.stream().flatMap(c -> c.advice().stream()).map(Advice::when),
                callBackIf.stream().map(Advice::when)).flatMap(s -> s).flatMap(Optional::stream);
    }

    private static boolean readsSexOrPregnancy(Condition condition) {
        return condition.fold(Reading.ALL).stream().map(Reading::subject)
                .anyMatch(subject -> subject instanceof Condition.Subject.SexOf || subject instanceof Condition.Subject.Pregnant);
    }

    @Override
    public String toString() {
        return "Protocol[" + ref() + "]";
    }
}
