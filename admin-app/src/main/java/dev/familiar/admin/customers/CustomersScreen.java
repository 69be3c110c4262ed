package dev.familiar.admin.customers;

import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import dev.familiar.admin.screens.ScreenContext;
import dev.familiar.model.client.FamiliarClient;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;

/**
 * The Customers area: {@code customers} is the searchable list, {@code customers/{orgId}} one organisation's page.
 * Both parts share the screen's task scope, so leaving the area cancels whatever either was loading.
 */
public final class CustomersScreen implements Screen {
    public static final String ID = "customers";

    private final CustomersViewModel list;
    private final CustomerDetailViewModel detail;
    private CustomersListView listView;
    private CustomerDetailView detailView;
    private StackPane view;

    public CustomersScreen(CustomersViewModel list, CustomerDetailViewModel detail) {
        this.list = list;
        this.detail = detail;
    }

    /** The screen over the session's current client ({@code adapter}: {@code ClientCustomersApi::new}). */
    public static CustomersScreen create(ScreenContext context, Function<FamiliarClient, CustomersApi> adapter,
                                         UrlOpener opener) {
        var api = context.session().api(adapter);
        return new CustomersScreen(
                new CustomersViewModel(api, context.tasks(), context.dialogs(), context.navigator(), SearchDelay.REAL),
                new CustomerDetailViewModel(api, context.tasks(), context.dialogs(), context.navigator(), opener));
    }

    @Override
    public Node view() {
        if (view == null) {
            listView = new CustomersListView(list);
            detailView = new CustomerDetailView(detail);
            view = new StackPane(listView.node(), detailView.node());
            view.setId("customersScreen");
            showList(true);
        }
        return view;
    }

    @Override
    public void show(Place place) {
        view();
        String orgId = place.arg(0);
        if (orgId == null) {
            showList(true);
            list.load();
        } else {
            showList(false);
            detail.load(orgId);
        }
    }

    @Override
    public void focusSearch() {
        view();
        showList(true);
        listView.focusSearch();
    }

    private void showList(boolean listShown) {
        listView.node().setVisible(listShown);
        detailView.node().setVisible(!listShown);
    }
}
