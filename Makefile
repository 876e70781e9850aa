# The two commands of this project (see README.md); tools/dev.sh does the work.
.PHONY: run test lint setup
run:  ## serve Odoo with lot_traceability and demo data on http://localhost:8069
	tools/dev.sh run
test: ## run the whole test suite on a freshly created database
	tools/dev.sh test
lint: ## ruff + pylint-odoo
	tools/dev.sh lint
setup: ## only create the Python environment
	tools/dev.sh setup
