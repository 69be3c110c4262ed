/**
 * The directory's admin API ({@code /api/admin/directory/groups…} and {@code /users}, ADMIN): groups, their members
 * and the directory's people over the {@link dev.familiar.server.directory.Directory} port, whichever adapter is
 * live. {@link dev.familiar.server.directory.admin.DirectoryAdministration} holds the use cases (sealed outcomes,
 * audited writes), {@link dev.familiar.server.directory.admin.DirectoryAdminRoutes} checks input and maps outcomes to
 * HTTP.
 */
package dev.familiar.server.directory.admin;
