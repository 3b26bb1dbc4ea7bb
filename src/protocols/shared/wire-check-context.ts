/** What the request asked for: the wire checks judge the response against it. */
export interface WireCheckContext {
  stream: boolean;
  toolsOffered: boolean;
  usageRequested: boolean;
}
