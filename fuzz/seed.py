#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora from mag's tests and sample site.

markdown:     every example input of tests/testsuite/markdown/*.txt, the body of
              every sample-site content file, the shortcode calls of
              tests/testsuite/shortcodes.rs;
front_matter: every sample-site and test-fixture content file, whole, plus the
              front-matter cases of tests/testsuite/front_matter.rs and bad_input.rs;
slug:         titles and file names from the sample site, and slug unit-test cases.
import_html:  every <content:encoded> and <excerpt:encoded> of the WordPress test
              exports (tests/testsuite/fixtures/wordpress/), and the HTML string
              literals of the importer's tests (src/import/html/tests.rs,
              tests/testsuite/import_wordpress*.rs).
Run from anywhere; writes fuzz/corpus/TARGET/seed-N files.
"""
import pathlib, re
import xml.etree.ElementTree as ET

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "fuzz" / "corpus"

def write(target, items):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    for old in d.glob("seed-*"):
        old.unlink()
    seen = set()
    n = 0
    for item in items:
        data = item.encode() if isinstance(item, str) else item
        if data in seen:
            continue
        seen.add(data)
        (d / f"seed-{n:03}").write_bytes(data)
        n += 1
    print(f"{target}: {n} seeds")

content = sorted((root / "sample-site").rglob("*.md")) + sorted(
    (root / "tests/testsuite/fixtures").rglob("*.md"))
files = [p.read_bytes() for p in content]

fence = "`" * 32 + " example\n"
examples = []
for spec in sorted((root / "tests/testsuite/markdown").glob("*.txt")):
    for block in spec.read_text().split(fence)[1:]:
        examples.append(block.split("\n.\n")[0] + "\n")
bodies = [f.split(b"\n+++\n", 2)[-1] for f in files]

literals = []
for test in ["front_matter.rs", "bad_input.rs"]:
    text = (root / "tests/testsuite" / test).read_text()
    for lit in re.findall(r'"((?:\+\+\+|\\u\{feff\}\+\+\+)(?:[^"\\]|\\.)*)"', text):
        lit = lit.replace("\\u{feff}", "\ufeff").replace("\\n", "\n").replace("\\r", "\r")
        literals.append(lit.replace('\\"', '"'))

shortcodes = []
sc_test = root / "tests/testsuite/shortcodes.rs"
if sc_test.exists():
    for lit in re.findall(r'"((?:[^"\\]|\\.)*\{[{%](?:[^"\\]|\\.)*)"', sc_test.read_text()):
        shortcodes.append(lit.replace("\\n", "\n").replace('\\"', '"'))
shortcodes.append('{{ figure(src="a.png", alt="A", caption="*c*") }}\n\n{% sidebar(title="T") %}\nBody[^1]\n{% end %}\n\n[^1]: N.\n')

titles = re.findall(rb'^title = "([^"\n]*)"', b"\n".join(files), re.M)
names = [p.stem for p in content]
slug_cases = ["Über den Staat", "Павел Филонов", "  A -- Portrait!  ", "!!!", "Don’t Panic"]

posts = []
ns = {"content": "http://purl.org/rss/1.0/modules/content/",
      "excerpt": "http://wordpress.org/export/1.2/excerpt/"}
for export in sorted((root / "tests/testsuite/fixtures/wordpress").glob("*.xml")):
    for item in ET.parse(export).getroot().iter("item"):
        for tag in ["content:encoded", "excerpt:encoded"]:
            el = item.find(tag, ns)
            if el is not None and el.text:
                posts.append(el.text)
html_tests = [root / "src/import/html/tests.rs"] + sorted(
    (root / "tests/testsuite").glob("import_wordpress*.rs"))
for test in html_tests:
    text = test.read_text()
    lits = re.findall(r'r#+"(.*?)"#+', text, re.S)
    lits += [l.replace("\\n", "\n").replace('\\"', '"')
             for l in re.findall(r'"((?:[^"\\]|\\.)*)"', text)]
    posts += [l for l in lits if re.search(r"<[a-z]", l)]

write("markdown", examples + bodies + shortcodes)
write("front_matter", files + literals)
write("slug", titles + names + slug_cases)
write("import_html", posts)
