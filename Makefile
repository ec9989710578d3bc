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
