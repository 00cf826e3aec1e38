#!/bin/sh
# Scores kg's extractor on the example articles and on hand-annotated BBC articles.
# Usage: Evaluation/eval.sh [path/to/kg]   (from the repository root; needs ../shared)
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
KG=${1:-$ROOT/.build/release/kg}
if [ ! -d "$SHARED/eval" ]; then echo "eval.sh: $SHARED is absent; the evaluation needs ../shared (seeds, BBC corpus, score.py)" >&2; exit 2; fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export KG_ONTOLOGY="$ROOT/Ontology"
echo "== example articles (target: entity F1 >= 0.95, relation F1 >= 0.85)"
"$KG" extract "$SHARED"/seeds/*.txt -o "$OUT/seeds.graphml"
python3 "$SHARED/eval/score.py" "$OUT/seeds.graphml" "$SHARED"/eval/gold/0*.json --doc-filter
echo "== BBC articles annotated by hand in Evaluation/gold (target: entity F1 >= 0.85, relation F1 >= 0.60)"
B="$SHARED/corpus/bbc"
"$KG" extract "$B/politics/100.txt" "$B/entertainment/030.txt" "$B/sport/050.txt" "$B/business/010.txt" "$B/tech/040.txt" -o "$OUT/bbc.graphml"
python3 "$SHARED/eval/score.py" "$OUT/bbc.graphml" "$ROOT"/Evaluation/gold/bbc-*.json --doc-filter
