package dev.familiar.model.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One row of a data set: an optional label and the parameter values. */
public record DataSetRow(String label, ObjectNode values) {
}
