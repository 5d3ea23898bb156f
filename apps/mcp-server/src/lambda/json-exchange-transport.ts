import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
  type RequestInfo,
} from '@modelcontextprotocol/sdk/types.js';

/** What the HTTP response carries: a status and, unless it is 202, a JSON body. */
export interface ExchangeResult {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * An SDK `Transport` for one stateless Streamable HTTP POST answered with a JSON body (MCP
 * 2025-06-18 "Streamable HTTP": a request gets `application/json` with its response, a
 * notification or response gets 202 Accepted), the way the SDK's
 * `WebStandardStreamableHTTPServerTransport` answers with `sessionIdGenerator: undefined` and
 * `enableJsonResponse: true`, minus the Fetch API objects: building a `Request`, `Headers` or
 * `Response` makes Node load its fetch implementation (undici), ~12 MiB and most of a cold
 * start's first request. The handler checks method, media types, body size, JSON, batches and
 * the JSON-RPC shape before the message gets here, as it did before the SDK transport.
 */
export class JsonExchangeTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  private awaiting?: { readonly id: RequestId; readonly resolve: (message: JSONRPCMessage) => void };
  private used = false;

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.awaiting = undefined;
    this.onclose?.();
  }

  /**
   * Delivers the server's response to the pending request. Anything else the server sends while
   * answering (progress or log notifications, requests to the client) has no channel in a JSON
   * response and is dropped, as the SDK's transport drops it in JSON response mode.
   */
  async send(message: JSONRPCMessage): Promise<void> {
    const pending = this.awaiting;
    if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && pending && message.id === pending.id) {
      this.awaiting = undefined;
      pending.resolve(message);
    }
  }

  /**
   * Hands `message` (one validated JSON-RPC message) to the connected server and returns the HTTP
   * answer. `protocolVersion` is the `MCP-Protocol-Version` header (null when absent): on any
   * message but `initialize` an unsupported one is refused with 400, as the SDK's transport does.
   * One exchange per transport: each request gets a fresh server and transport.
   */
  async exchange(message: JSONRPCMessage, requestInfo: RequestInfo, protocolVersion: string | null): Promise<ExchangeResult> {
    if (this.used) throw new Error('JsonExchangeTransport handles one request; create one per request');
    this.used = true;
    if (!isInitializeRequest(message) && protocolVersion !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersion)) {
      const text =
        `Bad Request: Unsupported protocol version: ${protocolVersion} ` +
        `(supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`;
      this.onerror?.(new Error(text));
      return { status: 400, body: { jsonrpc: '2.0', error: { code: -32000, message: text }, id: null } };
    }
    if (!isJSONRPCRequest(message)) {
      this.onmessage?.(message, { requestInfo });
      return { status: 202 };
    }
    const response = new Promise<JSONRPCMessage>((resolve) => {
      this.awaiting = { id: message.id, resolve };
    });
    this.onmessage?.(message, { requestInfo });
    return { status: 200, body: await response };
  }
}
