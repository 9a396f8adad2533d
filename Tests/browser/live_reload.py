#!/usr/bin/python3
"""A real browser against `versus serve`: headless Chromium (Debian's chromium + chromium-driver,
python3-selenium) opens a served comparison page; the test edits its document and sees the new text
without reloading by hand, breaks it and sees the error overlay with file:line:col, fixes it and
sees the page again. Then SIGINT stops the server cleanly, leaving no file behind.

Usage: Tests/browser/live_reload.py [path/to/versus]   (default .build/debug/versus)
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERSUS = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPOSITORY, ".build/debug/versus"))
# Bounds for waiting on the browser: a failure, not a measurement.
WAIT_SECONDS = 20


def document(alpha_speed):
    return f"""# Alpha vs Beta

## Key Differences

### Speed

- **Alpha**: {alpha_speed}
- **Beta**: slow

### Price

- **Alpha**: free
- **Beta**: paid
"""


BROKEN = "---\ntitle: [unclosed\n---\n# Alpha vs Beta\n"


def listing(root):
    return sorted(os.path.relpath(os.path.join(folder, name), root)
                  for folder, folders, files in os.walk(root) for name in folders + files)


def main():
    results = []

    def check(name, condition):
        results.append((name, bool(condition)))
        print(("ok   " if condition else "FAIL ") + name, flush=True)

    project = tempfile.mkdtemp(prefix="versus-browser-")
    shutil.copytree(os.path.join(REPOSITORY, "templates"), os.path.join(project, "templates"))
    os.makedirs(os.path.join(project, "content"))
    page_source = os.path.join(project, "content", "alpha-vs-beta.md")

    def write(text):
        with open(page_source, "w", encoding="utf-8") as handle:
            handle.write(text)

    write(document("quick"))
    before = listing(project)
    server = subprocess.Popen([VERSUS, "serve", "--port", "0"], cwd=project, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    url = None
    for line in server.stdout:
        match = re.search(r"serving (http://\S+)", line)
        if match:
            url = match.group(1)
            break
    # Keep draining stdout so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    check("the server prints its URL", url)

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # A page caught mid-reload has no body for a moment (stale element): ask again.
    wait = WebDriverWait(browser, WAIT_SECONDS, ignored_exceptions=(WebDriverException,))

    def waits_for(condition):
        try:
            wait.until(lambda _: condition())
            return True
        except TimeoutException:
            return False

    def body_text():
        return browser.find_element(By.TAG_NAME, "body").text

    def overlay():
        found = browser.find_elements(By.ID, "versus-errors")
        return found[0].text if found else None

    try:
        browser.get(url + "compare/alpha-vs-beta/")
        check("the comparison page is served", "quick" in body_text())
        # No race with the edit below: when the stream opens, its first event makes the page compare
        # its tag with the server's, so a change made before then still reloads it.
        check("the page carries the reload script", browser.execute_script(
            "return document.querySelector('script[src=\"/__versus/live.js\"]') !== null"))

        write(document("blazing fast after an edit"))
        check("an edit shows without a manual reload", waits_for(lambda: "blazing fast after an edit" in body_text()))

        write(BROKEN)
        check("a broken document shows the overlay",
              waits_for(lambda: overlay() is not None and "content/alpha-vs-beta.md:" in overlay()))
        text = overlay() or ""
        check("the overlay gives file:line:col", re.search(r"content/alpha-vs-beta\.md:\d+:\d+: error:", text))
        check("the last good page stays under the overlay", "blazing fast after an edit" in body_text())

        write(document("fixed and back"))
        check("fixing the document removes the overlay and shows the page",
              waits_for(lambda: overlay() is None and "fixed and back" in body_text()))
    finally:
        browser.quit()
        server.send_signal(signal.SIGINT)
        try:
            status = server.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            status = "killed"
        check("SIGINT stops the server with status 0", status == 0)
        check("the server left no file behind", listing(project) == before)
        shutil.rmtree(project, ignore_errors=True)

    passed = sum(1 for _, ok in results if ok)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
