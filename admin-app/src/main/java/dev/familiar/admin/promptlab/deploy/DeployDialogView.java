package dev.familiar.admin.promptlab.deploy;

import atlantafx.base.theme.Styles;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The deploy dialog: target (this server or the team server), major, the computed classification (and for a MAJOR
 * change its breaking differences and "Publish as new major"), the approval rule, the team deployment's steps, the
 * result. It stays open after deploying so the result can be read; Close ends it (and the team connection). Ids for
 * tests: {@code #deployTargetThis}, {@code #deployTargetTeam}, {@code #deployTarget}, {@code #deployMajor},
 * {@code #deployClassification}, {@code #deployChanges}, {@code #deployBreaking}, {@code #deployNewMajor},
 * {@code #deployApproval}, {@code #deploySteps}, {@code #deployButton}, {@code #deployResult}, {@code #deployProblem}.
 */
final class DeployDialogView {
    private final DeployViewModel viewModel;
    private final Dialog<Boolean> dialog = new Dialog<>();
    private boolean syncing;

    DeployDialogView(DeployViewModel viewModel, Window owner) {
        this.viewModel = viewModel;
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(viewModel.title());
        dialog.setHeaderText(viewModel.title());
        dialog.getDialogPane().setId("deployDialog");
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        dialog.getDialogPane().setContent(content());
        dialog.setResizable(true);
        dialog.setResultConverter(button -> !viewModel.resultStatusProperty().get().isEmpty());
        dialog.setOnHidden(event -> viewModel.close());
    }

    Optional<Boolean> showAndWait() {
        viewModel.open();
        return dialog.showAndWait();
    }

    private VBox content() {
        ToggleGroup targets = new ToggleGroup();
        ToggleButton thisServer = new ToggleButton("This server");
        thisServer.setId("deployTargetThis");
        thisServer.setToggleGroup(targets);
        ToggleButton teamServer = new ToggleButton("Team server…");
        teamServer.setId("deployTargetTeam");
        teamServer.setToggleGroup(targets);
        thisServer.setOnAction(event -> {
            viewModel.useThisServer();
            syncTarget(thisServer, teamServer);
        });
        teamServer.setOnAction(event -> {
            viewModel.useTeamServer();
            syncTarget(thisServer, teamServer);
        });
        viewModel.targetProperty().addListener((obs, old, now) -> syncTarget(thisServer, teamServer));
        syncTarget(thisServer, teamServer);
        Label target = new Label();
        target.setId("deployTarget");
        target.textProperty().bind(viewModel.targetTextProperty());
        target.getStyleClass().add(Styles.TEXT_MUTED);

        ComboBox<MajorChoice> major = new ComboBox<>(viewModel.majors());
        major.setId("deployMajor");
        major.setPromptText("Major");
        viewModel.selectedMajorProperty().addListener((obs, old, now) -> {
            syncing = true;
            major.setValue(now);
            syncing = false;
        });
        major.valueProperty().addListener((obs, old, now) -> {
            if (!syncing && now != null && !now.equals(viewModel.selectedMajorProperty().get())) {
                viewModel.selectMajor(now);
            }
        });

        Label classification = wrapped("deployClassification");
        classification.textProperty().bind(viewModel.classificationTextProperty());
        ListView<String> changes = list("deployChanges", viewModel.changes(), 3);
        ListView<String> breaking = list("deployBreaking", viewModel.breaking(), 4);
        breaking.getStyleClass().add(Styles.DANGER);
        Button newMajor = new Button();
        newMajor.setId("deployNewMajor");
        newMajor.textProperty().bind(viewModel.newMajorTextProperty());
        newMajor.visibleProperty().bind(viewModel.newMajorOfferedProperty());
        newMajor.managedProperty().bind(newMajor.visibleProperty());
        newMajor.setOnAction(event -> viewModel.publishAsNewMajor());

        Label approval = wrapped("deployApproval");
        approval.textProperty().bind(viewModel.approvalTextProperty());
        ListView<DeployStep> steps = new ListView<>(viewModel.steps());
        steps.setId("deploySteps");
        steps.setPrefHeight(110);
        steps.setCellFactory(view -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(DeployStep step, boolean empty) {
                super.updateItem(step, empty);
                setText(empty || step == null ? null : step.text());
                getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
                if (!empty && step != null && step.state() == DeployStep.State.FAILED) {
                    getStyleClass().add(Styles.DANGER);
                }
            }
        });
        hideWhenEmpty(steps, viewModel.steps());

        Button deploy = new Button();
        deploy.setId("deployButton");
        deploy.getStyleClass().add(Styles.ACCENT);
        deploy.textProperty().bind(viewModel.deployTextProperty());
        deploy.disableProperty().bind(viewModel.canDeployProperty().not().or(viewModel.workingProperty()));
        deploy.setOnAction(event -> viewModel.deploy());
        Label result = wrapped("deployResult");
        result.textProperty().bind(viewModel.resultTextProperty());
        result.getStyleClass().add(Styles.SUCCESS);
        Label problem = wrapped("deployProblem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.getStyleClass().add(Styles.DANGER);

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Deploy to"), new HBox(6, thisServer, teamServer, target));
        form.addRow(1, new Label("As"), major);
        VBox box = new VBox(10, form, classification, changes, breaking, newMajor, approval, steps,
                new HBox(10, deploy), result, problem);
        box.setPadding(new Insets(4));
        box.setPrefWidth(640);
        return box;
    }

    private void syncTarget(ToggleButton thisServer, ToggleButton teamServer) {
        boolean team = viewModel.targetProperty().get() == DeployViewModel.Target.TEAM_SERVER;
        thisServer.setSelected(!team);
        teamServer.setSelected(team);
    }

    private static Label wrapped(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMaxWidth(620);
        return label;
    }

    private static ListView<String> list(String id, javafx.collections.ObservableList<String> items, int rows) {
        ListView<String> view = new ListView<>(items);
        view.setId(id);
        view.setPrefHeight(rows * 26 + 4);
        hideWhenEmpty(view, items);
        return view;
    }

    private static void hideWhenEmpty(javafx.scene.Node node, javafx.collections.ObservableList<?> items) {
        node.visibleProperty().bind(Bindings.isNotEmpty(items));
        node.managedProperty().bind(node.visibleProperty());
    }
}
