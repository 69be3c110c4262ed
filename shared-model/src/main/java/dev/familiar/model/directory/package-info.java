/**
 * The directory area ({@code /api/admin/directory}): groups of Microsoft Entra (or of the local directory when no
 * Entra tenant is configured), their members, the directory's users, and which groups grant which roles. Also the
 * console's Entra sign-in ({@code /api/auth/entra}).
 */
package dev.familiar.model.directory;
