package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.DrlGenerator;
import org.opentriage.internal.engine.RuleBase;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.protocol.RiskModifier;

/**
 * Runs triage calls over a protocol library. The rules of each protocol version are built from the
 * protocol the first time a call uses it (milliseconds; {@link Builder#buildRulesAhead()} builds them
 * all at once) and shared from then on. Build one engine and share it: it is thread-safe, and each
 * {@link Call} gets its own rule session per protocol.
 *
 * <p>A call from start to outcome, its trail written to a file:
 * {@snippet class=org.opentriage.snippets.ApiSnippetsTest region=call}
 *
 * @since 0.1.0
 */
public final class TriageEngine implements AutoCloseable {
    /** Authenticates the snapshots of engines given no key: only this process resumes them. */
    private static final byte[] PROCESS_SNAPSHOT_KEY = randomKey();

    /** The engine version recorded in every call's audit trail. */
    public static final String VERSION = Optional.ofNullable(TriageEngine.class.getPackage().getImplementationVersion())
            .orElse("development");

    private final ProtocolLibrary library;
    private final RuleBase rules;
    private final Map<String, RiskModifier> modifiers = new LinkedHashMap<>();
    private final Clock clock;
    private final Supplier<String> callIds;
    private final AuditSink sink;
    private final Optional<byte[]> hmacKey;
    private final byte[] snapshotKey;
    private final OverridePolicy overridePolicy;
    private final ProtocolLibrary.Resolution resolution;
    private final Disposition errorDisposition;
    private final boolean compactCalls;
    private final boolean generalAssessment;
    private final Pattern referencePattern;
    /** Where escalations go; null for an engine without an escalation listener. Shared with the engine's copies. */
    private final @Nullable Escalations escalations;

    private TriageEngine(Builder b) {
        this.library = b.library;
        this.clock = b.clock;
        this.callIds = b.callIds;
        this.sink = b.sink;
        this.hmacKey = b.hmacKey;
        this.snapshotKey = b.snapshotKey.or(() -> b.hmacKey.map(TriageEngine::derivedSnapshotKey)).orElse(PROCESS_SNAPSHOT_KEY);
        this.overridePolicy = b.overridePolicy;
        this.resolution = b.resolution;
        this.compactCalls = b.compactCalls;
        this.generalAssessment = b.generalAssessment;
        this.referencePattern = b.referencePattern;
        this.errorDisposition = library.scale().find(b.errorDisposition).orElseThrow(() -> new IllegalArgumentException(
                "errorDisposition '" + b.errorDisposition + "' is not in the disposition scale"));
        this.escalations = b.escalationListener == null ? null
                : new Escalations(b.escalationListener, b.escalationPolicy, threshold(library, b.escalationPolicy));
        library.modifiers().modifiers().forEach(m -> modifiers.put(m.id(), m));
        this.rules = new RuleBase(library.modifiers());
        if (b.buildRulesAhead) {
            rules.buildAll(library.protocols());
        }
    }

    private TriageEngine(TriageEngine base, AuditSink sink, Optional<byte[]> hmacKey) {
        this(base, sink, hmacKey, base.generalAssessment, base.escalations);
    }

    private TriageEngine(TriageEngine base, AuditSink sink, Optional<byte[]> hmacKey, boolean generalAssessment,
                         @Nullable Escalations escalations) {
        this.library = base.library;
        this.rules = base.rules;
        this.modifiers.putAll(base.modifiers);
        this.clock = base.clock;
        this.callIds = base.callIds;
        this.sink = requireNonNull(sink, "sink");
        this.hmacKey = hmacKey;
        this.snapshotKey = base.snapshotKey;
        this.overridePolicy = base.overridePolicy;
        this.resolution = base.resolution;
        this.errorDisposition = base.errorDisposition;
        this.compactCalls = base.compactCalls;
        this.generalAssessment = generalAssessment;
        this.referencePattern = base.referencePattern;
        this.escalations = escalations;
    }

    /**
     * {@return the same engine (sharing its compiled rules, so this is cheap) writing audit records to another sink}
     *
     * @param sink where the new engine's calls write their records
     */
    public TriageEngine withAuditSink(AuditSink sink) {
        return new TriageEngine(this, sink, hmacKey);
    }

    /**
     * {@return the same engine (sharing its compiled rules) signing audit records with another HMAC key}
     *
     * @param key the HMAC key, at least 16 bytes
     */
    public TriageEngine withHmacKey(byte[] key) {
        return new TriageEngine(this, sink, Optional.of(Builder.checkedKey(key)));
    }

    /**
     * The same engine (sharing its compiled rules) whose calls run the named protocols alone, without the general
     * assessment: to exercise one protocol, as its test cases do.
     *
     * @return the engine without the general assessment
     */
    public TriageEngine withoutGeneralAssessment() {
        return new TriageEngine(this, sink, hmacKey, false, escalations);
    }

    /**
     * The same engine (sharing its compiled rules) escalating to {@code listener} under {@code policy}, with delivery
     * threads of its own: close it ({@link #close}) when done. For a host that runs several escalation set-ups over one
     * library, as the command line does per call; a host with one builds it in ({@link Builder#escalation}).
     *
     * @param listener the host's hook to the on-call clinician
     * @param policy when and how often to escalate
     * @return the escalating engine, to close when done
     * @throws IllegalArgumentException when the policy's threshold is not in the disposition scale
     */
    public TriageEngine withEscalation(EscalationListener listener, EscalationPolicy policy) {
        requireNonNull(listener, "listener");
        requireNonNull(policy, "policy");
        return new TriageEngine(this, sink, hmacKey, generalAssessment, new Escalations(listener, policy, threshold(library, policy)));
    }

    /** The same engine whose calls never escalate: replays, which re-run calls long over. */
    TriageEngine withoutEscalation() {
        return escalations == null ? this : new TriageEngine(this, sink, hmacKey, generalAssessment, null);
    }

    private static Disposition threshold(ProtocolLibrary library, EscalationPolicy policy) {
        return library.scale().find(policy.threshold()).orElseThrow(() -> new IllegalArgumentException(
                "escalation threshold '" + policy.threshold() + "' is not in the disposition scale"));
    }

    /**
     * Stops escalation delivery, when the engine has an {@linkplain Builder#escalation escalation listener}: waits for
     * the deliveries in flight to end (each within its policy's {@linkplain EscalationPolicy budget}: every attempt
     * timing out, with the back-offs), so that their outcomes are in the audit trail, then ends the delivery threads.
     * An escalation raised after is recorded as failed at once (calls go on; their dispositions are unchanged). The
     * engine's copies ({@link #withAuditSink}, {@link #withHmacKey}, {@link #withoutGeneralAssessment}) share its
     * delivery, and closing one closes it for all; close an engine before the audit sink it writes to. Idempotent; does
     * nothing for an engine without a listener.
     */
    @java.lang.Override
    public void close() {
        if (escalations != null) {
            escalations.close();
        }
    }

    @Nullable Escalations escalations() {
        return escalations;
    }

    /**
     * A builder of an engine over {@code library}, with the defaults each setting names.
     *
     * @param library the protocols calls may use
     * @return the builder
     */
    public static Builder builder(ProtocolLibrary library) {
        return new Builder(library);
    }

    /**
     * Settings of an engine; each is checked as it is set.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final ProtocolLibrary library;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> callIds = () -> UUID.randomUUID().toString();
        private AuditSink sink = AuditSink.discard();
        private Optional<byte[]> hmacKey = Optional.empty();
        private Optional<byte[]> snapshotKey = Optional.empty();
        private OverridePolicy overridePolicy = OverridePolicy.DEFAULT;
        private ProtocolLibrary.Resolution resolution = ProtocolLibrary.Resolution.APPROVED_ONLY;
        private String errorDisposition = "call-provider-now";
        private boolean buildRulesAhead;
        private boolean compactCalls;
        private boolean generalAssessment = true;
        private Pattern referencePattern = PseudonymousReferences.DEFAULT;
        private @Nullable EscalationListener escalationListener;
        private EscalationPolicy escalationPolicy = EscalationPolicy.DEFAULT;

        private Builder(ProtocolLibrary library) {
            this.library = requireNonNull(library, "library");
        }

        /**
         * The clock audit records are stamped with (default: UTC system clock).
         *
         * @param value the clock audit records are stamped with
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /**
         * Where call ids come from (default: random UUIDs).
         *
         * @param value where call ids come from
         * @return this builder
         */
        public Builder callIds(Supplier<String> value) {
            this.callIds = requireNonNull(value, "callIds");
            return this;
        }

        /**
         * Where audit records go (default: nowhere; hosts should always set one).
         *
         * @param value where audit records go
         * @return this builder
         */
        public Builder auditSink(AuditSink value) {
            this.sink = requireNonNull(value, "auditSink");
            return this;
        }

        /**
         * A key for HMAC-SHA256 over each audit record, so a rewrite without the key is detected.
         *
         * @param value the key, at least 16 bytes
         * @return this builder
         */
        public Builder hmacKey(byte[] value) {
            this.hmacKey = Optional.of(checkedKey(value));
            return this;
        }

        /**
         * The key call snapshots are authenticated with: every engine that resumes a call's snapshot needs the
         * key of the engine that took it. Default: derived from {@link #hmacKey} when one is set, else a key
         * drawn at random for this process, so that only engines of this process resume its snapshots.
         *
         * @param value the key, at least 16 bytes
         * @return this builder
         */
        public Builder snapshotKey(byte[] value) {
            this.snapshotKey = Optional.of(checkedKey(value, "snapshotKey"));
            return this;
        }

        static byte[] checkedKey(byte[] value) {
            return checkedKey(value, "hmacKey");
        }

        private static byte[] checkedKey(byte[] value, String setting) {
            requireNonNull(value, setting);
            if (value.length < 16) {
                throw new IllegalArgumentException(setting + " must have at least 16 bytes, has " + value.length);
            }
            return value.clone();
        }

        /**
         * Who may override a disposition, and whether a downgrade needs an approver (default: {@link OverridePolicy#DEFAULT}).
         *
         * @param value the override policy
         * @return this builder
         */
        public Builder overridePolicy(OverridePolicy value) {
            this.overridePolicy = requireNonNull(value, "overridePolicy");
            return this;
        }

        /**
         * Which versions an unpinned protocol id resolves to (default: approved only). The bundled
         * protocols are drafts, so trying them needs {@link ProtocolLibrary.Resolution#ANY_STATUS}.
         * @param value which versions an unpinned protocol id resolves to
         * @return this builder
         */
        public Builder resolution(ProtocolLibrary.Resolution value) {
            this.resolution = requireNonNull(value, "resolution");
            return this;
        }

        /**
         * The disposition a call that fails closed escalates to, at least (default: call-provider-now).
         *
         * @param dispositionId the disposition a call that fails closed escalates to, at least (default: call-provider-now)
         * @return this builder
         */
        public Builder errorDisposition(String dispositionId) {
            requireNonNull(dispositionId, "dispositionId");
            if (library.scale().find(dispositionId).isEmpty()) {
                throw new IllegalArgumentException("errorDisposition '" + dispositionId + "' is not in the disposition scale");
            }
            this.errorDisposition = dispositionId;
            return this;
        }

        /**
         * Builds the rules of every protocol version in the library when the engine is built, rather than
         * the first time a call uses each (a few milliseconds per protocol): for hosts that want no call
         * to wait, and to find a rule-building fault at start-up.
         * @return this builder
         */
        public Builder buildRulesAhead() {
            this.buildRulesAhead = true;
            return this;
        }

        /**
         * Calls keep only their answers between steps, not their rule sessions (rebuilt from the answers
         * at the next step): a few KB per call in flight instead of about 30, for hosts holding many
         * thousands of calls, at several times the CPU per step (BENCHMARKS.md has both figures). Calls
         * conclude and audit exactly the same either way.
         * @return this builder
         */
        public Builder compactCalls() {
            this.compactCalls = true;
            return this;
        }

        /**
         * The pattern a new call's nurse id and patient reference must each match entirely; a call with one
         * that does not is refused with a {@link ReferenceRefusedException} naming the field and why, never
         * the value. The default admits 1 to 64 ASCII letters, digits, {@code -}, {@code _}, {@code .} and
         * {@code :}, and nothing that looks like a date: ISO dates, d/m/y and m/d/y with {@code /}, {@code .}
         * or {@code -}, 8-digit yyyymmdd runs.
         *
         * <p>Why: both go verbatim into an audit trail kept for years, so they must be pseudonymous. No space
         * keeps out names; no date keeps out dates of birth; the bound and the small set keep out free text,
         * e-mail addresses, and control or bidi characters that would garble a terminal or a log, while
         * admitting UUIDs, URNs ({@code urn:uuid:…}) and prefixed ids ({@code site-7:p-123}). A record number
         * made of digits cannot be told from a pseudonymous one: a host with its own reference scheme should
         * set a pattern for it (e.g. {@code ref-[0-9a-f]{12}}). Calls resumed from a snapshot or replayed from
         * an audit trail are not checked, so trails written before a pattern was set still replay.
         *
         * @throws IllegalArgumentException when the pattern admits an empty reference
         * @param value the pattern a new call's nurse id and patient reference must each match entirely; a call with one that does not is refused with a {@link ReferenceRefusedException} naming the field and why, never the value
         * @return this builder
         */
        public Builder referencePattern(Pattern value) {
            requireNonNull(value, "referencePattern");
            if (value.matcher("").matches()) {
                throw new IllegalArgumentException("referencePattern '" + value + "' admits an empty reference");
            }
            this.referencePattern = value;
            return this;
        }

        /**
         * Whether every call runs the library's general assessment ({@code kind: general}: how sick the patient is,
         * the readings the caller gives) before the protocols the nurse picks (default: yes, when the library has
         * one). Leave it out only to exercise one protocol alone, as its test cases do.
         * @param value whether every call runs the library's general assessment before the protocols the nurse picks
         * @return this builder
         */
        public Builder generalAssessment(boolean value) {
            this.generalAssessment = value;
            return this;
        }

        /**
         * Escalates to {@code listener} under the {@linkplain EscalationPolicy#DEFAULT default policy}.
         *
         * @param listener the host's hook to the on-call clinician
         * @return this builder
         */
        public Builder escalation(EscalationListener listener) {
            return escalation(listener, EscalationPolicy.DEFAULT);
        }

        /**
         * Escalates calls to the on-call clinician through {@code listener}: when a call's disposition reaches the
         * policy's threshold (once per level reached: a later rise above it escalates again, a fall takes nothing
         * back), and when a call fails closed. Delivery runs on threads of the engine's own, never the call's, so a
         * listener neither delays nor changes a call; each delivery's outcome goes to the call's audit trail. The
         * engine then holds threads while deliveries are in flight: {@link TriageEngine#close()} it when done.
         *
         * @param listener the host's hook to the on-call clinician
         * @param policy   when and how often to escalate
         * @return this builder
         * @throws IllegalArgumentException when the policy's threshold is not in the disposition scale
         */
        public Builder escalation(EscalationListener listener, EscalationPolicy policy) {
            requireNonNull(listener, "listener");
            requireNonNull(policy, "policy");
            threshold(library, policy);
            this.escalationListener = listener;
            this.escalationPolicy = policy;
            return this;
        }

        /**
         * Builds the engine; its rules are built as calls first use them, or now with {@link #buildRulesAhead()}.
         *
         * @return the engine, to share across calls and threads
         */
        public TriageEngine build() {
            return new TriageEngine(this);
        }
    }

    /**
     * Starts a call: writes its first audit record, answers what the patient's facts answer, and goes
     * to the first question.
     *
     * @param nurse     the nurse's id, recorded with every override
     * @param patient   the patient: a pseudonymous reference, age, and what else the host knows
     * @param protocols protocol ids (resolved by the engine's resolution) or pinned {@code id@version}s
     * @return the call, whose first step {@link Call#next()} gives
     * @throws ReferenceRefusedException   when the nurse id or the patient reference does not match the
     *                                     {@linkplain Builder#referencePattern reference pattern}
     * @throws ProtocolNotApprovedException when the engine's resolution is {@code APPROVED_ONLY} and a protocol of
     *                                     the call (or the general assessment) is not approved for its current content
     */
    public Call startCall(String nurse, Patient patient, List<String> protocols) {
        return startCall(nurse, patient, protocols, org.opentriage.protocol.LocalizedText.ENGLISH);
    }

    /**
     * As {@link #startCall(String, Patient, List)}, for a call held in another language: the call records the
     * language ({@link Call#language()}, the call's first audit record), and the host shows each text with
     * {@link org.opentriage.protocol.LocalizedText#render(String)}, which marks a text that has no translation.
     *
     * @param language a BCP-47 tag such as {@code es}
     * @param nurse the nurse's pseudonymous id, recorded with every step
     * @param patient the patient: a pseudonymous reference, age, and what else the host knows
     * @param protocols the protocols the nurse picked, by id or {@code id@version}
     * @return the call, whose first step {@link Call#next()} gives
     * @throws IllegalArgumentException when {@code language} is not a BCP-47 tag
     */
    public Call startCall(String nurse, Patient patient, List<String> protocols, String language) {
        requireNonNull(protocols, "protocols");
        requireNonNull(language, "language");
        if (!LocalizedText.isLanguageTag(language)) {
            throw new IllegalArgumentException("language must be a BCP-47 tag such as es or es-MX, not '" + language + "'");
        }
        PseudonymousReferences.check(referencePattern, nurse, patient);
        List<String> all = new ArrayList<>();
        Optional<Protocol> general = generalAssessment ? library.generalAssessment(resolution) : Optional.empty();
        if (generalAssessment && general.isEmpty()) {
            // Never a call silently without the general assessment the library has: its version is not admitted.
            library.generalAssessment(ProtocolLibrary.Resolution.ANY_STATUS).ifPresent(p -> {
                throw new ProtocolNotApprovedException("the library's general assessment is not approved: "
                        + library.approvals().whyNotApproved(p).orElse(p.ref()) + "; approve it, or build the engine "
                        + "with generalAssessment(false) to run calls without it");
            });
        }
        if (!protocols.isEmpty() && general.isPresent() && protocols.stream()
                .noneMatch(r -> ProtocolRef.parse(r).map(ProtocolRef::id).orElse(r).equals(general.get().id()))) {
            all.add(general.get().ref());
        }
        all.addAll(protocols);
        return startCall(callIds.get(), nurse, patient, all, language, sink);
    }

    /**
     * Refuses what {@link #startCall} would refuse, without starting a call or writing anything: a nurse id or patient
     * reference that does not look pseudonymous, a protocol not in the library, a patient outside a protocol's
     * population. For a host that asks the nurse for more (the patient's sex) before it starts the call.
     *
     * @param nurse the nurse's pseudonymous id
     * @param patient the patient as the host would start the call with
     * @param protocols the protocols the nurse picked
     * @throws ReferenceRefusedException as {@link #startCall} does
     * @throws IllegalArgumentException  naming the protocol that is not in the library or that the patient is outside
     */
    public void checkStart(String nurse, Patient patient, List<String> protocols) {
        requireNonNull(protocols, "protocols");
        PseudonymousReferences.check(referencePattern, nurse, patient);
        protocols.forEach(reference -> requireInPopulation(resolve(reference), patient));
    }

    Call startCall(String callId, String nurse, Patient patient, List<String> protocols, AuditSink callSink) {
        return startCall(callId, nurse, patient, protocols, org.opentriage.protocol.LocalizedText.ENGLISH, callSink);
    }

    Call startCall(String callId, String nurse, Patient patient, List<String> protocols, String language, AuditSink callSink) {
        requireNonNull(nurse, "nurse");
        requireNonNull(patient, "patient");
        requireNonNull(protocols, "protocols");
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("a call needs at least one protocol");
        }
        List<Protocol> resolved = new ArrayList<>();
        for (String reference : protocols) {
            Protocol protocol = resolve(reference);
            requireInPopulation(protocol, patient);
            if (resolved.stream().anyMatch(p -> p.id().equals(protocol.id()))) {
                throw new IllegalArgumentException("protocol " + protocol.id() + " is named twice");
            }
            resolved.add(protocol);
        }
        Call call = new Call(this, callId, nurse, patient, language, callSink);
        call.start(resolved);
        return call;
    }

    /**
     * Resumes a call from {@link Call#snapshot()}, in this or another engine over the same protocols with the
     * same snapshot key ({@link Builder#snapshotKey}).
     *
     * @param snapshot a snapshot from {@link Call#snapshot()}
     * @return the call, as it stood when the snapshot was taken
     * @throws IllegalArgumentException when the snapshot was changed, or taken by an engine with another key
     * @throws ProtocolNotApprovedException when the engine's resolution is {@code APPROVED_ONLY} and a protocol the
     *         call runs is not approved for its pinned content (a call started by a drafting engine, or a protocol whose
     *         approval was withdrawn since)
     */
    public Call resume(String snapshot) {
        return resumeFor(snapshot, null);
    }

    /**
     * Resumes a call from {@link Call#snapshot()} for a nurse who may not be the one who started it (a lead taking
     * over an RN's call, the next shift): the trail's {@link AuditEvent.CallResumed} names her, and her overrides
     * are recorded under her id, so that each step is recorded under the person who took it.
     *
     * @param snapshot a snapshot from {@link Call#snapshot()}
     * @param nurse    the id of the nurse acting on the call from now on (pseudonymous, as at the start of a call)
     * @return the call, as it stood when the snapshot was taken
     * @throws IllegalArgumentException when the snapshot was changed, or taken by an engine with another key
     * @throws ReferenceRefusedException when the nurse id does not look pseudonymous
     * @throws ProtocolNotApprovedException as {@link #resume(String)}
     * @since 0.2.0
     */
    public Call resume(String snapshot, String nurse) {
        requireNonNull(nurse, "nurse");
        PseudonymousReferences.checkNurse(referencePattern, nurse);
        return resumeFor(snapshot, nurse);
    }

    private Call resumeFor(String snapshot, @Nullable String actingNurse) {
        requireNonNull(snapshot, "snapshot");
        Snapshots.Snapshot s = Snapshots.read(snapshot, library, resolution, snapshotKey);
        if (resolution == ProtocolLibrary.Resolution.APPROVED_ONLY) {
            // A production engine runs only approved content, whoever started the call: a snapshot taken by a
            // drafting engine, or one whose protocol lost its approval since, is refused as startCall refuses it.
            for (AuditEvent.Pin pin : s.protocols()) {
                Protocol pinned = resolvePinned(pin);
                if (!library.isApproved(pinned)) {
                    throw new ProtocolNotApprovedException("call " + s.callId() + " cannot be resumed by a production "
                            + "engine: " + library.approvals().whyNotApproved(pinned).orElse(pinned.ref()));
                }
            }
        }
        Call call = new Call(this, s.callId(), s.nurse(), s.patient(), s.language(), sink);
        call.restore(s, actingNurse == null ? s.nurse() : actingNurse);
        return call;
    }

    /**
     * {@return the generated rules of a protocol, as they run}
     *
     * @param reference {@code id} or {@code id@version}
     */
    public String drl(String reference) {
        return DrlGenerator.protocol(resolve(reference));
    }

    /**
     * Replays the calls of an audit trail against their pinned protocol versions, one call at a time as
     * the trail is read: memory holds only the calls still open at the point reached. Each call's result goes
     * to {@code results} when its last record has been read.
     *
     * @param trail the trail's records in order, as {@link AuditTrail#records} reads them
     * @param results receives each call's result
     */
    public void replay(Iterator<AuditRecord> trail, Consumer<Replay.Result> results) {
        Replay.run(this, requireNonNull(trail, "trail"), requireNonNull(results, "results"));
    }

    /**
     * Replays the calls of a trail held in memory.
     *
     * @param trail the trail's records in order
     * @return each call's result, in the order the calls ended
     */
    public List<Replay.Result> replay(List<AuditRecord> trail) {
        List<Replay.Result> results = new ArrayList<>();
        replay(trail.iterator(), results::add);
        return results;
    }

    Protocol resolve(String reference) {
        Optional<Protocol> found = library.resolve(reference, resolution);
        if (resolution == ProtocolLibrary.Resolution.APPROVED_ONLY) {
            // A pinned id@version resolves whatever its status: a production engine still runs only what is approved.
            Optional<Protocol> any = found.or(() -> library.resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS));
            if (any.isPresent() && (found.isEmpty() || !library.isApproved(found.get()))) {
                Protocol refused = found.orElse(any.get());
                throw new ProtocolNotApprovedException(library.approvals().whyNotApproved(refused).orElseThrow()
                        + (found.isEmpty() && !reference.contains("@") ? "; no version of " + reference + " is approved" : ""));
            }
        }
        return found.orElseThrow(() -> new IllegalArgumentException("no protocol '" + reference + "' in the library"));
    }

    /** A protocol is for its population only: a pediatric protocol must not triage an adult. */
    static void requireInPopulation(Protocol protocol, Patient patient) {
        boolean sexFits = patient.sex().map(sex -> protocol.population().sex().admits(sex)).orElse(true);
        if (!protocol.population().admitsAge(patient.age()) || !sexFits) {
            throw new IllegalArgumentException("protocol " + protocol.ref() + " is for " + protocol.population().describe()
                    + "; this patient is outside it");
        }
    }

    /** The exact pinned version, which must have the recorded content hash. */
    Protocol resolvePinned(AuditEvent.Pin pin) {
        Protocol protocol = library.resolve(pin.ref(), ProtocolLibrary.Resolution.ANY_STATUS)
                .orElseThrow(() -> new IllegalArgumentException("protocol " + pin.ref() + " is not in the library"));
        if (!protocol.contentHash().equals(pin.hash())) {
            throw new IllegalArgumentException("protocol " + pin.ref() + " has content " + protocol.contentHash()
                    + ", not the recorded " + pin.hash());
        }
        return protocol;
    }

    ProtocolLibrary library() {
        return library;
    }

    RuleBase rules() {
        return rules;
    }

    ProtocolLibrary.Resolution resolution() {
        return resolution;
    }

    RiskModifier modifier(String id) {
        return Optional.ofNullable(modifiers.get(id)).orElseThrow(() -> new IllegalStateException("no modifier " + id));
    }

    Clock clock() {
        return clock;
    }

    Optional<byte[]> hmacKey() {
        return hmacKey;
    }

    byte[] snapshotKey() {
        return snapshotKey;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] derivedSnapshotKey(byte[] hmacKey) {
        return HexFormat.of().parseHex(AuditChain.hmac("opentriage call snapshots", hmacKey));
    }

    OverridePolicy overridePolicy() {
        return overridePolicy;
    }

    boolean compactCalls() {
        return compactCalls;
    }

    Disposition errorDisposition() {
        return errorDisposition;
    }
}
