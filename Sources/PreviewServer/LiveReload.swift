import Diagnostics
import Foundation

/// The few lines that make an open page follow the site: served only by `versus serve`, added only to
/// the pages it serves (never to what `versus build` writes).
///
/// The page listens to one server-sent-event stream. Each event is the server's state: the errors of
/// the last build (shown as an overlay over the page; none removes it) and, after every build, the
/// page asks for its own headers and reloads when its tag changed, keeping its scroll position.
/// Pages that did not change stay as they are.
public enum LiveReload {
    /// Below every base path, so no site file can take these names.
    public static let scriptPath = "/__versus/live.js"
    public static let eventsPath = "/__versus/events"

    /// Before the last `</body>` (any case), else at the end. The tag is quoted hex and a dash, safe
    /// inside single quotes.
    static func inject(into page: [UInt8], entityTag: String, draft: Bool = false) -> [UInt8] {
        let tag = Array("<script src=\"\(scriptPath)\" data-etag='\(entityTag)'\(draft ? " data-draft" : "")></script>".utf8)
        let closing = Array("</body>".utf8)
        var index = page.count - closing.count
        while index >= 0 {
            if page[index] == UInt8(ascii: "<"),
               zip(page[index..<(index + closing.count)], closing).allSatisfy({ lowercased($0) == $1 }) {
                return Array(page[..<index]) + tag + Array(page[index...])
            }
            index -= 1
        }
        return page + tag
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// One event of the stream: the state of the site as JSON (`generation`, `errors` as printed lines).
    static func event(for site: ServedSite) -> [UInt8] {
        struct State: Encodable {
            var generation: Int
            var errors: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let state = State(generation: site.generation, errors: site.errors.map(\.formatted))
        let json = (try? encoder.encode(state)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // JSON from the encoder holds no raw newline, so it is one `data:` line.
        return Array("event: site\ndata: \(json)\n\n".utf8)
    }

    /// The script. It builds the overlay with DOM calls and `textContent` only: a diagnostic quoting
    /// hostile Markdown never becomes markup.
    static let script = #"""
    (() => {
      "use strict";
      const tag = document.currentScript && document.currentScript.dataset.etag;
      const key = "versus-scroll:" + location.pathname;
      const saved = sessionStorage.getItem(key);
      if (saved !== null) {
        sessionStorage.removeItem(key);
        addEventListener("load", () => scrollTo(0, Number(saved)));
      }
      if (document.currentScript && "draft" in document.currentScript.dataset) {
        const banner = document.createElement("div");
        banner.id = "versus-draft";
        banner.textContent = "Draft: shown by versus serve --drafts, left out of versus build";
        banner.style.cssText = "position:sticky;top:0;z-index:2147483646;padding:.4em 1em;" +
          "background:#ffd34d;color:#000;font:bold 14px/1.4 sans-serif;text-align:center";
        document.body.prepend(banner);
      }
      let overlay = null;
      function showErrors(errors) {
        if (overlay) { overlay.remove(); overlay = null; }
        if (!errors.length) return;
        overlay = document.createElement("div");
        overlay.id = "versus-errors";
        overlay.setAttribute("role", "alert");
        overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2em;" +
          "background:rgba(24,24,24,.95);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap";
        const heading = document.createElement("h2");
        heading.textContent = "versus: the site does not build (" + errors.length + " error" +
          (errors.length === 1 ? "" : "s") + "); the page shows the last good build";
        overlay.append(heading);
        for (const error of errors) {
          const line = document.createElement("p");
          line.className = "versus-error";
          line.textContent = error;
          overlay.append(line);
        }
        document.body.append(overlay);
      }
      const events = new EventSource("\#(eventsPath)");
      events.addEventListener("site", async (message) => {
        const state = JSON.parse(message.data);
        showErrors(state.errors);
        if (state.errors.length) return;
        try {
          const response = await fetch(location.href, { method: "HEAD", cache: "no-store" });
          if (response.headers.get("ETag") !== tag) {
            sessionStorage.setItem(key, String(scrollY));
            location.reload();
          }
        } catch (_) { /* the server is restarting: the stream reconnects by itself */ }
      });
    })();

    """#
}
