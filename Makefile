# Convenience wrappers; the scripts are the source of truth (and need no make).
.PHONY: run test samples clean

run:
	bash scripts/run-samples.sh

test:
	bash scripts/test.sh

# Regenerate samples/ and the test fixtures from scripts/postings/ (needs pdftoppm, qpdf, a venv).
samples:
	bash scripts/make-documents.sh

clean:
	rm -rf .build out

# `make install [DESTDIR=…] [PREFIX=/usr/local]`: the release binary, the systemd unit and the
# example configuration (an existing /etc/intake/intake.toml is kept).
PREFIX ?= /usr/local
.PHONY: install bench-daemon
install:
	bash -c 'source scripts/env.sh && build_release'
	install -D -m 0755 .build/release/intake $(DESTDIR)$(PREFIX)/bin/intake
	install -D -m 0644 systemd/intake.service $(DESTDIR)/etc/systemd/system/intake.service
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/intake/README.md
	test -e $(DESTDIR)/etc/intake/intake.toml || install -D -m 0644 config/intake.toml $(DESTDIR)/etc/intake/intake.toml

# Daemon latency (50 drops) and memory with a 5,000-file backlog; see docs/daemon.md "Measured".
bench-daemon:
	bash -c 'source scripts/env.sh && build_release'
	python3 scripts/bench-daemon.py

# The PostgreSQL ledger against the SQLite one: throughput, round trips and their latency per
# document (BENCHMARKS.md, "Several hosts"). KIND=ocr for scanned pages.
KIND ?= text
.PHONY: bench-ledger
bench-ledger:
	bash -c 'source scripts/env.sh && build_release'
	bash scripts/install-deps.sh postgresql
	python3 scripts/bench/shared-ledger.py --kind $(KIND) --table

# The posting parser field by field on ../shared/postings-dev and scripts/postings; RUN=1 adds
# `intake run` on born-digital and scanned PDFs of them (docs/parser.md, "Accuracy").
.PHONY: accuracy
accuracy:
	bash scripts/accuracy.sh

# Intake side by side with pdftotext, PyMuPDF, the tesseract CLI and OCRmyPDF (see BENCHMARKS.md).
.PHONY: bench
bench:
	bash scripts/bench/bench.sh
