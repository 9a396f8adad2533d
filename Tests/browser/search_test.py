#!/usr/bin/python3
"""Browser test of the quick find in the default theme (issue 15).

Builds the default site (content/ with templates/) with a Versus binary, serves it over HTTP on a
loopback port, and drives headless Chromium through Selenium: types queries into the header's
search box, checks the results that appear, follows one, and checks the search page and that the
page works without JavaScript (the form leads to search/, which links the A-Z lists).

Usage: Tests/browser/search_test.py [--versus PATH]   (default: .build/debug/versus)
Needs Debian's chromium, chromium-driver and python3-selenium; run with /usr/bin/python3.
Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WAIT = 10  # seconds: a generous ceiling for a loaded CI machine, not a speed assertion


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_site(versus, output, site_yml=None):
    """Builds the default site into output; Versus reads site.yml from its working folder."""
    folder = os.path.dirname(output)
    if site_yml is not None:
        with open(os.path.join(folder, "site.yml"), "w") as handle:
            handle.write(site_yml)
    result = subprocess.run([versus, "build", "--content", os.path.join(REPO, "content"),
                             "--templates", os.path.join(REPO, "templates"), "--output", output, "--force"],
                            capture_output=True, text=True, cwd=folder)
    if result.returncode != 0:
        sys.exit("versus build failed:\n" + result.stderr)
    return result.stderr


def serve(folder):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def results_for(driver, form_selector, query):
    """Types the query into the form's box and returns the result titles once they settle."""
    box = driver.find_element(By.CSS_SELECTOR, form_selector + " input[type=search]")
    box.clear()
    box.send_keys(query)
    status = driver.find_element(By.CSS_SELECTOR, form_selector + " .search-status")
    WebDriverWait(driver, WAIT).until(lambda d: status.get_attribute("textContent").strip() != "")
    items = driver.find_elements(By.CSS_SELECTOR, form_selector + " .search-results .search-result-title")
    return [item.get_attribute("textContent") for item in items]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--versus", default=os.path.join(REPO, ".build/debug/versus"))
    args = parser.parse_args()
    # Versus runs in a temporary folder (it reads site.yml from its working folder).
    args.versus = os.path.abspath(args.versus)
    site = tempfile.mkdtemp(prefix="versus-browser-")
    output = os.path.join(site, "_site")
    build_site(args.versus, output)
    server, base = serve(output)
    driver = browser()
    try:
        driver.get(base + "compare/azure-ml-vs-cognitive-services/")
        box = "form.quick-find"
        # Either order, with or without "vs", finds the comparison of the two.
        for query in ["sqlite vs postgres", "postgres sqlite", "SQLite and PostgreSQL"]:
            titles = results_for(driver, box, query)
            check(titles[:1] == ["PostgreSQL vs MySQL vs SQLite"], "%r -> %r" % (query, titles))
        # An alias finds its subject; accents fold.
        titles = results_for(driver, box, "azure ml")
        check(titles[:1] == ["Azure Machine Learning"], "'azure ml' -> %r" % titles)
        titles = results_for(driver, box, "differences cles")
        check("Différences clés entre SQLite et DuckDB" in titles, "'differences cles' -> %r" % titles)
        titles = results_for(driver, box, "qqqq nothing")
        check(titles == [], "'qqqq nothing' finds nothing")

        # Follow a result: the link leads to the comparison page.
        results_for(driver, box, "postgres sqlite")
        first = driver.find_element(By.CSS_SELECTOR, box + " .search-results a")
        first.click()
        WebDriverWait(driver, WAIT).until(EC.url_contains("compare/postgresql-vs-mysql-vs-sqlite/"))
        heading = driver.find_element(By.TAG_NAME, "h1").text
        check(heading == "PostgreSQL vs MySQL vs SQLite", "following the first result opens %r" % heading)

        # Enter in the header box goes to the first result too.
        box_input = driver.find_element(By.CSS_SELECTOR, box + " input[type=search]")
        results_for(driver, box, "sagemaker")
        box_input.send_keys(Keys.ENTER)
        WebDriverWait(driver, WAIT).until(EC.url_contains("subjects/amazon-sagemaker/"))
        check(True, "Enter opens the first result (subjects/amazon-sagemaker/)")

        # The search page answers ?q= and lists the results.
        driver.get(base + "search/?q=mysql")
        page_form = "form.search-form"
        WebDriverWait(driver, WAIT).until(
            lambda d: d.find_element(By.CSS_SELECTOR, page_form + " .search-status").get_attribute("textContent").strip() != "")
        titles = [e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, page_form + " .search-result-title")]
        check(titles[:2] == ["MySQL", "PostgreSQL vs MySQL vs SQLite"], "search/?q=mysql -> %r" % titles)
    finally:
        driver.quit()

    # Without JavaScript the header's box submits to search/, which links the A-Z lists.
    driver = browser(javascript=False)
    try:
        driver.get(base)
        box_input = driver.find_element(By.CSS_SELECTOR, "form.quick-find input[type=search]")
        box_input.send_keys("sqlite")
        box_input.send_keys(Keys.ENTER)
        WebDriverWait(driver, WAIT).until(EC.url_contains("search/?q=sqlite"))
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".browse-links a")]
        check(any(l.endswith("browse/comparisons/") for l in links) and any(l.endswith("browse/subjects/") for l in links),
              "without JavaScript, search/ links the A-Z lists: %r" % links)
        driver.find_element(By.CSS_SELECTOR, ".browse-links a").click()
        WebDriverWait(driver, WAIT).until(EC.url_contains("browse/comparisons/"))
        items = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".browse-list > li > a")]
        check("PostgreSQL vs MySQL vs SQLite" in items, "the A-Z list of comparisons: %r" % items)
    finally:
        driver.quit()
        server.shutdown()
        shutil.rmtree(site, ignore_errors=True)

    full_text(args.versus)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("browser test of the quick find: all checks passed")
    return 0


def full_text(versus):
    """`search: full`: Pagefind's UI on the search page finds text inside the comparisons. Skipped
    (not failed) when Pagefind is not installed: `pip install 'pagefind[bin]'`."""
    site = tempfile.mkdtemp(prefix="versus-browser-full-")
    output = os.path.join(site, "_site")
    try:
        messages = build_site(versus, output, site_yml="search: full\n")
        if not os.path.exists(os.path.join(output, "pagefind", "pagefind-ui.js")):
            print("skip full-text search: Pagefind is not installed (%s)" % messages.strip().splitlines()[-1:])
            return
        server, base = serve(output)
        driver = browser()
        try:
            driver.get(base + "search/")
            box = WebDriverWait(driver, WAIT).until(
                EC.presence_of_element_located((By.CSS_SELECTOR, "#pagefind-search input")))
            box.send_keys("single file")
            WebDriverWait(driver, WAIT).until(
                EC.presence_of_element_located((By.CSS_SELECTOR, "#pagefind-search .pagefind-ui__result-link")))
            titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#pagefind-search .pagefind-ui__result-link")]
            check(any("SQLite" in t for t in titles), "full text 'single file' -> %r" % titles)
            filters = driver.find_elements(By.CSS_SELECTOR, "#pagefind-search .pagefind-ui__filter-name")
            check(any("subject" in f.get_attribute("textContent").lower() for f in filters),
                  "Pagefind shows the subject filter")
        finally:
            driver.quit()
            server.shutdown()
    finally:
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
