package dev.familiar.admin.promptlab;

import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.util.Arrays;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One editable row of the parameter schema table: what the operator types in each cell, and the problem the schema
 * check found with this parameter (empty when none). {@link #toParameter()} turns the row into the contract's
 * {@link PromptParameter}; the default is read as a value of the row's type ({@link Json#parse}). UI thread only.
 */
public final class ParameterRowViewModel {
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<ParameterType> type = new SimpleObjectProperty<>(ParameterType.STRING);
    private final BooleanProperty required = new SimpleBooleanProperty(true);
    private final StringProperty defaultText = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty valuesText = new SimpleStringProperty("");
    private final ObjectProperty<ParameterType> items = new SimpleObjectProperty<>();
    private final StringProperty problem = new SimpleStringProperty("");

    public ParameterRowViewModel(String name, ParameterType type, boolean required) {
        this.name.set(name);
        this.type.set(type);
        this.required.set(required);
    }

    /** A row showing {@code parameter}. */
    public static ParameterRowViewModel of(PromptParameter parameter) {
        ParameterRowViewModel row = new ParameterRowViewModel(parameter.name(), parameter.type(), parameter.required());
        row.defaultText.set(Json.text(parameter.defaultValue()));
        row.description.set(parameter.description() == null ? "" : parameter.description());
        row.valuesText.set(parameter.values() == null ? "" : String.join(", ", parameter.values()));
        row.items.set(parameter.items());
        return row;
    }

    /** The parameter as the row says now: enum values only for an enum, the item type only for a list. */
    public PromptParameter toParameter() {
        ParameterType t = type.get();
        List<String> values = t == ParameterType.ENUM ? Arrays.stream(valuesText.get().split(","))
                .map(String::strip).filter(v -> !v.isEmpty()).toList() : null;
        return new PromptParameter(name.get() == null ? "" : name.get().strip(), t, required.get(),
                Json.parse(t, defaultText.get()).orElse(null),
                description.get() == null || description.get().isBlank() ? null : description.get().strip(),
                values, t == ParameterType.LIST ? items.get() : null);
    }

    /** The properties whose change changes the schema (the editor re-checks on each). */
    Observable[] observables() {
        return new Observable[] {name, type, required, defaultText, description, valuesText, items};
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<ParameterType> typeProperty() {
        return type;
    }

    public BooleanProperty requiredProperty() {
        return required;
    }

    public StringProperty defaultTextProperty() {
        return defaultText;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    /** An enum's values, comma-separated. */
    public StringProperty valuesTextProperty() {
        return valuesText;
    }

    /** A list's element type; null: any JSON value. */
    public ObjectProperty<ParameterType> itemsProperty() {
        return items;
    }

    /** What the schema check (or the server) says is wrong with this parameter; empty when nothing. */
    public StringProperty problemProperty() {
        return problem;
    }
}
