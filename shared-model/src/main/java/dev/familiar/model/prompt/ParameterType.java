package dev.familiar.model.prompt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The type of a prompt function's parameter; in JSON the lower-case name ({@code "string"}, {@code "enum"}…). */
public enum ParameterType {
    STRING, INTEGER, NUMBER, BOOLEAN, ENUM, LIST, OBJECT;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code text} in any case; {@link IllegalArgumentException} for anything else. */
    @JsonCreator
    public static ParameterType parse(String text) {
        if (text != null) {
            for (ParameterType t : values()) {
                if (t.name().equalsIgnoreCase(text.strip())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("type must be one of string, integer, number, boolean, enum, list, object");
    }
}
