package org.opentriage.internal.load;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Source;
import org.opentriage.protocol.Version;

/** Reads the disposition scale file ({@code dispositions.yaml}). */
final class ScaleReader extends TreeReader {
    static final String FORMAT = "opentriage/dispositions/v1";
    private static final List<String> CATEGORIES = List.of("emergent", "non-emergent", "self-care");

    private final Set<String> ids = new HashSet<>();
    private final Set<Integer> acuities = new HashSet<>();

    private ScaleReader(Problems problems) {
        super(problems);
    }

    /** The scale, present only when the file has no errors; problems go to {@code problems}. */
    static Optional<DispositionScale> read(Source source, Problems problems) {
        Optional<Node> root = source.isJson() ? JsonReader.read(source, problems) : YamlReader.read(source, problems);
        return root.flatMap(new ScaleReader(problems)::scale);
    }

    private Optional<DispositionScale> scale(Node root) {
        Optional<Fields> maybe = fields(root, null, java.util.Set.of("format", "version", "levels"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        format(f, FORMAT);
        Optional<Version> version = f.required("version").flatMap(this::version);
        Optional<List<Disposition>> levels = f.required("levels").flatMap(n -> nonEmptyList(n, null, this::level));
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new DispositionScale(version.orElseThrow(), levels.orElseThrow()));
    }

    private Optional<Disposition> level(Node node) {
        Optional<Fields> maybe = fields(node, null,
                java.util.Set.of("id", "acuity", "category", "referral", "label", "timeFrame"));
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<String> id = f.required("id").flatMap(n -> id(n, null));
        @Nullable String nodeId = id.orElse(null);
        if (id.isPresent() && !ids.add(id.get())) {
            problems.add(ProblemCode.DUPLICATE_ID, f.optional("id").orElseThrow(), nodeId, "disposition '" + nodeId + "' appears twice");
        }
        Optional<Integer> acuity = f.required("acuity").flatMap(n -> integer(n, nodeId));
        if (acuity.isPresent() && !acuities.add(acuity.get())) {
            problems.add(ProblemCode.DUPLICATE_ID, f.optional("acuity").orElseThrow(), nodeId,
                    "acuity " + acuity.get() + " is used twice; each level needs its own rank");
        }
        Optional<String> category = f.required("category").flatMap(n -> word(n, nodeId, CATEGORIES));
        boolean referral = f.optional("referral").flatMap(n -> bool(n, nodeId)).orElse(false);
        Optional<LocalizedText> label = f.required("label").flatMap(n -> text(n, nodeId));
        Optional<LocalizedText> timeFrame = f.required("timeFrame").flatMap(n -> text(n, nodeId));
        if (id.isEmpty() || acuity.isEmpty() || category.isEmpty() || label.isEmpty() || timeFrame.isEmpty()) {
            return Optional.empty();
        }
        Disposition.Category c = Disposition.Category.valueOf(
                category.get().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return Optional.of(new Disposition(id.get(), acuity.get(), c, referral, label.get(), timeFrame.get()));
    }
}
