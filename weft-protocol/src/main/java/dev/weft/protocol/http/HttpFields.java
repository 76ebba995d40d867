package dev.weft.protocol.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The header fields of an HTTP/1.1 head, in the order they appeared. Names compare without
 * regard to case (RFC 9110 §5.1); a name that appears more than once keeps every value, and
 * {@link #tokens(String)} reads them as one comma-separated list (RFC 9110 §5.3). Immutable.
 */
public final class HttpFields {
    private static final HttpFields EMPTY = new HttpFields(List.of());

    private final List<Field> fields;

    private HttpFields(List<Field> fields) {
        this.fields = fields;
    }

    /** One header line: its name as sent and its value without surrounding whitespace. */
    public record Field(String name, String value) {
    }

    /** No fields. */
    public static HttpFields empty() {
        return EMPTY;
    }

    /** A builder for fields to send; it refuses names and values that would break the head. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every field, in order. */
    public List<Field> asList() {
        return fields;
    }

    /** How many header lines there are. */
    public int size() {
        return fields.size();
    }

    /** Whether a field of that name is present. */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /** The first value of the named field, or {@code null}. */
    public String first(String name) {
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                return f.value;
            }
        }
        return null;
    }

    /** Every value of the named field, in order; empty if absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                out.add(f.value);
            }
        }
        return out;
    }

    /**
     * The named field's values as one list of comma-separated elements, each trimmed, empty
     * elements dropped (RFC 9110 §5.6.1). Quoted strings are not special here: use this for
     * fields whose elements are tokens.
     */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>(4);
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                TokenLists.split(f.value, out);
            }
        }
        return out;
    }

    /** Whether any element of the named comma-separated field equals {@code token}, ignoring case. */
    public boolean hasToken(String name, String token) {
        for (String t : tokens(name)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** A new set of fields with {@code others} appended. */
    public HttpFields with(HttpFields others) {
        if (others.fields.isEmpty()) {
            return this;
        }
        List<Field> all = new ArrayList<>(fields);
        all.addAll(others.fields);
        return new HttpFields(Collections.unmodifiableList(all));
    }

    /** Fields are equal when they hold the same names (as sent) and values in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpFields other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            sb.append(f.name).append(": ").append(f.value).append("\r\n");
        }
        return sb.toString();
    }

    static HttpFields ofParsed(List<Field> parsed) {
        return parsed.isEmpty() ? EMPTY : new HttpFields(Collections.unmodifiableList(parsed));
    }

    /** Collects fields to send, validating each. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a field.
         *
         * @throws IllegalArgumentException if the name is not an HTTP token or the value holds
         *                                  a control character (which could split the head)
         */
        public Builder add(String name, String value) {
            if (!TokenLists.isToken(name)) {
                throw new IllegalArgumentException("not an HTTP field name: " + name);
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                    throw new IllegalArgumentException("field " + name + " has a forbidden character at " + i);
                }
            }
            fields.add(new Field(name, value.strip()));
            return this;
        }

        /** Adds every field of {@code other}. */
        public Builder addAll(HttpFields other) {
            fields.addAll(other.fields);
            return this;
        }

        /** Whether a field of that name was added, ignoring case. */
        public boolean contains(String name) {
            for (Field f : fields) {
                if (f.name.equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The fields added so far. */
        public HttpFields build() {
            return fields.isEmpty() ? EMPTY : new HttpFields(List.copyOf(fields));
        }
    }
}
