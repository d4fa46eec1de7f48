import { render } from "preact";

import { App } from "./app";
import type { Backend } from "./backend";
import { MemoryBackend } from "./memory-backend";
import { inTauri, tauriBackend } from "./tauri-backend";
import "./style.css";

function pickBackend(): Backend {
  if (inTauri()) return tauriBackend();
  // In a plain browser (UI tests, screen design): the in-memory double, optionally with a week of data.
  const memory = new MemoryBackend();
  if (new URLSearchParams(window.location.search).has("seed")) memory.seed();
  (window as unknown as { stintMemory: MemoryBackend }).stintMemory = memory;
  return memory;
}

render(<App backend={pickBackend()} />, document.getElementById("app")!);
