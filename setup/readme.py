"""Each addon's README.rst, made from its manifest and readme/ fragments (OCA style).

    python readme.py ADDON_DIR...           write ADDON_DIR/README.rst
    python readme.py --check ADDON_DIR...   exit 1 when a README.rst is not what the
                                            fragments make (edit readme/*.md, not it)

The fragments are Markdown, as OCA's are since 2024: readme/DESCRIPTION.md (required),
INSTALL.md, CONFIGURE.md, USAGE.md, ROADMAP.md. OCA's own generator is not published
on PyPI; this one understands the Markdown the fragments use: "#" headings,
paragraphs and lists separated by blank lines, fenced code blocks, `code`, **bold**,
*italic* and [links](url). tests/test_readme.py checks that docutils reads every
README.rst without a warning.
"""

import ast
import re
import sys
from pathlib import Path

SECTIONS = [
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]
UNDERLINES = "=-~^"
STATUS_NOTE = {
    "Alpha": "This addon is in development: not for production use.",
    "Beta": "This addon is usable; parts of it are still changing.",
}


def inline(text):
    """Markdown inline markup to reStructuredText (**bold** and *italic* are alike)."""
    parts = re.split(r"(`[^`]+`)", text)
    return "".join(
        f"``{part[1:-1]}``"
        if part.startswith("`") and part.endswith("`") and len(part) > 1
        else re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`__", part)
        for part in parts
    )


def markdown_to_rst(markdown, depth):
    """A Markdown fragment to reStructuredText; its "#" headings are at ``depth``.

    Lists and paragraphs are alike in both once inline markup is converted, as long
    as the fragment separates blocks (and nested lists) with blank lines."""
    out = []
    fence = False
    for line in markdown.strip("\n").splitlines():
        if line.strip().startswith("```"):
            out += ["::", ""] if not fence else [""]
            fence = not fence
        elif fence:
            out.append(f"    {line}" if line.strip() else "")
        elif heading := re.match(r"^(#+)\s+(.*)$", line):
            text = inline(heading[2].strip())
            out += [text, UNDERLINES[depth + len(heading[1]) - 1] * len(text), ""]
        else:
            out.append(inline(line.rstrip()))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out))
    return text.strip("\n") + "\n"


def manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def title(text, char="="):
    return f"{char * len(text)}\n{text}\n{char * len(text)}\n"


def readme(addon_dir):
    addon_dir = Path(addon_dir)
    info = manifest(addon_dir)
    fragments = addon_dir / "readme"
    description = fragments / "DESCRIPTION.md"
    if not description.exists():
        raise SystemExit(f"{description} is missing")
    out = [
        ".. Made by setup/readme.py from __manifest__.py and readme/*.md: edit those.",
        "",
        title(info["name"]),
        f"*{info['summary']}*",
        "",
    ]
    facts = [f"**License:** {info['license']}", "**Odoo:** 19.0 Community"]
    if info.get("development_status"):
        facts.insert(0, f"**Status:** {info['development_status']}")
    out += [" · ".join(facts), ""]
    if STATUS_NOTE.get(info.get("development_status")):
        out += [f".. note:: {STATUS_NOTE[info['development_status']]}", ""]
    out += [markdown_to_rst(description.read_text(encoding="utf-8"), 0), ""]
    present = [(f, name) for f, name in SECTIONS if (fragments / f).exists()]
    if present:
        out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for fragment, name in present:
        body = markdown_to_rst((fragments / fragment).read_text(encoding="utf-8"), 1)
        out += [name, UNDERLINES[0] * len(name), "", body, ""]
    out += ["Credits", "=======", "", "Authors", "-------", ""]
    out += [f"- {author.strip()}" for author in info["author"].split(",")] + [""]
    if info.get("maintainers"):
        out += ["Maintainers", "-----------", ""]
        out += [f"- `{m} <https://github.com/{m}>`__" for m in info["maintainers"]]
        out += [""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip("\n") + "\n"


def main(args):
    check = args[:1] == ["--check"]
    stale = []
    for addon_dir in args[1:] if check else args:
        path = Path(addon_dir) / "README.rst"
        text = readme(addon_dir)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path} is out of date: run python setup/readme.py {Path(path).parent}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
