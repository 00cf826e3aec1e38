#!/usr/bin/env bash
# kg query --sparql answers equal rdflib's and Oxigraph's on kg's own RDF/XML export (23 queries).
set -euo pipefail
python3 Tests/peer-queries/check.py --kg "$1"
