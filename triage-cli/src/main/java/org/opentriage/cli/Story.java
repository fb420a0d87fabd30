package org.opentriage.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Quantity;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A caller story of the blind acceptance suite, read from {@code stories/ID.story.yaml} (format
 * {@value #FORMAT}; see {@code acceptance/README.md}): who wrote it, the patient, what the caller says, and the
 * category of care it needs by public guidance, its gold.
 *
 * @param gold      the category of care the story needs
 * @param goldLevel the level of the disposition scale the writer judged, of the gold's category
 * @param guidance  at least one public source that justifies the gold
 */
record Story(Path file, String id, String writer, PatientFields patient, String caller, CareCategory gold,
             Disposition goldLevel, String why, List<Guidance> guidance) {

    /** The format of story files. */
    static final String FORMAT = "opentriage/story/v1";
    /** How story files are named: {@code ID.story.yaml}. */
    static final String SUFFIX = ".story.yaml";
    /** A story id: kebab case, starting with who the patient is. */
    static final Pattern ID = Pattern.compile("(adult|child)-[a-z0-9]+(-[a-z0-9]+)*");

    private static final Set<String> KEYS = Set.of("format", "id", "writer", "patient", "caller", "gold", "goldLevel", "why",
            "guidance");

    /** A public source and what it says that justifies the gold, in the writer's words. */
    record Guidance(String publisher, String title, String url, String says) {
    }

    Story {
        requireNonNull(file, "file");
        requireNonNull(id, "id");
        guidance = List.copyOf(guidance);
    }

    /** The id a file of the suite is named for: {@code adult-x} for {@code adult-x.story.yaml} with that suffix. */
    static String idOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }

    /**
     * Reads a story strictly, adding every problem it has to {@code problems} (unknown and missing keys, a gold or
     * level that is not one, an id that is not the file's name), each with its file, line and column.
     *
     * @param scale the disposition scale the gold level must be a level of
     * @return the story, or empty when it has a problem
     */
    static Optional<Story> read(Path file, DispositionScale scale, List<Problem> problems) {
        int before = problems.size();
        Optional<LocatedYaml> read = LocatedYaml.attempt(problems, () -> LocatedYaml.read(file, "story"));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        LocatedYaml yaml = read.get();
        Optional<LocatedYaml.Fields> fields = LocatedYaml.attempt(problems, yaml::top);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        LocatedYaml.Fields top = fields.get();
        top.checkKeys(KEYS, problems);
        LocatedYaml.attempt(problems, () -> format(yaml, top));
        Optional<String> id = LocatedYaml.attempt(problems, () -> id(yaml, top, file));
        Optional<String> writer = LocatedYaml.attempt(problems, () -> yaml.prose(top.required("writer"), "writer"));
        Optional<PatientFields> patient = LocatedYaml.attempt(problems, () -> patient(yaml, top.required("patient")));
        Optional<String> caller = LocatedYaml.attempt(problems, () -> yaml.prose(top.required("caller"), "caller"));
        Optional<CareCategory> gold = LocatedYaml.attempt(problems, () -> gold(yaml, top));
        Optional<Disposition> level = LocatedYaml.attempt(problems, () -> level(yaml, top, scale, gold));
        Optional<String> why = LocatedYaml.attempt(problems, () -> yaml.prose(top.required("why"), "why"));
        List<Guidance> guidance = guidance(yaml, top, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Story(file, id.orElseThrow(), writer.orElseThrow(), patient.orElseThrow(), caller.orElseThrow(),
                gold.orElseThrow(), level.orElseThrow(), why.orElseThrow(), guidance));
    }

    private static String format(LocatedYaml yaml, LocatedYaml.Fields top) {
        Node node = top.required("format");
        String format = yaml.scalar(node, "format");
        if (!format.equals(FORMAT)) {
            throw yaml.fail(ProblemCode.UNSUPPORTED_FORMAT, node, "format", "expected " + FORMAT + ", not '" + format + "'");
        }
        return format;
    }

    private static String id(LocatedYaml yaml, LocatedYaml.Fields top, Path file) {
        Node node = top.required("id");
        String id = yaml.scalar(node, "id");
        if (!ID.matcher(id).matches()) {
            throw yaml.fail(ProblemCode.MALFORMED_ID, node, "id", "'" + id + "' is not a story id: kebab case (a-z, 0-9, "
                    + "'-'), starting with adult- or child-");
        }
        String named = idOf(file, SUFFIX);
        if (!id.equals(named)) {
            throw yaml.fail(ProblemCode.INVALID_VALUE, node, "id", "'" + id + "' is not the file's name: name the file " + id
                    + SUFFIX + ", or make the id " + named);
        }
        return id;
    }

    /** The patient as the caller describes them: an age, female or male, and whether she is pregnant. */
    private static PatientFields patient(LocatedYaml yaml, Node node) {
        LocatedYaml.Fields patient = yaml.map(node, "patient", Set.of("age", "sex", "pregnant"));
        Quantity age = CallScript.age(yaml, patient.required("age"), "patient.age");
        GivenSex sex = CallScript.sex(yaml, patient.required("sex"), "patient.sex", false);
        Optional<Boolean> pregnant = patient.get("pregnant").map(p -> CallScript.yesNo(yaml, p, "patient.pregnant"));
        if (sex == GivenSex.MALE && pregnant.orElse(false)) {
            throw yaml.fail(ProblemCode.INVALID_VALUE, patient.get("pregnant").orElseThrow(), "patient.pregnant",
                    "a male patient cannot be pregnant");
        }
        return new PatientFields(Optional.of(age), Optional.of(sex), pregnant, Optional.empty(), Map.of());
    }

    private static CareCategory gold(LocatedYaml yaml, LocatedYaml.Fields top) {
        Node node = top.required("gold");
        String word = yaml.text(node, "gold");
        return CareCategory.of(word).orElseThrow(() -> yaml.fail(ProblemCode.INVALID_VALUE, node, "gold",
                "expected emergent, clinician or self-care, not '" + word + "'"));
    }

    /** The gold level: a level of the scale, of the gold's category (when the gold could be read). */
    private static Disposition level(LocatedYaml yaml, LocatedYaml.Fields top, DispositionScale scale, Optional<CareCategory> gold) {
        Node node = top.required("goldLevel");
        String id = yaml.text(node, "goldLevel");
        Disposition level = scale.find(id).orElseThrow(() -> yaml.fail(ProblemCode.UNKNOWN_DISPOSITION, node, "goldLevel",
                "'" + id + "' is not a level of the disposition scale; it has "
                        + String.join(", ", scale.levels().stream().map(Disposition::id).toList())));
        if (gold.isPresent() && CareCategory.of(level) != gold.get()) {
            throw yaml.fail(ProblemCode.INVALID_VALUE, node, "goldLevel", id + " is " + CareCategory.of(level).word()
                    + " care, but the gold is " + gold.get().word());
        }
        return level;
    }

    private static List<Guidance> guidance(LocatedYaml yaml, LocatedYaml.Fields top, List<Problem> problems) {
        List<Guidance> guidance = new ArrayList<>();
        Optional<List<Node>> items = LocatedYaml.attempt(problems, () -> {
            Node node = top.required("guidance");
            List<Node> list = yaml.list(node, "guidance", "a list of sources ({publisher, title, url, says})");
            if (list.isEmpty()) {
                throw yaml.fail(ProblemCode.EMPTY, node, "guidance", "give at least one public source that justifies the gold");
            }
            return list;
        });
        List<Node> list = items.orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            String path = "guidance[" + i + "]";
            Node item = list.get(i);
            LocatedYaml.attempt(problems, () -> yaml.map(item, path)).ifPresent(source -> {
                source.checkKeys(Set.of("publisher", "title", "url", "says"), problems);
                Optional<String> publisher = LocatedYaml.attempt(problems, () -> yaml.prose(source.required("publisher"),
                        source.path("publisher")));
                Optional<String> title = LocatedYaml.attempt(problems, () -> yaml.prose(source.required("title"), source.path("title")));
                Optional<String> url = LocatedYaml.attempt(problems, () -> url(yaml, source.required("url"), source.path("url")));
                Optional<String> says = LocatedYaml.attempt(problems, () -> yaml.prose(source.required("says"), source.path("says")));
                if (publisher.isPresent() && title.isPresent() && url.isPresent() && says.isPresent()) {
                    guidance.add(new Guidance(publisher.get(), title.get(), url.get(), says.get()));
                }
            });
        }
        return guidance;
    }

    private static String url(LocatedYaml yaml, Node node, String path) {
        String url = yaml.prose(node, path);
        if (!url.matches("https?://[^\\s/]+\\.[^\\s]+")) {
            throw yaml.fail(ProblemCode.MALFORMED_DATE_OR_URL, node, path, "'" + url + "' is not a web address (https://...)");
        }
        return url;
    }
}
