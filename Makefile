# Versus: `make site` builds the default site, `make test` runs the tests.
SWIFT ?= swift
CONTENT ?= content
TEMPLATES ?= templates
OUTPUT ?= _site
BASE_URL ?=
APT_PACKAGES := libcmark-dev libgumbo-dev libmimalloc-dev pkg-config
VERSUS := .build/release/versus

.PHONY: site test check-links bench clean deps release serve browser-test browser-test-search

# Installs the C libraries Versus links against when they are missing: with apt-get when run as root,
# otherwise it prints the exact command to run.
deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "make: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "make: missing system packages; run:  sudo apt-get update && sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi

release: deps
	$(SWIFT) build -c release --product versus

site: release
	$(VERSUS) build --content $(CONTENT) --templates $(TEMPLATES) --output $(OUTPUT) $(if $(BASE_URL),--base-url $(BASE_URL))

test: deps
	$(SWIFT) test

# Serves the site from memory at http://127.0.0.1:$(PORT)/, rebuilding and reloading open pages on change.
PORT ?= 8000
serve: release
	$(VERSUS) serve --content $(CONTENT) --templates $(TEMPLATES) --port $(PORT)

# `versus serve` in a real browser: headless Debian chromium, chromium-driver and python3-selenium.
browser-test: deps
	$(SWIFT) build --product versus
	/usr/bin/python3 Tests/browser/live_reload.py .build/debug/versus

check-links: site
	$(VERSUS) check $(OUTPUT)

# The quick find in headless Chromium (Debian: chromium chromium-driver python3-selenium).
browser-test-search: deps
	$(SWIFT) build --product versus
	/usr/bin/python3 Tests/browser/search_test.py --versus .build/debug/versus

bench: release
	bash bench/run.sh
	bash bench/code.sh

clean:
	rm -rf .build $(OUTPUT)
