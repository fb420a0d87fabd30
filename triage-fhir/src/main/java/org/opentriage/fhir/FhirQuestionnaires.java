package org.opentriage.fhir;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Approval;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Reference;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.Unit;
import org.opentriage.protocol.UnknownPolicy;

/** A protocol as a FHIR R4 Questionnaire: see {@link FhirExport#questionnaire(Protocol)}. */
final class FhirQuestionnaires {
    /** The option that answers a checklist with none of its items. */
    static final String NONE_OF_THESE = "none-of-these";
    static final String ASSESSMENT = "assessment";

    private FhirQuestionnaires() {
    }

    static Questionnaire build(Protocol protocol) {
        requireNonNull(protocol, "protocol");
        Questionnaire q = new Questionnaire();
        q.setId(protocol.id());
        q.setUrl(FhirExport.questionnaireUrl(protocol.id()));
        q.setVersion(protocol.version().toString());
        q.setName(computableName(protocol.id()));
        q.setTitleElement(text(protocol.title()));
        q.setStatus(status(protocol.approval()));
        // A draft not clinically validated is experimental: not for real-world use until a clinical lead approves it.
        q.setExperimental(!protocol.approval().clinicallyValidated());
        q.setPublisher("OpenTriage");
        q.setDescription(protocol.definition().english());
        q.setLanguage(LocalizedText.ENGLISH);
        q.addSubjectType("Patient");
        protocol.approval().date().ifPresent(d -> q.setApprovalDate(java.sql.Date.valueOf(d)));
        q.addExtension(FhirExport.EXTENSION + "content-hash", new StringType(protocol.contentHash()));
        q.addExtension(FhirExport.EXTENSION + "population", new StringType(protocol.population().describe()));
        q.addExtension(FhirExport.EXTENSION + "default-disposition", disposition(protocol.defaultDisposition()));
        protocol.topic().ifPresent(t -> q.addExtension(FhirExport.EXTENSION + "topic", new CodeType(t)));
        for (Reference r : protocol.references()) {
            q.addExtension(FhirExport.EXTENSION + "reference", new UriType(r.url().toString()));
        }

        Map<String, Question> asked = new HashMap<>();
        protocol.questions().forEach(question -> asked.put(question.id(), question));
        if (!protocol.assessment().isEmpty()) {
            QuestionnaireItemComponent group = q.addItem().setLinkId(ASSESSMENT).setType(QuestionnaireItemType.GROUP)
                    .setText("Assessment");
            protocol.assessment().forEach(question -> group.addItem(item(protocol, question, asked)));
        }
        int index = 0;
        for (TriageGroup g : protocol.triage()) {
            index++;
            QuestionnaireItemComponent group = q.addItem().setLinkId(groupLinkId(index, g.disposition()))
                    .setType(QuestionnaireItemType.GROUP);
            group.setTextElement(text(g.disposition().label()));
            // The acuity group: a positive answer to a question of this group decides its disposition.
            group.addExtension(FhirExport.EXTENSION + "acuity-group", disposition(g.disposition()));
            g.questions().forEach(question -> group.addItem(item(protocol, question, asked)));
        }
        return q;
    }

    static String groupLinkId(int index, Disposition disposition) {
        return "group-" + index + "-" + disposition.id();
    }

    /** The item of one question: its type, text and options, and what FHIR cannot say in extensions. */
    private static QuestionnaireItemComponent item(Protocol protocol, Question question, Map<String, Question> asked) {
        QuestionnaireItemComponent item = new QuestionnaireItemComponent();
        item.setLinkId(question.id());
        item.setTextElement(text(question.text()));
        AnswerType type = question.type();
        if (type instanceof AnswerType.YesNo) {
            item.setType(QuestionnaireItemType.BOOLEAN);
        } else if (type instanceof AnswerType.Number number) {
            item.setType(QuestionnaireItemType.QUANTITY);
            List<Unit> units = new ArrayList<>();
            units.add(number.unit());
            number.accepts().stream().filter(u -> !units.contains(u)).forEach(units::add);
            for (Unit unit : units) {
                item.addExtension("http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption", ucum(unit));
            }
            item.addExtension(FhirExport.EXTENSION + "plausible-range",
                    new StringType(number.plausible().min() + " to " + number.plausible().max()));
        } else if (type instanceof AnswerType.Choice choice) {
            item.setType(QuestionnaireItemType.CHOICE);
            for (AnswerType.Option option : choice.options()) {
                item.addAnswerOption().setValue(coding(protocol, question, option.code(), option.text()));
            }
        } else if (type instanceof AnswerType.Checklist checklist) {
            item.setType(QuestionnaireItemType.CHOICE);
            item.setRepeats(true);
            for (AnswerType.Item listed : checklist.items()) {
                item.addAnswerOption().setValue(coding(protocol, question, listed.code(), listed.text()));
            }
            item.addAnswerOption().setValue(coding(protocol, question, NONE_OF_THESE,
                    new LocalizedText(Map.of("en", "None of these", "es", "Ninguno de estos"))));
        } else {
            // A derived question is not asked: its condition over the answers decides it.
            item.setType(QuestionnaireItemType.DISPLAY);
        }
        if (question.redFlag()) {
            item.addExtension(FhirExport.EXTENSION + "red-flag", new BooleanType(true));
        }
        question.rationale().ifPresent(r -> item.addExtension(FhirExport.EXTENSION + "rationale", new StringType(r.english())));
        question.askIf().ifPresent(c -> {
            item.addExtension(FhirExport.EXTENSION + "ask-if", new StringType(c.text()));
            enableWhen(protocol, item, c, asked);
        });
        question.positiveIf().ifPresent(c -> item.addExtension(FhirExport.EXTENSION + "positive-if", new StringType(c.text())));
        if (!(type instanceof AnswerType.Derived)) {
            // What "don't know" means: counts as yes, raises to a disposition, or is refused.
            UnknownPolicy policy = question.onUnknown();
            item.addExtension(FhirExport.EXTENSION + "on-unknown", new StringType(
                    policy instanceof UnknownPolicy.Escalate e ? "escalate to " + e.disposition().id()
                            : policy instanceof UnknownPolicy.Refuse ? "refused: the question must be answered"
                            : "counts as yes"));
        }
        question.fact().ifPresent(f -> item.addExtension(FhirExport.EXTENSION + "patient-fact", new CodeType(f.key())));
        question.fallback().ifPresent(f -> item.addExtension(FhirExport.EXTENSION + "fallback", new StringType(f)));
        if (protocol.isShared(question)) {
            item.addExtension(FhirExport.EXTENSION + "shared-question", new BooleanType(true));
        }
        for (LocalizedText advice : question.advice()) {
            Extension e = new Extension(FhirExport.EXTENSION + "advice");
            e.setValue(text(advice));
            item.addExtension(e);
        }
        for (String cite : question.cites()) {
            protocol.references().stream().filter(r -> r.id().equals(cite)).findFirst()
                    .ifPresent(r -> item.addExtension(FhirExport.EXTENSION + "cites", new UriType(r.url().toString())));
        }
        return item;
    }

    /**
     * {@code enableWhen} where the condition says it without changing the engine's meaning: one comparison, or an
     * "or" of comparisons, of an earlier yes/no or choice answer. The engine asks a question whose condition is
     * unknown (the answer it reads was "don't know"), so each answer read also enables the item when it does not
     * exist. Any other condition (age, sex, facts, "and", "not") stays in the ask-if extension only.
     */
    private static void enableWhen(Protocol protocol, QuestionnaireItemComponent item, Condition condition,
                                   Map<String, Question> asked) {
        List<Condition> operands = condition instanceof Condition.Or or ? or.operands() : List.of(condition);
        List<QuestionnaireItemEnableWhenComponent> whens = new ArrayList<>();
        List<String> read = new ArrayList<>();
        for (Condition operand : operands) {
            Optional<List<QuestionnaireItemEnableWhenComponent>> expressed = expressible(protocol, operand, asked);
            if (expressed.isEmpty()) {
                return;
            }
            whens.addAll(expressed.get());
            String questionId = ((Condition.Subject.Answer) subject(operand)).questionId();
            if (!read.contains(questionId)) {
                read.add(questionId);
            }
        }
        for (String questionId : read) {
            whens.add(new QuestionnaireItemEnableWhenComponent().setQuestion(questionId)
                    .setOperator(Questionnaire.QuestionnaireItemOperator.EXISTS).setAnswer(new BooleanType(false)));
        }
        whens.forEach(item::addEnableWhen);
        item.setEnableBehavior(Questionnaire.EnableWhenBehavior.ANY);
    }

    private static Condition.Subject subject(Condition condition) {
        return condition instanceof Condition.Compare c ? c.subject() : ((Condition.In) condition).subject();
    }

    private static Optional<List<QuestionnaireItemEnableWhenComponent>> expressible(Protocol protocol, Condition condition,
                                                                                Map<String, Question> asked) {
        List<Condition.Value> values;
        Questionnaire.QuestionnaireItemOperator operator;
        if (condition instanceof Condition.Compare c && (c.operator() == Condition.Operator.EQ
                || c.operator() == Condition.Operator.NE)) {
            values = List.of(c.value());
            operator = c.operator() == Condition.Operator.EQ ? Questionnaire.QuestionnaireItemOperator.EQUAL
                    : Questionnaire.QuestionnaireItemOperator.NOT_EQUAL;
        } else if (condition instanceof Condition.In in && !in.negated()) {
            values = in.values();
            operator = Questionnaire.QuestionnaireItemOperator.EQUAL;
        } else {
            return Optional.empty();
        }
        if (!(subject(condition) instanceof Condition.Subject.Answer answer)) {
            return Optional.empty();
        }
        Question read = asked.get(answer.questionId());
        if (read == null) {
            return Optional.empty();
        }
        List<QuestionnaireItemEnableWhenComponent> whens = new ArrayList<>();
        for (Condition.Value value : values) {
            if (!(value instanceof Condition.Value.Word word)) {
                return Optional.empty();
            }
            QuestionnaireItemEnableWhenComponent when = new QuestionnaireItemEnableWhenComponent()
                    .setQuestion(read.id()).setOperator(operator);
            if (read.type() instanceof AnswerType.YesNo && (word.word().equals("yes") || word.word().equals("no"))) {
                when.setAnswer(new BooleanType(word.word().equals("yes")));
            } else if (read.type() instanceof AnswerType.Choice choice
                    && choice.options().stream().anyMatch(o -> o.code().equals(word.word()))) {
                when.setAnswer(new Coding(FhirExport.codeSystem(protocol.id(), read.id()), word.word(), null));
            } else {
                return Optional.empty();
            }
            whens.add(when);
        }
        return Optional.of(whens);
    }

    static Coding coding(Protocol protocol, Question question, String code, LocalizedText display) {
        Coding coding = new Coding(FhirExport.codeSystem(protocol.id(), question.id()), code, display.english());
        translations(coding.getDisplayElement(), display);
        return coding;
    }

    static Coding disposition(Disposition d) {
        Coding coding = new Coding(FhirExport.DISPOSITION_SYSTEM, d.id(), d.label().english());
        translations(coding.getDisplayElement(), d.label());
        return coding;
    }

    /** The English text, with each other language as the standard translation extension. */
    static StringType text(LocalizedText text) {
        StringType s = new StringType(text.english());
        translations(s, text);
        return s;
    }

    private static void translations(StringType element, LocalizedText text) {
        text.byLanguage().forEach((language, value) -> {
            if (!language.equals(LocalizedText.ENGLISH)) {
                Extension translation = element.addExtension().setUrl("http://hl7.org/fhir/StructureDefinition/translation");
                translation.addExtension("lang", new CodeType(language));
                translation.addExtension("content", new StringType(value));
            }
        });
    }

    static Coding ucum(Unit unit) {
        String code = switch (unit) {
            case MINUTE -> "min";
            case HOUR -> "h";
            case DAY -> "d";
            case WEEK -> "wk";
            case MONTH -> "mo";
            case YEAR -> "a";
            case CELSIUS -> "Cel";
            case FAHRENHEIT -> "[degF]";
            case GRAM -> "g";
            case KILOGRAM -> "kg";
            case POUND -> "[lb_av]";
            case MMOL_PER_L -> "mmol/L";
            case MG_PER_DL -> "mg/dL";
            case PER_MINUTE -> "/min";
            case PERCENT -> "%";
            case MM_HG -> "mm[Hg]";
            case NONE -> "1";
        };
        return new Coding("http://unitsofmeasure.org", code, unit == Unit.NONE ? "count" : unit.symbol());
    }

    private static PublicationStatus status(Approval approval) {
        return approval.status() == Approval.Status.APPROVED ? PublicationStatus.ACTIVE : PublicationStatus.DRAFT;
    }

    /** A computable name as FHIR asks: {@code chest-pain-adult} → {@code ChestPainAdult}. */
    static String computableName(String id) {
        StringBuilder name = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.toString();
    }
}
