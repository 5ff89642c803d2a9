import { type Server } from 'node:http';
export interface RendererSite {
    readonly url: string;
    /** The agent bundle's source, for page.addInitScript when the page does not load it itself. */
    readonly fakeAgentScript: string;
    /** The HTTP server, for attaching the bridge's WebSocket to the same origin. */
    readonly server: Server;
    close(): Promise<void>;
}
/**
 * `agentEntry` picks the window.agent the page gets: the in-memory fake (default,
 * injected by the test) or the bridge (`loadAgentInPage`: index.html loads /agent.js first).
 */
export declare function serveRenderer(options?: {
    agentEntry?: string;
    loadAgentInPage?: boolean;
}): Promise<RendererSite>;
