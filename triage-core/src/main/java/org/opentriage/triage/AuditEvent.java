package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One event of an audit trail, as the engine writes it and as a trail is read back. The set is closed:
 * {@link Type} names every kind, and one codec writes and reads them all (docs/audit-format.md describes
 * each). Events hold identifiers and words, never library objects, so a trail reads without the protocols
 * that wrote it. Dispositions are disposition ids; protocols are pinned as {@code id@version} with their
 * content hash when a call takes them up ({@link CallStarted}, {@link ProtocolAdded}) and named by id in the
 * call's other events (a call holds one version of a protocol).
 *
 * @since 0.1.0
 */
public sealed interface AuditEvent {

    /**
     * The kinds of event, with the name each has in a trail.
     *
     * @since 0.1.0
     */
    enum Type {
        /** A {@link TrailStarted} event. */
        TRAIL_STARTED("TrailStarted"),
        /** A {@link CallStarted} event. */
        CALL_STARTED("CallStarted"),
        /** A {@link CallResumed} event. */
        CALL_RESUMED("CallResumed"),
        /** A {@link ProtocolAdded} event. */
        PROTOCOL_ADDED("ProtocolAdded"),
        /** A {@link QuestionAsked} event. */
        QUESTION_ASKED("QuestionAsked"),
        /** A {@link AnswerGiven} event. */
        ANSWER_GIVEN("AnswerGiven"),
        /** A {@link AnswerWithdrawn} event. */
        ANSWER_WITHDRAWN("AnswerWithdrawn"),
        /** A {@link FactGiven} event. */
        FACT_GIVEN("FactGiven"),
        /** A {@link RulesFired} event. */
        RULES_FIRED("RulesFired"),
        /** A {@link DispositionReached} event. */
        DISPOSITION_REACHED("DispositionReached"),
        /** A {@link ModifierApplied} event. */
        MODIFIER_APPLIED("ModifierApplied"),
        /** A {@link Recommended} event. */
        RECOMMENDED("Recommended"),
        /** A {@link OverrideApplied} event. */
        OVERRIDE_APPLIED("OverrideApplied"),
        /** A {@link OverridesVoided} event. */
        OVERRIDES_VOIDED("OverridesVoided"),
        /** A {@link CareAdviceGiven} event. */
        CARE_ADVICE_GIVEN("CareAdviceGiven"),
        /** A {@link CallClosed} event. */
        CALL_CLOSED("CallClosed"),
        /** A {@link CallAbandoned} event. */
        CALL_ABANDONED("CallAbandoned"),
        /** A {@link CallError} event. */
        CALL_ERROR("CallError"),
        /** A {@link CallInterrupted} event. */
        CALL_INTERRUPTED("CallInterrupted"),
        /** A {@link TrailRecovered} event. */
        TRAIL_RECOVERED("TrailRecovered"),
        /** A {@link SuggestionOffered} event. */
        SUGGESTION_OFFERED("SuggestionOffered"),
        /** A {@link SuggestionDeclined} event. */
        SUGGESTION_DECLINED("SuggestionDeclined"),
        /** A {@link SuggestionWithdrawn} event. */
        SUGGESTION_WITHDRAWN("SuggestionWithdrawn"),
        /** A {@link EscalationDelivery} event. */
        ESCALATION_DELIVERY("EscalationDelivery");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** {@return the name in a trail ({@code "AnswerGiven"})} */
        public String wireName() {
            return wireName;
        }

        /** {@return whether the event ends its call: nothing of the call may follow it} */
        public boolean endsCall() {
            return this == CALL_CLOSED || this == CALL_ABANDONED || this == CALL_ERROR || this == CALL_INTERRUPTED;
        }
    }

    /** {@return the kind of event} */
    Type type();

    /**
     * A protocol version a call used, with the content hash it must have to be replayed.
     *
     * @param ref the protocol version, {@code id@version}
     * @param hash its content hash, {@code sha256:...}
     * @since 0.1.0
     */
    record Pin(String ref, String hash) {
        /** Checks the components. */
        public Pin {
            requireNonNull(ref, "ref");
            requireNonNull(hash, "hash");
        }
    }

    /**
     * The first record of a trail: its format, and whether its records carry HMACs.
     *
     * @param format the trail format, {@code opentriage/audit/v2}
     * @param engine the engine version that wrote it
     * @param keyed whether its records carry HMACs
     * @since 0.1.0
     */
    record TrailStarted(String format, String engine, boolean keyed) implements AuditEvent {
        /** Checks the components. */
        public TrailStarted {
            requireNonNull(format, "format");
            requireNonNull(engine, "engine");
        }

        @Override
        public Type type() {
            return Type.TRAIL_STARTED;
        }
    }

    /**
     * The first record of a call.
     *
     * @param language the language the call's texts are shown in (BCP-47; {@code en} unless the host chose another)
     * @param engine the engine version
     * @param nurse the nurse's pseudonymous id
     * @param patient the patient as the call started
     * @param protocols the protocol versions the call took up
     * @since 0.1.0
     */
    record CallStarted(String engine, String nurse, Patient patient, List<Pin> protocols, String language) implements AuditEvent {
        /** Checks the components; the list is copied. */
        public CallStarted {
            requireNonNull(engine, "engine");
            requireNonNull(nurse, "nurse");
            requireNonNull(patient, "patient");
            protocols = List.copyOf(protocols);
            requireNonNull(language, "language");
        }

        /**
         * A call in English.
         *
         * @param engine the engine version
         * @param nurse the nurse's pseudonymous id
         * @param patient the patient as the call started
         * @param protocols the protocol versions the call took up
         */
        public CallStarted(String engine, String nurse, Patient patient, List<Pin> protocols) {
            this(engine, nurse, patient, protocols, org.opentriage.protocol.LocalizedText.ENGLISH);
        }

        @Override
        public Type type() {
            return Type.CALL_STARTED;
        }
    }

    /**
     * A call continued from a snapshot in this trail.
     *
     * @param after the hash of the call's last record before the snapshot, in the trail it was written to
     * @param by    the nurse who acts on the call from here on, when it is not the nurse who started it (a lead
     *              answering or overriding an RN's call); her answers, overrides and closing follow this record
     * @since 0.1.0
     */
    record CallResumed(String after, Optional<String> by) implements AuditEvent {
        /** Checks the components. */
        public CallResumed {
            requireNonNull(after, "after");
            requireNonNull(by, "by");
        }

        /**
         * A call continued by the nurse who started it.
         *
         * @param after the hash of the call's last record before the snapshot
         */
        public CallResumed(String after) {
            this(after, Optional.empty());
        }

        @Override
        public Type type() {
            return Type.CALL_RESUMED;
        }
    }

    /**
     * A protocol the nurse added during the call.
     *
     * @param protocol the version added
     * @since 0.1.0
     */
    record ProtocolAdded(Pin protocol) implements AuditEvent {
        /** Checks the components. */
        public ProtocolAdded {
            requireNonNull(protocol, "protocol");
        }

        @Override
        public Type type() {
            return Type.PROTOCOL_ADDED;
        }
    }

    /**
     * A question asked.
     *
     * @param protocol the id of the protocol asking it
     * @param question the question's id
     * @param redFlag whether it is a red flag
     * @since 0.1.0
     */
    record QuestionAsked(String protocol, String question, boolean redFlag) implements AuditEvent {
        /** Checks the components. */
        public QuestionAsked {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
        }

        @Override
        public Type type() {
            return Type.QUESTION_ASKED;
        }
    }

    /**
     * An answer given: by the nurse, by a patient fact given up front, or reused from a shared question.
     *
     * @param shared for a shared question, the question bank it comes from ({@code questions@VERSION}), so that a
     *               reused answer names the version of the question it answers
     * @param protocol the id of the protocol whose question was answered
     * @param question the question's id
     * @param answer the answer
     * @param source where the answer came from: the nurse, a patient fact given up front, or a shared question already asked
     * @since 0.1.0
     */
    record AnswerGiven(String protocol, String question, Answer answer, AnswerSource source, Optional<String> shared)
            implements AuditEvent {
        /** Checks the components. */
        public AnswerGiven {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
            requireNonNull(answer, "answer");
            requireNonNull(source, "source");
            requireNonNull(shared, "shared");
        }

        @Override
        public Type type() {
            return Type.ANSWER_GIVEN;
        }
    }

    /**
     * The nurse withdrew the last answer: it and what was concluded from it no longer apply.
     *
     * @param protocol the id of the protocol whose question it answered
     * @param question the question's id
     * @since 0.1.0
     */
    record AnswerWithdrawn(String protocol, String question) implements AuditEvent {
        /** Checks the components. */
        public AnswerWithdrawn {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
        }

        @Override
        public Type type() {
            return Type.ANSWER_WITHDRAWN;
        }
    }

    /**
     * A patient fact given during the call: a reading the caller reports, or a fact learned on the way.
     *
     * @param fact the fact's key
     * @param value its value
     * @since 0.1.0
     */
    record FactGiven(String fact, Answer value) implements AuditEvent {
        /** Checks the components. */
        public FactGiven {
            requireNonNull(fact, "fact");
            requireNonNull(value, "value");
        }

        @Override
        public Type type() {
            return Type.FACT_GIVEN;
        }
    }

    /**
     * The rules of one protocol's session that fired in a step, in firing order, named within the protocol.
     *
     * @param protocol the protocol's id
     * @param rules the rules' names
     * @since 0.1.0
     */
    record RulesFired(String protocol, List<String> rules) implements AuditEvent {
        /** Checks the components; the list is copied. */
        public RulesFired {
            requireNonNull(protocol, "protocol");
            rules = List.copyOf(rules);
        }

        @Override
        public Type type() {
            return Type.RULES_FIRED;
        }
    }

    /**
     * One protocol's disposition, before modifiers.
     *
     * @param protocol the protocol's id
     * @param disposition the disposition id
     * @param basis how it was reached
     * @param trigger the question that decided it, if one did
     * @since 0.1.0
     */
    record DispositionReached(String protocol, String disposition, ProtocolResult.Basis basis, Optional<String> trigger)
            implements AuditEvent {
        /** Checks the components. */
        public DispositionReached {
            requireNonNull(protocol, "protocol");
            requireNonNull(disposition, "disposition");
            requireNonNull(basis, "basis");
            requireNonNull(trigger, "trigger");
        }

        @Override
        public Type type() {
            return Type.DISPOSITION_REACHED;
        }
    }

    /**
     * A risk modifier raised a protocol's disposition.
     *
     * @param protocol the protocol's id
     * @param modifier the modifier's id
     * @param from the disposition before
     * @param to the disposition after
     * @param reason why, in English
     * @since 0.1.0
     */
    record ModifierApplied(String protocol, String modifier, String from, String to, String reason) implements AuditEvent {
        /** Checks the components. */
        public ModifierApplied {
            requireNonNull(protocol, "protocol");
            requireNonNull(modifier, "modifier");
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            requireNonNull(reason, "reason");
        }

        @Override
        public Type type() {
            return Type.MODIFIER_APPLIED;
        }
    }

    /**
     * The call's recommendation: the most urgent disposition across its protocols and modifiers.
     *
     * @param disposition the disposition id
     * @since 0.1.0
     */
    record Recommended(String disposition) implements AuditEvent {
        /** Checks the components. */
        public Recommended {
            requireNonNull(disposition, "disposition");
        }

        @Override
        public Type type() {
            return Type.RECOMMENDED;
        }
    }

    /**
     * The nurse overrode the disposition.
     *
     * @param downgrade whether {@code to} is less urgent than {@code from}
     *
     * @param from the disposition overridden
     * @param to the disposition chosen
     * @param reasonCode why, as a code
     * @param note the nurse's free text
     * @param nurse the nurse's pseudonymous id
     * @param approver the provider who agreed to a downgrade
     * @since 0.1.0
     */
    record OverrideApplied(String from, String to, boolean downgrade, String reasonCode, String note, String nurse,
                           Optional<String> approver) implements AuditEvent {
        /** Checks the components. */
        public OverrideApplied {
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            requireNonNull(reasonCode, "reasonCode");
            requireNonNull(note, "note");
            requireNonNull(nurse, "nurse");
            requireNonNull(approver, "approver");
        }

        @Override
        public Type type() {
            return Type.OVERRIDE_APPLIED;
        }
    }

    /**
     * The recommendation rose to {@code recommended}; the overrides to {@code voided} no longer apply.
     *
     * @param recommended the new recommendation
     * @param voided the dispositions of the overrides voided
     * @since 0.1.0
     */
    record OverridesVoided(String recommended, List<String> voided) implements AuditEvent {
        /** Checks the components; the list is copied. */
        public OverridesVoided {
            requireNonNull(recommended, "recommended");
            voided = List.copyOf(voided);
        }

        @Override
        public Type type() {
            return Type.OVERRIDES_VOIDED;
        }
    }

    /**
     * The advice read for the final disposition (English), and the call-back instructions.
     *
     * @param disposition the final disposition
     * @param advice the care advice lines read
     * @param callBackIf the call-back instructions
     * @since 0.1.0
     */
    record CareAdviceGiven(String disposition, List<String> advice, List<String> callBackIf) implements AuditEvent {
        /** Checks the components; the lists are copied. */
        public CareAdviceGiven {
            requireNonNull(disposition, "disposition");
            advice = List.copyOf(advice);
            callBackIf = List.copyOf(callBackIf);
        }

        @Override
        public Type type() {
            return Type.CARE_ADVICE_GIVEN;
        }
    }

    /**
     * The call closed with its outcome.
     *
     * @param undecided the protocols still suggested when the call closed, neither added nor declined
     *
     * @param recommended the recommendation
     * @param finalDisposition the final disposition
     * @since 0.1.0
     */
    record CallClosed(String recommended, String finalDisposition, List<String> undecided) implements AuditEvent {
        /** Checks the components; the list is copied. */
        public CallClosed {
            requireNonNull(recommended, "recommended");
            requireNonNull(finalDisposition, "finalDisposition");
            undecided = List.copyOf(undecided);
        }

        /**
         * A call closed with no suggestion left undecided.
         *
         * @param recommended the recommendation
         * @param finalDisposition the final disposition
         */
        public CallClosed(String recommended, String finalDisposition) {
            this(recommended, finalDisposition, List.of());
        }

        @Override
        public Type type() {
            return Type.CALL_CLOSED;
        }
    }

    /**
     * The call ended without an outcome, or with one that was not acted on.
     *
     * @param reason why
     * @since 0.1.0
     */
    record CallAbandoned(String reason) implements AuditEvent {
        /** Checks the components. */
        public CallAbandoned {
            requireNonNull(reason, "reason");
        }

        @Override
        public Type type() {
            return Type.CALL_ABANDONED;
        }
    }

    /**
     * An answer suggests adding a protocol to the call, which offers it to the nurse.
     *
     * @param suggested the suggested protocol's id
     * @param protocol  the protocol whose question suggests it
     * @param answer    the answer that suggests it
     * @param question the question's id
     * @since 0.1.0
     */
    record SuggestionOffered(String suggested, String protocol, String question, Answer answer) implements AuditEvent {
        /** Checks the components. */
        public SuggestionOffered {
            requireNonNull(suggested, "suggested");
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
            requireNonNull(answer, "answer");
        }

        @Override
        public Type type() {
            return Type.SUGGESTION_OFFERED;
        }
    }

    /**
     * The nurse declined a suggested protocol: the call does not offer it again.
     *
     * @param suggested the declined protocol's id
     * @since 0.1.0
     */
    record SuggestionDeclined(String suggested) implements AuditEvent {
        /** Checks the components. */
        public SuggestionDeclined {
            requireNonNull(suggested, "suggested");
        }

        @Override
        public Type type() {
            return Type.SUGGESTION_DECLINED;
        }
    }

    /**
     * No answer in force suggests the protocol any more (the one that did was withdrawn): it is no longer offered.
     *
     * @param suggested the protocol's id
     * @since 0.1.0
     */
    record SuggestionWithdrawn(String suggested) implements AuditEvent {
        /** Checks the components. */
        public SuggestionWithdrawn {
            requireNonNull(suggested, "suggested");
        }

        @Override
        public Type type() {
            return Type.SUGGESTION_WITHDRAWN;
        }
    }

    /**
     * A question not ruled out when the call failed closed.
     *
     * @param protocol the protocol's id
     * @param question the question's id
     * @param ifPositive the disposition a yes would lead to
     * @since 0.1.0
     */
    record Open(String protocol, String question, String ifPositive) {
        /** Checks the components. */
        public Open {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
            requireNonNull(ifPositive, "ifPositive");
        }
    }

    /**
     * The call failed closed to {@code disposition}, leaving {@code open} for the nurse, most urgent first.
     *
     * @param error what failed
     * @param disposition the disposition the call failed closed to
     * @param open the questions not ruled out
     * @since 0.1.0
     */
    record CallError(String error, String disposition, List<Open> open) implements AuditEvent {
        /** Checks the components; the list is copied. */
        public CallError {
            requireNonNull(error, "error");
            requireNonNull(disposition, "disposition");
            open = List.copyOf(open);
        }

        @Override
        public Type type() {
            return Type.CALL_ERROR;
        }
    }

    /**
     * Appended by recovery for a call its writer left open (the process stopped mid-call).
     *
     * @param reason why: the call was left open when the trail's writer stopped
     * @since 0.1.0
     */
    record CallInterrupted(String reason) implements AuditEvent {
        /** Checks the components. */
        public CallInterrupted {
            requireNonNull(reason, "reason");
        }

        @Override
        public Type type() {
            return Type.CALL_INTERRUPTED;
        }
    }

    /**
     * The outcome of delivering one of a call's escalations to the on-call clinician ({@link EscalationListener}): a
     * record of the trail (no call, {@code seq} 0) naming the call, since delivery runs beside the call and may end
     * after the call's later records, or after the call ended. It follows the call's first record in the trail,
     * anywhere after it; it is not part of the call's course and a replay passes over it.
     *
     * @param call        the call's id
     * @param disposition the level escalated
     * @param sent        whether the listener took it; false when every attempt failed
     * @param attempts    the attempts made (0 when the engine was closed before the first)
     * @param error       for a failed delivery, the last attempt's error: its class and message
     * @param raised      when the escalation was raised (the record's time is when its delivery ended)
     * @param reason why the call was escalated
     * @since 0.1.0
     */
    record EscalationDelivery(String call, Escalation.Reason reason, String disposition, boolean sent, int attempts,
                              Optional<String> error, java.time.Instant raised) implements AuditEvent {
        /** Checks the components. */
        public EscalationDelivery {
            requireNonNull(call, "call");
            requireNonNull(reason, "reason");
            requireNonNull(disposition, "disposition");
            requireNonNull(error, "error");
            raised = requireNonNull(raised, "raised").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            if (attempts < 0) {
                throw new IllegalArgumentException("attempts must not be negative");
            }
            if (sent == error.isPresent()) {
                throw new IllegalArgumentException("a delivery sent has no error; one failed has its error");
            }
        }

        @Override
        public Type type() {
            return Type.ESCALATION_DELIVERY;
        }
    }

    /**
     * Recovery closed the trail after its writer stopped: a record of the trail, not of a call.
     *
     * @param tornBytes   the length of an incomplete last line removed (0 for none): a record never acknowledged
     * @param tornHash    the hash of those bytes, when there were any
     * @param interrupted the calls it closed with {@link CallInterrupted}, in the records that follow
     * @since 0.1.0
     */
    record TrailRecovered(long tornBytes, Optional<String> tornHash, List<String> interrupted) implements AuditEvent {
        /** Checks the components; the list is copied. */
        public TrailRecovered {
            requireNonNull(tornHash, "tornHash");
            interrupted = List.copyOf(interrupted);
        }

        @Override
        public Type type() {
            return Type.TRAIL_RECOVERED;
        }
    }
}
