/**
 * The Microsoft Entra adapter of the {@link dev.familiar.server.directory.Directory} port: Microsoft Graph (SDK v6,
 * kiota) authenticated by msal4j's client-credentials flow. The only package that knows the Graph SDK, kiota and the
 * confidential msal4j client; see docs/directory/graph-adapter.md.
 */
package dev.familiar.server.directory.graph;
