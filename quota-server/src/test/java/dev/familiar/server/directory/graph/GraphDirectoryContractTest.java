package dev.familiar.server.directory.graph;

import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryContract;
import dev.familiar.server.directory.Person;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The directory contract on the Graph adapter: {@link GraphDirectory} opened through msal4j against the local token
 * endpoint, talking to {@link FakeGraph}. People are made in the fake tenant, as an Entra administrator would.
 */
class GraphDirectoryContractTest extends DirectoryContract {
    private GraphRig rig;
    private GraphDirectory directory;

    @BeforeEach
    void start() throws Exception {
        rig = new GraphRig();
        directory = rig.open();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Override
    protected Directory directory() {
        return directory;
    }

    @Override
    protected Person createUser(String name) throws Exception {
        FakeGraph.FakeUser user = rig.graph.addUser(name, name + "@contoso.test");
        return directory.userById(user.id()).orElseThrow();
    }

    @Override
    protected String unknownUserId() {
        return UUID.randomUUID().toString();
    }

    @Override
    protected String unknownGroupId() {
        return UUID.randomUUID().toString();
    }
}
