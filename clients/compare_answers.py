"""Compare the answers written by test_api_and_examples.py: every store's answers to the
docs/ontology.md examples, and its case and triple counts, must equal the embedded store's.

Usage: python compare_answers.py DIR (holding embedded.json and one file per other store).
"""
import json
import pathlib
import sys


def main(folder):
    files = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in pathlib.Path(folder).glob("*.json")}
    base = files.pop("embedded")
    failed = False
    for engine, got in sorted(files.items()):
        for key, value in got.items():
            if value != base.get(key):
                failed = True
                if isinstance(value, list) and not key.startswith("#"):
                    a, b = set(base.get(key) or []), set(value)
                    print(f"{engine} {key}: {len(b - a)} rows not on the embedded store, {len(a - b)} missing")
                    for row in sorted(b - a)[:3] + sorted(a - b)[:3]:
                        print("   ", row)
                else:
                    print(f"{engine} {key}: {value}, embedded {base.get(key)}")
            elif not key.startswith("#"):
                print(f"{engine} {key}: {len(value)} rows, as on the embedded store")
        print(f"{engine}: {got['#cases']} cases, {got['#triples']} triples (embedded {base['#cases']}, {base['#triples']})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
