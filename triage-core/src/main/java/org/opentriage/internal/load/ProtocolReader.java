package org.opentriage.internal.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.Advice;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Approval;
import org.opentriage.protocol.CareAdvice;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Dimension;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Population;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.QuestionBank;
import org.opentriage.protocol.Redirect;
import org.opentriage.protocol.Reference;
import org.opentriage.protocol.Source;
import org.opentriage.protocol.Suggestions;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.Unit;
import org.opentriage.protocol.UnknownPolicy;
import org.opentriage.protocol.Version;

/**
 * Reads one protocol file into a {@link Protocol}, checking everything that can be checked within the
 * file. Cross-file checks (redirect targets, duplicate versions) are left to the library loader, which
 * gets the positions it needs from the {@link Result}.
 */
final class ProtocolReader extends TreeReader {
    static final String FORMAT = "opentriage/protocol/v1";
    /** Version 1 and what it adds: shared questions ({@code - use: ID}), conditions on facts and {@code known(x)}. */
    static final String FORMAT_V2 = "opentriage/protocol/v2";
    static final Quantity MAX_AGE = Quantity.of("130", Unit.YEAR);

    private static final Set<String> TOP_KEYS = keys("format", "id", "version", "title", "population", "approval",
            "definition", "searchWords", "seeInstead", "references", "background", "assessment", "triage",
            "defaultDisposition", "careAdvice", "callBackIf", "kind", "review", "topic");
    private static final Set<String> QUESTION_KEYS = keys("id", "type", "text", "askIf", "cites", "fact",
            "positiveIf", "redFlag", "rationale", "onUnknown", "escalateTo", "refuseReason", "advice",
            "unit", "accepts", "plausible", "expected", "options", "items", "fallback", "suggests");
    private static final List<String> TRIAGE_ONLY_KEYS = List.of("positiveIf", "redFlag", "rationale", "onUnknown",
            "escalateTo", "refuseReason", "advice");
    private static final List<String> NUMBER_KEYS = List.of("unit", "accepts", "plausible", "expected");
    private static final List<String> TYPES = List.of("yesno", "number", "choice", "checklist", "derived");
    /** Words a nurse types as yes, no or "don't know"; option codes must differ from them. */
    private static final Set<String> ANSWER_WORDS = Set.of("y", "yes", "n", "no", "unknown", "dk");
    private static final List<String> UNKNOWN_POLICIES = List.of("positive", "escalate", "refuse", "negative");

    /** A redirect with the position of its target, for the cross-file check. */
    record LocatedRedirect(Redirect redirect, Node.Mark mark) {
    }

    /**
     * What reading one file gave.
     *
     * @param protocol  present only when the file has no errors
     * @param problems  every problem of the file, still open to cross-file problems
     * @param idMark    where the id stands, for duplicate-version problems
     * @param id        the protocol id when it could be read, so redirects to a file with other problems
     *                  add none of their own
     * @param ref       the protocol's id and version when both could be read
     * @param redirects the redirects with their positions
     * @param declared  the topic and the suggested names as written, with their positions, for the checks across files
     * @param sourceMap where the protocol's parts stand, with the protocol
     */
    record Result(Optional<Protocol> protocol, Problems problems, Node.Mark idMark, Optional<String> id,
                         Optional<ProtocolRef> ref,
                         List<LocatedRedirect> redirects, SuggestionChecks.Declared declared, Optional<SourceMap> sourceMap) {
    }

    /** The shared questions read, the names they suggest with their positions, and where they stand. */
    record Bank(Optional<QuestionBank> bank, List<SuggestionChecks.Located> suggested, Optional<SourceMap> sourceMap) {
    }

    /** The format of the shared questions file. */
    static final String BANK_FORMAT = "opentriage/questions/v1";
    private static final Set<String> REVIEW_KEYS = keys("role", "date", "checked", "changed", "open");
    private static final Set<String> BANK_KEYS = keys("format", "version", "approval", "references", "questions", "review");

    private final DispositionScale scale;
    private final Optional<QuestionBank> bank;
    /** The library's shared questions failed to load: their problems are reported; a use adds none. */
    private final boolean bankFailed;
    /** Reading the shared questions themselves (no protocol: any patient, no group, conditions on the patient only). */
    private final boolean readingBank;
    /** The shared questions this protocol uses, in order. */
    private final List<Question> used = new ArrayList<>();
    private final Set<String> referenceIds = new HashSet<>();
    /** Reference ids as written that are malformed: citing one adds no second problem. */
    private final Set<String> malformedReferenceIds = new HashSet<>();
    private final List<LocatedRedirect> redirects = new ArrayList<>();
    /** Where each question, care-advice item and call-back item stands, for checks run after loading. */
    private final Map<String, SourceMap.Part> questionParts = new LinkedHashMap<>();
    private final Map<String, List<SourceMap.Part>> careAdviceParts = new LinkedHashMap<>();
    private final List<SourceMap.Part> callBackParts = new ArrayList<>();
    private Population population = new Population(Optional.empty(), Optional.empty(), Population.SexFilter.ANY);
    /** The file is in format v1, which has no suggestions. */
    private boolean formatV1;
    /** What the answers of each question read suggest, by question id: its own and, for a shared one, the bank's. */
    private final Map<String, Suggestions> suggestions = new LinkedHashMap<>();
    /** Every name the file's own questions suggest, where it stands. */
    private final List<SuggestionChecks.Located> suggested = new ArrayList<>();

    private ProtocolReader(Problems problems, DispositionScale scale, Optional<QuestionBank> bank, boolean bankFailed,
                           boolean readingBank) {
        super(problems);
        this.scale = scale;
        this.bank = bank;
        this.bankFailed = bankFailed;
        this.readingBank = readingBank;
    }

    private static Set<String> keys(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }

    static Result read(Source source, DispositionScale scale, Optional<QuestionBank> bank, boolean bankFailed) {
        Problems problems = new Problems(source.name());
        Optional<Node> root = source.isJson() ? JsonReader.read(source, problems) : YamlReader.read(source, problems);
        if (root.isEmpty()) {
            return new Result(Optional.empty(), problems, Node.Mark.FILE, Optional.empty(), Optional.empty(), List.of(),
                    SuggestionChecks.Declared.NONE, Optional.empty());
        }
        return new ProtocolReader(problems, scale, bank, bankFailed, false).protocol(root.get());
    }

    /**
     * Reads the library's shared questions. A shared question is read as a triage question of no group, for
     * any patient; its conditions may read only the patient (age, sex, pregnancy, facts), so that its answer
     * means the same in every protocol that uses it.
     */
    static Bank readBank(Source source, DispositionScale scale, Problems problems) {
        Optional<Node> root = source.isJson() ? JsonReader.read(source, problems) : YamlReader.read(source, problems);
        if (root.isEmpty()) {
            return new Bank(Optional.empty(), List.of(), Optional.empty());
        }
        ProtocolReader reader = new ProtocolReader(problems, scale, Optional.empty(), false, true);
        Optional<QuestionBank> bank = reader.bank(root.get());
        return new Bank(bank, List.copyOf(reader.suggested), bank.map(b -> reader.sourceMap()));
    }

    private SourceMap sourceMap() {
        return new SourceMap(problems.file(), questionParts, careAdviceParts, callBackParts);
    }

    /** Where an advice or call-back item stands: the item, its text and its condition. */
    private static SourceMap.Part advicePart(Node item) {
        SourceMap.Position at = SourceMap.Position.of(item);
        if (item instanceof Node.MapNode map && map.entry("text").isPresent()) {
            return new SourceMap.Part(at, SourceMap.Position.of(map.entry("text").get().value()),
                    map.entry("when").map(e -> SourceMap.Position.of(e.value())));
        }
        return new SourceMap.Part(at, at, Optional.empty());
    }

    private static List<SourceMap.Part> adviceParts(Node list) {
        return list instanceof Node.ListNode items ? items.items().stream().map(ProtocolReader::advicePart).toList() : List.of();
    }

    private Optional<QuestionBank> bank(Node root) {
        Optional<Fields> maybeFields = fields(root, null, BANK_KEYS);
        if (maybeFields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybeFields.get();
        format(f, BANK_FORMAT);
        f.optional("review").ifPresent(this::review);
        this.population = new Population(Optional.empty(), Optional.empty(), Population.SexFilter.ANY);
        Optional<Version> version = f.required("version").flatMap(this::version);
        Optional<Approval> approval = f.required("approval").flatMap(this::approval);
        Optional<List<Reference>> references = f.required("references").flatMap(n -> nonEmptyList(n, null, this::reference));
        QuestionsReader questions = new QuestionsReader();
        Map<String, Node> nodes = new LinkedHashMap<>();
        f.required("questions").ifPresent(n -> nonEmptyList(n, null, q -> questions.draft(q, bankGroup).map(d -> {
            if (d.id != null) {
                nodes.put(d.id, q);
            }
            return d;
        })));
        questions.finish();
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        Map<String, Question> byId = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        questions.finished.values().forEach(q -> {
            byId.put(q.id(), q);
            hashes.put(q.id(), CanonicalHash.of(Objects.requireNonNull(nodes.get(q.id()), "a question read has its node")));
        });
        return Optional.of(new QuestionBank(version.orElseThrow(), approval.orElseThrow(), references.orElseThrow(), byId,
                CanonicalHash.of(root), hashes, suggestions));
    }

    private Result protocol(Node root) {
        Optional<Fields> maybeFields = fields(root, null, TOP_KEYS);
        if (maybeFields.isEmpty()) {
            return new Result(Optional.empty(), problems, root.mark(), Optional.empty(), Optional.empty(), List.of(),
                    SuggestionChecks.Declared.NONE, Optional.empty());
        }
        Fields f = maybeFields.get();
        Optional<String> format = format(f, FORMAT, FORMAT_V2);
        formatV1 = format.filter(FORMAT::equals).isPresent();
        boolean general = f.optional("kind").flatMap(n -> word(n, null, List.of("complaint", "general")))
                .map("general"::equals).orElse(false);
        if (format.filter(FORMAT::equals).isPresent()) {
            List.of("kind", "review", "topic").forEach(key -> f.optional(key).ifPresent(n -> problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE,
                    f.key(key), null, "'" + key + "' is new in " + FORMAT_V2 + "; declare that format to use it")));
        } else {
            f.optional("review").ifPresent(this::review);
        }
        Optional<String> id = f.required("id").flatMap(n -> id(n, null));
        Optional<Version> version = f.required("version").flatMap(n -> version(n));
        Optional<ProtocolRef> ref = id.flatMap(i -> version.map(v -> new ProtocolRef(i, v)));
        ref.ifPresent(problems::protocol);
        Node.Mark idMark = f.optional("id").map(Node::mark).orElse(root.mark());
        Optional<String> topic = formatV1 ? Optional.empty() : f.optional("topic").flatMap(n -> topic(n, id));

        Optional<LocalizedText> title = f.required("title").flatMap(n -> text(n, null));
        Optional<Population> pop = f.required("population").flatMap(this::population);
        this.population = pop.orElse(new Population(Optional.empty(), Optional.empty(), Population.SexFilter.ANY));
        Optional<Approval> approval = f.required("approval").flatMap(this::approval);
        Optional<LocalizedText> definition = f.required("definition").flatMap(n -> text(n, null));
        Optional<Map<String, List<String>>> searchWords = f.required("searchWords").flatMap(this::searchWords);
        Optional<List<Reference>> references = f.required("references")
                .flatMap(n -> nonEmptyList(n, null, this::reference));
        Optional<List<Redirect>> seeInstead = f.optional("seeInstead")
                .map(n -> list(n, null, item -> redirect(item, id))).orElse(Optional.of(List.of()));
        Optional<Optional<LocalizedText>> background = optionalText(f, "background");

        QuestionsReader questions = new QuestionsReader();
        f.optional("assessment").ifPresent(n -> list(n, null, q -> questions.draft(q, null)));
        Optional<List<GroupDraft>> groups = f.required("triage").flatMap(n -> nonEmptyList(n, null, questions::group));
        Optional<Disposition> defaultDisposition = f.required("defaultDisposition").flatMap(n -> disposition(n, null));
        questions.finish();

        Optional<List<TriageGroup>> triage = groups.flatMap(questions::triageGroups);
        defaultDisposition.ifPresent(d -> checkDefaultIsLowest(d, groups.orElse(List.of()),
                f.optional("defaultDisposition").orElseThrow()));
        Map<String, AnswerType> allQuestions = new LinkedHashMap<>();
        questions.finished.values().forEach(q -> allQuestions.put(q.id(), q.type()));
        Optional<List<CareAdvice>> careAdvice = f.required("careAdvice")
                .flatMap(n -> nonEmptyList(n, null, a -> careAdvice(a, questions, allQuestions)));
        boolean reachabilityKnown = groups.isPresent() && defaultDisposition.isPresent() && questions.reachabilityKnown;
        careAdvice.ifPresent(advice -> checkCareAdvice(advice, questions, defaultDisposition, reachabilityKnown, f));
        Optional<List<Advice>> callBackIf = f.required("callBackIf")
                .flatMap(n -> nonEmptyList(n, null, t -> advice(t, null, questions, allQuestions, true)));
        f.optional("callBackIf").ifPresent(n -> callBackParts.addAll(adviceParts(n)));

        List<Reference> allReferences = references.map(this::withSharedReferences).orElse(List.of());
        SuggestionChecks.Declared declared = new SuggestionChecks.Declared(topic,
                f.optional("topic").map(Node::mark).orElse(idMark), List.copyOf(suggested));
        if (problems.hasErrors()) {
            return new Result(Optional.empty(), problems, idMark, id, ref, List.copyOf(redirects), declared, Optional.empty());
        }
        Protocol protocol = new Protocol(id.orElseThrow(), version.orElseThrow(), title.orElseThrow(), pop.orElseThrow(),
                approval.orElseThrow(), definition.orElseThrow(), searchWords.orElseThrow(), seeInstead.orElseThrow(),
                allReferences, background.orElseThrow(), questions.assessment(), triage.orElseThrow(),
                defaultDisposition.orElseThrow(), careAdvice.orElseThrow(), callBackIf.orElseThrow(), general,
                used.stream().map(Question::id).collect(java.util.stream.Collectors.toSet()), topic, suggestions, contentHash(root));
        return new Result(Optional.of(protocol), problems, idMark, id, ref, List.copyOf(redirects), declared, Optional.of(sourceMap()));
    }

    /**
     * {@code topic}: the complaint, which the protocol's id begins with ({@code cough} for {@code cough-adult}), so
     * that a library read in part finds every protocol of a topic it needs by its file name.
     */
    private Optional<String> topic(Node node, Optional<String> protocolId) {
        Optional<String> topic = id(node, null);
        if (topic.isPresent() && protocolId.isPresent() && !protocolId.get().equals(topic.get())
                && !protocolId.get().startsWith(topic.get() + "-")) {
            problems.add(ProblemCode.INVALID_VALUE, node, null, "topic '" + topic.get() + "' must begin the protocol id '"
                    + protocolId.get() + "', as cough begins cough-adult");
            return Optional.empty();
        }
        return topic;
    }

    /**
     * {@code suggests}: the topics or protocol ids an answer suggests adding to the call, each once. Whether each
     * names a protocol is checked across the files of the library ({@link SuggestionChecks}).
     */
    private Optional<List<String>> suggests(Node node, @Nullable String nodeId) {
        if (formatV1) {
            problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE, node, nodeId, "'suggests' is new in " + FORMAT_V2
                    + "; declare that format to use it");
            return Optional.empty();
        }
        Set<String> seen = new HashSet<>();
        return nonEmptyList(node, nodeId, n -> id(n, nodeId).filter(name -> {
            if (!seen.add(name)) {
                problems.add(ProblemCode.DUPLICATE_ID, n, nodeId, "'" + name + "' is suggested twice here");
                return false;
            }
            suggested.add(new SuggestionChecks.Located(name, n.mark(), nodeId));
            return true;
        }));
    }

    /** The protocol's references and those the shared questions it uses cite. */
    private List<Reference> withSharedReferences(List<Reference> own) {
        List<Reference> all = new ArrayList<>(own);
        Set<String> cited = new HashSet<>();
        used.forEach(q -> cited.addAll(q.cites()));
        bank.ifPresent(b -> b.references().stream().filter(r -> cited.contains(r.id()))
                .filter(r -> all.stream().noneMatch(o -> o.id().equals(r.id()))).forEach(all::add));
        return all;
    }

    /** The file's content hash, and with shared questions, theirs too: a change of one changes the protocol. */
    private String contentHash(Node root) {
        String file = CanonicalHash.of(root);
        if (used.isEmpty()) {
            return file;
        }
        StringBuilder parts = new StringBuilder(file);
        used.forEach(q -> parts.append('\n').append(q.id()).append(' ').append(bank.orElseThrow().questionHash(q.id())));
        return "sha256:" + org.opentriage.internal.engine.AuditChain.hash(parts.toString());
    }

    private Optional<Optional<LocalizedText>> optionalText(Fields f, String key) {
        Optional<Node> node = f.optional(key);
        if (node.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        return text(node.get(), f.nodeId).map(Optional::of);
    }

    private Optional<Disposition> disposition(Node node, @Nullable String nodeId) {
        return disposition(node, nodeId, scale);
    }

    // ---- header sections

    private Optional<Population> population(Node node) {
        Optional<Fields> maybe = fields(node, null, keys("age", "sex"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<Quantity> from = Optional.empty();
        Optional<Quantity> below = Optional.empty();
        boolean ok = true;
        Optional<Node> ageNode = f.optional("age");
        if (ageNode.isPresent()) {
            Optional<Fields> age = fields(ageNode.get(), null, keys("from", "below"));
            if (age.isEmpty()) {
                return Optional.empty();
            }
            Optional<Node> fromNode = age.get().optional("from");
            Optional<Node> belowNode = age.get().optional("below");
            from = fromNode.flatMap(n -> age(n));
            below = belowNode.flatMap(n -> age(n));
            ok = fromNode.isPresent() == from.isPresent() && belowNode.isPresent() == below.isPresent();
            if (from.isPresent() && below.isPresent() && from.get().compareTo(below.get()) >= 0) {
                problems.add(ProblemCode.IMPOSSIBLE_AGE_RANGE, ageNode.get(), null,
                        "age from " + from.get() + " must be below " + below.get());
                ok = false;
            }
        }
        Population.SexFilter sex = Population.SexFilter.ANY;
        Optional<Node> sexNode = f.optional("sex");
        if (sexNode.isPresent()) {
            Optional<String> word = word(sexNode.get(), null, List.of("any", "female", "male"));
            if (word.isEmpty()) {
                return Optional.empty();
            }
            sex = Population.SexFilter.valueOf(word.get().toUpperCase(java.util.Locale.ROOT));
        }
        return ok ? Optional.of(new Population(from, below, sex)) : Optional.empty();
    }

    private Optional<Quantity> age(Node node) {
        Optional<Quantity> age = quantity(node, null);
        if (age.isEmpty()) {
            return age;
        }
        if (age.get().dimension() != Dimension.TIME) {
            problems.add(ProblemCode.IMPOSSIBLE_AGE_RANGE, node, null,
                    "an age is a time such as '18 y' or '3 mo', not '" + age.get() + "'");
            return Optional.empty();
        }
        if (age.get().value().signum() < 0 || age.get().compareTo(MAX_AGE) > 0) {
            problems.add(ProblemCode.IMPOSSIBLE_AGE_RANGE, node, null,
                    "age " + age.get() + " is outside 0 to " + MAX_AGE);
            return Optional.empty();
        }
        return age;
    }

    private Optional<Approval> approval(Node node) {
        Optional<Fields> maybe = fields(node, null, keys("status", "clinicallyValidated", "reviewer", "approver", "date"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<String> status = f.required("status").flatMap(n -> word(n, null, List.of("draft", "reviewed", "approved")));
        Optional<Boolean> validated = f.required("clinicallyValidated").flatMap(n -> bool(n, null));
        Optional<String> reviewer = f.optional("reviewer").flatMap(n -> string(n, null));
        Optional<String> approver = f.optional("approver").flatMap(n -> string(n, null));
        Optional<java.time.LocalDate> date = f.optional("date").flatMap(n -> date(n, null));
        if (status.isEmpty() || validated.isEmpty()) {
            return Optional.empty();
        }
        Approval.Status s = Approval.Status.valueOf(status.get().toUpperCase(java.util.Locale.ROOT));
        List<String> missing = new ArrayList<>();
        if (s != Approval.Status.DRAFT && reviewer.isEmpty()) missing.add("reviewer");
        if (s == Approval.Status.APPROVED && approver.isEmpty()) missing.add("approver");
        if (s != Approval.Status.DRAFT && date.isEmpty()) missing.add("date");
        if (!missing.isEmpty()) {
            problems.add(ProblemCode.APPROVAL_INCONSISTENT, node, null,
                    "a " + s.word() + " protocol needs " + String.join(" and ", missing));
            return Optional.empty();
        }
        if (validated.get() && s != Approval.Status.APPROVED) {
            problems.add(ProblemCode.APPROVAL_INCONSISTENT, f.optional("clinicallyValidated").orElseThrow(), null,
                    "only an approved protocol can be clinically validated; this one is " + s.word());
            return Optional.empty();
        }
        return Optional.of(new Approval(s, validated.get(), reviewer, approver, date));
    }

    private Optional<Map<String, List<String>>> searchWords(Node node) {
        if (!(node instanceof Node.MapNode map)) {
            wrongType(node, null, "search words by language, such as {en: [chest pain]}");
            return Optional.empty();
        }
        Map<String, List<String>> words = new LinkedHashMap<>();
        boolean ok = true;
        for (Node.Entry entry : map.entries()) {
            if (!language(entry.key(), null)) {
                ok = false;
                continue;
            }
            Optional<List<String>> list = nonEmptyList(entry.value(), null, n -> string(n, null));
            list.ifPresent(l -> words.put(entry.key().value(), l));
            ok &= list.isPresent();
        }
        if (map.entry(LocalizedText.ENGLISH).isEmpty()) {
            problems.add(ProblemCode.MISSING_ENGLISH, node, null, "search words have no English ('en')");
            return Optional.empty();
        }
        return ok ? Optional.of(words) : Optional.empty();
    }

    private Optional<Reference> reference(Node node) {
        Optional<Fields> maybe = fields(node, null, keys("id", "title", "publisher", "url", "accessed"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<String> id = f.required("id").flatMap(n -> id(n, null));
        if (id.isEmpty() && f.optional("id").orElse(null) instanceof Node.Scalar written) {
            malformedReferenceIds.add(written.value());
        }
        @Nullable String nodeId = id.orElse(null);
        id.ifPresent(i -> {
            if (!referenceIds.add(i)) {
                problems.add(ProblemCode.DUPLICATE_ID, f.optional("id").orElseThrow(), i, "reference id '" + i + "' appears twice");
            }
        });
        Optional<String> title = f.required("title").flatMap(n -> string(n, nodeId));
        Optional<String> publisher = f.required("publisher").flatMap(n -> string(n, nodeId));
        Optional<java.net.URI> url = f.required("url").flatMap(n -> url(n, nodeId));
        Optional<java.time.LocalDate> accessed = f.required("accessed").flatMap(n -> date(n, nodeId));
        if (id.isEmpty() || title.isEmpty() || publisher.isEmpty() || url.isEmpty() || accessed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reference(id.get(), title.get(), publisher.get(), url.get(), accessed.get()));
    }

    private Optional<Redirect> redirect(Node node, Optional<String> ownId) {
        Optional<Fields> maybe = fields(node, null, keys("protocol", "if"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<Node> target = f.required("protocol");
        Optional<String> protocolId = target.flatMap(n -> id(n, null));
        Optional<LocalizedText> condition = f.required("if").flatMap(n -> text(n, protocolId.orElse(null)));
        if (protocolId.isPresent() && protocolId.equals(ownId)) {
            problems.add(ProblemCode.INVALID_VALUE, target.get(), protocolId.get(), "a protocol cannot redirect to itself");
            return Optional.empty();
        }
        if (protocolId.isEmpty() || condition.isEmpty()) {
            return Optional.empty();
        }
        Redirect redirect = new Redirect(protocolId.get(), condition.get());
        redirects.add(new LocatedRedirect(redirect, target.get().mark()));
        return Optional.of(redirect);
    }

    private Optional<CareAdvice> careAdvice(Node node, QuestionsReader questions, Map<String, AnswerType> allQuestions) {
        Optional<Fields> maybe = fields(node, null, keys("disposition", "advice"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<Disposition> disposition = f.required("disposition").flatMap(n -> disposition(n, null));
        @Nullable String nodeId = disposition.map(Disposition::id).orElse(null);
        Optional<List<Advice>> advice = f.required("advice")
                .flatMap(n -> nonEmptyList(n, nodeId, t -> advice(t, nodeId, questions, allQuestions, false)));
        if (disposition.isEmpty() || advice.isEmpty()) {
            return Optional.empty();
        }
        careAdviceParts.putIfAbsent(disposition.get().id(), adviceParts(f.optional("advice").orElseThrow()));
        return Optional.of(new CareAdvice(disposition.get(), advice.get()));
    }

    /**
     * An advice or call-back item: a text, or (format v2) {@code {when: CONDITION, text: TEXT}}; a call-back
     * instruction may also have a topic {@code id} and the {@code disposition} it tells the caller to take. The
     * condition may read the patient, facts and any question of the protocol (advice is read once the call has its
     * outcome).
     */
    private Optional<Advice> advice(Node node, @Nullable String nodeId, QuestionsReader questions, Map<String, AnswerType> allQuestions,
                                    boolean callBack) {
        if (!(node instanceof Node.MapNode map) || map.entries().stream().noneMatch(e -> e.key().value().equals("text"))) {
            return text(node, nodeId).map(Advice::always);
        }
        if (newInV2(node, nodeId, "an advice item with 'text' (and 'when', 'id' or 'disposition')")) {
            return Optional.empty();
        }
        Optional<Fields> maybe = fields(node, nodeId, callBack ? keys("when", "text", "id", "disposition") : keys("when", "text"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<LocalizedText> text = f.required("text").flatMap(t -> text(t, nodeId));
        Optional<Node> whenNode = f.optional("when");
        Optional<Condition> when = whenNode.flatMap(w -> ConditionParser.parse(w, nodeId, questions.symbols(allQuestions), problems))
                .map(ConditionParser.Parsed::condition);
        Optional<String> id = f.optional("id").flatMap(n -> id(n, nodeId));
        Optional<Disposition> disposition = f.optional("disposition").flatMap(n -> disposition(n, nodeId));
        if (text.isEmpty() || when.isPresent() != whenNode.isPresent() || id.isPresent() != f.has("id")
                || disposition.isPresent() != f.has("disposition")) {
            return Optional.empty();
        }
        return Optional.of(new Advice(text.get(), when, id, disposition));
    }

    /**
     * {@code review}: the record of independent reviews, oldest first. The engine does not act on it, but each entry
     * must be complete (who by role, when, what was checked and changed, and optionally what is left open), so that
     * a clinical lead can rely on it.
     */
    private void review(Node node) {
        nonEmptyList(node, null, entry -> fields(entry, null, REVIEW_KEYS).map(r -> {
            r.required("role").ifPresent(n -> string(n, null));
            r.required("date").ifPresent(n -> date(n, null));
            for (String key : List.of("checked", "changed", "open")) {
                (key.equals("open") ? r.optional(key) : r.required(key)).ifPresent(n -> nonEmptyList(n, null, t -> string(t, null)));
            }
            return r;
        }));
    }

    /** In a format v1 file, reports that {@code what} is new in v2 and returns true. */
    private boolean newInV2(Node at, @Nullable String nodeId, String what) {
        if (formatV1) {
            problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE, at, nodeId, what + " is new in " + FORMAT_V2
                    + "; declare that format to use it");
        }
        return formatV1;
    }

    private void checkDefaultIsLowest(Disposition fallback, List<GroupDraft> groups, Node at) {
        for (GroupDraft group : groups) {
            if (group.disposition != null && !group.disposition.isMoreUrgentThan(fallback)) {
                problems.add(ProblemCode.DEFAULT_NOT_LOWEST, at, fallback.id(), "default disposition '" + fallback.id()
                        + "' (acuity " + fallback.acuity() + ") must rank below group '" + group.disposition.id()
                        + "' (acuity " + group.disposition.acuity() + ")");
                return;
            }
        }
    }

    /**
     * Checks that the care advice covers each reachable disposition once and, when every group, question and
     * default was read ({@code reachabilityKnown}), that it covers none the protocol never reaches.
     */
    private void checkCareAdvice(List<CareAdvice> advice, QuestionsReader questions,
                                 Optional<Disposition> fallback, boolean reachabilityKnown, Fields f) {
        Node.ListNode list = (Node.ListNode) f.optional("careAdvice").orElseThrow();
        Set<Disposition> covered = new HashSet<>();
        for (int i = 0; i < advice.size(); i++) {
            Disposition d = advice.get(i).disposition();
            if (!covered.add(d)) {
                problems.add(ProblemCode.DUPLICATE_ID, list.items().get(i), d.id(), "care advice for '" + d.id() + "' appears twice");
            }
        }
        Map<Disposition, Node.Mark> reachable = new LinkedHashMap<>(questions.reachableDispositions);
        fallback.ifPresent(d -> reachable.putIfAbsent(d, f.optional("defaultDisposition").orElseThrow().mark()));
        reachable.forEach((d, mark) -> {
            if (!covered.contains(d)) {
                problems.add(ProblemCode.MISSING_CARE_ADVICE, mark, d.id(),
                        "disposition '" + d.id() + "' can be reached but has no careAdvice");
            }
        });
        for (int i = 0; i < advice.size() && reachabilityKnown; i++) {
            Disposition d = advice.get(i).disposition();
            if (!reachable.containsKey(d)) {
                problems.add(ProblemCode.UNREACHABLE_CARE_ADVICE, list.items().get(i), d.id(),
                        "care advice for '" + d.id() + "', which this protocol never reaches");
            }
        }
    }

    // ---- questions

    private static final class GroupDraft {
        /** Null when it failed to load. */
        @Nullable Disposition disposition;
        final List<Draft> questions = new ArrayList<>();
    }

    /** A question read except for its conditions, which need the questions before it. */
    private static final class Draft {
        /** The question's own fields; null for a shared question. */
        @Nullable Fields fields;
        /** Null when it is missing or malformed, as are the type's when it failed to load. */
        @Nullable String id;
        /** The id as written, even when it is malformed, so conditions naming it add no second problem. */
        @Nullable String writtenId;
        @Nullable String typeWord;
        @Nullable AnswerType type;
        /** Null for an assessment question. */
        @Nullable GroupDraft group;
        boolean ok = true;
        /** A shared question ({@code - use: ID}), taken as it is; its position in the protocol. */
        @Nullable Question sharedQuestion;
        Node.@Nullable Mark useMark;
        /** What each option or item suggests, by its code; read with the options or items. */
        final Map<String, List<String>> suggestsByCode = new LinkedHashMap<>();

        /** The question's own fields: every question but a shared one has them. */
        Fields fields() {
            return present(fields, "fields");
        }

        /** The type as written, once read. */
        String typeWord() {
            return present(typeWord, "type");
        }

        /** The id, of a question read without a problem in it. */
        String id() {
            return present(id, "id");
        }

        /** The answer type, of a question read without a problem in it. */
        AnswerType type() {
            return present(type, "answer type");
        }

        private static <T> T present(@Nullable T value, String what) {
            if (value == null) {
                throw new IllegalStateException("a question draft without its " + what);
            }
            return value;
        }
    }

    /** The group of the shared questions while they are read: no group, as any protocol may use one anywhere. */
    private final GroupDraft bankGroup = new GroupDraft();

    private final class QuestionsReader {
        private final List<Draft> drafts = new ArrayList<>();
        private final Map<String, Draft> byId = new LinkedHashMap<>();
        private final List<Question> assessment = new ArrayList<>();
        private final Map<Draft, Question> finished = new LinkedHashMap<>();
        /** Ids of questions read so far whose definition failed to load. */
        private final Set<String> failed = new HashSet<>();
        final Map<Disposition, Node.Mark> reachableDispositions = new LinkedHashMap<>();
        /** False once a group's disposition, questions or a question's onUnknown failed to load. */
        boolean reachabilityKnown = true;
        private @Nullable Disposition previousGroup;

        Optional<GroupDraft> group(Node node) {
            Optional<Fields> maybe = fields(node, null, keys("disposition", "questions"));
            if (maybe.isEmpty()) {
                return Optional.empty();
            }
            Fields f = maybe.get();
            GroupDraft group = new GroupDraft();
            Optional<Node> dispositionNode = f.required("disposition");
            group.disposition = dispositionNode.flatMap(n -> disposition(n, null)).orElse(null);
            if (group.disposition != null) {
                if (previousGroup != null && !previousGroup.isMoreUrgentThan(group.disposition)) {
                    boolean same = previousGroup.equals(group.disposition);
                    problems.add(same ? ProblemCode.DUPLICATE_ID : ProblemCode.ACUITY_ORDER, dispositionNode.get(),
                            group.disposition.id(), same
                                    ? "a second group for '" + group.disposition.id() + "'; put its questions in one group"
                                    : "group '" + group.disposition.id() + "' (acuity " + group.disposition.acuity()
                                    + ") must come before group '" + previousGroup.id() + "' (acuity "
                                    + previousGroup.acuity() + "): groups go in strictly descending acuity");
                }
                previousGroup = group.disposition;
            }
            boolean read = f.required("questions").flatMap(n -> nonEmptyList(n, group.disposition == null ? null
                    : group.disposition.id(), q -> draft(q, group).map(d -> {
                        group.questions.add(d);
                        return d;
                    }))).isPresent();
            reachabilityKnown &= read && group.disposition != null;
            return Optional.of(group);
        }

        /** Reads a question except its conditions; {@code group} is null for an assessment question. */
        Optional<Draft> draft(Node node, @Nullable GroupDraft group) {
            if (!readingBank && node instanceof Node.MapNode map && map.entries().size() == 1
                    && map.entries().get(0).key().value().equals("use")) {
                return newInV2(map.entries().get(0).key(), null, "'use' (a shared question)") ? Optional.empty()
                        : shared(map.entries().get(0), group);
            }
            Optional<Fields> maybe = fields(node, null, QUESTION_KEYS);
            if (maybe.isEmpty()) {
                return Optional.empty();
            }
            Draft d = new Draft();
            d.fields = maybe.get();
            d.group = group;
            Optional<Node> idNode = d.fields().required("id");
            d.writtenId = idNode.orElse(null) instanceof Node.Scalar written ? written.value() : null;
            d.id = idNode.flatMap(n -> id(n, null)).orElse(null);
            if (d.id != null) {
                if (isReservedName(d.id)) {
                    problems.add(ProblemCode.MALFORMED_ID, idNode.get(), d.id,
                            "'" + d.id + "' is a name conditions already use; choose another question id");
                    d.ok = false;
                } else if (byId.putIfAbsent(d.id, d) != null) {
                    problems.add(ProblemCode.DUPLICATE_ID, idNode.get(), d.id, "question id '" + d.id + "' appears twice");
                    d.ok = false;
                }
            }
            if (d.id != null) {
                questionParts.putIfAbsent(d.id, new SourceMap.Part(SourceMap.Position.of(d.fields().map),
                        SourceMap.Position.of(d.fields().optional("text").orElse(d.fields().map)), Optional.empty()));
            }
            d.typeWord = d.fields().required("type").flatMap(n -> word(n, d.id, TYPES)).orElse(null);
            d.ok &= d.id != null && d.typeWord != null;
            if (d.typeWord != null) {
                checkKeysForKind(d);
                d.type = answerType(d).orElse(null);
                d.ok &= d.type != null;
                // A triage question that failed may have reached a disposition: which ones cannot be said.
                reachabilityKnown &= d.type != null || group == null;
            }
            drafts.add(d);
            return Optional.of(d);
        }

        /** {@code - use: ID}: a shared question, as the library's {@code questions.yaml} defines it. */
        private Optional<Draft> shared(Node.Entry use, @Nullable GroupDraft group) {
            Optional<String> id = id(use.value(), null);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            Optional<Question> question = bank.flatMap(b -> b.question(id.get()));
            if (question.isEmpty() && bankFailed) {
                failed.add(id.get());
                return Optional.empty();
            }
            if (question.isEmpty()) {
                problems.add(ProblemCode.UNKNOWN_SHARED_QUESTION, use.value(), id.get(), bank.isEmpty()
                        ? "'" + id.get() + "' is used, but the library has no shared questions (" + LibraryLoader.QUESTIONS_FILE + ")"
                        : "no shared question '" + id.get() + "' in " + LibraryLoader.QUESTIONS_FILE
                        + TreeReader.didYouMean(id.get(), bank.get().questions().keySet()));
                failed.add(id.get());
                return Optional.empty();
            }
            Question q = question.get();
            Draft d = new Draft();
            d.id = q.id();
            d.writtenId = q.id();
            d.type = q.type();
            d.typeWord = q.type().word();
            d.group = group;
            d.sharedQuestion = q;
            d.useMark = use.value().mark();
            questionParts.putIfAbsent(d.id, new SourceMap.Part(SourceMap.Position.of(use.value()), SourceMap.Position.of(use.value()),
                    Optional.empty()));
            if (byId.putIfAbsent(d.id, d) != null) {
                problems.add(ProblemCode.DUPLICATE_ID, use.value(), d.id, "question id '" + d.id + "' appears twice");
                d.ok = false;
            }
            if (group != null && !(q.type() instanceof AnswerType.YesNo) && !(q.type() instanceof AnswerType.Checklist)
                    && q.positiveIf().isEmpty()) {
                problems.add(ProblemCode.MISSING_KEY, use.value(), d.id, "shared question '" + d.id
                        + "' has no positiveIf, so it cannot decide a disposition; use it in assessment");
                d.ok = false;
            }
            Disposition groupLevel = group == null ? null : group.disposition;
            if (groupLevel != null && q.type() instanceof AnswerType.Checklist checklist) {
                for (AnswerType.Item item : checklist.items()) {
                    item.disposition().ifPresent(x -> {
                        if (!x.isMoreUrgentThan(groupLevel)) {
                            problems.add(ProblemCode.ACUITY_ORDER, use.value(), d.id, "item '" + item.code() + "' of shared question '"
                                    + d.id + "' calls for '" + x.id() + "', which is not more urgent than this group '"
                                    + groupLevel.id() + "'");
                            d.ok = false;
                        } else {
                            reachableDispositions.putIfAbsent(x, use.value().mark());
                        }
                    });
                }
            }
            if (group == null && (q.redFlag() || q.positiveIf().isPresent())) {
                problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE, use.value(), d.id, "shared question '" + d.id
                        + "' decides a disposition; use it in a triage group, not in assessment");
                d.ok = false;
            }
            drafts.add(d);
            return Optional.of(d);
        }

        private boolean isReservedName(String id) {
            return id.equals("age") || id.equals("sex") || id.equals("pregnant")
                    || id.equals("and") || id.equals("or") || id.equals("not") || id.equals("in");
        }

        private void checkKeysForKind(Draft d) {
            Fields f = d.fields();
            boolean triage = d.group != null;
            if (!triage) {
                if (d.typeWord().equals("derived")) {
                    problems.add(ProblemCode.INVALID_VALUE, f.optional("type").orElseThrow(), d.id,
                            "a derived question decides a disposition, so it belongs in a triage group, not in assessment");
                    d.ok = false;
                }
                notAllowed(d, TRIAGE_ONLY_KEYS, "an assessment question (it never decides a disposition)");
            }
            if (!d.typeWord().equals("number")) {
                notAllowed(d, NUMBER_KEYS, "a " + d.typeWord + " question");
            }
            if (!d.typeWord().equals("choice")) {
                notAllowed(d, List.of("options"), "a " + d.typeWord + " question");
            }
            if (!d.typeWord().equals("checklist")) {
                notAllowed(d, List.of("items"), "a " + d.typeWord + " question");
            } else if (newInV2(f.optional("type").orElseThrow(), d.id, "'type: checklist'")) {
                d.ok = false;
            }
            if (f.has("fallback") && newInV2(f.key("fallback"), d.id, "'fallback'")) {
                d.ok = false;
            }
            if (d.typeWord().equals("yesno")) {
                notAllowed(d, List.of("positiveIf"), "a yesno question (it is positive when answered yes)");
            } else {
                notAllowed(d, List.of("suggests"), "a " + d.typeWord + " question" + (d.typeWord().equals("choice")
                        || d.typeWord().equals("checklist") ? " (an option or item suggests, by its own 'suggests')" : ""));
            }
            if (d.typeWord().equals("checklist")) {
                notAllowed(d, List.of("positiveIf"), "a checklist (it is positive when any item applies)");
            }
            if (d.typeWord().equals("derived")) {
                notAllowed(d, List.of("fact"), "a derived question (it is never asked)");
            }
            if (readingBank && d.typeWord().equals("derived")) {
                problems.add(ProblemCode.INVALID_VALUE, f.optional("type").orElseThrow(), d.id,
                        "a derived question reads other answers, so it cannot be shared; put it in the protocol");
                d.ok = false;
            }
            if (triage && !readingBank && !d.typeWord().equals("yesno") && !d.typeWord().equals("checklist")) {
                required(d, "positiveIf", "a triage " + d.typeWord + " question");
            }
        }

        private void notAllowed(Draft d, List<String> keys, String where) {
            for (String key : keys) {
                if (d.fields().has(key)) {
                    problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE, d.fields().key(key), d.id,
                            "'" + key + "' is not allowed on " + where);
                    d.ok = false;
                }
            }
        }

        private boolean required(Draft d, String key, String what) {
            if (!d.fields().has(key)) {
                problems.add(ProblemCode.KEY_REQUIRED_HERE, d.fields().map, d.id, what + " needs '" + key + "'");
                d.ok = false;
                return false;
            }
            return true;
        }

        private Optional<AnswerType> answerType(Draft d) {
            return switch (d.typeWord()) {
                case "yesno" -> Optional.of(new AnswerType.YesNo());
                case "derived" -> Optional.of(new AnswerType.Derived());
                case "choice" -> choice(d);
                case "checklist" -> checklist(d);
                default -> number(d);
            };
        }

        private Optional<AnswerType> choice(Draft d) {
            if (!required(d, "options", "a choice question")) {
                return Optional.empty();
            }
            Node optionsNode = d.fields().optional("options").orElseThrow();
            Set<String> codes = new HashSet<>();
            Optional<List<AnswerType.Option>> options = list(optionsNode, d.id, n -> {
                Optional<Fields> of = fields(n, d.id, keys("code", "text", "suggests"));
                if (of.isEmpty()) {
                    return Optional.empty();
                }
                Optional<Node> codeNode = of.get().required("code");
                Optional<String> code = codeNode.flatMap(c -> id(c, d.id));
                Optional<LocalizedText> text = of.get().required("text").flatMap(t -> text(t, d.id));
                if (!suggestsOf(of.get(), code, d)) {
                    return Optional.empty();
                }
                if (code.isPresent() && ANSWER_WORDS.contains(code.get())) {
                    problems.add(ProblemCode.INVALID_VALUE, codeNode.get(), d.id, "option code '" + code.get()
                            + "' reads as a yes/no or \"don't know\" answer; choose another code");
                    return Optional.empty();
                }
                if (code.isPresent() && !codes.add(code.get())) {
                    problems.add(ProblemCode.DUPLICATE_ID, codeNode.get(), d.id, "option code '" + code.get() + "' appears twice");
                    return Optional.empty();
                }
                return code.flatMap(c -> text.map(t -> new AnswerType.Option(c, t)));
            });
            if (options.isPresent() && options.get().size() < 2) {
                problems.add(ProblemCode.INVALID_VALUE, optionsNode, d.id, "a choice question needs at least two options");
                return Optional.empty();
            }
            return options.map(AnswerType.Choice::new);
        }

        /** A checklist's items: codes and texts, and a disposition an item calls for above the question's group. */
        private Optional<AnswerType> checklist(Draft d) {
            if (!required(d, "items", "a checklist")) {
                return Optional.empty();
            }
            Node itemsNode = d.fields().optional("items").orElseThrow();
            Set<String> codes = new HashSet<>();
            Optional<List<AnswerType.Item>> items = list(itemsNode, d.id, n -> {
                Optional<Fields> of = fields(n, d.id, keys("code", "text", "disposition", "suggests"));
                if (of.isEmpty()) {
                    return Optional.empty();
                }
                Optional<Node> codeNode = of.get().required("code");
                Optional<String> code = codeNode.flatMap(c -> id(c, d.id));
                Optional<LocalizedText> text = of.get().required("text").flatMap(t -> text(t, d.id));
                if (!suggestsOf(of.get(), code, d)) {
                    return Optional.empty();
                }
                Optional<Node> dispositionNode = of.get().optional("disposition");
                Optional<Optional<Disposition>> disposition = dispositionNode.isEmpty() ? Optional.of(Optional.empty())
                        : disposition(dispositionNode.get(), d.id).map(Optional::of);
                if (code.isPresent() && (ANSWER_WORDS.contains(code.get()) || code.get().equals("none"))) {
                    problems.add(ProblemCode.INVALID_VALUE, codeNode.get(), d.id, "item code '" + code.get()
                            + "' reads as an answer (yes, no, none, \"don't know\"); choose another code");
                    return Optional.empty();
                }
                if (code.isPresent() && !codes.add(code.get())) {
                    problems.add(ProblemCode.DUPLICATE_ID, codeNode.get(), d.id, "item code '" + code.get() + "' appears twice");
                    return Optional.empty();
                }
                if (dispositionNode.isPresent() && d.group == null) {
                    problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE, dispositionNode.get(), d.id,
                            "an item's disposition decides a call; an assessment checklist decides none");
                    return Optional.empty();
                }
                Optional<Disposition> group = Optional.ofNullable(d.group).map(g -> g.disposition);
                if (disposition.flatMap(x -> x).isPresent() && group.isPresent()
                        && !disposition.get().get().isMoreUrgentThan(group.get())) {
                    problems.add(ProblemCode.ACUITY_ORDER, dispositionNode.get(), d.id, "item '" + code.orElse("?")
                            + "' calls for '" + disposition.get().get().id() + "', which is not more urgent than its question's group '"
                            + group.get().id() + "'; leave it out, the group's disposition applies");
                    return Optional.empty();
                }
                disposition.flatMap(x -> x).ifPresent(x -> reachableDispositions.putIfAbsent(x, dispositionNode.get().mark()));
                return code.flatMap(c -> text.flatMap(t -> disposition.map(x -> new AnswerType.Item(c, t, x))));
            });
            if (items.isPresent() && items.get().size() < 2) {
                problems.add(ProblemCode.INVALID_VALUE, itemsNode, d.id, "a checklist needs at least two items");
                return Optional.empty();
            }
            return items.map(AnswerType.Checklist::new);
        }

        /** Reads an option's or item's {@code suggests} into the draft; false when it is malformed. */
        private boolean suggestsOf(Fields option, Optional<String> code, Draft d) {
            Optional<Node> node = option.optional("suggests");
            if (node.isEmpty()) {
                return true;
            }
            Optional<List<String>> names = suggests(node.get(), d.id);
            code.ifPresent(c -> names.ifPresent(n -> d.suggestsByCode.put(c, n)));
            return names.isPresent();
        }

        private Optional<AnswerType> number(Draft d) {
            boolean hasPlausible = required(d, "plausible", "a number question");
            Optional<Unit> unit = d.fields().optional("unit").map(n -> unit(n, d.id)).orElse(Optional.of(Unit.NONE));
            if (unit.isEmpty()) {
                return Optional.empty();
            }
            Dimension dimension = unit.get().dimension();
            Optional<List<Unit>> accepts = d.fields().optional("accepts")
                    .map(n -> nonEmptyList(n, d.id, u -> unit(u, d.id).flatMap(x -> sameDimension(x, dimension, u, d.id))))
                    .orElse(Optional.of(List.of(unit.get())));
            Optional<AnswerType.Range> plausible = hasPlausible
                    ? d.fields().optional("plausible").flatMap(n -> range(n, dimension, d.id)) : Optional.empty();
            Optional<Node> expectedNode = d.fields().optional("expected");
            Optional<AnswerType.Range> expected = expectedNode.flatMap(n -> range(n, dimension, d.id));
            if (expectedNode.isPresent() && expected.isEmpty()) {
                return Optional.empty();
            }
            if (plausible.isPresent() && expected.isPresent()
                    && (!plausible.get().contains(expected.get().min()) || !plausible.get().contains(expected.get().max()))) {
                problems.add(ProblemCode.IMPOSSIBLE_RANGE, expectedNode.get(), d.id,
                        "expected range must lie within the plausible range " + plausible.get().min() + " to " + plausible.get().max());
                return Optional.empty();
            }
            if (accepts.isEmpty() || plausible.isEmpty()) {
                return Optional.empty();
            }
            List<Unit> accepted = new ArrayList<>(accepts.get());
            if (!accepted.contains(unit.get())) {
                accepted.add(0, unit.get());
            }
            return Optional.of(new AnswerType.Number(unit.get(), accepted, plausible.get(), expected));
        }

        private Optional<Unit> sameDimension(Unit unit, Dimension dimension, Node at, @Nullable String nodeId) {
            if (unit.dimension() != dimension) {
                problems.add(ProblemCode.IMPOSSIBLE_RANGE, at, nodeId, "unit '" + unit.symbol() + "' is a "
                        + unit.dimension().word() + ", not a " + dimension.word());
                return Optional.empty();
            }
            return Optional.of(unit);
        }

        private Optional<AnswerType.Range> range(Node node, Dimension dimension, @Nullable String nodeId) {
            Optional<Fields> maybe = fields(node, nodeId, keys("min", "max"));
            if (maybe.isEmpty()) {
                return Optional.empty();
            }
            Optional<Node> minNode = maybe.get().required("min");
            Optional<Node> maxNode = maybe.get().required("max");
            Optional<Quantity> min = minNode.flatMap(n -> quantity(n, nodeId))
                    .flatMap(q -> sameDimension(q.unit(), dimension, minNode.get(), nodeId).map(u -> q));
            Optional<Quantity> max = maxNode.flatMap(n -> quantity(n, nodeId))
                    .flatMap(q -> sameDimension(q.unit(), dimension, maxNode.get(), nodeId).map(u -> q));
            if (min.isEmpty() || max.isEmpty()) {
                return Optional.empty();
            }
            if (min.get().compareTo(max.get()) > 0) {
                problems.add(ProblemCode.IMPOSSIBLE_RANGE, node, nodeId, "minimum " + min.get() + " is above maximum " + max.get());
                return Optional.empty();
            }
            return Optional.of(new AnswerType.Range(min.get(), max.get()));
        }

        /** Parses the conditions of every question, in file order, and builds the questions. */
        void finish() {
            Map<String, AnswerType> earlier = new LinkedHashMap<>();
            for (Draft d : drafts) {
                Optional<Question> question = d.sharedQuestion != null ? Optional.of(d.sharedQuestion).filter(q -> d.ok)
                        : question(d, readingBank ? Map.of() : earlier);
                if (d.sharedQuestion != null && d.ok) {
                    used.add(d.sharedQuestion);
                    Optional.ofNullable(bank.orElseThrow().suggestions().get(d.id)).ifPresent(s -> suggestions.put(d.id, s));
                    if (d.group != null && d.group.disposition != null) {
                        reachableDispositions.putIfAbsent(d.group.disposition, d.useMark);
                    }
                }
                if (d.id != null && d.type != null) {
                    earlier.put(d.id, d.type);
                } else if (d.writtenId != null) {
                    failed.add(d.writtenId);
                }
                question.ifPresent(q -> finished.put(d, q));
            }
            applyFallbacks();
            finished.forEach((d, q) -> {
                if (d.group == null) {
                    assessment.add(q);
                }
            });
        }

        /**
         * Fallbacks: a measurement the caller may not have (a number or choice question) names the observable
         * question asked in its place, which must follow it at once in the same list, be asked, and be a red flag
         * when the measurement is. The fallback is asked only when the measurement is not known ("don't know", or
         * not asked); in every positiveIf, a comparison on the measurement holds only when it is known, so what
         * decides is the fallback, which each such condition (but the measurement's own) must therefore read; and
         * a comparison on the fallback there holds only when the measurement is not known (a fallback never asked
         * leaves no unknown behind it).
         */
        private void applyFallbacks() {
            List<Draft> order = new ArrayList<>(finished.keySet());
            for (int i = 0; i < order.size(); i++) {
                Draft d = order.get(i);
                Question measured = finished(d);
                if (measured.fallback().isEmpty()) {
                    continue;
                }
                String fallbackId = measured.fallback().get();
                Node at = d.fields().key("fallback");
                if (readingBank) {
                    problems.add(ProblemCode.FALLBACK_MISPLACED, at, d.id, "a shared question takes no fallback; "
                            + "give the measurement and its fallback in the protocol that asks them");
                    continue;
                }
                Draft next = i + 1 < order.size() ? order.get(i + 1) : null;
                String problem = null;
                if (!(measured.type() instanceof AnswerType.Number) && !(measured.type() instanceof AnswerType.Choice)) {
                    problem = "only a number or choice question (a measurement) takes a fallback, not a " + d.typeWord + " question";
                } else if (next == null || !fallbackId.equals(next.id) || next.group != d.group) {
                    problem = "fallback '" + fallbackId + "' must be the question right after '" + d.id + "', in the same list";
                } else if (!finished(next).isAsked()) {
                    problem = "fallback '" + fallbackId + "' is derived; a fallback is a question the caller can answer";
                } else if (finished(next).fallback().isPresent()) {
                    problem = "fallback '" + fallbackId + "' has a fallback of its own; a fallback is the last resort";
                } else if (measured.redFlag() && !finished(next).redFlag()) {
                    problem = "'" + d.id + "' is a red flag, so its fallback '" + fallbackId + "' must be one too";
                }
                if (problem != null) {
                    problems.add(ProblemCode.FALLBACK_MISPLACED, at, d.id, problem);
                    continue;
                }
                Draft fallbackDraft = Objects.requireNonNull(next, "a fallback in place follows its measurement");
                Question fallback = finished(fallbackDraft);
                String measuredId = d.id();
                Condition notKnown = new Condition.Not(new Condition.Known(new Condition.Subject.Answer(measuredId)));
                finished.put(fallbackDraft, fallback.withConditions(Optional.of(fallback.askIf()
                        .<Condition>map(own -> new Condition.And(List.of(notKnown, own))).orElse(notKnown)), fallback.positiveIf()));
                for (Map.Entry<Draft, Question> entry : finished.entrySet()) {
                    Question q = entry.getValue();
                    if (q.positiveIf().isEmpty() || !Conditions.reads(q.positiveIf().get(), measuredId)) {
                        continue;
                    }
                    if (!q.id().equals(d.id) && !Conditions.reads(q.positiveIf().get(), fallbackId)) {
                        problems.add(ProblemCode.FALLBACK_NOT_READ, entry.getKey().fields().key("positiveIf"), q.id(),
                                "positiveIf of '" + q.id() + "' reads '" + d.id + "' but not its fallback '" + fallbackId
                                        + "': a caller who cannot measure it would never reach this; read '" + fallbackId + "' in it too");
                        continue;
                    }
                    Condition positiveIf = Conditions.onlyWhenKnown(q.positiveIf().get(), measuredId);
                    if (!q.id().equals(measuredId)) {
                        positiveIf = Conditions.onlyInPlaceOf(positiveIf, fallbackId, measuredId);
                    }
                    entry.setValue(q.withConditions(q.askIf(), Optional.of(positiveIf)));
                }
            }
        }

        /** The question read from a draft that has one. */
        private Question finished(Draft d) {
            Question q = finished.get(d);
            if (q == null) {
                throw new IllegalStateException("question '" + d.id + "' is not read yet");
            }
            return q;
        }

        private ConditionParser.Type typeOf(AnswerType type) {
            if (type instanceof AnswerType.Number number) {
                return new ConditionParser.Type.Amount(number.unit().dimension());
            }
            if (type instanceof AnswerType.Choice choice) {
                return new ConditionParser.Type.Code(choice.options().stream().map(AnswerType.Option::code).toList());
            }
            return new ConditionParser.Type.Bool();
        }

        private ConditionParser.Symbols symbols(Map<String, AnswerType> visible) {
            return new ConditionParser.Symbols() {
                @Override
                public Optional<ConditionParser.Type> question(String id) {
                    return Optional.ofNullable(visible.get(id)).map(QuestionsReader.this::typeOf);
                }

                @Override
                public boolean failedToLoad(String id) {
                    return failed.contains(id);
                }

                @Override
                public boolean isLater(String id) {
                    return byId.containsKey(id);
                }

                @Override
                public Iterable<String> known() {
                    Set<String> names = new TreeSet<>(visible.keySet());
                    names.addAll(List.of("age", "sex", "pregnant"));
                    return names;
                }
            };
        }

        /**
         * The values each name accepts where a condition stands: the patient's by the population, an
         * answer's by its question (a number within its plausible range, a choice among its options).
         */
        private TruthTable.Domains domains(Map<String, AnswerType> visible) {
            return subject -> subject instanceof Condition.Subject.Answer answer
                    ? Optional.ofNullable(visible.get(answer.questionId())).map(this::domain)
                    : TruthTable.patient(subject, population);
        }

        private TruthTable.Domain domain(AnswerType type) {
            if (type instanceof AnswerType.Number number) {
                AnswerType.Range plausible = number.plausible();
                return new TruthTable.Domain.Amounts(number.unit().dimension(), Optional.of(plausible.min()),
                        Optional.of(plausible.max()), true, plausible.min() + " to " + plausible.max() + " (its plausible range)");
            }
            if (type instanceof AnswerType.Choice choice) {
                List<String> codes = choice.options().stream().map(AnswerType.Option::code).toList();
                return new TruthTable.Domain.Words(codes, "one of its options " + String.join(", ", codes));
            }
            return new TruthTable.Domain.Bools(List.of(true, false), "yes or no");
        }

        private Optional<Question> question(Draft d, Map<String, AnswerType> earlier) {
            Fields f = d.fields();
            Optional<Node> askIfNode = f.optional("askIf");
            Optional<ConditionParser.Parsed> parsedAskIf = askIfNode.flatMap(n -> ConditionParser.parse(n, d.id, symbols(earlier), problems));
            Optional<Condition> askIf = parsedAskIf.map(ConditionParser.Parsed::condition);
            boolean reachable = askIf.map(this::canHold).orElse(true);
            if (askIf.isPresent() && !reachable) {
                problems.add(ProblemCode.UNREACHABLE_QUESTION, askIfNode.get(), d.id, "question '" + d.id
                        + "' can never be asked: askIf '" + askIf.get().text() + "' never holds for the population ("
                        + population.describe() + ")");
            } else {
                parsedAskIf.ifPresent(c -> TruthTable.reportConstantPart(c, domains(earlier), d.id, problems));
            }
            Optional<Node> positiveIfNode = f.optional("positiveIf");
            Optional<Condition> positiveIf = Optional.empty();
            if (positiveIfNode.isPresent() && d.type != null && !(d.type instanceof AnswerType.YesNo)) {
                Map<String, AnswerType> withSelf = new LinkedHashMap<>(earlier);
                if (!(d.type instanceof AnswerType.Derived) && d.id != null) {
                    // A question whose id is missing or malformed is reported as such; its condition reads no self.
                    withSelf.put(d.id, d.type);
                }
                Optional<ConditionParser.Parsed> parsed = ConditionParser.parse(positiveIfNode.get(), d.id, symbols(withSelf), problems);
                parsed.ifPresent(c -> TruthTable.reportConstantPart(c, domains(withSelf), d.id, problems));
                positiveIf = parsed.map(ConditionParser.Parsed::condition);
            }
            Optional<LocalizedText> text = f.required("text").flatMap(n -> text(n, d.id));
            boolean redFlag = f.optional("redFlag").flatMap(n -> bool(n, d.id)).orElse(false);
            Optional<LocalizedText> rationale = f.optional("rationale").flatMap(n -> text(n, d.id));
            if (redFlag && !f.has("rationale")) {
                problems.add(ProblemCode.RED_FLAG_WITHOUT_RATIONALE, f.key("redFlag"), d.id,
                        "red flag '" + d.id + "' needs a rationale saying why it matters");
                d.ok = false;
            }
            Optional<List<String>> cites = f.optional("cites").map(n -> list(n, d.id, c -> cite(c, d.id)))
                    .orElse(Optional.of(List.of()));
            Optional<List<LocalizedText>> advice = f.optional("advice").map(n -> nonEmptyList(n, d.id, t -> text(t, d.id)))
                    .orElse(Optional.of(List.of()));
            Optional<PatientFact> fact = f.optional("fact").flatMap(n -> fact(n, d));
            Optional<List<String>> ifYes = f.optional("suggests").filter(n -> d.type instanceof AnswerType.YesNo)
                    .map(n -> suggests(n, d.id)).orElse(Optional.of(List.of()));
            Optional<UnknownPolicy> onUnknown = onUnknown(d);
            reachabilityKnown &= d.group == null || onUnknown.isPresent();
            if (reachable && d.group != null && d.group.disposition != null) {
                reachableDispositions.putIfAbsent(d.group.disposition, f.map.mark());
                onUnknown.ifPresent(p -> {
                    if (p instanceof UnknownPolicy.Escalate e) {
                        reachableDispositions.putIfAbsent(e.disposition(), f.optional("escalateTo").orElseThrow().mark());
                    }
                });
            }
            boolean complete = d.ok && text.isPresent() && askIf.isPresent() == askIfNode.isPresent()
                    && positiveIf.isPresent() == (positiveIfNode.isPresent() && !(d.type instanceof AnswerType.YesNo))
                    && (!f.has("rationale") || rationale.isPresent()) && cites.isPresent() && advice.isPresent()
                    && f.has("fact") == fact.isPresent() && onUnknown.isPresent() && ifYes.isPresent();
            if (!complete) {
                return Optional.empty();
            }
            Optional<String> fallback = f.optional("fallback").flatMap(n -> id(n, d.id));
            if (f.has("fallback") && fallback.isEmpty()) {
                return Optional.empty();
            }
            Suggestions own = new Suggestions(ifYes.get(), d.suggestsByCode);
            if (!own.isEmpty()) {
                suggestions.put(d.id, own);
            }
            return Optional.of(new Question(d.id(), d.type(), text.get(), askIf, positiveIf, redFlag, rationale, cites.get(),
                    onUnknown.get(), advice.get(), fact, fallback));
        }

        private Optional<String> cite(Node node, @Nullable String nodeId) {
            Optional<String> id = string(node, nodeId);
            if (id.isPresent() && malformedReferenceIds.contains(id.get())) {
                return Optional.empty();
            }
            if (id.isPresent() && !referenceIds.contains(id.get())) {
                problems.add(ProblemCode.UNKNOWN_REFERENCE, node, nodeId, "unknown reference '" + id.get() + "'"
                        + didYouMean(id.get(), referenceIds));
                return Optional.empty();
            }
            return id;
        }

        private Optional<PatientFact> fact(Node node, Draft d) {
            Optional<String> key = string(node, d.id);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            Optional<PatientFact> fact = PatientFact.byKey(key.get());
            if (fact.isEmpty()) {
                problems.add(ProblemCode.UNKNOWN_FACT, node, d.id, "unknown patient fact '" + key.get() + "'"
                        + didYouMean(key.get(), java.util.Arrays.stream(PatientFact.values()).map(PatientFact::key).toList()));
                return Optional.empty();
            }
            boolean fits = fact.get().dimension()
                    .map(dim -> d.type instanceof AnswerType.Number n && n.unit().dimension() == dim)
                    .orElse(d.type instanceof AnswerType.YesNo);
            if (d.type != null && !fits) {
                problems.add(ProblemCode.INVALID_VALUE, node, d.id, "fact '" + key.get() + "' is "
                        + fact.get().dimension().map(dim -> "a " + dim.word()).orElse("yes/no")
                        + " and cannot answer a " + d.typeWord + " question" + (d.type instanceof AnswerType.Number n
                        ? " in " + n.unit().symbol() : ""));
                return Optional.empty();
            }
            return fact;
        }

        private Optional<UnknownPolicy> onUnknown(Draft d) {
            Fields f = d.fields();
            if (d.group == null) {
                return Optional.of(new UnknownPolicy.Positive());
            }
            String policy = f.optional("onUnknown").map(n -> word(n, d.id, UNKNOWN_POLICIES).orElse("")).orElse("positive");
            if (!policy.equals("escalate") && f.has("escalateTo")) {
                problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE, f.key("escalateTo"), d.id, "'escalateTo' goes with onUnknown: escalate");
                return Optional.empty();
            }
            if (!policy.equals("refuse") && f.has("refuseReason")) {
                problems.add(ProblemCode.KEY_NOT_ALLOWED_HERE, f.key("refuseReason"), d.id, "'refuseReason' goes with onUnknown: refuse");
                return Optional.empty();
            }
            switch (policy) {
                case "positive":
                    return Optional.of(new UnknownPolicy.Positive());
                case "negative":
                    problems.add(ProblemCode.UNKNOWN_LESS_CAUTIOUS, f.optional("onUnknown").orElseThrow(), d.id,
                            "onUnknown: negative would make \"don't know\" less cautious than yes; use positive, escalate or refuse");
                    return Optional.empty();
                case "refuse":
                    if (d.type instanceof AnswerType.Derived) {
                        problems.add(ProblemCode.INVALID_VALUE, f.optional("onUnknown").orElseThrow(), d.id,
                                "a derived question is never asked, so it cannot refuse \"don't know\"");
                        return Optional.empty();
                    }
                    if (!required(d, "refuseReason", "onUnknown: refuse")) {
                        return Optional.empty();
                    }
                    return f.optional("refuseReason").flatMap(n -> text(n, d.id)).map(UnknownPolicy.Refuse::new);
                case "escalate":
                    if (readingBank) {
                        problems.add(ProblemCode.INVALID_VALUE, f.optional("onUnknown").orElseThrow(), d.id,
                                "escalate depends on the group a question stands in; a shared question has none");
                        return Optional.empty();
                    }
                    if (!required(d, "escalateTo", "onUnknown: escalate")) {
                        return Optional.empty();
                    }
                    Node target = f.optional("escalateTo").orElseThrow();
                    Optional<Disposition> to = disposition(target, d.id);
                    if (to.isEmpty() || d.group.disposition == null) {
                        return Optional.empty();
                    }
                    if (d.group.disposition.isMoreUrgentThan(to.get())) {
                        problems.add(ProblemCode.UNKNOWN_LESS_CAUTIOUS, target, d.id, "escalating \"don't know\" to '"
                                + to.get().id() + "' is less urgent than yes ('" + d.group.disposition.id() + "')");
                        return Optional.empty();
                    }
                    return Optional.of(new UnknownPolicy.Escalate(to.get()));
                default:
                    return Optional.empty();
            }
        }

        /**
         * Whether a guard can hold for some patient of the population, whatever the answers: it does unless
         * it is false for every age of the population (and the population's one sex, and not pregnant for
         * males) with every answer unknown. Kleene logic is monotone, so a definite false stays false
         * whatever the answers are.
         */
        private boolean canHold(Condition guard) {
            TruthTable.Domains alwaysKnown = subject -> TruthTable.patient(subject, population)
                    .filter(domain -> subject instanceof Condition.Subject.Age || hasOneValue(domain));
            return !TruthTable.constant(guard, alwaysKnown).equals(Optional.of(Truth.FALSE));
        }

        private static boolean hasOneValue(TruthTable.Domain domain) {
            return domain instanceof TruthTable.Domain.Words words ? words.values().size() == 1
                    : domain instanceof TruthTable.Domain.Bools bools && bools.values().size() == 1;
        }

        List<Question> assessment() {
            return assessment;
        }

        Optional<List<TriageGroup>> triageGroups(List<GroupDraft> groups) {
            List<TriageGroup> result = new ArrayList<>();
            for (GroupDraft group : groups) {
                List<Question> questions = group.questions.stream().map(finished::get).filter(java.util.Objects::nonNull).toList();
                if (group.disposition == null || questions.size() != group.questions.size() || questions.isEmpty()) {
                    return Optional.empty();
                }
                result.add(new TriageGroup(group.disposition, questions));
            }
            return Optional.of(result);
        }
    }
}
