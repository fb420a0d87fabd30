package org.opentriage.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Dimension;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AnswerRejectedException;
import org.opentriage.triage.AuditSink;
import org.opentriage.triage.Call;
import org.opentriage.triage.CallState;
import org.opentriage.triage.EscalationPolicy;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.ProtocolResult;
import org.opentriage.triage.ReferenceRefusedException;
import org.opentriage.triage.Step;
import org.opentriage.triage.Suggestion;
import org.opentriage.triage.TriageEngine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage run PROTOCOL... [--answers FILE] [--audit FILE]}: one triage call, answered at the terminal
 * (line by line from standard input, piped or typed) or from a call script.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs a triage call on the bundled protocols (drafts, NOT clinically validated).",
                "Asks each question and reads the answer from standard input, one a line: y, n, ? (don't know), a "
                        + "number with its unit (38.5 C, 101 F, 3 d) or an option code; at any prompt, a reading the "
                        + "caller reports as +FACT VALUE (+spo2 91, +temperature 39.2 C, +hr 130), which every "
                        + "protocol of the call takes at once. When an answer suggests another protocol, asks whether to "
                        + "add it to the call (y/n). With --answers, the "
                        + "answers come from a call script instead, and the call is checked against its 'expect'. "
                        + "Ending the input before the outcome (Ctrl-D) abandons the call.",
                "Prints the outcome, its basis, care advice and call-back instructions, then closes the call."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    TriageCommand parent;

    @Parameters(paramLabel = "PROTOCOL", arity = "0..*",
            description = "Protocol ids (see 'triage list'), or id@version. With --answers, may be left out; if given, "
                    + "it must name the script's protocols.")
    List<String> protocolIds = List.of();

    @Option(names = "--age", paramLabel = "AGE", converter = ListCommand.AgeConverter.class,
            description = "Patient age: years (54, 0.5) or a quantity with unit d, wk, mo or y (\"3 mo\").")
    Quantity age;

    @Option(names = "--sex", paramLabel = "female|male|unknown",
            description = "Patient sex; unknown when it is not known. Left out where a protocol of the call depends on it, "
                    + "it is asked before the first question (a call script must give it).")
    GivenSex sex;

    @Option(names = "--pregnant", description = "The patient is pregnant: answers the protocols' \"is she pregnant?\" "
            + "(for not pregnant: --fact pregnant=no).")
    boolean pregnant;

    @Option(names = "--fact", paramLabel = "KEY=VALUE",
            description = "A known fact that answers its questions without asking: temperature=\"38.2 C\", "
                    + "immunocompromised=yes, pregnancy-weeks=20, ... (see docs/protocol-format.md). A number needs its "
                    + "unit where the fact has several (102.2 F, not 102.2). Repeatable.")
    Map<String, String> facts = new LinkedHashMap<>();

    @Option(names = "--nurse-concern", description = "The nurse judges that the patient sounds sick (fact nurse-concern).")
    boolean nurseConcern;

    @Option(names = "--answers", paramLabel = "FILE",
            description = "A call script (*.call.yaml) to take the patient, protocols and answers from; command-line "
                    + "patient options win over the script's. See examples/calls.")
    Path answersFile;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "Write the call's audit trail there as JSON Lines. The file must be new or empty.")
    Path auditFile;

    @Option(names = "--rn", paramLabel = "ID",
            description = "The nurse's id, recorded in the audit trail (default: the login name). Letters, digits, "
                    + "- _ . : only, at most 64, nothing like a date.")
    String nurse;

    /** Where the call's protocols and engine come from: the bundled library, unless a replay says otherwise. */
    private Function<List<String>, Engines.ForCall> engines = Engines::forCall;

    /** Where a replayed call, which has no {@link #auditFile}, writes its audit trail: nowhere unless a replay says. */
    private AuditSink replaySink = AuditSink.discard();

    @Option(names = "--patient", paramLabel = "REF",
            description = "A pseudonymous patient reference (never a name, date of birth or record number): letters, "
                    + "digits, - _ . : only, at most 64, nothing like a date; default: the script's, or 'unidentified'.")
    String patientReference;

    @Mixin
    LibraryOptions libraryOptions;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "The language to read the call in (a BCP-47 tag such as es; default: ${DEFAULT-VALUE}): "
                    + "questions, answer options, advice, call-back lines and disposition labels in that language; a "
                    + "text without it is shown in English marked [en]. Rationales stay in English. The audit trail "
                    + "records the language.")
    String language = LocalizedText.ENGLISH;

    @Mixin
    HmacKeyOption hmac;

    @Option(names = "--escalate-command", paramLabel = "CMD",
            description = "Escalate to the on-call clinician by running CMD with the escalation as JSON on its standard "
                    + "input (README, \"Escalation to the on-call clinician\"), when the disposition reaches --escalate-at "
                    + "and each time it rises above, and when the call fails closed. CMD is split into words as sh would "
                    + "and run without a shell (write sh -c '...' for one). Exit code 0 is delivered; otherwise, or past "
                    + "the timeout, it is tried again (3 attempts). The outcome is printed, and written to the audit trail.")
    String escalateCommand;

    @Option(names = "--escalate-timeout", paramLabel = "DURATION", converter = EscalationCommand.DurationConverter.class,
            description = "How long one run of the escalation command may take before it is killed: 10s (default), 500ms, 2m.")
    Duration escalateTimeout;

    @Option(names = "--escalate-at", paramLabel = "DISPOSITION",
            description = "The disposition from which a call escalates, and every more urgent one (default: call-provider-now).")
    String escalateAt;

    @Option(names = "--escalate-attempts", paramLabel = "N",
            description = "How many times the escalation command is tried before the escalation is reported as failed, "
                    + "2 s, then 4 s, … apart (1 to 10; default 3).")
    Integer escalateAttempts;

    @Override
    public Integer call() {
        if (libraryOptions.given()) {
            ProtocolLibrary library = libraryOptions.library();
            String where = libraryOptions.where();
            engines = libraryOptions.production ? Engines.production(library, where) : Engines.on(library, where);
        }
        Optional<CallScript> script = Optional.ofNullable(answersFile).map(CallScript::read);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Responder responder = script.<Responder>map(s -> new Scripted(s, out))
                .orElseGet(() -> new Interactive(parent.input(), parent.echoesInput(), out));
        Ending ending = run(script, responder, hmac::key, out, err);
        if (ending instanceof Ending.Abandoned abandoned) {
            throw new CommandFailure(ExitCode.CALL_INCOMPLETE, "call " + abandoned.callId() + " abandoned: " + abandoned.reason());
        }
        if (ending instanceof Ending.FailedClosed failed) {
            throw new CommandFailure(ExitCode.CALL_FAILED, "call " + failed.callId() + " failed closed: " + failed.error()
                    + "; escalate to the on-call clinician");
        }
        Outcome outcome = ((Ending.Closed) ending).outcome();
        return responder instanceof Scripted scripted ? check(scripted, outcome, err) : ExitCode.OK;
    }

    /** How a call that started ended: closed with its outcome, abandoned before it, or failed closed by the engine. */
    sealed interface Ending {
        /** The call closed with this outcome. */
        record Closed(Outcome outcome) implements Ending {
        }

        /** The call ended before its outcome (a question the script does not answer, the input ended), saying why. */
        record Abandoned(String callId, String reason) implements Ending {
        }

        /** The engine failed the call closed; its advice escalates to the on-call clinician. */
        record FailedClosed(String callId, String error) implements Ending {
        }
    }

    /**
     * A call script replayed exactly as {@code triage run --answers FILE} runs it (the same checks, the same engine
     * and the same answers), with no audit trail and no command-line options: the acceptance suite's replay.
     *
     * @param ending    how the call ended
     * @param questions the questions the call asked (each answered from the script)
     */
    record Replay(Ending ending, int questions) {
    }

    /** The nurse id of replayed calls, which write no audit trail. */
    static final String REPLAY_NURSE = "replay";

    /**
     * Replays a call script as {@link Replay} says, writing the call's transcript (questions, answers, outcome) to
     * {@code transcript}.
     *
     * @throws CommandFailure when the call cannot start, as {@code triage run} would refuse it (a protocol the library
     *                        no longer has, a patient the protocols do not take, a script without the sex a protocol
     *                        now depends on), with the same exit code and message
     */
    static Replay replay(CallScript script, PrintWriter transcript) {
        return replay(script, transcript, Engines::forCall);
    }

    /** {@link #replay(CallScript, PrintWriter)} on the protocols {@code engines} gives (see {@link Engines#on}). */
    static Replay replay(CallScript script, PrintWriter transcript, Function<List<String>, Engines.ForCall> engines) {
        return replay(script, transcript, engines, AuditSink.discard());
    }

    /**
     * {@link #replay(CallScript, PrintWriter, Function)}, writing the call's audit trail to {@code sink} (what the call
     * asked, was answered and reached, for {@code triage coverage}).
     */
    static Replay replay(CallScript script, PrintWriter transcript, Function<List<String>, Engines.ForCall> engines,
                         AuditSink sink) {
        RunCommand run = new RunCommand();
        run.nurse = REPLAY_NURSE;
        run.language = LocalizedText.ENGLISH;  // as --lang leaves it: picocli's default is not applied here
        run.engines = engines;
        run.replaySink = sink;
        Scripted scripted = new Scripted(script, transcript);
        Ending ending = run.run(Optional.of(script), scripted, Optional::empty, transcript, transcript);
        return new Replay(ending, scripted.asked);
    }

    /**
     * Runs a call: loads its protocols, merges the script's patient with the command line's, asks the sex where a
     * protocol depends on it, and takes the answers from {@code responder}, writing the call to {@code out} and its
     * audit trail to {@link #auditFile} when there is one.
     */
    private Ending run(Optional<CallScript> script, Responder responder, Supplier<Optional<byte[]>> hmacKey,
                       PrintWriter out, PrintWriter err) {
        Engines.ForCall loaded = engines.apply(protocols(script));
        // Refused before the nurse is asked anything; its delivery threads come only with an escalation.
        TriageEngine base = escalating(loaded.engine());
        List<Protocol> protocols = loaded.protocols();
        PatientFields fields = patientFields(script);
        Optional<byte[]> key = hmacKey.get();
        Optional<Protocol> needsSex = fields.sexNeededBy(protocols);
        if (needsSex.isPresent()) {
            // What would refuse the call is said before the nurse is asked anything.
            checkStart(loaded.engine(), patient(fields), protocols, script);
            fields = fields.withSex(sexOf(needsSex.get(), responder, script));
        }
        Patient patient = patient(fields);
        JsonLinesAuditSink audit = auditFile == null ? null : openAudit(auditFile);
        try {
            AuditSink sink = audit == null ? replaySink : audit;
            TriageEngine engine = base.withAuditSink(sink);
            return triage(protocols, patient, key.map(engine::withHmacKey).orElse(engine), responder, script, out, err);
        } finally {
            if (escalateCommand != null) {
                base.close();  // deliveries in flight end, and are recorded, before the trail is closed
            }
            if (audit != null) {
                try {
                    audit.close();
                } catch (IOException e) {
                    err.println(Visible.text("triage: cannot finish writing the audit trail " + auditFile + ": " + e.getMessage()));
                }
            }
        }
    }

    /**
     * The engine escalating as the options ask, with delivery threads of its own (the engine shared by the process's
     * commands is left as it is); the engine itself without --escalate-command.
     */
    private TriageEngine escalating(TriageEngine engine) {
        if (escalateCommand == null) {
            if (escalateTimeout != null || escalateAt != null || escalateAttempts != null) {
                throw new CommandFailure(ExitCode.USAGE, "--escalate-timeout, --escalate-at and --escalate-attempts need "
                        + "--escalate-command");
            }
            return engine;
        }
        Duration timeout = escalateTimeout == null ? Duration.ofSeconds(10) : escalateTimeout;
        EscalationPolicy policy;
        try {
            // The engine's limit a little past the command's own, so that an overrun is told as the command's.
            policy = EscalationPolicy.DEFAULT.withAttemptTimeout(timeout.plusSeconds(1))
                    .withAttempts(escalateAttempts == null ? EscalationPolicy.DEFAULT.attempts() : escalateAttempts);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "--escalate-attempts: " + e.getMessage());
        }
        EscalationCommand command;
        try {
            command = new EscalationCommand(EscalationCommand.split(escalateCommand), timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "--escalate-command: " + e.getMessage());
        }
        try {
            return engine.withEscalation(command, policy.withThreshold(escalateAt == null ? policy.threshold() : escalateAt));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "--escalate-at: " + e.getMessage());
        }
    }

    /**
     * Waits for the call's escalations to be delivered (or to fail) and says how each went: a failed one is for the
     * nurse to phone through. Nothing without --escalate-command.
     */
    private void reportEscalations(Call call, TriageEngine engine, PrintWriter out) {
        if (escalateCommand == null) {
            return;
        }
        if (call.escalations().stream().anyMatch(s -> !s.done())) {
            out.println("Escalating to on-call: waiting for the escalation command …");
            out.flush();
        }
        engine.close();
        EscalationCommand.print(call.escalations(), out);
    }

    private List<String> protocols(Optional<CallScript> script) {
        if (script.isPresent() && script.get().noProtocolFits()) {
            throw new CommandFailure(ExitCode.BAD_INPUT, script.get().file() + ": protocol: none: the call script records "
                    + "that no protocol fits the caller (a call of the acceptance suite); there is no call to run");
        }
        List<String> scripted = script.map(CallScript::protocols).orElse(List.of());
        if (!protocolIds.isEmpty() && !scripted.isEmpty() && !protocolIds.equals(scripted)) {
            throw new CommandFailure(ExitCode.USAGE, "the command line names protocols " + protocolIds + " but "
                    + answersFile + " names " + scripted + "; leave them out of the command line or make them agree");
        }
        List<String> protocols = protocolIds.isEmpty() ? scripted : protocolIds;
        if (protocols.isEmpty()) {
            throw new CommandFailure(ExitCode.USAGE, "name the protocol of the call, e.g. 'triage run chest-pain-adult' "
                    + "('triage list' shows them)");
        }
        return protocols;
    }

    /** The script's patient fields with the command line's in place of its own. */
    private PatientFields patientFields(Optional<CallScript> script) {
        Map<PatientFact, Answer> given = new EnumMap<>(PatientFact.class);
        try {
            facts.forEach((key, value) -> {
                Map.Entry<PatientFact, Answer> fact = PatientFields.fact(key, value);
                given.put(fact.getKey(), fact.getValue());
            });
            if (nurseConcern) {
                given.put(PatientFact.NURSE_CONCERN, Answer.yes());
            }
            PatientFields commandLine = new PatientFields(Optional.ofNullable(age), Optional.ofNullable(sex),
                    pregnant ? Optional.of(true) : Optional.empty(), Optional.ofNullable(patientReference), given);
            return script.map(s -> s.patient().overriddenBy(commandLine)).orElse(commandLine);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    private static Patient patient(PatientFields fields) {
        try {
            return fields.patient("unidentified");
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    /**
     * The sex of a patient given without one, for a call whose protocol depends on it: asked once at the prompt
     * (female, male or not known); a call script must give it, and one that does not is refused naming the key.
     */
    private GivenSex sexOf(Protocol needing, Responder responder, Optional<CallScript> script) {
        if (responder instanceof Interactive interactive) {
            try {
                return interactive.sex(needing);
            } catch (CallIncomplete e) {
                throw new CommandFailure(ExitCode.CALL_INCOMPLETE, "no call was started: " + e.getMessage());
            }
        }
        throw new CommandFailure(ExitCode.BAD_INPUT, script.orElseThrow().file() + ": patient.sex: missing; protocol "
                + needing.id() + " depends on the patient's sex: give female, male or unknown (or --sex)");
    }

    private static JsonLinesAuditSink openAudit(Path file) {
        try {
            if (Files.exists(file) && Files.size(file) > 0) {
                throw new CommandFailure(ExitCode.BAD_INPUT, file + " already holds an audit trail; give a new file "
                        + "(the trails of different runs are not mixed)");
            }
            return JsonLinesAuditSink.open(file);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": cannot write the audit trail: " + e.getMessage());
        }
    }

    /** A language no text of the call's protocols has is a typing slip, not a call in English marked throughout. */
    private void requireLanguage(List<Protocol> protocols) {
        if (language.equals(LocalizedText.ENGLISH)) {
            return;
        }
        java.util.Set<String> known = new java.util.TreeSet<>();
        protocols.forEach(p -> {
            known.addAll(p.title().byLanguage().keySet());
            p.questions().forEach(q -> known.addAll(q.text().byLanguage().keySet()));
        });
        if (!known.contains(language)) {
            throw new CommandFailure(ExitCode.USAGE, "--lang " + language + ": no question of " + protocols.stream()
                    .map(Protocol::id).collect(java.util.stream.Collectors.joining(", ")) + " is written in '" + language
                    + "'; languages: " + String.join(", ", known));
        }
    }

    private Ending triage(List<Protocol> protocols, Patient patient, TriageEngine engine, Responder responder,
                          Optional<CallScript> script, PrintWriter out, PrintWriter err) {
        Call call;
        try {
            requireLanguage(protocols);
            call = engine.startCall(nurseId(), patient, protocols.stream().map(Protocol::ref).toList(), language);
        } catch (ReferenceRefusedException e) {
            throw refused(e, script);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "cannot start the call: " + e.getMessage());
        }
        CallPrinter printer = new CallPrinter(out, language);
        printer.protocols(protocols);
        printer.patient(patient);
        out.println("Call " + call.id() + (auditFile == null ? "" : ", audit trail " + auditFile));
        Thread onStop = new Thread(() -> abandonOnStop(call, err), "triage-stop");
        Runtime.getRuntime().addShutdownHook(onStop);
        Step step = call.next();
        try {
            step = decideSuggestions(call, step, responder, printer);
            while (step instanceof Step.Ask ask) {
                printer.question(ask);
                step = decideSuggestions(call, responder.answer(call, ask), responder, printer);
            }
            if (call.state() == CallState.RECOMMENDED && responder instanceof Scripted scripted
                    && scripted.script.override().isPresent()) {
                step = override(call, scripted.script.override().get());
            }
        } catch (CallIncomplete e) {
            call.abandon(e.getMessage());
            reportEscalations(call, engine, out);
            return new Ending.Abandoned(call.id(), e.getMessage());
        } finally {
            removeShutdownHook(onStop);
        }
        Outcome outcome = ((Step.Done) step).outcome();
        printer.outcome(outcome, protocols);
        if (call.state() == CallState.RECOMMENDED) {
            call.close();
        }
        out.println();
        if (call.state() != CallState.CLOSED) {
            reportEscalations(call, engine, out);
            return new Ending.FailedClosed(call.id(), outcome.error().orElse(call.state().toString()));
        }
        out.println("Call " + call.id() + " closed: " + outcome.finalDisposition().id());
        reportEscalations(call, engine, out);
        return new Ending.Closed(outcome);
    }

    /**
     * Stopped by a signal (Ctrl-C, or SIGTERM from a service manager) before the outcome was acted on: the
     * call is abandoned, so that its trail ends honestly rather than open.
     */
    private static void abandonOnStop(Call call, PrintWriter err) {
        try {
            call.abandon("the command was stopped (interrupt or terminate signal) before the call ended");
            err.println("triage: stopped: call " + call.id() + " abandoned");
            err.flush();
        } catch (IllegalStateException ended) {
            // the call had ended (or failed closed) already: its trail is complete
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private String nurseId() {
        return Optional.ofNullable(nurse).orElseGet(() -> System.getProperty("user.name", ""));
    }

    /** Refuses, as starting the call would, a nurse id, patient reference or patient the protocols cannot take. */
    private void checkStart(TriageEngine engine, Patient patient, List<Protocol> protocols, Optional<CallScript> script) {
        try {
            engine.checkStart(nurseId(), patient, protocols.stream().map(Protocol::ref).toList());
        } catch (ReferenceRefusedException e) {
            throw refused(e, script);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "cannot start the call: " + e.getMessage());
        }
    }

    /**
     * A refused nurse id or patient reference, saying where it came from and what to give instead: a usage
     * error, or bad input when the call script's reference was refused.
     */
    private CommandFailure refused(ReferenceRefusedException e, Optional<CallScript> script) {
        String why = "cannot start the call: " + e.getMessage();
        if (e.field() == ReferenceRefusedException.Field.NURSE) {
            return new CommandFailure(ExitCode.USAGE, why + (nurse == null
                    ? " (without --rn the nurse id is the login name, which cannot be used as one: give --rn ID)"
                    : " (from --rn)"));
        }
        if (patientReference == null && script.isPresent()) {
            return new CommandFailure(ExitCode.BAD_INPUT, script.get().file() + ": patient.reference: " + e.getMessage());
        }
        return new CommandFailure(ExitCode.USAGE, why + " (from --patient)");
    }

    /**
     * Has the nurse (or the script) decide each protocol the answers suggest, one at a time: added, its questions
     * come next; declined, it is not offered again.
     */
    private static Step decideSuggestions(Call call, Step step, Responder responder, CallPrinter printer) throws CallIncomplete {
        while (!step.suggestions().isEmpty()) {
            Suggestion suggestion = step.suggestions().get(0);
            printer.suggestion(suggestion);
            if (responder.adds(suggestion)) {
                step = call.addProtocol(suggestion.protocol());
                printer.added(call.protocols().get(call.protocols().size() - 1), suggestion);
            } else {
                step = call.declineSuggestion(suggestion.protocol());
            }
        }
        return step;
    }

    private static Step override(Call call, CallScript.ScriptedOverride override) throws CallIncomplete {
        try {
            return call.override(override.to(), override.reason(), override.note(), override.approver());
        } catch (IllegalArgumentException e) {
            throw new CallIncomplete("the call script's override was refused: " + e.getMessage());
        }
    }

    /** Warns of answers never asked for; compares the outcome with the script's {@code expect}. */
    private int check(Scripted scripted, Outcome outcome, PrintWriter err) {
        CallScript script = scripted.script;
        Set<String> unused = new LinkedHashSet<>(script.answers().keySet());
        unused.removeAll(scripted.used);
        if (!unused.isEmpty()) {
            err.println(Visible.text("triage: warning: " + script.file() + ": answers never asked for: "
                    + String.join(", ", unused)));
        }
        Set<String> neverSuggested = new LinkedHashSet<>(script.suggestions().keySet());
        neverSuggested.removeAll(scripted.decided);
        if (!neverSuggested.isEmpty()) {
            err.println(Visible.text("triage: warning: " + script.file() + ": suggestions never offered: "
                    + String.join(", ", neverSuggested)));
        }
        if (script.expect().isEmpty()) {
            return ExitCode.OK;
        }
        CallScript.Expect expect = script.expect().get();
        String disposition = outcome.finalDisposition().id();
        String trigger = deciding(outcome).trigger().orElse(NO_TRIGGER);
        boolean asExpected = disposition.equals(expect.disposition()) && expect.trigger().map(trigger::equals).orElse(true);
        if (!asExpected) {
            err.println(Visible.text("triage: " + script.file() + ": not as expected: disposition " + disposition
                    + " (expected " + expect.disposition() + ")"
                    + expect.trigger().map(t -> ", trigger " + trigger + " (expected " + t + ")").orElse("")));
            return ExitCode.NOT_AS_EXPECTED;
        }
        spec.commandLine().getOut().println("As expected: " + disposition + expect.trigger().map(t -> ", trigger " + t).orElse(""));
        return ExitCode.OK;
    }

    /** The trigger of a call decided by a default disposition, as scripts write it. */
    static final String NO_TRIGGER = "none";

    /** The protocol result that decided the call: the most urgent, the first of equals. */
    static ProtocolResult deciding(Outcome outcome) {
        ProtocolResult deciding = outcome.protocols().get(0);
        for (ProtocolResult r : outcome.protocols()) {
            if (r.disposition().isMoreUrgentThan(deciding.disposition())) {
                deciding = r;
            }
        }
        return deciding;
    }
    /** The call cannot reach its outcome; the message says why, for the audit trail and the nurse. */
    private static final class CallIncomplete extends Exception {
        private static final long serialVersionUID = 1L;

        CallIncomplete(String message) {
            super(message, null, false, false);
        }
    }

    /** Where the answers come from. */
    private sealed interface Responder permits Interactive, Scripted {
        /** Answers the question; returns the call's next step. */
        Step answer(Call call, Step.Ask ask) throws CallIncomplete;

        /** Whether to add a suggested protocol to the call (else it is declined). */
        boolean adds(Suggestion suggestion) throws CallIncomplete;
    }

    /**
     * Answers typed by the nurse, one a line; a rejected answer is explained and asked again, an unexpected
     * number is confirmed, and a number without a unit is given one.
     */
    private record Interactive(BufferedReader in, boolean echo, PrintWriter out) implements Responder {
        @Override
        public Step answer(Call call, Step.Ask ask) throws CallIncomplete {
            Optional<Answer> answer = Optional.empty();
            while (true) {
                if (answer.isEmpty()) {
                    String typed = read();
                    if (typed.strip().startsWith("+")) {
                        Optional<Step> step = giveFact(call, ask, typed.strip().substring(1));
                        if (step.isPresent()) {
                            return step.get();
                        }
                        continue;
                    }
                    answer = Answer.parse(typed);
                    if (answer.isEmpty()) {
                        out.println("  Please answer " + CallPrinter.hint(ask));
                        continue;
                    }
                }
                try {
                    return call.answer(TypedAnswers.forQuestion(answer.get(), ask.question()));
                } catch (AnswerRejectedException e) {
                    out.println("  Not accepted: " + Visible.text(e.getMessage()));
                    answer = answer.get() instanceof Answer.Number number ? amended(e.reason(), number, ask) : Optional.empty();
                    if (answer.isEmpty()) {
                        out.println("  Answer again " + CallPrinter.hint(ask));
                    }
                }
            }
        }

        /**
         * A fact the caller reports during the call, typed as {@code +FACT VALUE} ({@code +oxygen-saturation 91 %},
         * {@code +spo2 91}, {@code +nurse-concern}): the call takes it at once. Returns the call's next step when
         * it moved on; empty when it still asks the same question (or the fact was refused, saying why).
         */
        private Optional<Step> giveFact(Call call, Step.Ask ask, String typed) throws CallIncomplete {
            Map.Entry<PatientFact, Answer> fact;
            try {
                fact = Facts.typed(typed);
            } catch (Facts.UnitNeeded e) {
                // As for an answer: the one plausible reading is offered to confirm, or the nurse names the unit.
                out.println("  Not taken yet: " + e.problem());
                Dimension dimension = e.fact().dimension().orElseThrow();
                Optional<Answer> reading = withUnit(e.bare(), dimension.units(), e.fact().plausible().orElseThrow(),
                        String.join(" or ", dimension.units().stream().map(Unit::symbol).toList()));
                if (reading.isEmpty()) {
                    out.println("  Not taken: " + e.fact().key() + " " + e.bare().text() + " without a unit");
                    return Optional.empty();
                }
                fact = Map.entry(e.fact(), reading.get());
            } catch (IllegalArgumentException e) {
                out.println("  Not taken: " + Visible.text(e.getMessage()));
                return Optional.empty();
            }
            try {
                Step step = call.giveFact(fact.getKey(), fact.getValue());
                out.println("  Noted: " + fact.getKey().key() + " " + Visible.text(fact.getValue().text()));
                return step.equals(ask) ? Optional.empty() : Optional.of(step);
            } catch (IllegalArgumentException | IllegalStateException e) {
                out.println("  Not taken: " + Visible.text(e.getMessage()));
                return Optional.empty();
            }
        }

        /**
         * The patient's sex, asked once before the call starts because {@code needing} depends on it: female, male,
         * or not known (then the questions for either sex are asked).
         */
        GivenSex sex(Protocol needing) throws CallIncomplete {
            out.println("The patient's sex changes what " + needing.id() + " asks: female, male or not known? (f/m/?)");
            while (true) {
                Optional<GivenSex> given = GivenSex.typed(read());
                if (given.isPresent()) {
                    if (given.get() == GivenSex.UNKNOWN) {
                        out.println("  Sex not known: the questions for either sex will be asked.");
                    }
                    return given.get();
                }
                out.println("  Please answer f (female), m (male) or ? (not known)");
            }
        }

        /** The number with what the call asked for (the nurse's confirmation, a unit); empty to answer again. */
        private Optional<Answer> amended(AnswerRejectedException.Reason reason, Answer.Number number, Step.Ask ask)
                throws CallIncomplete {
            return switch (reason) {
                case NEEDS_CONFIRMATION -> agrees("Confirm " + number.text() + "?") ? Optional.of(number.confirm()) : Optional.empty();
                case UNIT_NEEDED -> {
                    AnswerType.Number type = (AnswerType.Number) ask.question().type();
                    yield withUnit(number, type.accepts(), type.plausible(), CallPrinter.units(type));
                }
                default -> Optional.empty();
            };
        }

        /**
         * A bare number in one of {@code units}. Where it is plausible in one of them only (102.2 as a temperature
         * only in °F, 38.5 only in °C), that reading is offered and taken once the nurse agrees; otherwise, or when the
         * nurse does not agree, the nurse names the unit (any unit of their dimension). Never a silent guess.
         */
        private Optional<Answer> withUnit(Answer.Number bare, List<Unit> units, AnswerType.Range range, String offered)
                throws CallIncomplete {
            List<Answer.Number> plausible = BareNumbers.plausibleReadings(bare, units, range);
            if (plausible.size() == 1 && agrees("Read " + bare.text() + " as " + plausible.get(0).text() + "?")) {
                return Optional.of(plausible.get(0));
            }
            out.println("  Which unit: " + offered + "?");
            return Answer.parse(bare.text() + " " + read()).filter(reading -> reading instanceof Answer.Number number
                    && number.value().dimension() == units.get(0).dimension());
        }

        @Override
        public boolean adds(Suggestion suggestion) throws CallIncomplete {
            while (true) {
                Optional<Answer> answer = Answer.parse(read());
                if (answer.isPresent() && answer.get() instanceof Answer.YesNo yesNo) {
                    return yesNo.value();
                }
                out.println("  Please answer y to add " + suggestion.protocol() + " to the call, or n to decline it");
            }
        }

        private boolean agrees(String question) throws CallIncomplete {
            out.println("  " + question + " (y/n)");
            return Answer.parse(read()).filter(Answer.yes()::equals).isPresent();
        }

        private String read() throws CallIncomplete {
            out.print("> ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the answers from standard input", e);
            }
            if (line == null) {
                out.println();
                throw new CallIncomplete("the input ended before the outcome");
            }
            if (echo) {
                out.println(Visible.text(line));
            }
            return line;
        }
    }

    /** Answers from a call script, by question id; a question it does not answer ends the call. */
    private static final class Scripted implements Responder {
        private final CallScript script;
        private final PrintWriter out;
        private final Set<String> used = new LinkedHashSet<>();
        /** The suggestions the script decided. */
        private final Set<String> decided = new LinkedHashSet<>();
        /** The questions the call asked. */
        private int asked;

        Scripted(CallScript script, PrintWriter out) {
            this.script = script;
            this.out = out;
        }

        @Override
        public Step answer(Call call, Step.Ask ask) throws CallIncomplete {
            String protocol = ProtocolRef.of(ask.protocol()).id();
            String question = ask.question().id();
            Map.Entry<String, Answer> answer = script.answerFor(protocol, question).orElseThrow(() -> new CallIncomplete(
                    script.file() + " has no answer to question " + question + " of " + protocol + " (add '" + question
                            + ": ...' under answers)"));
            used.add(answer.getKey());
            asked++;
            Answer given = TypedAnswers.forQuestion(answer.getValue(), ask.question());
            out.println("> " + Visible.text(given.text()));
            try {
                return call.answer(given);
            } catch (AnswerRejectedException e) {
                // A script cannot confirm a reading: it says which unit the number is plausible in, to write it.
                String instead = e.reason() == AnswerRejectedException.Reason.UNIT_NEEDED
                        && ask.question().type() instanceof AnswerType.Number type && given instanceof Answer.Number bare
                        ? "; " + BareNumbers.instead(bare, type.accepts(), type.plausible()) : "";
                throw new CallIncomplete(script.file() + ": answers." + answer.getKey() + ": " + e.getMessage() + instead);
            }
        }

        @Override
        public boolean adds(Suggestion suggestion) throws CallIncomplete {
            String id = suggestion.protocol();
            Boolean add = script.suggestions().get(id);
            if (add == null) {
                throw new CallIncomplete(script.file() + " does not decide the suggestion of protocol " + id + " (add '" + id
                        + ": add' or '" + id + ": decline' under suggestions)");
            }
            decided.add(id);
            out.println("> " + (add ? "add" : "decline"));
            return add;
        }
    }
}
