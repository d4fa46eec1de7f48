import { render } from "preact";

import { App } from "./app";
import type { Backend } from "./backend";
import { inTauri, tauriBackend } from "./tauri-backend";
import "./style.css";

async function pickBackend(): Promise<Backend> {
  if (inTauri()) return tauriBackend();
  // In a plain browser (UI tests, screen design): the in-memory double, optionally with a week of
  // data. Loaded only here, so the app itself never loads the test double.
  const { MemoryBackend } = await import("./memory-backend");
  const memory = new MemoryBackend();
  if (new URLSearchParams(window.location.search).has("seed")) memory.seed();
  (window as unknown as { stintMemory: unknown }).stintMemory = memory;
  return memory;
}

void pickBackend().then((backend) => render(<App backend={backend} />, document.getElementById("app")!));
