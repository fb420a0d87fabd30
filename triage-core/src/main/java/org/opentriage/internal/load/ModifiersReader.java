package org.opentriage.internal.load;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Population;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.RiskModifier;
import org.opentriage.protocol.RiskModifiers;
import org.opentriage.protocol.Source;
import org.opentriage.protocol.Version;

/**
 * Reads the shared risk-modifier file ({@code modifiers.yaml}). Modifier conditions read the patient:
 * {@code age}, {@code sex}, {@code pregnant} and the patient facts by name.
 */
final class ModifiersReader extends TreeReader {
    static final String FORMAT = "opentriage/modifiers/v1";

    private final DispositionScale scale;
    private final Set<String> protocolIds;
    private final Set<String> ids = new HashSet<>();

    private ModifiersReader(Problems problems, DispositionScale scale, Set<String> protocolIds) {
        super(problems);
        this.scale = scale;
        this.protocolIds = protocolIds;
    }

    /**
     * The modifiers, present only when the file has no errors; problems go to {@code problems}.
     * {@code appliesTo} may name only {@code protocolIds}.
     */
    static Optional<RiskModifiers> read(Source source, DispositionScale scale, Set<String> protocolIds,
                                               Problems problems) {
        Optional<Node> root = source.isJson() ? JsonReader.read(source, problems) : YamlReader.read(source, problems);
        return root.flatMap(new ModifiersReader(problems, scale, protocolIds)::modifiers);
    }

    /** Patient facts as condition names. */
    static final ConditionParser.Symbols FACTS = new ConditionParser.Symbols() {
        @Override
        public Optional<ConditionParser.Type> question(String id) {
            return PatientFact.byKey(id).map(fact -> fact.dimension()
                    .<ConditionParser.Type>map(ConditionParser.Type.Amount::new)
                    .orElse(new ConditionParser.Type.Bool()));
        }

        @Override
        public boolean isLater(String id) {
            return false;
        }

        @Override
        public Iterable<String> known() {
            Set<String> names = new TreeSet<>(List.of("age", "sex", "pregnant"));
            Arrays.stream(PatientFact.values()).map(PatientFact::key).forEach(names::add);
            return names;
        }

        @Override
        public boolean failedToLoad(String id) {
            return false;
        }
    };

    /** Any patient: a modifier applies across protocols, so its condition may read every age and sex. */
    private static final Population EVERYONE = new Population(Optional.empty(), Optional.empty(), Population.SexFilter.ANY);

    /** The values the patient and the patient facts can take; a numeric fact has no bounds. */
    private static final TruthTable.Domains PATIENT_VALUES = subject -> {
        if (!(subject instanceof Condition.Subject.Answer answer)) {
            return TruthTable.patient(subject, EVERYONE);
        }
        return PatientFact.byKey(answer.questionId()).map(TruthTable::fact);
    };

    private Optional<RiskModifiers> modifiers(Node root) {
        Optional<Fields> maybe = fields(root, null, Set.of("format", "version", "modifiers"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        format(f, FORMAT);
        Optional<Version> version = f.required("version").flatMap(this::version);
        Optional<List<RiskModifier>> modifiers = f.required("modifiers").flatMap(n -> list(n, null, this::modifier));
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new RiskModifiers(version.orElseThrow(), modifiers.orElseThrow()));
    }

    private Optional<RiskModifier> modifier(Node node) {
        Optional<Fields> maybe = fields(node, null, Set.of("id", "title", "when", "appliesTo", "atMost", "raiseTo", "reason"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<String> id = f.required("id").flatMap(n -> id(n, null));
        @Nullable String nodeId = id.orElse(null);
        if (id.isPresent() && !ids.add(id.get())) {
            problems.add(ProblemCode.DUPLICATE_ID, f.optional("id").orElseThrow(), nodeId, "modifier '" + nodeId + "' appears twice");
        }
        Optional<LocalizedText> title = f.required("title").flatMap(n -> text(n, nodeId));
        Optional<ConditionParser.Parsed> parsedWhen = f.required("when").flatMap(n -> ConditionParser.parse(n, nodeId, FACTS, problems));
        parsedWhen.ifPresent(c -> TruthTable.reportConstantPart(c, PATIENT_VALUES, nodeId, problems));
        Optional<Condition> when = parsedWhen.map(ConditionParser.Parsed::condition);
        Optional<List<String>> appliesTo = f.optional("appliesTo").map(n -> nonEmptyList(n, nodeId, p -> protocolId(p, nodeId)))
                .orElse(Optional.of(List.of()));
        Optional<Node> atMostNode = f.optional("atMost");
        Optional<Disposition> atMost = atMostNode.flatMap(n -> disposition(n, nodeId));
        Optional<Node> raiseToNode = f.required("raiseTo");
        Optional<Disposition> raiseTo = raiseToNode.flatMap(n -> disposition(n, nodeId));
        Optional<LocalizedText> reason = f.required("reason").flatMap(n -> text(n, nodeId));
        if (atMost.isPresent() && raiseTo.isPresent() && !raiseTo.get().isMoreUrgentThan(atMost.get())) {
            problems.add(ProblemCode.INVALID_VALUE, raiseToNode.get(), nodeId, "a modifier may only raise: '"
                    + raiseTo.get().id() + "' is not more urgent than atMost '" + atMost.get().id() + "'");
            return Optional.empty();
        }
        if (atMost.isPresent() && raiseTo.isPresent()) {
            // A level between atMost and raiseTo would stay put while the levels below it jump above it:
            // answering yes (reaching that level) would then give a lower disposition than answering no.
            Optional<Disposition> between = scale.levels().stream()
                    .filter(l -> raiseTo.get().isMoreUrgentThan(l) && l.isMoreUrgentThan(atMost.get())).findFirst();
            if (between.isPresent()) {
                problems.add(ProblemCode.INVALID_VALUE, atMostNode.orElseThrow(), nodeId, "level '" + between.get().id()
                        + "' lies between atMost '" + atMost.get().id() + "' and raiseTo '" + raiseTo.get().id()
                        + "': it would not be raised while less urgent levels are raised above it; set atMost to '"
                        + scale.levels().stream().filter(l -> raiseTo.get().isMoreUrgentThan(l)).findFirst().orElseThrow().id() + "'");
                return Optional.empty();
            }
        }
        if (id.isEmpty() || title.isEmpty() || when.isEmpty() || appliesTo.isEmpty() || raiseTo.isEmpty()
                || reason.isEmpty() || atMostNode.isPresent() != atMost.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new RiskModifier(id.get(), title.get(), when.get(), appliesTo.get(), atMost, raiseTo.get(),
                reason.get()));
    }

    private Optional<String> protocolId(Node node, @Nullable String nodeId) {
        Optional<String> id = id(node, nodeId);
        if (id.isPresent() && !protocolIds.contains(id.get())) {
            problems.add(ProblemCode.UNKNOWN_REDIRECT_TARGET, node, nodeId, "appliesTo names protocol '" + id.get()
                    + "', which is not in the set" + didYouMean(id.get(), protocolIds));
            return Optional.empty();
        }
        return id;
    }

    private Optional<Disposition> disposition(Node node, @Nullable String nodeId) {
        return disposition(node, nodeId, scale);
    }
}
