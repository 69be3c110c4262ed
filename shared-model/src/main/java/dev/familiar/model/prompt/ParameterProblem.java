package dev.familiar.model.prompt;

/**
 * Why a value (or a schema entry, or a placeholder) is not acceptable.
 *
 * @param parameter the parameter or placeholder concerned
 * @param problem   {@code MISSING}, {@code UNKNOWN}, {@code WRONG_TYPE}, {@code NOT_ALLOWED} (not one of an enum's
 *                  values), {@code UNDECLARED_PLACEHOLDER}, {@code INVALID} (a schema entry)
 * @param message   one sentence naming the parameter and what was expected
 */
public record ParameterProblem(String parameter, String problem, String message) {
}
