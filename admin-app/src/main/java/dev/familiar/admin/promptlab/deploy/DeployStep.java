package dev.familiar.admin.promptlab.deploy;

/** One step of a deployment to the team server, as the dialog lists it. */
public record DeployStep(String title, State state, String message) {

    /** Where the step is. */
    public enum State { WAITING, RUNNING, DONE, FAILED, SKIPPED }

    DeployStep with(State next, String text) {
        return new DeployStep(title, next, text == null ? "" : text);
    }

    /** "Export from this server: done, 4 versions". */
    public String text() {
        String state = switch (this.state) {
            case WAITING -> "waiting";
            case RUNNING -> "running…";
            case DONE -> "done";
            case FAILED -> "FAILED";
            case SKIPPED -> "not run";
        };
        return title + ": " + state + (message.isEmpty() ? "" : ", " + message);
    }
}
