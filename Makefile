# The two commands of this project (see README.md); tools/dev.sh does the work.
.PHONY: run test lint fmt setup
run:  ## serve Odoo with lot_traceability and demo data on http://localhost:8069
	tools/dev.sh run
test: ## run the whole test suite on a freshly created database
	tools/dev.sh test
lint: ## ruff + pylint-odoo + prettier (check) + eslint
	tools/dev.sh lint
fmt:  ## ruff format + prettier --write
	tools/dev.sh fmt
setup: ## only create the Python environment
	tools/dev.sh setup
