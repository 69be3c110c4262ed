package dev.familiar.admin.promptlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One field of the data form, generated from a parameter: its typed input (text, or the box of a boolean) and the
 * problem the schema's check found with its value. An empty text is "not given" (the default applies, or the check
 * says MISSING), never an empty string sent on the operator's behalf. UI thread only.
 */
public final class DataFieldViewModel {
    private final PromptParameter parameter;
    private final StringProperty text = new SimpleStringProperty("");
    private final BooleanProperty checked = new SimpleBooleanProperty(false);
    private final StringProperty problem = new SimpleStringProperty("");

    public DataFieldViewModel(PromptParameter parameter) {
        this.parameter = parameter;
        show(parameter.defaultValue());
    }

    public PromptParameter parameter() {
        return parameter;
    }

    public String name() {
        return parameter.name();
    }

    public ParameterType type() {
        return parameter.type() == null ? ParameterType.STRING : parameter.type();
    }

    /** "tone (enum, optional)". */
    public String label() {
        return name() + " (" + type().json() + (parameter.required() ? "" : ", optional") + ")";
    }

    /** The parameter's description, and its default for an optional one. */
    public String hint() {
        String description = parameter.description() == null ? "" : parameter.description();
        if (!parameter.required() && parameter.defaultValue() != null) {
            description = (description.isEmpty() ? "" : description + " · ") + "default "
                    + Json.text(parameter.defaultValue());
        }
        return description;
    }

    /** An enum's values (empty for other types). */
    public List<String> choices() {
        return parameter.values() == null ? List.of() : parameter.values();
    }

    /** The value entered, or empty when the field is left empty (a boolean is always given). */
    public Optional<JsonNode> value() {
        if (type() == ParameterType.BOOLEAN) {
            return Optional.of(Json.NODES.booleanNode(checked.get()));
        }
        return Json.parse(type(), text.get());
    }

    /** A problem the form sees before the schema does: a list or object that is not JSON. */
    Optional<String> localProblem() {
        String t = text.get();
        if ((type() == ParameterType.LIST || type() == ParameterType.OBJECT) && t != null && !t.isBlank()
                && !Json.isJson(t)) {
            return Optional.of(name() + " is not valid JSON");
        }
        return Optional.empty();
    }

    /** Shows {@code value} (from a data-set row, or the default); null empties the field. */
    public void show(JsonNode value) {
        if (type() == ParameterType.BOOLEAN) {
            checked.set(value != null && value.asBoolean(false));
        } else {
            text.set(Json.text(value));
        }
    }

    Observable[] observables() {
        return new Observable[] {text, checked};
    }

    public StringProperty textProperty() {
        return text;
    }

    public BooleanProperty checkedProperty() {
        return checked;
    }

    public StringProperty problemProperty() {
        return problem;
    }
}
