#!/bin/sh
# Extraction speed over the 2,225 BBC articles: tokens per second of `kg extract` (load, extract, write GraphML).
# Usage: Evaluation/speed.sh [path/to/kg]   (from the repository root; needs ../shared; build kg with -c release)
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
KG=${1:-$ROOT/.build/release/kg}
BBC="$SHARED/corpus/bbc"
if [ ! -d "$BBC" ]; then echo "speed.sh: $BBC is absent; the benchmark needs ../shared/corpus/bbc" >&2; exit 2; fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export KG_ONTOLOGY="$ROOT/Ontology"
# a copy of the articles that are valid UTF-8 (one, sport/199.txt, is Latin-1: kg refuses it, naming the byte), and
# their tokens counted the way spaCy roughly does (words, numbers and punctuation marks)
python3 -c "
import re, pathlib, sys
n = 0
with open(sys.argv[2], 'w') as out:
    for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.txt')):
        if p.name == 'README.TXT': continue
        try: text = p.read_bytes().decode('utf-8')
        except UnicodeDecodeError: continue
        n += len(re.findall(r'\w+|[^\w\s]', text)); out.write(str(p) + '\n')
        dest = pathlib.Path(sys.argv[4]) / p.parent.name / p.name
        dest.parent.mkdir(parents=True, exist_ok=True); dest.write_bytes(p.read_bytes())
open(sys.argv[3], 'w').write(str(n))
" "$BBC" "$OUT/files" "$OUT/tokens" "$OUT/bbc"
TOKENS=$(cat "$OUT/tokens")
FILES=$(wc -l < "$OUT/files")
for mode in "" "--no-tagger"; do
  START=$(python3 -c 'import time; print(time.time())')
  "$KG" extract $mode "$OUT/bbc" -o "$OUT/bbc.graphml"
  END=$(python3 -c 'import time; print(time.time())')
  python3 -c "
t=float('$END')-float('$START'); n=int('$TOKENS')
print('kg extract ${mode:-(rules + tagger)}: $FILES articles, %d tokens in %.2f s = %.0f tokens/s (%.0fx spaCy en_core_web_sm at ~5,000 tokens/s)' % (n, t, n/t, n/t/5000))"
done
