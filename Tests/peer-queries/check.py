#!/usr/bin/env python3
"""Cross-check `kg query --sparql` against rdflib and Oxigraph (pyoxigraph).

For every query in QUERIES and every graph, kg answers on its own GraphML *and* RDF/XML files, and
rdflib and pyoxigraph answer on kg's RDF/XML export of the same graph. The answers must be equal as
multisets of rows (as sequences when the query's ORDER BY gives a total order), term by term: IRI,
literal lexical form, datatype and language against rdflib (parsed with NORMALIZE_LITERALS=False, so
lexical forms stay as written); against Oxigraph, which keeps numbers in canonical form (xsd:long comes
back as xsd:integer, "1.0"^^xsd:double as "1"), numeric literals compare by value within their family.

Graphs:
  * the example articles (Examples/*.txt), extracted with `kg extract` to .graphml and .rdf;
  * Tests/peer-queries/fixture.graphml / fixture.rdf: a graph written by kg's writers (kept in sync
    by the Swift test RDFViewTests) with typed attributes, full and partial dates, several pieces of
    evidence and hostile strings.

Usage:
  python3 Tests/peer-queries/check.py [--kg PATH/TO/kg] [--graph G.graphml G.rdf ...] [-v]

Without --kg it runs `swift build --product kg` in the package and uses that binary.
Exit status: 0 all equal; 1 a mismatch or kg failed; 2 a peer (rdflib, pyoxigraph) is missing.
"""
from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"

PROLOGUE = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# (name, feature it covers, query, ordered?) -- `ordered` only where ORDER BY keys give a total order.
QUERIES = [
    ("all-triples", "BGP: the whole RDF view equals the file",
     "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", False),
    ("typed-entities", "`a` (rdf:type), ';' lists",
     "SELECT ?s ?label WHERE { ?s a kg:Person ; rdfs:label ?label }", False),
    ("relation-join", "join of direct triples with labels, '.'",
     "SELECT ?a ?b WHERE { ?x kg:honors ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }", False),
    ("reification", "rdf:Statement, rdf:subject/predicate/object, kg:evidence, kg:confidence",
     "SELECT ?s ?o ?ev ?c WHERE { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate kg:statement ; rdf:object ?o ; "
     "kg:evidence ?ev ; kg:confidence ?c }", False),
    ("regex-i", "FILTER regex with the i flag",
     "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER regex(?l, \"^[a-m].*(o|e)\", \"i\") }", False),
    ("regex-case", "FILTER regex, case-sensitive, on skos:altLabel",
     "SELECT ?s ?l WHERE { ?s skos:altLabel ?l FILTER regex(?l, \"[A-Z][a-z]+ [A-Z]\") }", False),
    ("double-range", "xsd:double comparisons, &&, <, >=",
     "SELECT ?st ?c WHERE { ?st kg:confidence ?c FILTER(?c >= 5.0e-1 && ?c < 9.5E-1) }", False),
    ("integer-compare", "xsd:integer comparison with a plain number, >, <=",
     "SELECT ?st ?start ?end WHERE { ?st kg:start ?start ; kg:end ?end FILTER(?start > 100 || ?end <= 40) }", False),
    ("date-compare", "xsd:date typed literal comparison",
     "SELECT ?st ?d WHERE { ?st kg:date ?d FILTER(datatype(?d) = xsd:date && ?d >= \"2025-12-01\"^^xsd:date) }", False),
    ("date-equal", "= on typed literals, datatype(), str()",
     "SELECT ?st ?d WHERE { ?st kg:date ?d FILTER(datatype(?d) = xsd:date || str(?d) = \"2025-10\") }", False),
    ("not-equal-or", "!=, ||, IRIs in filters, variable predicate",
     "SELECT ?s ?p ?o WHERE { ?s ?p ?o . ?o a ?t FILTER(?p != kg:honors && ?p != rdf:subject && ?p != rdf:object || ?t = kg:Place) }",
     False),
    ("optional", "OPTIONAL leaves unbound values",
     "SELECT ?s ?l ?alias WHERE { ?s rdfs:label ?l OPTIONAL { ?s skos:altLabel ?alias } }", False),
    ("optional-filter-bound", "OPTIONAL with an inner FILTER, !, bound()",
     "SELECT ?s ?l WHERE { ?s a kg:Person ; rdfs:label ?l OPTIONAL { ?s skos:altLabel ?a FILTER(regex(?a, \"a\", \"i\")) } "
     "FILTER(!bound(?a)) }", False),
    ("order-limit-offset", "ORDER BY DESC and ASC, LIMIT, OFFSET",
     "SELECT ?st ?c WHERE { ?st kg:confidence ?c } ORDER BY DESC(?c) ASC(?st) LIMIT 5 OFFSET 1", True),
    ("order-strings", "ORDER BY a string then an IRI (code point order)",
     "SELECT ?l ?s WHERE { ?s rdfs:label ?l } ORDER BY ?l ?s", True),
    ("distinct", "DISTINCT",
     "SELECT DISTINCT ?p WHERE { ?s ?p ?o }", False),
    ("distinct-sources", "DISTINCT over kg:source, ORDER BY",
     "SELECT DISTINCT ?doc WHERE { ?x kg:source ?doc } ORDER BY ?doc", True),
    ("lang-str", "lang(), str(), strstarts()",
     "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(lang(?l) = \"\" && strstarts(str(?s), \"https://w3id.org/kg-news/id/p\")) }", False),
    ("union", "UNION of groups",
     "SELECT ?s ?l WHERE { { ?s a kg:Place } UNION { ?s a kg:Organization } ?s rdfs:label ?l }", False),
    ("in-list", "IN with IRIs, ',' object lists",
     "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p IN (kg:announcement, kg:locatedIn, kg:affiliatedWith)) }", False),
    ("typed-attributes", "xsd:long / xsd:boolean / xsd:double attributes, typed literal in a pattern",
     "SELECT ?s ?r ?w WHERE { ?s kg:flag true ; kg:rank ?r ; kg:weight ?w FILTER(?r > -15 && ?w != 2.0) }", False),
    ("select-star", "SELECT *",
     "SELECT * WHERE { ?st rdf:predicate ?p ; kg:document ?doc }", False),
    ("contains-strlen", "contains(), strlen(), lcase()",
     "SELECT ?st ?ev WHERE { ?st kg:evidence ?ev FILTER(contains(lcase(?ev), \"the\") && strlen(?ev) > 20) }", False),
]


def die(message: str, code: int) -> None:
    print(f"peer-queries: {message}", file=sys.stderr)
    sys.exit(code)


def load_peers():
    missing = []
    try:
        import rdflib  # noqa: F401
    except ImportError:
        missing.append("rdflib")
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        missing.append("pyoxigraph")
    if missing:
        die(f"PEERS MISSING: {', '.join(missing)} not installed, so kg's SPARQL answers cannot be cross-checked "
            f"(pip install {' '.join(missing)})", 2)


def kg_binary(path: str | None) -> str:
    if path:
        return path
    build = subprocess.run(["swift", "build", "--product", "kg"], cwd=ROOT, capture_output=True, text=True)
    if build.returncode != 0:
        die("swift build --product kg failed:\n" + build.stdout[-3000:] + build.stderr[-3000:], 1)
    bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_dir, "kg")


# --- terms: ("uri", iri) | ("literal", lexical, datatype or None for xsd:string, language or None) | None

def kg_term(b):
    if b is None:
        return None
    if b["type"] == "uri":
        return ("uri", b["value"])
    if b["type"] == "bnode":
        return ("bnode", b["value"])
    dt = b.get("datatype")
    return ("literal", b["value"], None if dt in (None, XSD_STRING) else dt, b.get("xml:lang"))


def rdflib_term(t):
    import rdflib
    if t is None:
        return None
    if isinstance(t, rdflib.URIRef):
        return ("uri", str(t))
    if isinstance(t, rdflib.BNode):
        return ("bnode", str(t))
    dt = str(t.datatype) if t.datatype is not None else None
    return ("literal", str(t), None if dt in (None, XSD_STRING) else dt, t.language)


def oxigraph_term(t):
    import pyoxigraph as ox
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode", t.value)
    dt = t.datatype.value if t.datatype is not None else None
    return ("literal", t.value, None if dt in (None, XSD_STRING) else dt, t.language)


def run_kg(kg: str, graph: str, query: str):
    p = subprocess.run([kg, "query", graph, "--sparql", query, "--format", "json"], capture_output=True, text=True)
    if p.returncode != 0:
        return None, f"kg exited {p.returncode}: {p.stderr.strip()[:500]}"
    data = json.loads(p.stdout)
    names = data["head"]["vars"]
    rows = [tuple(kg_term(b.get(v)) for v in names) for b in data["results"]["bindings"]]
    return (names, rows), None


class Peers:
    def __init__(self, rdf_path: str):
        import rdflib
        import pyoxigraph as ox
        rdflib.NORMALIZE_LITERALS = False
        self.rdflib_graph = rdflib.Graph()
        self.rdflib_graph.parse(rdf_path, format="xml")
        self.store = ox.Store()
        self.store.load(path=rdf_path, format=ox.RdfFormat.RDF_XML)

    def rdflib(self, query: str):
        result = self.rdflib_graph.query(query)
        names = [str(v) for v in result.vars]
        return names, [tuple(rdflib_term(row[i]) for i in range(len(names))) for row in result]

    def oxigraph(self, query: str):
        solutions = self.store.query(query)
        names = [v.value for v in solutions.variables]
        return names, [tuple(oxigraph_term(s[n]) for n in names) for s in solutions]


INTEGER_TYPES = {XSD + t for t in ("integer", "long", "int", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
                                    "negativeInteger", "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                                    "unsignedByte")}


def by_value(term):
    """Oxigraph keeps numbers in canonical form (xsd:long comes back as xsd:integer, "1.0"^^xsd:double as
    "1"), so against it numeric literals compare by value within their family."""
    if term is None or term[0] != "literal" or term[2] is None:
        return term
    dt = term[2]
    try:
        if dt in INTEGER_TYPES:
            return ("number", "integer", int(term[1]))
        if dt == XSD + "decimal":
            import decimal
            return ("number", "decimal", decimal.Decimal(term[1]))
        if dt in (XSD + "double", XSD + "float"):
            return ("number", "double", float(term[1].replace("INF", "inf")))
    except ValueError:
        return term
    return term


def normalized(result):
    names, rows = result
    return names, [tuple(by_value(t) for t in row) for row in rows]


def show(rows, limit=3):
    return "; ".join(repr(r) for r in list(rows)[:limit])


def compare(label, ordered, mine, theirs) -> list[str]:
    (names_a, rows_a), (names_b, rows_b) = mine, theirs
    problems = []
    if names_a != names_b and sorted(names_a) == sorted(names_b):
        # SELECT * leaves the column order to the engine (Oxigraph sorts the names): align by name.
        order = [names_b.index(n) for n in names_a]
        names_b, rows_b = names_a, [tuple(r[i] for i in order) for r in rows_b]
    if names_a != names_b:
        problems.append(f"{label}: columns {names_a} != {names_b}")
    if ordered:
        if rows_a != rows_b:
            problems.append(f"{label}: ordered rows differ: kg {show(rows_a)} | peer {show(rows_b)}")
    else:
        ca, cb = collections.Counter(rows_a), collections.Counter(rows_b)
        if ca != cb:
            problems.append(f"{label}: kg has {sum(ca.values())} rows, peer {sum(cb.values())}; only kg: {show((ca - cb).elements())} "
                            f"| only peer: {show((cb - ca).elements())}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kg", help="the kg binary (default: swift build --product kg)")
    ap.add_argument("--graph", nargs=2, action="append", metavar=("GRAPHML", "RDF"),
                    help="a graph as kg's GraphML and kg's RDF/XML export (repeatable; replaces the defaults)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    load_peers()
    kg = kg_binary(a.kg)
    graphs = a.graph
    tmp = tempfile.mkdtemp(prefix="kg-peer-queries-")
    if not graphs:
        articles = sorted(glob.glob(os.path.join(ROOT, "Examples", "*.txt")))
        if not articles:
            die("no example articles in Examples/", 1)
        pair = []
        for ext in ("graphml", "rdf"):
            out = os.path.join(tmp, f"examples.{ext}")
            p = subprocess.run([kg, "extract", *articles, "-o", out], capture_output=True, text=True)
            if p.returncode != 0:
                die(f"kg extract failed ({p.returncode}): {p.stderr.strip()[:800]}", 1)
            pair.append(out)
        graphs = [pair, [os.path.join(HERE, "fixture.graphml"), os.path.join(HERE, "fixture.rdf")]]

    failures: list[str] = []
    checked = 0
    nonempty = collections.Counter()
    for graphml, rdf in graphs:
        peers = Peers(rdf)
        gname = os.path.basename(graphml)
        for name, feature, body, ordered in QUERIES:
            query = PROLOGUE + body
            expected = peers.oxigraph(query)
            other = peers.rdflib(query)
            failures += compare(f"{gname} {name}: rdflib vs oxigraph", ordered, normalized(other), normalized(expected))
            for source in (graphml, rdf):
                mine, error = run_kg(kg, source, query)
                if error:
                    failures.append(f"{gname} {name}: kg on {os.path.basename(source)}: {error}")
                    continue
                # Exact terms against rdflib (it keeps lexical forms), numbers by value against Oxigraph.
                failures += compare(f"{gname} {name}: kg on {os.path.basename(source)} vs rdflib", ordered, mine, other)
                failures += compare(f"{gname} {name}: kg on {os.path.basename(source)} vs oxigraph", ordered,
                                    normalized(mine), normalized(expected))
            checked += 1
            if expected[1]:
                nonempty[name] += 1
            if a.verbose:
                print(f"  {gname:20} {name:22} {len(expected[1]):5} rows  ({feature})")
    empty = [n for n, *_ in QUERIES if nonempty[n] == 0]
    if empty:
        failures.append(f"queries with no answer on any graph (they test nothing): {', '.join(empty)}")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    print(f"peer-queries: {len(QUERIES)} queries x {len(graphs)} graphs ({checked} checks; kg on GraphML and RDF/XML vs "
          f"rdflib and pyoxigraph): {'OK' if not failures else f'{len(failures)} mismatches'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
