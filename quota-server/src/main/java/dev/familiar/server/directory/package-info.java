/**
 * The directory: groups and their members, in Microsoft Entra (the {@code graph} adapter, over Microsoft Graph with
 * msal4j's client credentials) or in our own database over our own accounts (the {@code local} adapter, a visible
 * dry-run and the default with no Entra settings). {@link dev.familiar.server.directory.Directory} is the port both
 * implement with the same behaviour and errors; {@code admin} serves {@code /api/admin/directory}, {@code access}
 * turns group memberships into roles, {@code signin} exchanges an Entra ID token for our access token,
 * {@code provisioning} adds a plan's subscribers to the plan's group.
 */
package dev.familiar.server.directory;
