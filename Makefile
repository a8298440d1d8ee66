# The front door. Quick start: `make serve` and `make test`; nothing else.
# Every target accepts CONTENT=<folder with documents>, OUTPUT=<folder>,
# INDEX=<search index folder> and CACHE=<folder of results kept between
# builds by content, default INDEX/.cache; CI may keep it, deleting it is safe>.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo: content/ replayed with its fictional history into a git
# repository (tools/demo_history.py), so that the metryczka and the change
# history come from git as they will for a municipality's own repository.
DEMO := build/demo
CONTENT ?= $(DEMO)/content
OUTPUT ?= output
PORT ?= 8000
INDEX ?= search_index
CACHE ?=
DEPLOY_DIR ?= /srv/bip
KEEP ?= 5
RELEASE ?=
# Visits: the data file make statystyki keeps (the demo has its own sample;
# production: DEPLOY_DIR/statystyki.json) and the access logs it reads
# (shell patterns, space-separated; plain and .gz).
STATYSTYKI ?=
LOGI ?=
# make raport: the year (default: the last full year), the folder, and
# SITE= a built site to read instead of building OUTPUT (on the server:
# SITE=/srv/bip/current/site).
ROK ?= $(shell echo $$(( $$(date +%Y) - 1 )))
RAPORT ?= raport
SITE ?=

# What the user gives (paths, a document's title) is data: make takes it
# unexpanded and exports it, and recipes read it as "$$NAME" from the
# environment. Pasted into a recipe as $(NAME) instead, a space, a quote, a
# backtick or $(…) in it would be read by the shell (a path with a space
# once made `rm -rf` remove a sibling folder).
define literal
ifneq ($$(filter command environment,$$(firstword $$(origin $(1)))),)
override $(1) := $$(value $(1))
endif
export $(1)
endef
GIVEN := CONTENT OUTPUT PORT INDEX CACHE DEPLOY_DIR KEEP RELEASE \
	DZIAL PODMIOT KATEGORIA RODZAJ TYTUL PLIK TODAY STATYSTYKI LOGI ROK RAPORT SITE
$(foreach name,$(GIVEN),$(eval $(call literal,$(name))))
# A relative INDEX is under this folder ($(abspath) would split at spaces).
export BIP_SEARCH_INDEX := $(if $(filter /%,$(firstword $(INDEX))),$(INDEX),$(CURDIR)/$(INDEX))
export BIP_CACHE := $(if $(CACHE),$(if $(filter /%,$(firstword $(CACHE))),$(CACHE),$(CURDIR)/$(CACHE)),$(BIP_SEARCH_INDEX)/.cache)
PELICAN := $(BIN)/pelican
CHECK := PYTHONPATH=plugins $(BIN)/python -m bip_history --settings pelicanconf.py
ifeq ($(CONTENT),$(DEMO)/content)
DEMO_READY := $(DEMO)/.replayed
DEMO_STATS := tools/demo_statystyki.json
endif
# The build reads the visits data file through BIP_STATS_DATA.
STATS_FILE := $(or $(STATYSTYKI),$(DEMO_STATS))
export BIP_STATS_DATA := $(if $(STATS_FILE),$(if $(filter /%,$(firstword $(STATS_FILE))),$(STATS_FILE),$(CURDIR)/$(STATS_FILE)))

.PHONY: help venv node edytor demo new html publish deploy rollback check serve smoke screenshots test lint format clean golden bench statystyki raport

help:
	@echo "make serve    zbuduj serwis i pokaż go na http://127.0.0.1:$$PORT/"
	@echo "make test     uruchom wszystkie testy"
	@echo "make new      nowy dokument (pyta o dział, podmiot, kategorię, rodzaj, tytuł;"
	@echo "              albo: make new DZIAL=… PODMIOT=… KATEGORIA=… RODZAJ=… TYTUL=\"…\");"
	@echo "              z PLIK=uchwala.docx (DOCX lub ODT) treść i tytuł są z pliku,"
	@echo "              a sam plik zostaje pierwszym załącznikiem"
	@echo "make edytor   edytor w przeglądarce: http://127.0.0.1:$$PORT/edytor/ (zapisuje"
	@echo "              dokumenty i załączniki tam, gdzie make new; PRZEGLAD=1: każdy"
	@echo "              dokument na gałęzi cms/… do publikacji, jak z GitLabem)"
	@echo "make check    sprawdź dokumenty (bez budowania)"
	@echo "make html     zbuduj wersję roboczą do $$OUTPUT/"
	@echo "make publish  zbuduj wersję do publikacji (przerywa przy każdym błędzie)"
	@echo "make smoke    axe-core w Chromium na kilku stronach zbudowanego serwisu"
	@echo "make screenshots  zrzuty ekranu każdego rodzaju strony (1280 i 375 px) do screenshots/"
	@echo "make statystyki LOGI=\"/var/log/nginx/bip.access.log*\"  zlicz odwiedziny z dzienników"
	@echo "              serwera do pliku STATYSTYKI (na serwerze: DEPLOY_DIR/statystyki.json)"
	@echo "make raport ROK=2026  część o BIP do Raportu o stanie gminy ($$RAPORT/bip-ROK.odt i .md;"
	@echo "              SITE=/srv/bip/current/site: z opublikowanego serwisu, bez budowania)"
	@echo "make deploy   zbuduj, sprawdź i opublikuj nowe wydanie w DEPLOY_DIR (domyślnie /srv/bip)"
	@echo "make rollback wróć do wydania, które było bieżące przed ostatnim wdrożeniem"
	@echo "make bench    pomiary: budowanie, indeks, czas odpowiedzi, jakość wyszukiwania"
	@echo "make lint / format / clean"

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

$(DEMO)/.replayed: $(shell find content -type f) tools/demo_history.py tools/demo_history.yaml | venv
	$(BIN)/python tools/demo_history.py content tools/demo_history.yaml $(DEMO)/content
	touch $@

demo: $(DEMO)/.replayed

# New documents go to the sources: content/ for the demo, else CONTENT. The
# scaffold reads DZIAL, PODMIOT, KATEGORIA, RODZAJ, TYTUL, PLIK and TODAY from
# the environment (exported above), never from this command line.
new: venv
	PYTHONPATH=plugins $(BIN)/python -m bip_content.scaffold \
		$(if $(DEMO_READY),content,"$$CONTENT")

check: venv $(DEMO_READY)
	$(CHECK) "$$CONTENT"

html: venv $(DEMO_READY)
	$(PELICAN) "$$CONTENT" -o "$$OUTPUT" -s pelicanconf.py

# Build into a fresh folder and swap it in only when the build succeeded, so a
# failed check or build leaves the published folder exactly as it was.
publish: venv $(DEMO_READY)
	$(CHECK) "$$CONTENT"
	rm -rf -- "$$OUTPUT.new"
	$(PELICAN) "$$CONTENT" -o "$$OUTPUT.new" -s publishconf.py --fatal errors \
		|| { rm -rf -- "$$OUTPUT.new"; exit 1; }
	rm -rf -- "$$OUTPUT.old"
	if [ -d "$$OUTPUT" ]; then mv -- "$$OUTPUT" "$$OUTPUT.old"; fi
	mv -- "$$OUTPUT.new" "$$OUTPUT"
	rm -rf -- "$$OUTPUT.old"

# Production: each deploy is a release folder (site and search index built
# together), verified, then made live by one symlink switch; the last KEEP
# activations stay for rollback. tools/release.py holds the lock and does it
# all; RELEASE= names the release (tests), else the time (UTC). Results kept
# between builds live in DEPLOY_DIR/cache unless CACHE= says otherwise.
deploy: venv $(DEMO_READY)
	$(CHECK) "$$CONTENT"
	BIP_CACHE="$(if $(CACHE),$$BIP_CACHE,$$DEPLOY_DIR/cache)" \
	BIP_STATS_DATA="$${STATYSTYKI:-$$DEPLOY_DIR/statystyki.json}" \
	$(BIN)/python tools/release.py deploy "$$DEPLOY_DIR" "$$CONTENT" \
		--keep "$$KEEP" --name "$$RELEASE"

# Visits from the access logs into the data file kept between builds;
# queries are checked against the live search index of DEPLOY_DIR when there
# is one. Production runs it before make deploy (deploy/ci, docs/statystyki.md).
statystyki: venv
	@test -n "$$LOGI" || { echo "podaj dzienniki: make statystyki LOGI=\"/var/log/nginx/bip.access.log*\""; exit 2; }
	PYTHONPATH=plugins $(BIN)/python -m bip_stats logi \
		--dane "$${STATYSTYKI:-$$DEPLOY_DIR/statystyki.json}" \
		--indeks "$$DEPLOY_DIR/current/search_index" $$LOGI

# The BIP part of the yearly report, from the figures the build wrote.
raport: $(if $(SITE),venv,html)
	PYTHONPATH=plugins $(BIN)/python -m bip_stats raport --rok "$$ROK" \
		--site "$${SITE:-$$OUTPUT}" --wyjscie "$$RAPORT"

rollback: venv
	$(BIN)/python tools/release.py rollback "$$DEPLOY_DIR"

serve: html
	PYTHONPATH=plugins $(BIN)/python -m bip_search.serve --site "$$OUTPUT" \
		--index "$$INDEX" --port "$$PORT"

# Axe-core in Chromium on a few pages of the built OUTPUT (CI of content).
smoke: venv
	$(BIN)/python tools/a11y_smoke.py --site "$$OUTPUT" --index "$$INDEX"

# Every page type at 1280 px and 375 px into screenshots/ (not committed).
screenshots: html
	$(BIN)/python tools/screenshots.py --site "$$OUTPUT" --index "$$INDEX" --out screenshots

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# From npm, pinned in package-lock.json: the web editor (Decap CMS and its
# local backend decap-server) and the W3C Nu HTML Checker for the tests.
NODE_READY := node_modules/.installed
$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

node: $(NODE_READY)

# The web editor on this machine: http://127.0.0.1:$PORT/edytor/ writes new
# and changed documents into CONTENT's sources (content/ for the demo).
# PRZEGLAD=1: as with a GitLab, each document is a branch cms/… with a status
# (draft, in review, ready) until it is published (merged).
edytor: html node
	$(BIN)/python tools/edytor.py --site "$$OUTPUT" --index "$$INDEX" --port "$$PORT" \
		--content $(if $(DEMO_READY),content,"$$CONTENT") $(if $(PRZEGLAD),--review)

test: lint
	if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_READY); fi
	$(BIN)/pytest

clean:
	rm -rf -- "$$OUTPUT" "$$OUTPUT.new" "$$OUTPUT.old" $(DEMO) .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

# Rewrite the golden files of the fixture sites; review `git diff tests/golden`.
golden: venv
	BIP_UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_site_basic.py

# Benchmarks print figures (build, index size, latency, quality, attachment
# bombs, DOCX/ODT converters, memory under never-seen words for SOAK_MINUTES,
# full build beside plain Pelican at BUILD_SIZES documents, a year of access
# logs counted by make statystyki); never timed
# tests. BUILD_SIZES=1000,10000,100000 adds the long 100 000 run. Search
# latency is also timed at SEARCH_SCALE documents on an index written
# straight from generated records (100 000: about 8 minutes; '' skips it).
SOAK_MINUTES ?= 10
BUILD_SIZES ?= 1000,10000
SEARCH_SCALE ?= 100000
bench: venv
	$(BIN)/pip install --disable-pip-version-check --quiet -r bench/requirements.txt
	$(BIN)/python bench/analysis_bench.py
	$(BIN)/python bench/search_bench.py --scale '$(SEARCH_SCALE)'
	$(BIN)/python bench/search_quality_bench.py
	$(BIN)/python bench/extraction_bench.py
	$(BIN)/python bench/corpus_bench.py
	$(BIN)/python bench/convert_bench.py
	$(BIN)/python bench/effort_bench.py
	$(BIN)/python bench/search_soak.py --minutes $(SOAK_MINUTES)
	$(BIN)/python bench/build_bench.py --sizes $(BUILD_SIZES)
	$(BIN)/python bench/stats_bench.py --site "$$OUTPUT"
