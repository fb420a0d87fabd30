package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.ProtocolResult;

/**
 * A directory of the blind acceptance suite: {@code stories/ID.story.yaml}, each with the call an RN player saved
 * for it, {@code calls/ID.call.yaml}; read strictly, then each call replayed as {@code triage run --answers} plays
 * it ({@link RunCommand#replay}). Stateless.
 */
final class AcceptanceSuite {
    static final String STORIES = "stories";
    static final String CALLS = "calls";
    static final String CALL_SUFFIX = ".call.yaml";

    private AcceptanceSuite() {
    }

    /** A story and the call played for it, if it has been played. */
    record Played(Story story, Optional<CallScript> call) {
    }

    /**
     * What a directory holds: its stories by id, each with its call, and every problem of its files (a story or
     * call that cannot be read, a call for no story, a file that is neither); the suite is replayed only without
     * problems.
     */
    record Contents(List<Played> stories, List<Problem> problems) {
        Contents {
            stories = List.copyOf(stories);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads a suite's directory.
     *
     * @throws CommandFailure {@link ExitCode#BAD_INPUT} when it is not a directory or lacks {@code stories/} or
     *                        {@code calls/}
     */
    static Contents read(Path dir, DispositionScale scale) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> storyFiles = files(dir, STORIES, Story.SUFFIX, "story", problems);
        Map<String, Path> callFiles = files(dir, CALLS, CALL_SUFFIX, "call", problems);
        Map<String, CallScript> calls = new TreeMap<>();
        callFiles.forEach((id, file) -> {
            if (!storyFiles.containsKey(id)) {
                problems.add(LocatedYaml.fileProblem(ProblemCode.UNKNOWN_REFERENCE, file, "a call for no story: there is no "
                        + dir.resolve(STORIES).resolve(id + Story.SUFFIX) + " (a call is named for its story, ID" + CALL_SUFFIX + ")"));
            }
            LocatedYaml.attempt(problems, () -> CallScript.readPlayed(file)).ifPresent(call -> calls.put(id, call));
        });
        List<Played> stories = new ArrayList<>();
        storyFiles.forEach((id, file) -> Story.read(file, scale, problems)
                .ifPresent(story -> stories.add(new Played(story, Optional.ofNullable(calls.get(id))))));
        problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line).thenComparingInt(Problem::column));
        return new Contents(stories, problems);
    }

    /**
     * The files of {@code dir/sub} named {@code ID + suffix}, by id; any other file there (but hidden ones, such as
     * {@code .gitkeep}) is a problem, so that a misnamed story or call is never left out unseen.
     */
    private static Map<String, Path> files(Path dir, String sub, String suffix, String what, List<Problem> problems) {
        Path folder = dir.resolve(sub);
        if (!Files.isDirectory(folder)) {
            throw new CommandFailure(ExitCode.BAD_INPUT, dir + ": not an acceptance suite: no " + sub + "/ directory in it "
                    + "(a suite holds " + STORIES + "/ID" + Story.SUFFIX + " and " + CALLS + "/ID" + CALL_SUFFIX + ")");
        }
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.sorted().forEach(file -> {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    return;
                }
                if (name.endsWith(suffix) && Files.isRegularFile(file)) {
                    files.put(Story.idOf(file, suffix), file);
                } else {
                    problems.add(LocatedYaml.fileProblem(ProblemCode.INVALID_VALUE, file, "not a " + what + " file: "
                            + sub + "/ holds ID" + suffix + " files only"));
                }
            });
        } catch (IOException e) {
            throw CommandFailure.cannotRead(folder, "directory", e);
        }
        return files;
    }

    /** What became of a story's call. */
    sealed interface Result {
        /** No RN player has played the story yet: it has no call file. */
        record NotPlayed() implements Result {
        }

        /** The RN player found no protocol that fits ({@code protocol: none}). */
        record NoProtocol() implements Result {
        }

        /** The call could not be replayed to its outcome: refused, or a question its script does not answer. */
        record NotReplayable(String reason) implements Result {
        }

        /**
         * The call replayed to its outcome.
         *
         * @param level     the final disposition
         * @param trigger   what decided it: {@code protocol/question}, or {@code protocol/none} for a default
         * @param protocols the protocols of the call, as {@code id@version}, the general assessment last
         * @param questions the questions the call asked
         */
        record Replayed(Disposition level, String trigger, List<String> protocols, int questions) implements Result {
            public Replayed {
                protocols = List.copyOf(protocols);
            }

            CareCategory category() {
                return CareCategory.of(level);
            }
        }
    }

    /** What a story's result counts as. */
    enum Verdict {
        /** Replayed to a final disposition of the gold's category. */
        APPROPRIATE("appropriate"),
        /** Replayed to a less urgent category than the gold. */
        UNDER_TRIAGE("under-triage"),
        /** Replayed to a more urgent category than the gold. */
        OVER_TRIAGE("over-triage"),
        NO_PROTOCOL("no protocol"),
        NOT_REPLAYABLE("not replayable"),
        NOT_PLAYED("not played");

        final String word;

        Verdict(String word) {
            this.word = word;
        }
    }

    /** A story and what became of its call. */
    record StoryResult(Story story, Result result) {
        Verdict verdict() {
            if (result instanceof Result.NotPlayed) {
                return Verdict.NOT_PLAYED;
            }
            if (result instanceof Result.NoProtocol) {
                return Verdict.NO_PROTOCOL;
            }
            if (result instanceof Result.NotReplayable) {
                return Verdict.NOT_REPLAYABLE;
            }
            CareCategory category = ((Result.Replayed) result).category();
            if (category.isLessUrgentThan(story.gold())) {
                return Verdict.UNDER_TRIAGE;
            }
            return story.gold().isLessUrgentThan(category) ? Verdict.OVER_TRIAGE : Verdict.APPROPRIATE;
        }
    }

    /** Replays every story's call, in order of the stories' ids, on the protocols {@code engines} gives. */
    static List<StoryResult> replay(List<Played> stories, Function<List<String>, Engines.ForCall> engines) {
        return stories.stream().map(p -> new StoryResult(p.story(), p.call().map(c -> replay(c, engines))
                .orElseGet(Result.NotPlayed::new))).toList();
    }

    /** The codes with which {@code triage run} refuses a script, or ends its call before the outcome. */
    private static final Set<Integer> NOT_REPLAYABLE = Set.of(ExitCode.USAGE, ExitCode.BAD_INPUT);

    private static Result replay(CallScript call, Function<List<String>, Engines.ForCall> engines) {
        if (call.noProtocolFits()) {
            return new Result.NoProtocol();
        }
        RunCommand.Replay replay;
        try {
            replay = RunCommand.replay(call, new PrintWriter(Writer.nullWriter()), engines);
        } catch (CommandFailure refused) {
            if (!NOT_REPLAYABLE.contains(refused.exitCode())) {
                throw refused;
            }
            return new Result.NotReplayable(refused.getMessage());
        }
        if (replay.ending() instanceof RunCommand.Ending.Abandoned abandoned) {
            return new Result.NotReplayable(abandoned.reason());
        }
        if (replay.ending() instanceof RunCommand.Ending.FailedClosed failed) {
            return new Result.NotReplayable("the engine failed the call closed: " + failed.error());
        }
        Outcome outcome = ((RunCommand.Ending.Closed) replay.ending()).outcome();
        ProtocolResult deciding = RunCommand.deciding(outcome);
        return new Result.Replayed(outcome.finalDisposition(), ProtocolRef.of(deciding.protocol()).id() + "/"
                + deciding.trigger().orElse(RunCommand.NO_TRIGGER), outcome.protocols().stream().map(ProtocolResult::protocol).toList(),
                replay.questions());
    }
}
