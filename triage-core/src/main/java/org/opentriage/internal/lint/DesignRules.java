package org.opentriage.internal.lint;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.opentriage.internal.load.LibrarySources;
import org.opentriage.internal.load.SourceMap;
import org.opentriage.protocol.Advice;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * Checks a loaded library against the clinical design rules a machine can check, and reports what breaks them as
 * warnings ({@link ProblemCode#isDesignRule()}), located in the files the library was read from. Each check is a
 * heuristic written to catch the real problem with few false alarms; see {@code docs/protocol-format.md}.
 *
 * <p>Stateless and thread-safe.
 */
public final class DesignRules {
    private DesignRules() {
    }

    /** The design-rule warnings of the library, file by file in order of position. */
    public static List<Problem> check(ProtocolLibrary library, LibrarySources sources) {
        Findings findings = new Findings();
        library.questionBank().ifPresent(bank -> sources.bank().ifPresent(map -> QuestionRules.checkShared(bank, map, findings)));
        for (Protocol protocol : library.protocols()) {
            SourceMap map = sources.protocols().get(protocol.ref());
            if (map != null) {
                QuestionRules.check(protocol, map, library.questionBank(), findings);
                AdviceRules.check(protocol, map, library.scale(), findings);
            }
        }
        sources.root().ifPresent(root -> wholeLibrary(library, new Findings.File(Optional.empty(), root), findings));
        return findings.inFileOrder();
    }

    /** Rules 6 and 7 over the whole library: a general assessment, and every patient fact read somewhere. */
    private static void wholeLibrary(ProtocolLibrary library, Findings.File root, Findings findings) {
        if (library.protocols().stream().noneMatch(Protocol::general)) {
            findings.add(ProblemCode.NO_GENERAL_ASSESSMENT, root, SourceMap.Position.FILE, null, "the library has no general"
                    + " assessment, so no call asks the shared how-sick questions; add one (kind: general, in"
                    + " general-assessment.protocol.yaml) that uses them");
        }
        // Pregnancy is part of the patient (as age and sex are), known or asked whatever the library reads.
        Set<PatientFact> unread = EnumSet.complementOf(EnumSet.of(PatientFact.PREGNANT));
        library.protocols().forEach(p -> unread.removeAll(factsRead(p)));
        library.modifiers().modifiers().forEach(m -> unread.removeAll(modifierFacts(m.when())));
        for (PatientFact fact : unread) {
            findings.add(ProblemCode.FACT_NOT_READ, root, SourceMap.Position.FILE, fact.key(), "no protocol or risk modifier"
                    + " of the library reads the patient fact '" + fact.key() + "', so a value the caller gives for it changes"
                    + " nothing; read it in a condition (a threshold in the general assessment) or bind a question to it");
        }
    }

    /** The facts a risk modifier's condition reads: it names them as it would answers. */
    private static Set<PatientFact> modifierFacts(Condition when) {
        Set<PatientFact> read = EnumSet.noneOf(PatientFact.class);
        for (Condition.Subject subject : Routes.subjects(when)) {
            if (subject instanceof Condition.Subject.Fact fact) {
                read.add(fact.fact());
            } else if (subject instanceof Condition.Subject.Answer answer) {
                PatientFact.byKey(answer.questionId()).ifPresent(read::add);
            }
        }
        return read;
    }

    /** The facts a protocol's questions are bound to or its conditions name. */
    private static Set<PatientFact> factsRead(Protocol protocol) {
        Set<PatientFact> read = EnumSet.noneOf(PatientFact.class);
        protocol.questions().forEach(q -> {
            q.fact().ifPresent(read::add);
            Stream.of(q.askIf(), q.positiveIf()).flatMap(Optional::stream).forEach(c -> read.addAll(QuestionRules.factsRead(c)));
        });
        Stream.concat(protocol.careAdvice().stream().flatMap(a -> a.advice().stream()), protocol.callBackIf().stream())
                .map(Advice::when).flatMap(Optional::stream).forEach(c -> read.addAll(QuestionRules.factsRead(c)));
        return read;
    }
}
