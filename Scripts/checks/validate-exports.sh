#!/usr/bin/env bash
# Independent consumers on kg's exports of the example articles: the GraphML XSD (xmllint), NetworkX,
# igraph, rdflib, Oxigraph, rapper and Graphviz, through ../shared/tools/validate_export.py.
set -euo pipefail
kg="$1"
validator="../shared/tools/validate_export.py"
if [ ! -f "$validator" ]; then
  echo "skipped: $validator is absent (it lives in the project's shared folder, not in this repository)"
  exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ext in graphml rdf dot; do "$kg" extract Examples/*.txt -o "$tmp/x.$ext" 2>/dev/null; done
python3 "$validator" --cross "$tmp/x.graphml" "$tmp/x.rdf" "$tmp/x.dot" --json-out "$tmp/report.json" >/dev/null
echo "validate_export --cross: $(tail -c 300 "$tmp/report.json" | tr -d '\n' | grep -o '"ok": [a-z]*')"
for ext in graphml rdf dot; do cmp -s "$tmp/x.$ext" "Exports/examples.$ext" || { echo "Exports/examples.$ext drifted: run bash Scripts/regenerate-exports"; exit 1; }; done
echo "committed exports match what kg writes"
