import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { preloadSection } from "./shell/Shell.js";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
// The screen being opened downloads while the session is read, rather than after.
const screen = preloadSection(window.location.pathname);
createRoot(root).render(
  <StrictMode>
    <App screen={screen} />
  </StrictMode>,
);
