#!/usr/bin/env python3
"""Validate corpus/data/thesaurus.ttl (SKOS, gongchuang conventions).

Usage:
    python check_thesaurus.py [--ttl PATH] [--corpus PATH] [--list-missing] [--top N]

Needs rdflib (e.g. `python3 -m venv /work/venv-tools && /work/venv-tools/bin/pip install rdflib`).
Exit status 0 when the file is clean, 1 when any ERROR was found.
See THESAURUS.md for the conventions being checked.
"""
import argparse
import collections
import os
import re
import sys
import unicodedata

from rdflib import Graph, Literal, Namespace, RDF, URIRef

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
GC = Namespace("https://w3id.org/gongchuang/ns#")
GCC = "https://w3id.org/gongchuang/concept/"
GCS = "https://w3id.org/gongchuang/scheme/"
EXPECTED_SCHEMES = ["actor", "technology", "mechanism", "obstacle", "domain",
                    "financing", "operation", "outcome", "stage", "theme"]
MIN_CONCEPTS = 450
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s: str) -> str:
    """Normalisation used for matching: NFKC, then drop all whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def local(uri, base):
    s = str(uri)
    return s[len(base):] if s.startswith(base) else None


def lang_literals(g, s, p, lang):
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ttl", default=os.path.join(HERE, "thesaurus.ttl"))
    ap.add_argument("--corpus", default=os.path.join(HERE, "seed-40-docs.txt"))
    ap.add_argument("--list-missing", action="store_true",
                    help="print the concepts none of whose labels occur in the corpus")
    ap.add_argument("--top", type=int, default=0,
                    help="print the N labels found in most corpus documents (to spot over-generic labels)")
    args = ap.parse_args()

    errors, warnings = [], []
    err = errors.append
    warn = warnings.append

    g = Graph()
    g.parse(args.ttl, format="turtle")

    # ---- schemes
    schemes = {}
    for s in g.subjects(RDF.type, SKOS.ConceptScheme):
        name = local(s, GCS)
        if name is None:
            err(f"scheme outside gcs: namespace: {s}")
            continue
        schemes[name] = s
        if len(lang_literals(g, s, SKOS.prefLabel, "zh")) != 1:
            err(f"scheme gcs:{name} needs exactly one zh prefLabel")
        if len(lang_literals(g, s, SKOS.prefLabel, "en")) != 1:
            err(f"scheme gcs:{name} needs exactly one en prefLabel")
    for name in EXPECTED_SCHEMES:
        if name not in schemes:
            err(f"missing scheme gcs:{name}")
    for name in schemes:
        if name not in EXPECTED_SCHEMES:
            warn(f"unexpected scheme gcs:{name}")

    # ---- concepts
    concepts = sorted(set(g.subjects(RDF.type, SKOS.Concept)), key=str)
    if len(concepts) < MIN_CONCEPTS:
        err(f"only {len(concepts)} concepts (need >= {MIN_CONCEPTS})")

    scheme_of, zh_pref, broader = {}, {}, collections.defaultdict(list)
    label_owner = collections.defaultdict(set)      # pref/alt zh label -> concepts
    ambiguous_owner = collections.defaultdict(set)  # gc:ambiguousLabel -> concepts
    all_labels = collections.defaultdict(set)       # concept -> every zh label (for corpus hits)

    for c in concepts:
        slug = local(c, GCC)
        name = f"gcc:{slug}" if slug is not None else str(c)
        if slug is None:
            err(f"concept outside gcc: namespace: {c}")
        elif not SLUG_RE.match(slug):
            err(f"{name}: IRI slug is not ascii kebab-case")

        ins = list(g.objects(c, SKOS.inScheme))
        if len(ins) != 1:
            err(f"{name}: has {len(ins)} skos:inScheme (need exactly 1)")
        elif local(ins[0], GCS) not in schemes:
            err(f"{name}: inScheme {ins[0]} is not a declared gcs: scheme")
        else:
            scheme_of[c] = local(ins[0], GCS)

        zh = lang_literals(g, c, SKOS.prefLabel, "zh")
        en = lang_literals(g, c, SKOS.prefLabel, "en")
        if len(zh) != 1:
            err(f"{name}: has {len(zh)} zh prefLabels (need exactly 1)")
        else:
            zh_pref[c] = str(zh[0])
        if len(en) != 1:
            err(f"{name}: has {len(en)} en prefLabels (need exactly 1)")
        for o in g.objects(c, SKOS.prefLabel):
            if not isinstance(o, Literal) or o.language not in ("zh", "en"):
                err(f"{name}: prefLabel {o!r} is neither @zh nor @en")

        alts = list(g.objects(c, SKOS.altLabel))
        ambs = list(g.objects(c, GC.ambiguousLabel))
        for o in alts + ambs:
            if not isinstance(o, Literal) or o.language != "zh":
                err(f"{name}: alt/ambiguous label {o!r} is not @zh")
        for o in zh + alts:
            label_owner[str(o)].add(c)
        for o in ambs:
            ambiguous_owner[str(o)].add(c)
        for o in zh + alts + ambs:
            lab = str(o)
            all_labels[c].add(lab)
            if len(norm(lab)) < 2:
                err(f"{name}: label {lab!r} is a single character")
            if norm(lab) != lab:
                err(f"{name}: label {lab!r} is not NFKC-normalised / contains whitespace "
                    f"(write {norm(lab)!r})")

        for b in g.objects(c, SKOS.broader):
            broader[c].append(b)
        tops = list(g.objects(c, SKOS.topConceptOf))
        if broader[c] and tops:
            err(f"{name}: has both skos:broader and skos:topConceptOf")
        if not broader[c] and not tops:
            err(f"{name}: root concept without skos:topConceptOf")
        for t in tops:
            if c in scheme_of and local(t, GCS) != scheme_of[c]:
                err(f"{name}: topConceptOf {t} differs from its scheme")

    concept_set = set(concepts)
    # ---- broader: existence, same scheme
    for c, bs in broader.items():
        for b in bs:
            if b not in concept_set:
                err(f"gcc:{local(c, GCC)}: broader {b} is not a concept")
            elif scheme_of.get(b) != scheme_of.get(c):
                err(f"gcc:{local(c, GCC)}: broader gcc:{local(b, GCC)} is in another scheme")
            elif b == c:
                err(f"gcc:{local(c, GCC)}: broader points to itself")

    # ---- cycles in broader
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {c: WHITE for c in concepts}
    reported = set()

    def visit(start):
        stack = [(start, iter(broader.get(start, [])))]
        colour[start] = GREY
        path = [start]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = BLACK
                stack.pop()
                path.pop()
                continue
            if nxt not in colour:
                continue
            if colour[nxt] == GREY:
                cyc = path[path.index(nxt):] + [nxt]
                key = frozenset(cyc)
                if key not in reported:
                    reported.add(key)
                    err("broader cycle: " + " -> ".join(f"gcc:{local(x, GCC)}" for x in cyc))
            elif colour[nxt] == WHITE:
                colour[nxt] = GREY
                stack.append((nxt, iter(broader.get(nxt, []))))
                path.append(nxt)

    for c in concepts:
        if colour[c] == WHITE:
            visit(c)

    # ---- shared labels
    for lab, owners in sorted(label_owner.items()):
        if len(owners) > 1:
            err(f"zh label {lab!r} used by {len(owners)} concepts: "
                + ", ".join(sorted(f"gcc:{local(o, GCC)}" for o in owners))
                + " (use gc:ambiguousLabel on each if intended)")
    for lab, owners in sorted(ambiguous_owner.items()):
        if lab in label_owner:
            err(f"ambiguous label {lab!r} is also a pref/alt label of "
                + ", ".join(sorted(f"gcc:{local(o, GCC)}" for o in label_owner[lab])))
        if len(owners) < 2:
            warn(f"ambiguous label {lab!r} is used by only one concept")

    # ---- report
    per_scheme = collections.Counter(scheme_of.values())
    roots = collections.Counter(scheme_of[c] for c in concepts if c in scheme_of and not broader[c])
    n_alt = sum(len(v) for v in all_labels.values())

    print(f"thesaurus: {args.ttl}")
    print(f"concepts: {len(concepts)}   schemes: {len(schemes)}   zh labels (pref+alt+ambiguous): {n_alt}")

    docs = None
    if os.path.exists(args.corpus):
        raw = open(args.corpus, encoding="utf-8", errors="replace").read()
        parts = re.split(r"(?m)^=====\s*$", raw)
        docs = [norm(p) for p in parts if p.strip()]
    else:
        warn(f"corpus not found: {args.corpus} (skipping hit statistics)")

    hit = collections.Counter()
    missing = collections.defaultdict(list)
    label_df = {}
    if docs is not None:
        def df(lab):
            if lab not in label_df:
                label_df[lab] = sum(1 for d in docs if lab in d)
            return label_df[lab]
        for c in concepts:
            s = scheme_of.get(c, "?")
            if any(df(norm(l)) for l in all_labels[c]):
                hit[s] += 1
            else:
                missing[s].append(zh_pref.get(c, str(c)))

    print()
    hdr = f"{'scheme':<12}{'concepts':>9}{'roots':>7}" + (f"{'in corpus':>11}{'rate':>8}" if docs is not None else "")
    print(hdr)
    print("-" * len(hdr))
    for s in EXPECTED_SCHEMES + sorted(set(per_scheme) - set(EXPECTED_SCHEMES)):
        line = f"{s:<12}{per_scheme[s]:>9}{roots[s]:>7}"
        if docs is not None:
            rate = hit[s] / per_scheme[s] if per_scheme[s] else 0.0
            line += f"{hit[s]:>11}{rate:>8.1%}"
        print(line)
    print("-" * len(hdr))
    total_line = f"{'total':<12}{len(concepts):>9}{sum(roots.values()):>7}"
    if docs is not None:
        th = sum(hit.values())
        total_line += f"{th:>11}{(th / len(concepts) if concepts else 0):>8.1%}"
    print(total_line)
    if docs is not None:
        print(f"(corpus: {len(docs)} documents; a concept counts as found when any of its zh labels "
              f"occurs after NFKC and whitespace removal)")

    if args.list_missing and docs is not None:
        print("\nconcepts not found in the corpus:")
        for s in EXPECTED_SCHEMES:
            if missing[s]:
                print(f"  {s}: " + " ".join(missing[s]))
    if args.top and docs is not None:
        for labs in all_labels.values():
            for l in labs:
                df(norm(l))
        print(f"\nlabels found in most documents (top {args.top}):")
        for lab, d in sorted(label_df.items(), key=lambda x: -x[1])[: args.top]:
            print(f"  {d:>3}  {lab}")

    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
