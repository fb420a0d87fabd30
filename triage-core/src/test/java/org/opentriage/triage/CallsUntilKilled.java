package org.opentriage.triage;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/**
 * The process {@link KilledWriterTest} kills: scripted calls on a few bundled protocols, several at once, writing
 * one trail file through {@link JsonLinesAuditSink} with each record forced, until the process is killed. It
 * tells its parent on standard output, one line each, {@code ready} before the first call, {@code ack HASH} for
 * every record once the sink's {@code sync} has returned for it (the moment the engine lets the call move on), and
 * {@code closed CALL} once a call's {@code close()} has returned.
 *
 * <p>Arguments: the trail file, a seed, the number of calls running at once.
 */
final class CallsUntilKilled {
    static final List<String> PROTOCOLS = List.of("chest-pain-adult", "headache-adult", "fever-adult", "abdominal-pain-adult");
    /** A process its parent forgot to kill ends itself. */
    private static final long LIFETIME_MILLIS = 60_000;
    /** Some patient references and override notes this long: records of many pages, as well as the usual ones of one. */
    private static final int LONG_REFERENCE = 256 * 1024;
    private static final FileOutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

    private CallsUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int concurrent = Integer.parseInt(args[2]);
        ProtocolLibrary library = ProtocolLoader.checkBundled(Set.copyOf(PROTOCOLS)).orThrow();
        JsonLinesAuditSink trail = JsonLinesAuditSink.open(file);
        // The host's own reference scheme admits the long references that make records of many pages.
        TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .referencePattern(java.util.regex.Pattern.compile("(p|rn)-[0-9x]+"))
                .auditSink(new AcknowledgingSink(trail)).build();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            e.printStackTrace();
            Runtime.getRuntime().halt(4);
        });
        tell("ready");
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            Random random = new Random(seed * 31 + i);
            Thread thread = new Thread(() -> {
                while (true) {
                    call(engine, random);
                }
            }, "calls-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(LIFETIME_MILLIS);
        System.err.println("CallsUntilKilled: not killed within " + LIFETIME_MILLIS + " ms");
        System.exit(3);
    }

    /** One call: random answers, now and then a withdrawn answer or an override (with a long note), closed or abandoned. */
    private static void call(TriageEngine engine, Random random) {
        String reference = random.nextInt(10) == 0 ? "p-" + "x".repeat(LONG_REFERENCE) : "p-" + random.nextInt(1000);
        Patient patient = Patient.of(reference, Quantity.parse((18 + random.nextInt(70)) + " y").orElseThrow())
                .withSex(random.nextBoolean() ? Sex.FEMALE : Sex.MALE);
        List<String> protocols = new ArrayList<>(PROTOCOLS);
        java.util.Collections.shuffle(protocols, random);
        Call call = engine.startCall("rn-" + random.nextInt(10), patient, protocols.subList(0, 1 + random.nextInt(2)));
        Step step = call.next();
        boolean withdrawn = false;
        while (step instanceof Step.Ask ask) {
            step = answer(call, ask, random);
            if (!withdrawn && step instanceof Step.Ask && random.nextInt(8) == 0) {
                step = call.withdrawLastAnswer();
                withdrawn = true;
            }
        }
        if (call.state() == CallState.RECOMMENDED && random.nextInt(4) == 0
                && !call.outcome().orElseThrow().finalDisposition().id().equals("call-911")) {
            call.override("call-911", "nurse-judgment", random.nextInt(10) != 0 ? "sounds unwell" : "n".repeat(LONG_REFERENCE),
                    Optional.empty());
        }
        if (call.state() == CallState.RECOMMENDED && random.nextInt(6) != 0) {
            call.close();
            tell("closed " + call.id());
        } else if (call.state() == CallState.RECOMMENDED) {
            call.abandon("caller hung up");
        } else {
            throw new IllegalStateException(call + " ended in " + call.state() + ": " + call.outcome().flatMap(Outcome::error));
        }
    }

    private static Step answer(Call call, Step.Ask ask, Random random) {
        AnswerType type = ask.question().type();
        Answer answer;
        if (type instanceof AnswerType.Choice choice) {
            answer = Answer.choice(choice.options().get(random.nextInt(choice.options().size())).code());
        } else if (type instanceof AnswerType.Number number) {
            answer = Answer.number(number.expected().orElse(number.plausible()).min());
        } else if (type instanceof AnswerType.Checklist checklist) {
            int draw = random.nextInt(10);
            answer = draw < 8 ? Answer.items() : draw < 9 ? Answer.items(checklist.items().get(0).code()) : Answer.unknown();
        } else {
            int draw = random.nextInt(10);
            answer = draw < 2 ? Answer.yes() : draw < 9 ? Answer.no() : Answer.unknown();
        }
        try {
            return call.answer(answer);
        } catch (AnswerRejectedException e) {
            return call.answer(Answer.no());
        }
    }

    /** One write of the whole line, so that a kill leaves at most its last line incomplete. */
    private static synchronized void tell(String line) {
        try {
            STDOUT.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tells the parent each record's hash once {@code sync} has returned after it. The engine appends a call's
     * records (the trail's header before the first) and syncs on the same thread, so the records each thread has
     * appended since its last sync are the ones that sync made durable.
     */
    private static final class AcknowledgingSink implements AuditSink {
        private final JsonLinesAuditSink file;
        private final ThreadLocal<List<String>> unacknowledged = ThreadLocal.withInitial(ArrayList::new);

        AcknowledgingSink(JsonLinesAuditSink file) {
            this.file = file;
        }

        @Override
        public void append(AuditRecord record) {
            file.append(record);
            unacknowledged.get().add(record.hash());
        }

        @Override
        public void sync() {
            file.sync();
            List<String> acknowledged = unacknowledged.get();
            acknowledged.forEach(hash -> tell("ack " + hash));
            acknowledged.clear();
        }

        @Override
        public Optional<Head> head() {
            return file.head();
        }
    }
}
