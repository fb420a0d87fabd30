package org.opentriage.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.Answer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A scripted call, read from a YAML file ({@code *.call.yaml}):
 *
 * <pre>{@code
 * patient: {age: 54 y, sex: male, reference: demo-1, facts: {temperature: 38.2 °C}}   # sex: female, male or unknown
 * protocol: chest-pain-adult            # or protocols: [chest-pain-adult, headache-adult]; protocol: none
 * answers: {pain-now: yes, last-episode: last-hour, temperature: 39.5 °C}
 * suggestions: {cough-adult: add}      # what the nurse decides when an answer suggests a protocol: add or decline
 * override: {to: ed-now, reason: nurse-judgment, note: "...", approver: dr-1}   # optional
 * expect: {disposition: call-911, trigger: pressure-or-spreading}                # optional
 * rn: RN player 2                       # optional: who played the call (acceptance suite), not used by the call
 * searched: "tight chest"               # optional: what the nurse searched the library for, not used by the call
 * }</pre>
 *
 * <p>The patient's {@code reference} must be pseudonymous: the engine checks it as the call starts, as it
 * checks {@code --patient}. Where a protocol of the call depends on the patient's sex, the script must give it
 * ({@code unknown} when it is not known): a script without it is refused, naming {@code patient.sex}. Answers are keyed by question id, which answers that question in every protocol
 * of the call, or by {@code protocol/question} for one protocol only. An answer is what a nurse would type
 * ({@code yes}, {@code no}, {@code unknown}, {@code 38.5 °C}: with its unit where the question accepts
 * several, an option code), or {@code {value: 41.8 °C, confirmed: true}} for a number outside the question's
 * expected range. {@code protocol: none} records that no protocol of the library fits the caller (a call of the
 * acceptance suite): such a script has no answers and there is no call to run. The file is read as plain data
 * (YAML 1.2, JSON scalars: {@code yes} stays text); a problem (an unknown key, a value of the wrong kind) fails
 * the read with the file, line and column, the key path and a stable code ({@link LocatedYaml}).
 *
 * @param protocols       empty when the script leaves them to the command line, or when no protocol fits
 * @param answers         by question id or {@code protocol/question}, in file order
 * @param suggestions     whether to add ({@code true}) or decline each suggested protocol, by its id; a suggestion the
 *                        script does not decide ends the call, as a question it does not answer does
 * @param noProtocolFits  {@code protocol: none}: the nurse found no protocol that fits the caller
 * @param rn              who played the call, for the record (acceptance calls)
 * @param searched        what the nurse searched the library for, for the record (acceptance calls)
 */
record CallScript(Path file, PatientFields patient, List<String> protocols, Map<String, Answer> answers,
                  Optional<ScriptedOverride> override, Optional<Expect> expect, Map<String, Boolean> suggestions,
                  boolean noProtocolFits, Optional<String> rn, Optional<String> searched) {

    /** The value of {@code protocol} that records that no protocol fits. */
    static final String NO_PROTOCOL = "none";

    /** The nurse's override of the outcome, applied once the call has it. */
    record ScriptedOverride(String to, String reason, String note, Optional<String> approver) {
    }

    /**
     * What the call must give.
     *
     * @param trigger the question that decided the most urgent protocol result
     */
    record Expect(String disposition, Optional<String> trigger) {
    }

    CallScript {
        protocols = List.copyOf(protocols);
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        suggestions = Collections.unmodifiableMap(new LinkedHashMap<>(suggestions));
    }

    /** The answer to a question of a protocol: {@code protocol/question} first, then the question id. */
    Optional<Map.Entry<String, Answer>> answerFor(String protocolId, String questionId) {
        for (String key : List.of(protocolId + "/" + questionId, questionId)) {
            Answer answer = answers.get(key);
            if (answer != null) {
                return Optional.of(Map.entry(key, answer));
            }
        }
        return Optional.empty();
    }

    /** Reads a call script; fails with {@link ExitCode#BAD_INPUT} naming the file, line, column, key and problem. */
    static CallScript read(Path file) {
        try {
            return new Reader(LocatedYaml.read(file, "call script"), Kind.SCRIPT).script();
        } catch (LocatedYaml.Failure e) {
            throw e.toCommandFailure();
        }
    }

    /**
     * Reads the call script an RN player saved for a story of the acceptance suite: it must say who played it
     * ({@code rn}) and what was searched for ({@code searched}), and it never has an {@code expect} (the player
     * does not know the story's gold) or an {@code override} (the suite measures the protocols, not the player).
     *
     * @throws LocatedYaml.Failure at the first problem
     */
    static CallScript readPlayed(Path file) {
        return new Reader(LocatedYaml.read(file, "call script"), Kind.PLAYED).script();
    }

    /** A named call of a case file. */
    record Case(String name, CallScript script) {
    }

    /** The format of case files ({@code *.cases.yaml}): named calls of one protocol, each with its expectation. */
    static final String CASES_FORMAT = "opentriage/cases/v1";

    /**
     * Reads a case file: {@code format}, {@code protocol} and {@code cases}, each a call script with a
     * {@code name} (unique in the file) and a required {@code expect}; {@code trigger: none} expects the
     * default disposition. Fails with {@link ExitCode#BAD_INPUT} naming the file, line, column, key and problem.
     */
    static List<Case> readCases(Path file) {
        try {
            return new Reader(LocatedYaml.read(file, "case file"), Kind.CASE).cases();
        } catch (LocatedYaml.Failure e) {
            throw e.toCommandFailure();
        }
    }

    /** The kinds of file that hold call scripts, by the keys a call may have there. */
    private enum Kind {
        /** A call script of {@code triage run --answers}. */
        SCRIPT(Set.of("patient", "protocol", "protocols", "answers", "suggestions", "override", "expect", "rn", "searched")),
        /** A case of a case file: its protocol is the file's, its name the case's. */
        CASE(Set.of("name", "patient", "answers", "override", "expect")),
        /** A call an RN player saved for the acceptance suite: a call script, with some keys required or refused there. */
        PLAYED(SCRIPT.keys);

        private final Set<String> keys;

        Kind(Set<String> keys) {
            this.keys = keys;
        }
    }

    /** Reads the loaded YAML, naming the file, line, column and key path of every problem. */
    private record Reader(LocatedYaml yaml, Kind kind) {

        List<Case> cases() {
            LocatedYaml.Fields top = yaml.top(Set.of("format", "protocol", "cases"));
            String format = yaml.scalar(top.required("format"), "format");
            if (!format.equals(CASES_FORMAT)) {
                throw yaml.fail(ProblemCode.UNSUPPORTED_FORMAT, top.required("format"), "format",
                        "expected " + CASES_FORMAT + ", not '" + format + "'");
            }
            String protocol = yaml.text(top.required("protocol"), "protocol");
            List<Node> list = yaml.list(top.required("cases"), "cases", "a list of cases");
            if (list.isEmpty()) {
                throw yaml.fail(ProblemCode.EMPTY, top.required("cases"), "cases", "expected a list of cases");
            }
            List<Case> cases = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "cases[" + i + "]";
                LocatedYaml.Fields entry = yaml.map(list.get(i), path, kind.keys);
                Node nameNode = entry.required("name");
                String name = yaml.scalar(nameNode, path + ".name");
                if (!names.add(name)) {
                    throw yaml.fail(ProblemCode.DUPLICATE_ID, nameNode, path + ".name", "'" + name + "' is the name of an earlier case");
                }
                entry.required("expect");
                cases.add(new Case(name, script(entry, path + ".", List.of(protocol), false)));
            }
            return cases;
        }

        CallScript script() {
            LocatedYaml.Fields top = yaml.top(kind.keys);
            if (top.has("protocol") && top.has("protocols")) {
                throw yaml.fail(ProblemCode.INVALID_VALUE, top.keyNode("protocols"), "protocols",
                        "give 'protocol' or 'protocols', not both");
            }
            List<String> protocols = new ArrayList<>();
            boolean none = false;
            Optional<Node> protocol = top.get("protocol");
            if (protocol.isPresent()) {
                String id = yaml.text(protocol.get(), "protocol");
                none = id.equals(NO_PROTOCOL);
                if (!none) {
                    protocols.add(id);
                }
            }
            Optional<Node> list = top.get("protocols");
            if (list.isPresent()) {
                List<Node> items = yaml.list(list.get(), "protocols",
                        "a list of protocol ids, such as [chest-pain-adult, headache-adult]");
                if (items.isEmpty()) {
                    throw yaml.fail(ProblemCode.EMPTY, list.get(), "protocols",
                            "expected a list of protocol ids, such as [chest-pain-adult, headache-adult]");
                }
                for (int i = 0; i < items.size(); i++) {
                    String id = yaml.text(items.get(i), "protocols[" + i + "]");
                    if (id.equals(NO_PROTOCOL)) {
                        throw yaml.fail(ProblemCode.INVALID_VALUE, items.get(i), "protocols[" + i + "]",
                                "'none' is not a protocol; write 'protocol: none' alone when no protocol fits");
                    }
                    protocols.add(id);
                }
            }
            if (none) {
                for (String key : List.of("answers", "suggestions", "override", "expect")) {
                    if (top.has(key)) {
                        throw yaml.fail(ProblemCode.INVALID_VALUE, top.keyNode(key), key,
                                "not with 'protocol: none': no protocol fits, so there is no call to answer or check");
                    }
                }
            }
            if (kind == Kind.PLAYED) {
                for (String key : List.of("expect", "override")) {
                    if (top.has(key)) {
                        throw yaml.fail(ProblemCode.UNKNOWN_KEY, top.keyNode(key), key, "not in a call of the acceptance "
                                + "suite: the RN player neither knows the story's gold nor overrides the protocols");
                    }
                }
                for (String key : List.of("rn", "searched")) {
                    top.required(key);
                }
                if (!none && protocols.isEmpty()) {
                    throw yaml.fail(ProblemCode.MISSING_KEY, top.node(), "protocol",
                            "missing; name the protocol(s) the call was played on, or write 'protocol: none'");
                }
            }
            return script(top, "", protocols, none);
        }

        /** The call of a script or case, with {@code prefix} before each key path; its protocols are given. */
        private CallScript script(LocatedYaml.Fields call, String prefix, List<String> protocols, boolean none) {
            Map<String, Answer> answers = new LinkedHashMap<>();
            call.get("answers").ifPresent(a -> yaml.map(a, prefix + "answers").values()
                    .forEach((key, value) -> answers.put(id(key), answer(value, prefix + "answers." + key))));
            Map<String, Boolean> suggestions = new LinkedHashMap<>();
            call.get("suggestions").ifPresent(s -> yaml.map(s, prefix + "suggestions").values().forEach((id, decision) -> {
                String path = prefix + "suggestions." + id;
                String decided = yaml.scalar(decision, path);
                suggestions.put(id(id), switch (decided) {
                    case "add" -> true;
                    case "decline" -> false;
                    default -> throw yaml.fail(ProblemCode.INVALID_VALUE, decision, path,
                            "expected add or decline, not '" + decided + "'");
                });
            }));
            return new CallScript(Path.of(yaml.file()), patient(call.get("patient"), prefix), protocols, answers,
                    call.get("override").map(o -> override(o, prefix + "override")),
                    call.get("expect").map(e -> expect(e, prefix + "expect")), suggestions, none,
                    call.get("rn").map(n -> yaml.prose(n, "rn")), call.get("searched").map(n -> yaml.prose(n, "searched")));
        }

        private PatientFields patient(Optional<Node> node, String prefix) {
            if (node.isEmpty()) {
                return new PatientFields(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
            }
            String at = prefix + "patient";
            LocatedYaml.Fields patient = yaml.map(node.get(), at, Set.of("age", "sex", "pregnant", "reference", "facts"));
            Optional<Quantity> age = patient.get("age").map(a -> age(yaml, a, patient.path("age")));
            Optional<GivenSex> sex = patient.get("sex").map(s -> sex(yaml, s, patient.path("sex"), true));
            Optional<Boolean> pregnant = patient.get("pregnant").map(p -> yesNo(yaml, p, patient.path("pregnant")));
            Map<PatientFact, Answer> facts = new EnumMap<>(PatientFact.class);
            patient.get("facts").ifPresent(f -> yaml.map(f, patient.path("facts")).values().forEach((key, value) -> {
                String path = patient.path("facts") + "." + key;
                try {
                    Map.Entry<PatientFact, Answer> fact = PatientFields.fact(key, yaml.scalar(value, path));
                    facts.put(fact.getKey(), fact.getValue());
                } catch (IllegalArgumentException e) {
                    throw yaml.fail(ProblemCode.INVALID_VALUE, value, path, e.getMessage());
                }
            }));
            try {
                return new PatientFields(age, sex, pregnant,
                        patient.get("reference").map(r -> yaml.scalar(r, patient.path("reference"))), facts);
            } catch (IllegalArgumentException e) {
                throw yaml.fail(ProblemCode.INVALID_VALUE, node.get(), patient.path("facts.pregnant"), e.getMessage());
            }
        }

        private ScriptedOverride override(Node node, String path) {
            LocatedYaml.Fields override = yaml.map(node, path, Set.of("to", "reason", "note", "approver"));
            return new ScriptedOverride(yaml.text(override.required("to"), override.path("to")),
                    yaml.text(override.required("reason"), override.path("reason")),
                    override.get("note").map(n -> yaml.scalar(n, override.path("note"))).orElse(""),
                    override.get("approver").map(a -> yaml.scalar(a, override.path("approver"))));
        }

        private Expect expect(Node node, String path) {
            LocatedYaml.Fields expect = yaml.map(node, path, Set.of("disposition", "trigger"));
            return new Expect(yaml.text(expect.required("disposition"), expect.path("disposition")),
                    expect.get("trigger").map(t -> yaml.text(t, expect.path("trigger"))));
        }

        /** An answer as a nurse types it; {@code {value: …, confirmed: true}} confirms an unexpected number. */
        private Answer answer(Node node, String path) {
            if (node instanceof SequenceNode) {
                // The items of a checklist that apply.
                return new Answer.Items(yaml.list(node, path, "a list").stream().map(i -> yaml.scalar(i, path))
                        .collect(Collectors.toSet()));
            }
            if (node instanceof MappingNode) {
                LocatedYaml.Fields confirmed = yaml.map(node, path, Set.of("value", "confirmed"));
                Answer value = answer(confirmed.required("value"), confirmed.path("value"));
                boolean confirm = confirmed.get("confirmed").map(c -> yesNo(yaml, c, confirmed.path("confirmed"))).orElse(false);
                if (!(value instanceof Answer.Number number)) {
                    throw yaml.fail(ProblemCode.WRONG_TYPE, node, path, "only a number can be confirmed, not '" + value.text() + "'");
                }
                return confirm ? number.confirm() : number;
            }
            return Answer.parse(yaml.scalar(node, path)).orElseThrow(() -> yaml.fail(ProblemCode.EMPTY, node, path,
                    "the answer is empty"));
        }
    }

    /** A key that is an id (a question, a protocol): compared in lower case, as ids are. */
    private static String id(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    /** An age as a call script or story gives it: {@code 54 y}, {@code 3 mo}, or years alone. */
    static Quantity age(LocatedYaml yaml, Node node, String path) {
        try {
            return new ListCommand.AgeConverter().convert(yaml.scalar(node, path));
        } catch (RuntimeException e) {
            throw yaml.fail(ProblemCode.INVALID_VALUE, node, path, e.getMessage());
        }
    }

    /** A patient's sex: female or male, or {@code unknown} where it may be left not known. */
    static GivenSex sex(LocatedYaml yaml, Node node, String path, boolean unknownAllowed) {
        String given = yaml.text(node, path);
        return switch (given) {
            case "female" -> GivenSex.FEMALE;
            case "male" -> GivenSex.MALE;
            case "unknown" -> {
                if (!unknownAllowed) {
                    throw yaml.fail(ProblemCode.INVALID_VALUE, node, path, "expected female or male, not '" + given + "'");
                }
                yield GivenSex.UNKNOWN;
            }
            default -> throw yaml.fail(ProblemCode.INVALID_VALUE, node, path, "expected "
                    + (unknownAllowed ? "female, male or unknown" : "female or male") + ", not '" + given + "'");
        };
    }

    /** Yes or no ({@code true} and {@code false} too). */
    static boolean yesNo(LocatedYaml yaml, Node node, String path) {
        String given = yaml.scalar(node, path);
        if (Answer.parse(given).orElse(null) instanceof Answer.YesNo yesNo) {
            return yesNo.value();
        }
        throw yaml.fail(ProblemCode.INVALID_VALUE, node, path, "expected yes or no, not '" + given + "'");
    }
}
