package org.opentriage.console;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.AppliedModifier;
import org.opentriage.triage.Call;
import org.opentriage.triage.NurseOverride;
import org.opentriage.triage.OpenQuestion;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.ProtocolResult;
import org.opentriage.triage.RecordedAnswer;
import org.opentriage.triage.Step;
import org.opentriage.triage.Suggestion;

/**
 * A call as the API shows it (docs/api.md): its state, protocols, and either the question to ask or the outcome.
 * Rendered when the call is written and stored with it, so a read is one row. English texts.
 */
final class CallView {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ProtocolLibrary library;

    CallView(ProtocolLibrary library) {
        this.library = library;
    }

    /** The view of a call; {@code version} is filled in by the reader (the store holds it apart). */
    ObjectNode render(Call call) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", call.id());
        root.put("state", call.state().name());
        root.put("language", call.language());
        ArrayNode protocols = root.putArray("protocols");
        for (String ref : call.protocols()) {
            ObjectNode p = protocols.addObject().put("ref", ref);
            library.resolve(ref, ProtocolLibrary.Resolution.ANY_STATUS).ifPresent(protocol -> p.put("id", protocol.id())
                    .put("title", protocol.title().render(call.language())).put("general", protocol.general()));
        }
        if (!call.state().isFinal() || call.outcome().isPresent()) {
            Step step = call.state().isFinal() ? new Step.Done(call.outcome().orElseThrow()) : call.next();
            if (step instanceof Step.Ask ask) {
                root.set("ask", ask(ask, call.language()));
            } else {
                root.set("outcome", outcome(((Step.Done) step).outcome(), call.language()));
            }
            suggestions(root.putArray("suggestions"), step.suggestions(), call.language());
        }
        return root;
    }

    private ObjectNode ask(Step.Ask ask, String language) {
        ObjectNode node = JSON.createObjectNode();
        node.put("protocol", ask.protocol());
        library.resolve(ask.protocol(), ProtocolLibrary.Resolution.ANY_STATUS).map(Protocol::title)
                .ifPresent(t -> node.put("protocolTitle", t.render(language)));
        node.put("unknownAllowed", ask.unknownAllowed());
        node.set("question", question(ask.question(), language));
        return node;
    }

    static ObjectNode question(Question q, String language) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", q.id());
        node.put("type", q.type().word());
        node.put("text", q.text().render(language));
        if (q.redFlag()) {
            node.put("redFlag", true);
        }
        q.rationale().ifPresent(r -> node.put("rationale", r.english()));
        if (q.type() instanceof AnswerType.Number n) {
            node.put("unit", n.unit().symbol());
            ArrayNode units = node.putArray("units");
            n.accepts().forEach(u -> units.add(u.symbol()));
            // Any unit of the dimension is read, not only those offered first (3 y to a question in days).
            ArrayNode also = node.putArray("alsoAccepted");
            n.unit().dimension().units().stream().filter(u -> !n.accepts().contains(u)).map(Unit::symbol).forEach(also::add);
            node.putObject("plausible").put("min", n.plausible().min().toString()).put("max", n.plausible().max().toString());
        } else if (q.type() instanceof AnswerType.Choice c) {
            ArrayNode options = node.putArray("options");
            c.options().forEach(o -> options.addObject().put("code", o.code()).put("text", o.text().render(language)));
        } else if (q.type() instanceof AnswerType.Checklist c) {
            ArrayNode items = node.putArray("items");
            c.items().forEach(i -> items.addObject().put("code", i.code()).put("text", i.text().render(language)));
        }
        return node;
    }

    private ObjectNode outcome(Outcome outcome, String language) {
        ObjectNode node = JSON.createObjectNode();
        node.set("recommended", disposition(outcome.recommended(), language));
        node.set("final", disposition(outcome.finalDisposition(), language));
        ArrayNode basis = node.putArray("basis");
        for (ProtocolResult r : outcome.protocols()) {
            ObjectNode b = basis.addObject();
            b.put("protocol", r.protocol());
            b.put("disposition", r.disposition().id());
            b.put("basis", r.basis().name());
            r.trigger().ifPresent(t -> b.put("trigger", t));
            r.triggerText().ifPresent(t -> b.put("triggerText", t.render(language)));
            r.rationale().ifPresent(t -> b.put("rationale", t.english()));
            ArrayNode evidence = b.putArray("evidence");
            for (RecordedAnswer a : r.evidence()) {
                evidence.addObject().put("question", a.question()).put("answer", a.answer().text());
            }
        }
        ArrayNode modifiers = node.putArray("modifiers");
        for (AppliedModifier m : outcome.modifiers()) {
            modifiers.addObject().put("modifier", m.modifier()).put("protocol", m.protocol()).put("from", m.from().id())
                    .put("to", m.to().id()).put("reason", m.reason().english());
        }
        ArrayNode overrides = node.putArray("overrides");
        for (NurseOverride o : outcome.overrides()) {
            ObjectNode n = overrides.addObject().put("from", o.from().id()).put("to", o.to().id())
                    .put("direction", o.isDowngrade() ? "down" : "up").put("reasonCode", o.reasonCode()).put("note", o.note())
                    .put("nurse", o.nurse());
            o.approver().ifPresent(a -> n.put("approver", a));
        }
        texts(node.putArray("careAdvice"), outcome.careAdvice(), language);
        texts(node.putArray("callBackIf"), outcome.callBackIf(), language);
        outcome.error().ifPresent(e -> node.put("error", e));
        ArrayNode open = node.putArray("openQuestions");
        for (OpenQuestion q : outcome.openQuestions()) {
            open.addObject().put("protocol", q.protocol()).put("ifPositive", q.ifPositive().id()).set("question", question(q.question(), language));
        }
        ArrayNode unused = node.putArray("unusedFacts");
        outcome.unusedFacts().forEach(f -> unused.add(f.key()));
        suggestions(node.putArray("declinedSuggestions"), outcome.declinedSuggestions(), language);
        return node;
    }

    static ObjectNode disposition(Disposition d, String language) {
        return JSON.createObjectNode().put("id", d.id()).put("label", d.label().render(language)).put("timeFrame", d.timeFrame().render(language))
                .put("category", d.category().word()).put("acuity", d.acuity());
    }

    private static void suggestions(ArrayNode into, List<Suggestion> suggestions, String language) {
        for (Suggestion s : suggestions) {
            into.addObject().put("protocol", s.protocol()).put("title", s.title().render(language)).put("by", s.by())
                    .put("question", s.question()).put("answer", s.answer().text());
        }
    }

    private static void texts(ArrayNode into, List<LocalizedText> texts, String language) {
        texts.forEach(t -> into.add(t.render(language)));
    }
}
