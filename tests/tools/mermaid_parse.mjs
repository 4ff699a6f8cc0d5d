// Parse Mermaid files with Mermaid's own parser, in node, with jsdom as the DOM it expects.
// Usage: node mermaid_parse.mjs FILE...  →  one JSON object: file → {ok, vertices, edges} or
// {ok: false, error}. Run from a folder whose node_modules hold mermaid and jsdom.
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";

const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

const results = {};
for (const file of process.argv.slice(2)) {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(readFileSync(file, "utf8"));
    results[file] = {
      ok: true,
      vertices: [...diagram.db.getVertices().keys()],
      edges: diagram.db.getEdges().length,
    };
  } catch (error) {
    results[file] = { ok: false, error: String(error?.message ?? error).split("\n")[0] };
  }
}
console.log(JSON.stringify(results));
