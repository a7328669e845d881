# Portail Famille — developer entry points. See README.md.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test install forms bench installer

## Installs once per version of pyproject.toml (the stamp); pip shows what it downloads.
$(STAMP): pyproject.toml
	@echo "==> Création de l'environnement Python dans $(VENV)…"
	python3 -m venv $(VENV)
	@echo "==> Mise à jour de pip…"
	$(PY) -m pip install --upgrade pip
	@echo "==> Installation de Portail Famille et de ses dépendances (quelques minutes la première fois)…"
	$(PY) -m pip install -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@
	@echo "==> Installation terminée."

install: $(STAMP)

## The desktop app on this PC's SQLite database, with the demo commune loaded if it is empty.
run: $(STAMP)
	$(VENV)/bin/portail-admin --with-demo

## Lint, import contracts and the whole test suite (PostgreSQL too when
## PORTAIL_TEST_DATABASE_URL names a database).
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

## Regenerate the Python forms from ui/*.ui (generated code: never edit it by hand).
forms: $(STAMP)
	$(PY) -m portail_admin.desktop.build_forms

bench: $(STAMP)
	$(PY) -m benchmarks.run

## The installer folder dist/portail-admin (PyInstaller), then the frozen app's self-test.
installer: $(STAMP)
	@echo "==> Installation de PyInstaller…"
	$(PY) -m pip install 'pyinstaller>=6.10,<7'
	$(VENV)/bin/pyinstaller --noconfirm build_installer.spec
	QT_QPA_PLATFORM=offscreen dist/portail-admin/portail-admin --database sqlite:///build/selftest.sqlite --self-test
