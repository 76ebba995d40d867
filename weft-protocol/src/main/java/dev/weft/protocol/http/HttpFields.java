package dev.weft.protocol.http;

import dev.weft.protocol.internal.http.TokenLists;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The header fields of an HTTP/1.1 head, in the order they appeared. Names compare without
 * regard to case (RFC 9110 §5.1); a name that appears more than once keeps every value, and
 * {@link #tokens(String)} reads them as one comma-separated list (RFC 9110 §5.3). Immutable.
 */
public final class HttpFields {
    private static final HttpFields EMPTY = new HttpFields(new String[0]);

    /**
     * Names and values alternating, exactly sized: a server keeps every open connection's
     * handshake request, and one array is about half the memory of a list of field objects.
     */
    private final String[] namesAndValues;

    private HttpFields(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /** One header line: its name as sent and its value without surrounding whitespace. */
    public record Field(String name, String value) {
    }

    /**
     * No fields.
     *
     * @return an empty, immutable set of fields
     */
    public static HttpFields empty() {
        return EMPTY;
    }

    /**
     * A builder for fields to send; it refuses names and values that would break the head.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every field, in order (a new list each call).
     *
     * @return the fields as name-value pairs, in the order they appeared
     */
    public List<Field> asList() {
        List<Field> out = new ArrayList<>(size());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return Collections.unmodifiableList(out);
    }

    /** The {@code i}th field's name, for writing a head without building field objects. */
    String name(int i) {
        return namesAndValues[2 * i];
    }

    /** The {@code i}th field's value. */
    String value(int i) {
        return namesAndValues[2 * i + 1];
    }

    /**
     * How many header lines there are.
     *
     * @return the number of fields, a repeated name counted once per line
     */
    public int size() {
        return namesAndValues.length / 2;
    }

    /**
     * Whether a field of that name is present.
     *
     * @param name the field name, compared ignoring case
     * @return true if at least one line has that name
     */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /**
     * The first value of the named field, or {@code null}.
     *
     * @param name the field name, compared ignoring case
     * @return the first value, or {@code null} if no line has that name
     */
    public @Nullable String first(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /**
     * Every value of the named field, in order; empty if absent. The list is unmodifiable.
     *
     * @param name the field name, compared ignoring case
     * @return the values, one per line
     */
    public List<String> all(String name) {
        String only = null;
        List<String> many = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                if (only == null && many == null) {
                    only = namesAndValues[i + 1];
                } else {
                    if (many == null) {
                        many = new ArrayList<>(4);
                        many.add(only);
                    }
                    many.add(namesAndValues[i + 1]);
                }
            }
        }
        // Fields are almost always absent or sent once: no list to build for those.
        return many != null ? Collections.unmodifiableList(many) : only != null ? List.of(only) : List.of();
    }

    /**
     * The named field's values as one list of comma-separated elements, each trimmed, empty
     * elements dropped (RFC 9110 §5.6.1). Quoted strings are not special here: use this for
     * fields whose elements are tokens. The list is unmodifiable.
     *
     * @param name the field name, compared ignoring case
     * @return the elements of every line of that name, in order
     */
    public List<String> tokens(String name) {
        List<String> out = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                if (out == null) {
                    out = new ArrayList<>(4);
                }
                TokenLists.split(namesAndValues[i + 1], out);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /**
     * Whether any element of the named comma-separated field equals {@code token}, ignoring case.
     *
     * @param name the field name, compared ignoring case
     * @param token the element to look for
     * @return true if some line of that name lists the token
     */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name) && TokenLists.containsIgnoreCase(namesAndValues[i + 1], token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new set of fields with {@code others} appended.
     *
     * @param others the fields to add after these
     * @return the combined fields; neither set is changed
     */
    public HttpFields with(HttpFields others) {
        if (others.namesAndValues.length == 0) {
            return this;
        }
        String[] all = Arrays.copyOf(namesAndValues, namesAndValues.length + others.namesAndValues.length);
        System.arraycopy(others.namesAndValues, 0, all, namesAndValues.length, others.namesAndValues.length);
        return new HttpFields(all);
    }

    /** Fields are equal when they hold the same names (as sent) and values in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpFields other && Arrays.equals(namesAndValues, other.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]).append("\r\n");
        }
        return sb.toString();
    }

    /** Fields from the parser: names and values alternating. */
    static HttpFields ofParsed(List<String> namesAndValues) {
        return namesAndValues.isEmpty() ? EMPTY : new HttpFields(namesAndValues.toArray(new String[0]));
    }

    /** Collects fields to send, validating each. */
    public static final class Builder {
        // Room for the dozen or so strings of a typical handshake without growing.
        private final List<String> namesAndValues = new ArrayList<>(16);

        private Builder() {
        }

        /**
         * Adds a field.
         *
         * @param name the field's name, an HTTP token
         * @param value the field's value, without CR or LF
         * @return this builder
         * @throws IllegalArgumentException if the name is not an HTTP token or the value holds a
         *     control character (which could split the head)
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
            namesAndValues.add(name);
            namesAndValues.add(value.strip());
            return this;
        }

        /**
         * Adds every field of {@code other}.
         *
         * @param other the fields to copy, in their order
         * @return this builder
         */
        public Builder addAll(HttpFields other) {
            namesAndValues.addAll(Arrays.asList(other.namesAndValues));
            return this;
        }

        /**
         * Whether a field of that name was added, ignoring case.
         *
         * @param name the field name
         * @return true if a field of that name was added
         */
        public boolean contains(String name) {
            for (int i = 0; i < namesAndValues.size(); i += 2) {
                if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The fields added so far.
         *
         * @return the fields, immutable; the builder may go on adding
         */
        public HttpFields build() {
            return ofParsed(namesAndValues);
        }
    }
}
