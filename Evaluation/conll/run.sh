#!/usr/bin/env bash
# CoNLL-2003 evaluation of kg's named entities (PER/LOC/ORG span F1, MISC not scored).
#
#   bash Evaluation/conll/run.sh [testa|testb ...]     (default: testa testb; run from the repository root)
#
# Two measurements per file:
#   1. the sequence tagger alone, on CoNLL's own tokens (`kg train-tagger --evaluate`, conlleval spans,
#      and the same predictions as mention lines scored by conll_eval.py);
#   2. the whole kg pipeline: ../shared/eval/conll_eval.py writes the documents, `kg extract --format
#      jsonl` reads them as plain text, and conll_eval.py scores the mention lines.
# Reads ../shared (CoNLL data and the scorer); says so and stops when it is absent.
# testb is for reporting only: never tune on it (Ontology/models/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
if [[ ! -f $SHARED/ner/conll2003-eng.testb || ! -f $SHARED/eval/conll_eval.py ]]; then
    echo "SKIPPED: $SHARED/ner (CoNLL-2003) or $SHARED/eval/conll_eval.py is absent; nothing to evaluate"
    exit 0
fi
SETS=("$@"); [[ ${#SETS[@]} -gt 0 ]] || SETS=(testa testb)
SCRATCH=${SCRATCH:-.build-tagger}
swift build -c release --scratch-path "$SCRATCH" --product kg >&2
KG=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/kg
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for set in "${SETS[@]}"; do
    file=$SHARED/ner/conll2003-eng.$set
    echo "== $set: tagger alone on CoNLL's tokens (kg's span scorer, then conll_eval.py on its mention lines)"
    "$KG" train-tagger --model Ontology/models/ner.bin --evaluate "$file" --mentions "$WORK/$set.tagger.jsonl"
    python3 "$SHARED/eval/conll_eval.py" score "$file" "$WORK/$set.tagger.jsonl"
    echo "== $set: kg extract pipeline, scored by conll_eval.py"
    python3 "$SHARED/eval/conll_eval.py" docs "$file" "$WORK/$set" >&2
    start=$(date +%s.%N)
    "$KG" extract "$WORK/$set" --format jsonl -o "$WORK/$set.jsonl"
    end=$(date +%s.%N)
    python3 "$SHARED/eval/conll_eval.py" score "$file" "$WORK/$set.jsonl"
    echo "kg extract: $(echo "$end - $start" | bc) s for $(ls "$WORK/$set" | wc -l) documents"
done
