import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { Root } from "./root";

// react-aria puts a <style> element in the page for [data-react-aria-pressable] unless an
// element with this id is already there. The gateway's CSP forbids inline styles, so the rule
// is in styles.css and this marker says so (else the browser blocks it and logs a violation).
const pressableStyle = document.createElement("meta");
pressableStyle.id = "react-aria-pressable-style";
pressableStyle.name = "react-aria-pressable-style";
pressableStyle.content = "styles.css";
document.head.append(pressableStyle);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
