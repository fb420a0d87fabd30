package org.opentriage.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.Answer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A scripted call, read from a YAML file ({@code *.call.yaml}):
 *
 * <pre>{@code
 * patient: {age: 54 y, sex: male, reference: demo-1, facts: {temperature: 38.2 °C}}   # sex: female, male or unknown
 * protocol: chest-pain-adult            # or protocols: [chest-pain-adult, headache-adult]
 * answers: {pain-now: yes, last-episode: last-hour, temperature: 39.5 °C}
 * suggestions: {cough-adult: add}      # what the nurse decides when an answer suggests a protocol: add or decline
 * override: {to: ed-now, reason: nurse-judgment, note: "...", approver: dr-1}   # optional
 * expect: {disposition: call-911, trigger: pressure-or-spreading}                # optional
 * }</pre>
 *
 * <p>The patient's {@code reference} must be pseudonymous: the engine checks it as the call starts, as it
 * checks {@code --patient}. Where a protocol of the call depends on the patient's sex, the script must give it
 * ({@code unknown} when it is not known): a script without it is refused, naming {@code patient.sex}. Answers are keyed by question id, which answers that question in every protocol
 * of the call, or by {@code protocol/question} for one protocol only. An answer is what a nurse would type
 * ({@code yes}, {@code no}, {@code unknown}, {@code 38.5 °C}: with its unit where the question accepts
 * several, an option code), or {@code {value: 41.8 °C, confirmed: true}} for a number outside the question's
 * expected range. The file is read as plain data (YAML 1.2, JSON scalars: {@code yes} stays text); an unknown
 * key fails the read, naming the file and the key.
 *
 * @param answers     by question id or {@code protocol/question}, in file order
 * @param suggestions whether to add ({@code true}) or decline each suggested protocol, by its id; a suggestion the
 *                    script does not decide ends the call, as a question it does not answer does
 */
record CallScript(Path file, PatientFields patient, List<String> protocols, Map<String, Answer> answers,
                  Optional<ScriptedOverride> override, Optional<Expect> expect, Map<String, Boolean> suggestions) {

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

    /** Reads a call script; fails with {@link ExitCode#BAD_INPUT} naming the file, the key and the problem. */
    static CallScript read(Path file) {
        return new Reader(file).script(load(file, "call script"));
    }

    /** A named call of a case file. */
    record Case(String name, CallScript script) {
    }

    /** The format of case files ({@code *.cases.yaml}): named calls of one protocol, each with its expectation. */
    static final String CASES_FORMAT = "opentriage/cases/v1";

    /**
     * Reads a case file: {@code format}, {@code protocol} and {@code cases}, each a call script with a
     * {@code name} (unique in the file) and a required {@code expect}; {@code trigger: none} expects the
     * default disposition. Fails with {@link ExitCode#BAD_INPUT} naming the file, the key and the problem.
     */
    static List<Case> readCases(Path file) {
        return new Reader(file).cases(load(file, "case file"));
    }

    static Object load(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(file, what, e);
        }
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setMaxAliasesForCollections(0)
                    .setCodePointLimit(1 << 20).build();
            return new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": not a well-formed " + what + ": " + e.getMessage());
        }
    }

    /** Reads the loaded YAML, naming the file and the key path of every problem. */
    private record Reader(Path file) {
        private static final Set<String> TOP = Set.of("patient", "protocol", "protocols", "answers", "suggestions", "override",
                "expect");

        List<Case> cases(Object root) {
            Map<String, Object> top = map(root, "the file", Set.of("format", "protocol", "cases"));
            String format = scalar(required(top, "format", "the file"), "format");
            if (!format.equals(CASES_FORMAT)) {
                throw fail("format", "expected " + CASES_FORMAT + ", not '" + format + "'");
            }
            String protocol = text(required(top, "protocol", "the file"), "protocol");
            if (!(required(top, "cases", "the file") instanceof List<?> list) || list.isEmpty()) {
                throw fail("cases", "expected a list of cases");
            }
            List<Case> cases = new ArrayList<>();
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "cases[" + i + "]";
                Map<String, Object> entry = map(list.get(i), path, Set.of("name", "patient", "answers", "override", "expect"));
                String name = scalar(required(entry, "name", path), path + ".name");
                if (!names.add(name)) {
                    throw fail(path + ".name", "'" + name + "' is the name of an earlier case");
                }
                required(entry, "expect", path);
                Map<String, Object> call = new LinkedHashMap<>(entry);
                call.remove("name");
                call.put("protocol", protocol);
                cases.add(new Case(name, script(call, path + ".")));
            }
            return cases;
        }

        CallScript script(Object root) {
            return script(root, "");
        }

        private CallScript script(Object root, String prefix) {
            Map<String, Object> top = map(root, prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1), TOP);
            if (top.containsKey("protocol") && top.containsKey("protocols")) {
                throw fail("protocol", "give 'protocol' or 'protocols', not both");
            }
            List<String> protocols = new ArrayList<>();
            Optional.ofNullable(top.get("protocol")).ifPresent(p -> protocols.add(text(p, "protocol")));
            Optional.ofNullable(top.get("protocols")).ifPresent(p -> {
                if (!(p instanceof List<?> list) || list.isEmpty()) {
                    throw fail("protocols", "expected a list of protocol ids, such as [chest-pain-adult, headache-adult]");
                }
                for (int i = 0; i < list.size(); i++) {
                    protocols.add(text(list.get(i), "protocols[" + i + "]"));
                }
            });
            Map<String, Answer> answers = new LinkedHashMap<>();
            Optional.ofNullable(top.get("answers")).ifPresent(a -> map(a, "answers")
                    .forEach((key, value) -> answers.put(key, answer(value, prefix + "answers." + key))));
            Map<String, Boolean> suggestions = new LinkedHashMap<>();
            Optional.ofNullable(top.get("suggestions")).ifPresent(s -> map(s, prefix + "suggestions").forEach((id, decision) ->
                    suggestions.put(id, switch (scalar(decision, prefix + "suggestions." + id)) {
                        case "add" -> true;
                        case "decline" -> false;
                        default -> throw fail(prefix + "suggestions." + id, "expected add or decline, not '" + decision + "'");
                    })));
            return new CallScript(file, patient(top.get("patient")), protocols, answers,
                    Optional.ofNullable(top.get("override")).map(this::override),
                    Optional.ofNullable(top.get("expect")).map(this::expect), suggestions);
        }

        private PatientFields patient(Object node) {
            if (node == null) {
                return new PatientFields(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
            }
            Map<String, Object> patient = map(node, "patient", Set.of("age", "sex", "pregnant", "reference", "facts"));
            Optional<Quantity> age = Optional.ofNullable(patient.get("age")).map(a -> {
                try {
                    return new ListCommand.AgeConverter().convert(scalar(a, "patient.age"));
                } catch (RuntimeException e) {
                    throw fail("patient.age", e.getMessage());
                }
            });
            Optional<GivenSex> sex = Optional.ofNullable(patient.get("sex")).map(s -> switch (text(s, "patient.sex")) {
                case "female" -> GivenSex.FEMALE;
                case "male" -> GivenSex.MALE;
                case "unknown" -> GivenSex.UNKNOWN;
                default -> throw fail("patient.sex", "expected female, male or unknown, not '" + s + "'");
            });
            Optional<Boolean> pregnant = Optional.ofNullable(patient.get("pregnant")).map(p -> yesNo(p, "patient.pregnant"));
            Map<PatientFact, Answer> facts = new EnumMap<>(PatientFact.class);
            Optional.ofNullable(patient.get("facts")).ifPresent(f -> map(f, "patient.facts").forEach((key, value) -> {
                try {
                    Map.Entry<PatientFact, Answer> fact = PatientFields.fact(key, scalar(value, "patient.facts." + key));
                    facts.put(fact.getKey(), fact.getValue());
                } catch (IllegalArgumentException e) {
                    throw fail("patient.facts." + key, e.getMessage());
                }
            }));
            try {
                return new PatientFields(age, sex, pregnant,
                        Optional.ofNullable(patient.get("reference")).map(r -> scalar(r, "patient.reference")), facts);
            } catch (IllegalArgumentException e) {
                throw fail("patient.facts.pregnant", e.getMessage());
            }
        }

        private ScriptedOverride override(Object node) {
            Map<String, Object> override = map(node, "override", Set.of("to", "reason", "note", "approver"));
            return new ScriptedOverride(text(required(override, "to", "override"), "override.to"),
                    text(required(override, "reason", "override"), "override.reason"),
                    Optional.ofNullable(override.get("note")).map(n -> scalar(n, "override.note")).orElse(""),
                    Optional.ofNullable(override.get("approver")).map(a -> scalar(a, "override.approver")));
        }

        private Expect expect(Object node) {
            Map<String, Object> expect = map(node, "expect", Set.of("disposition", "trigger"));
            return new Expect(text(required(expect, "disposition", "expect"), "expect.disposition"),
                    Optional.ofNullable(expect.get("trigger")).map(t -> text(t, "expect.trigger")));
        }

        /** An answer as a nurse types it; {@code {value: …, confirmed: true}} confirms an unexpected number. */
        private Answer answer(Object node, String path) {
            if (node instanceof List<?> items) {
                // The items of a checklist that apply.
                return new Answer.Items(items.stream().map(i -> scalar(i, path)).collect(java.util.stream.Collectors.toSet()));
            }
            if (node instanceof Map<?, ?>) {
                Map<String, Object> confirmed = map(node, path, Set.of("value", "confirmed"));
                Answer value = answer(required(confirmed, "value", path), path + ".value");
                boolean confirm = Optional.ofNullable(confirmed.get("confirmed")).map(c -> yesNo(c, path + ".confirmed"))
                        .orElse(false);
                if (!(value instanceof Answer.Number number)) {
                    throw fail(path, "only a number can be confirmed, not '" + value.text() + "'");
                }
                return confirm ? number.confirm() : number;
            }
            return Answer.parse(scalar(node, path)).orElseThrow(() -> fail(path, "the answer is empty"));
        }

        /** A mapping with only these keys. */
        private Map<String, Object> map(Object node, String path, Set<String> keys) {
            Map<String, Object> map = map(node, path);
            map.keySet().stream().filter(key -> !keys.contains(key)).findFirst().ifPresent(key -> {
                throw fail(path.equals("the file") ? key : path + "." + key, "unknown key; expected one of "
                        + keys.stream().sorted().toList());
            });
            return map;
        }

        /** A mapping whose keys are ids (question ids, fact names). */
        private Map<String, Object> map(Object node, String path) {
            if (!(node instanceof Map<?, ?> map)) {
                throw fail(path, "expected a mapping (key: value), not " + describe(node));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> result.put(text(key, path + " key"), value));
            return result;
        }

        private Object required(Map<String, Object> map, String key, String path) {
            Object value = map.get(key);
            if (value == null) {
                throw fail(path + "." + key, "missing");
            }
            return value;
        }

        /** A scalar as text: numbers as written, booleans as yes or no. */
        private String scalar(Object node, String path) {
            if (node instanceof String s) {
                return s;
            }
            if (node instanceof Boolean b) {
                return b ? "yes" : "no";
            }
            if (node instanceof Number n) {
                return new BigDecimal(n.toString()).toPlainString();
            }
            throw fail(path, "expected a single value, not " + describe(node));
        }

        /** An id or code: text, compared as written. */
        private String text(Object node, String path) {
            if (!(node instanceof String s) || s.isBlank()) {
                throw fail(path, "expected an id, not " + describe(node));
            }
            return s.strip().toLowerCase(Locale.ROOT);
        }

        private static String describe(Object node) {
            return node == null ? "nothing" : node instanceof Map ? "a mapping" : node instanceof List ? "a list"
                    : "'" + node + "'";
        }

        private CommandFailure fail(String path, String message) {
            return new CommandFailure(ExitCode.BAD_INPUT, file + ": " + path + ": " + message);
        }

        private boolean yesNo(Object node, String path) {
            if (Answer.parse(scalar(node, path)).orElse(null) instanceof Answer.YesNo yesNo) {
                return yesNo.value();
            }
            throw fail(path, "expected yes or no, not '" + node + "'");
        }
    }
}
