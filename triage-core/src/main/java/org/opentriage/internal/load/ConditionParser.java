package org.opentriage.internal.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Dimension;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/**
 * Parses and type-checks one condition into a {@link Condition} tree. The grammar has no calls,
 * arithmetic, strings or member access; anything that looks like Java or DRL is refused with
 * {@link ProblemCode#CODE_IN_CONDITION}. The first problem of a condition is reported at its exact column
 * (the scalar's position plus the offset in the text) and ends the parse. The parse keeps where each
 * comparison and each {@code and}/{@code or} starts, so later checks can point at the part they are about.
 */
final class ConditionParser {
    static final int MAX_LENGTH = 500;
    static final int MAX_DEPTH = 16;
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in");
    private static final String FORBIDDEN = ".;{}$\"'`\\@#+*/:?^~%|&";

    /** What a name in a condition stands for. */
    sealed interface Type {
        record Bool() implements Type {
        }

        record Amount(Dimension dimension) implements Type {
        }

        record Code(List<String> codes) implements Type {
        }

        record SexType() implements Type {
        }
    }

    /** The names a condition may use where it stands. */
    interface Symbols {
        /** The type of a question that may be named here, empty when it is unknown or comes later. */
        Optional<Type> question(String id);

        /** Whether the id is a question of the protocol that comes later (and so may not be named). */
        boolean isLater(String id);

        Iterable<String> known();

        /**
         * Whether the id is an earlier question whose definition failed to load: its problem is reported
         * already, so a condition naming it ends without adding another.
         */
        boolean failedToLoad(String id);
    }

    /** A comparison, a yes/no name, or an {@code and}/{@code or} of a condition, and where it starts. */
    record Part(Condition condition, Node.Mark mark) {
    }

    /**
     * A parsed condition.
     *
     * @param parts its comparisons, yes/no names and {@code and}/{@code or} nodes, each after the parts
     *              inside it and in the order of the text ({@code not} and parentheses are no parts)
     */
    record Parsed(Condition condition, List<Part> parts) {
        Parsed {
            parts = List.copyOf(parts);
        }
    }

    private enum Kind { WORD, NUMBER, OPERATOR, OPEN, CLOSE, OPEN_LIST, CLOSE_LIST, COMMA, END }

    private record Token(Kind kind, String text, int offset, @Nullable Quantity quantity) {
    }

    /** A condition names a question whose own problem is reported already: the parse ends silently. */
    private static final class AlreadyReported extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyReported() {
            super(null, null, false, false);
        }
    }

    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final ProblemCode code;
        final int offset;

        Failure(ProblemCode code, int offset, String message) {
            super(message, null, false, false);
            this.code = code;
            this.offset = offset;
        }
    }

    private final Node.Scalar scalar;
    private final String text;
    private final Symbols symbols;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Part> parts = new ArrayList<>();
    private int position;
    private int depth;

    private ConditionParser(Node.Scalar scalar, Symbols symbols) {
        this.scalar = scalar;
        this.text = scalar.value();
        this.symbols = symbols;
    }

    /** Parses the condition in {@code scalar}; reports the first problem and returns empty on failure. */
    static Optional<Parsed> parse(Node node, @Nullable String nodeId, Symbols symbols, Problems problems) {
        if (!(node instanceof Node.Scalar scalar) || scalar.type() != Node.ScalarType.TEXT) {
            problems.add(ProblemCode.WRONG_TYPE, node, nodeId, "expected a condition (text), found " + node.kind());
            return Optional.empty();
        }
        if (!scalar.oneLine()) {
            problems.add(ProblemCode.CONDITION_SYNTAX, scalar, nodeId,
                    "write a condition on one line (plain or quoted), so problems can point at their column");
            return Optional.empty();
        }
        if (scalar.value().length() > MAX_LENGTH) {
            problems.add(ProblemCode.CONDITION_TOO_COMPLEX, scalar, nodeId,
                    "condition is " + scalar.value().length() + " characters long; the limit is " + MAX_LENGTH);
            return Optional.empty();
        }
        ConditionParser parser = new ConditionParser(scalar, symbols);
        try {
            parser.tokenize();
            Condition condition = parser.or();
            parser.expect(Kind.END, "end of the condition");
            return Optional.of(new Parsed(condition, parser.parts));
        } catch (Failure f) {
            problems.add(f.code, scalar.at(f.offset), nodeId, f.getMessage() + " in condition '" + scalar.value() + "'");
            return Optional.empty();
        } catch (AlreadyReported e) {
            return Optional.empty();
        }
    }

    // ---- tokens

    private void tokenize() throws Failure {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (isLetter(c)) {
                int start = i;
                while (i < text.length() && (isLetter(text.charAt(i)) || isDigit(text.charAt(i)) || text.charAt(i) == '-'
                        || text.charAt(i) == '_')) {
                    i++;
                }
                String word = text.substring(start, i);
                int next = skipSpaces(i);
                if (next < text.length() && text.charAt(next) == '(' && !KEYWORDS.contains(word) && !word.equals("known")) {
                    throw new Failure(ProblemCode.CODE_IN_CONDITION, start,
                            "'" + word + "(' looks like a function call; conditions have no calls");
                }
                if (next < text.length() && text.charAt(next) == '.' && !KEYWORDS.contains(word)) {
                    throw new Failure(ProblemCode.CODE_IN_CONDITION, start,
                            "'" + word + ".' looks like member access; conditions have none");
                }
                tokens.add(new Token(Kind.WORD, word, start, null));
            } else if (isDigit(c) || (c == '-' && i + 1 < text.length() && isDigit(text.charAt(i + 1)))) {
                i = number(i);
            } else {
                i = symbol(i, c);
            }
        }
        tokens.add(new Token(Kind.END, "", text.length(), null));
    }

    private int number(int start) throws Failure {
        int i = start + 1;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            if (i + 1 >= text.length() || !isDigit(text.charAt(i + 1))) {
                throw new Failure(ProblemCode.CODE_IN_CONDITION, i, "'.' after a number is not part of the condition language");
            }
            i++;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
        }
        int exponent = exponentEnd(i);
        Optional<String> malformed = TreeReader.numberProblem(text.substring(start, exponent));
        if (malformed.isPresent()) {
            throw new Failure(ProblemCode.INVALID_VALUE, start, malformed.get());
        }
        String digits = text.substring(start, i);
        int unitStart = skipSpaces(i);
        for (Unit unit : Unit.withSymbols()) {
            String symbol = unit.symbol();
            int end = unitStart + symbol.length();
            if (text.startsWith(symbol, unitStart) && (end == text.length() || isBoundary(text.charAt(end)))) {
                tokens.add(new Token(Kind.NUMBER, text.substring(start, end), start, new Quantity(new BigDecimal(digits), unit)));
                return end;
            }
        }
        if (unitStart < text.length() && (isLetter(text.charAt(unitStart)) || text.charAt(unitStart) == '°')) {
            int end = unitStart;
            while (end < text.length() && !isBoundary(text.charAt(end))) {
                end++;
            }
            String word = text.substring(unitStart, end);
            if (!KEYWORDS.contains(word)) {
                throw new Failure(ProblemCode.UNKNOWN_UNIT, unitStart, TreeReader.unknownUnit(word));
            }
        }
        tokens.add(new Token(Kind.NUMBER, digits, start, new Quantity(new BigDecimal(digits), Unit.NONE)));
        return i;
    }

    /** Where an exponent ({@code e308}, {@code E-3}) written right after a number ends; {@code i} when there is none. */
    private int exponentEnd(int i) {
        if (i >= text.length() || (text.charAt(i) != 'e' && text.charAt(i) != 'E')) {
            return i;
        }
        int digits = i + 1 < text.length() && (text.charAt(i + 1) == '+' || text.charAt(i + 1) == '-') ? i + 2 : i + 1;
        if (digits >= text.length() || !isDigit(text.charAt(digits))) {
            return i;
        }
        int end = digits;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private int symbol(int i, char c) throws Failure {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
        switch (c) {
            case '=' -> {
                if (next == '=') {
                    throw new Failure(ProblemCode.CODE_IN_CONDITION, i, "'==' is not part of the condition language; write '='");
                }
                return operator(i, "=");
            }
            case '!' -> {
                if (next == '=') {
                    return operator(i, "!=");
                }
                throw new Failure(ProblemCode.CODE_IN_CONDITION, i, "'!' is not part of the condition language; write 'not'");
            }
            case '<', '>' -> {
                return next == '=' ? operator(i, c + "=") : operator(i, String.valueOf(c));
            }
            case '(' -> tokens.add(new Token(Kind.OPEN, "(", i, null));
            case ')' -> tokens.add(new Token(Kind.CLOSE, ")", i, null));
            case '[' -> tokens.add(new Token(Kind.OPEN_LIST, "[", i, null));
            case ']' -> tokens.add(new Token(Kind.CLOSE_LIST, "]", i, null));
            case ',' -> tokens.add(new Token(Kind.COMMA, ",", i, null));
            default -> {
                if (c == '&' && next == '&') {
                    throw new Failure(ProblemCode.CODE_IN_CONDITION, i, "'&&' is not part of the condition language; write 'and'");
                }
                if (c == '|' && next == '|') {
                    throw new Failure(ProblemCode.CODE_IN_CONDITION, i, "'||' is not part of the condition language; write 'or'");
                }
                if (FORBIDDEN.indexOf(c) >= 0) {
                    throw new Failure(ProblemCode.CODE_IN_CONDITION, i, "'" + c + "' is not part of the condition language");
                }
                throw new Failure(ProblemCode.CONDITION_SYNTAX, i, "unexpected character '" + c + "'");
            }
        }
        return i + 1;
    }

    private int operator(int i, String symbol) {
        tokens.add(new Token(Kind.OPERATOR, symbol, i, null));
        return i + symbol.length();
    }

    private int skipSpaces(int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBoundary(char c) {
        return c == ' ' || c == '\t' || c == ')' || c == ']' || c == ',';
    }

    // ---- grammar

    private Token peek() {
        return tokens.get(position);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private boolean atWord(String word) {
        return peek().kind() == Kind.WORD && peek().text().equals(word);
    }

    private Token expect(Kind kind, String what) throws Failure {
        Token token = peek();
        if (token.kind() != kind) {
            throw new Failure(ProblemCode.CONDITION_SYNTAX, token.offset(), "expected " + what + ", found "
                    + describe(token));
        }
        position++;
        return token;
    }

    private static String describe(Token token) {
        return token.kind() == Kind.END ? "the end" : "'" + token.text() + "'";
    }

    private Condition or() throws Failure, AlreadyReported {
        int start = peek().offset();
        List<Condition> operands = new ArrayList<>(List.of(and()));
        while (atWord("or")) {
            position++;
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : part(new Condition.Or(operands), start);
    }

    private Condition and() throws Failure, AlreadyReported {
        int start = peek().offset();
        List<Condition> operands = new ArrayList<>(List.of(unary()));
        while (atWord("and")) {
            position++;
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : part(new Condition.And(operands), start);
    }

    private Condition part(Condition condition, int offset) {
        parts.add(new Part(condition, scalar.at(offset)));
        return condition;
    }

    private Condition unary() throws Failure, AlreadyReported {
        if (atWord("not")) {
            Token not = peek();
            position++;
            enter(not);
            Condition operand = unary();
            depth--;
            return new Condition.Not(operand);
        }
        return primary();
    }

    private void enter(Token token) throws Failure {
        if (++depth > MAX_DEPTH) {
            throw new Failure(ProblemCode.CONDITION_TOO_COMPLEX, token.offset(),
                    "condition nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Condition primary() throws Failure, AlreadyReported {
        Token token = peek();
        if (token.kind() == Kind.OPEN) {
            position++;
            enter(token);
            Condition inner = or();
            expect(Kind.CLOSE, "')'");
            depth--;
            return inner;
        }
        if (token.kind() == Kind.WORD && token.text().equals("known") && peek(1).kind() == Kind.OPEN) {
            position += 2;
            Token name = peek();
            if (name.kind() != Kind.WORD || KEYWORDS.contains(name.text())) {
                throw new Failure(ProblemCode.CONDITION_SYNTAX, name.offset(),
                        "expected a name in known(...), such as a question id or a reading, found " + describe(name));
            }
            position++;
            Condition.Subject subject = subject(name);
            expect(Kind.CLOSE, "')'");
            return part(new Condition.Known(subject), token.offset());
        }
        if (token.kind() != Kind.WORD || KEYWORDS.contains(token.text())) {
            throw new Failure(ProblemCode.CONDITION_SYNTAX, token.offset(),
                    "expected a name such as age, sex, pregnant or a question id, found " + describe(token));
        }
        position++;
        Condition.Subject subject = subject(token);
        Type type = typeOf(subject);
        if (peek().kind() == Kind.OPERATOR) {
            return part(compare(subject, type, token, operator(expect(Kind.OPERATOR, "an operator"))), token.offset());
        }
        boolean negated = atWord("not") && peek(1).kind() == Kind.WORD && peek(1).text().equals("in");
        if (negated || atWord("in")) {
            position += negated ? 2 : 1;
            return part(in(subject, type, token, negated), token.offset());
        }
        if (!(type instanceof Type.Bool)) {
            throw new Failure(ProblemCode.CONDITION_TYPE, token.offset(),
                    "'" + token.text() + "' is not yes/no; compare it, for example " + example(subject, type));
        }
        return part(new Condition.Holds(subject), token.offset());
    }

    private Condition.Subject subject(Token token) throws Failure, AlreadyReported {
        String name = token.text();
        switch (name) {
            case "age":
                return new Condition.Subject.Age();
            case "sex":
                return new Condition.Subject.SexOf();
            case "pregnant":
                return new Condition.Subject.Pregnant();
            default:
                if (symbols.question(name).isPresent()) {
                    return new Condition.Subject.Answer(name);
                }
                if (PatientFact.byKey(name).isPresent() && !symbols.isLater(name)) {
                    return new Condition.Subject.Fact(PatientFact.byKey(name).get());
                }
                if (symbols.failedToLoad(name)) {
                    throw new AlreadyReported();
                }
                if (symbols.isLater(name)) {
                    throw new Failure(ProblemCode.UNKNOWN_QUESTION, token.offset(), "question '" + name
                            + "' comes later in the protocol; a condition may only use earlier answers");
                }
                if (name.equals("true") || name.equals("false")) {
                    throw new Failure(ProblemCode.CONDITION_SYNTAX, token.offset(),
                            "'" + name + "' is not a condition; leave the condition out instead");
                }
                throw new Failure(ProblemCode.UNKNOWN_FACT, token.offset(), "unknown fact '" + name
                        + "': a condition reads age, sex, pregnant, a patient fact or reading, or an earlier question"
                        + TreeReader.didYouMean(name, symbols.known()));
        }
    }

    private Type typeOf(Condition.Subject subject) {
        if (subject instanceof Condition.Subject.Age) {
            return new Type.Amount(Dimension.TIME);
        }
        if (subject instanceof Condition.Subject.SexOf) {
            return new Type.SexType();
        }
        if (subject instanceof Condition.Subject.Pregnant) {
            return new Type.Bool();
        }
        if (subject instanceof Condition.Subject.Fact fact) {
            return fact.fact().dimension().<Type>map(Type.Amount::new).orElse(new Type.Bool());
        }
        return symbols.question(((Condition.Subject.Answer) subject).questionId()).orElseThrow();
    }

    private static Condition.Operator operator(Token token) {
        for (Condition.Operator op : Condition.Operator.values()) {
            if (op.symbol().equals(token.text())) {
                return op;
            }
        }
        throw new IllegalStateException("tokenizer produced unknown operator " + token.text());
    }

    private Condition compare(Condition.Subject subject, Type type, Token name, Condition.Operator op) throws Failure {
        Token valueToken = peek();
        if (valueToken.kind() != Kind.WORD && valueToken.kind() != Kind.NUMBER) {
            throw new Failure(ProblemCode.CONDITION_SYNTAX, valueToken.offset(),
                    "expected a value after '" + op.symbol() + "', found " + describe(valueToken));
        }
        position++;
        if (type instanceof Type.Bool) {
            throw new Failure(ProblemCode.CONDITION_TYPE, name.offset(), "'" + name.text()
                    + "' is yes/no: write '" + name.text() + "' or 'not " + name.text() + "' instead of comparing it");
        }
        if (type instanceof Type.Amount amount) {
            return new Condition.Compare(subject, op, amount(amount, valueToken, name));
        }
        if (op != Condition.Operator.EQ && op != Condition.Operator.NE) {
            throw new Failure(ProblemCode.CONDITION_TYPE, name.offset(), "'" + name.text()
                    + "' is compared with = or != only, not " + op.symbol());
        }
        return new Condition.Compare(subject, op, word(type, valueToken, name));
    }

    private Condition in(Condition.Subject subject, Type type, Token name, boolean negated) throws Failure {
        if (!(type instanceof Type.Code) && !(type instanceof Type.SexType)) {
            throw new Failure(ProblemCode.CONDITION_TYPE, name.offset(),
                    "'in' applies to choice questions and sex, not to '" + name.text() + "'");
        }
        expect(Kind.OPEN_LIST, "'['");
        if (peek().kind() == Kind.CLOSE_LIST) {
            throw new Failure(ProblemCode.CONSTANT_COMPARISON, name.offset(), "'" + name.text()
                    + (negated ? " not in []' lists no value, so it always holds" : " in []' lists no value, so it never holds"));
        }
        List<Condition.Value> values = new ArrayList<>();
        do {
            Token value = peek();
            if (value.kind() != Kind.WORD && value.kind() != Kind.NUMBER) {
                throw new Failure(ProblemCode.CONDITION_SYNTAX, value.offset(), "expected a value, found " + describe(value));
            }
            position++;
            values.add(word(type, value, name));
        } while (peek().kind() == Kind.COMMA && ++position > 0);
        expect(Kind.CLOSE_LIST, "',' or ']'");
        return new Condition.In(subject, values, negated);
    }

    private Condition.Value amount(Type.Amount type, Token value, Token name) throws Failure {
        if (value.kind() != Kind.NUMBER) {
            throw new Failure(ProblemCode.CONDITION_TYPE, value.offset(), "'" + name.text() + "' is a "
                    + type.dimension().word() + "; compare it with a quantity such as " + example(type.dimension())
                    + ", not '" + value.text() + "'");
        }
        Quantity quantity = Objects.requireNonNull(value.quantity(), "a number token has its quantity");
        if (quantity.dimension() != type.dimension()) {
            String found = quantity.unit() == Unit.NONE ? "a number without a unit" : "a " + quantity.dimension().word();
            throw new Failure(ProblemCode.CONDITION_TYPE, value.offset(), "'" + name.text() + "' is a "
                    + type.dimension().word() + " but '" + value.text() + "' is " + found + "; write for example "
                    + example(type.dimension()));
        }
        return new Condition.Value.Amount(quantity);
    }

    private Condition.Value word(Type type, Token value, Token name) throws Failure {
        List<String> allowed = type instanceof Type.Code code ? code.codes()
                : List.of(Sex.FEMALE.word(), Sex.MALE.word());
        if (value.kind() != Kind.WORD || !allowed.contains(value.text())) {
            throw new Failure(ProblemCode.UNKNOWN_VALUE, value.offset(), "'" + value.text() + "' is not a value of '"
                    + name.text() + "' (" + String.join(", ", allowed) + ")" + TreeReader.didYouMean(value.text(), allowed));
        }
        return new Condition.Value.Word(value.text());
    }

    private static String example(Condition.Subject subject, Type type) {
        String name = subject.name();
        if (type instanceof Type.Amount amount) {
            return "'" + name + " >= " + example(amount.dimension()) + "'";
        }
        if (type instanceof Type.Code code) {
            return "'" + name + " = " + code.codes().get(0) + "'";
        }
        return "'" + name + " = female'";
    }

    private static String example(Dimension dimension) {
        return switch (dimension) {
            case TIME -> "3 mo";
            case TEMPERATURE -> "38 °C";
            case MASS -> "5 kg";
            case BLOOD_GLUCOSE -> "4 mmol/L";
            case RATE -> "30 /min";
            case PERCENT -> "92 %";
            case PRESSURE -> "90 mmHg";
            case COUNT -> "3";
        };
    }
}
