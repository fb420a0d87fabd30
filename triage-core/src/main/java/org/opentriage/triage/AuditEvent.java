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
 */
public sealed interface AuditEvent {

    /** The kinds of event, with the name each has in a trail. */
    enum Type {
        TRAIL_STARTED("TrailStarted"),
        CALL_STARTED("CallStarted"),
        CALL_RESUMED("CallResumed"),
        PROTOCOL_ADDED("ProtocolAdded"),
        QUESTION_ASKED("QuestionAsked"),
        ANSWER_GIVEN("AnswerGiven"),
        ANSWER_WITHDRAWN("AnswerWithdrawn"),
        FACT_GIVEN("FactGiven"),
        RULES_FIRED("RulesFired"),
        DISPOSITION_REACHED("DispositionReached"),
        MODIFIER_APPLIED("ModifierApplied"),
        RECOMMENDED("Recommended"),
        OVERRIDE_APPLIED("OverrideApplied"),
        OVERRIDES_VOIDED("OverridesVoided"),
        CARE_ADVICE_GIVEN("CareAdviceGiven"),
        CALL_CLOSED("CallClosed"),
        CALL_ABANDONED("CallAbandoned"),
        CALL_ERROR("CallError"),
        CALL_INTERRUPTED("CallInterrupted"),
        TRAIL_RECOVERED("TrailRecovered"),
        SUGGESTION_OFFERED("SuggestionOffered"),
        SUGGESTION_DECLINED("SuggestionDeclined"),
        SUGGESTION_WITHDRAWN("SuggestionWithdrawn"),
        ESCALATION_DELIVERY("EscalationDelivery");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The name in a trail ({@code "AnswerGiven"}). */
        public String wireName() {
            return wireName;
        }

        /** Whether the event ends its call: nothing of the call may follow it. */
        public boolean endsCall() {
            return this == CALL_CLOSED || this == CALL_ABANDONED || this == CALL_ERROR || this == CALL_INTERRUPTED;
        }
    }

    Type type();

    /** A protocol version a call used, with the content hash it must have to be replayed. */
    record Pin(String ref, String hash) {
        public Pin {
            requireNonNull(ref, "ref");
            requireNonNull(hash, "hash");
        }
    }

    /** The first record of a trail: its format, and whether its records carry HMACs. */
    record TrailStarted(String format, String engine, boolean keyed) implements AuditEvent {
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
     */
    record CallStarted(String engine, String nurse, Patient patient, List<Pin> protocols, String language) implements AuditEvent {
        public CallStarted {
            requireNonNull(engine, "engine");
            requireNonNull(nurse, "nurse");
            requireNonNull(patient, "patient");
            protocols = List.copyOf(protocols);
            requireNonNull(language, "language");
        }

        /** A call in English. */
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
     */
    record CallResumed(String after) implements AuditEvent {
        public CallResumed {
            requireNonNull(after, "after");
        }

        @Override
        public Type type() {
            return Type.CALL_RESUMED;
        }
    }

    record ProtocolAdded(Pin protocol) implements AuditEvent {
        public ProtocolAdded {
            requireNonNull(protocol, "protocol");
        }

        @Override
        public Type type() {
            return Type.PROTOCOL_ADDED;
        }
    }

    record QuestionAsked(String protocol, String question, boolean redFlag) implements AuditEvent {
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
     * A question answered: by the nurse, from a patient fact, or by reusing another protocol's answer.
     *
     * @param shared for a shared question, the question bank it comes from ({@code questions@VERSION}), so that a
     *               reused answer names the version of the question it answers
     */
    record AnswerGiven(String protocol, String question, Answer answer, AnswerSource source, Optional<String> shared)
            implements AuditEvent {
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

    record AnswerWithdrawn(String protocol, String question) implements AuditEvent {
        public AnswerWithdrawn {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
        }

        @Override
        public Type type() {
            return Type.ANSWER_WITHDRAWN;
        }
    }

    /** A patient fact given during the call: a reading the caller reports, or a fact learned on the way. */
    record FactGiven(String fact, Answer value) implements AuditEvent {
        public FactGiven {
            requireNonNull(fact, "fact");
            requireNonNull(value, "value");
        }

        @Override
        public Type type() {
            return Type.FACT_GIVEN;
        }
    }

    /** The rules of one protocol's session that fired in a step, in firing order, named within the protocol. */
    record RulesFired(String protocol, List<String> rules) implements AuditEvent {
        public RulesFired {
            requireNonNull(protocol, "protocol");
            rules = List.copyOf(rules);
        }

        @Override
        public Type type() {
            return Type.RULES_FIRED;
        }
    }

    /** One protocol's disposition, before modifiers. */
    record DispositionReached(String protocol, String disposition, ProtocolResult.Basis basis, Optional<String> trigger)
            implements AuditEvent {
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

    record ModifierApplied(String protocol, String modifier, String from, String to, String reason) implements AuditEvent {
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

    /** The call's recommendation: the most urgent disposition across its protocols and modifiers. */
    record Recommended(String disposition) implements AuditEvent {
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
     */
    record OverrideApplied(String from, String to, boolean downgrade, String reasonCode, String note, String nurse,
                           Optional<String> approver) implements AuditEvent {
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

    /** The recommendation rose to {@code recommended}; the overrides to {@code voided} no longer apply. */
    record OverridesVoided(String recommended, List<String> voided) implements AuditEvent {
        public OverridesVoided {
            requireNonNull(recommended, "recommended");
            voided = List.copyOf(voided);
        }

        @Override
        public Type type() {
            return Type.OVERRIDES_VOIDED;
        }
    }

    /** The advice read for the final disposition (English), and the call-back instructions. */
    record CareAdviceGiven(String disposition, List<String> advice, List<String> callBackIf) implements AuditEvent {
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
     */
    record CallClosed(String recommended, String finalDisposition, List<String> undecided) implements AuditEvent {
        public CallClosed {
            requireNonNull(recommended, "recommended");
            requireNonNull(finalDisposition, "finalDisposition");
            undecided = List.copyOf(undecided);
        }

        /** A call closed with no suggestion left undecided. */
        public CallClosed(String recommended, String finalDisposition) {
            this(recommended, finalDisposition, List.of());
        }

        @Override
        public Type type() {
            return Type.CALL_CLOSED;
        }
    }

    record CallAbandoned(String reason) implements AuditEvent {
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
     */
    record SuggestionOffered(String suggested, String protocol, String question, Answer answer) implements AuditEvent {
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

    /** The nurse declined a suggested protocol: the call does not offer it again. */
    record SuggestionDeclined(String suggested) implements AuditEvent {
        public SuggestionDeclined {
            requireNonNull(suggested, "suggested");
        }

        @Override
        public Type type() {
            return Type.SUGGESTION_DECLINED;
        }
    }

    /** No answer in force suggests the protocol any more (the one that did was withdrawn): it is no longer offered. */
    record SuggestionWithdrawn(String suggested) implements AuditEvent {
        public SuggestionWithdrawn {
            requireNonNull(suggested, "suggested");
        }

        @Override
        public Type type() {
            return Type.SUGGESTION_WITHDRAWN;
        }
    }

    /** A question not ruled out when the call failed closed. */
    record Open(String protocol, String question, String ifPositive) {
        public Open {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
            requireNonNull(ifPositive, "ifPositive");
        }
    }

    /** The call failed closed to {@code disposition}, leaving {@code open} for the nurse, most urgent first. */
    record CallError(String error, String disposition, List<Open> open) implements AuditEvent {
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

    /** Appended by recovery for a call its writer left open (the process stopped mid-call). */
    record CallInterrupted(String reason) implements AuditEvent {
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
     */
    record EscalationDelivery(String call, Escalation.Reason reason, String disposition, boolean sent, int attempts,
                              Optional<String> error, java.time.Instant raised) implements AuditEvent {
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
     */
    record TrailRecovered(long tornBytes, Optional<String> tornHash, List<String> interrupted) implements AuditEvent {
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
