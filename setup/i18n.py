"""Messages of the addons' translation files: compare, check, count.

Odoo's export (``odoo-bin i18n export``) writes each addon's ``i18n/<addon>.pot``;
``msgmerge`` brings each ``i18n/<lang>.po`` in line with it. This helper compares
what matters in them, the messages, never the header and its dates:

    python i18n.py header MODULE FILE.pot   an empty export gets a header-only template
    python i18n.py compare NEW.pot OLD.pot  exit 1 when the committed template is stale
    python i18n.py check FILE.pot FILE.po   exit 1 when the .po is not merged with it
    python i18n.py stats FILE.po...         translated / messages, one line per file

A message is its context, its text (and plural) and the references Odoo exports for
it (``model:``, ``model_terms:``, ``code:``): Odoo's import finds the records to
translate through those references, so a reference that changed is a stale message.
"""

import sys

import polib

HEADER = """# Translation of Odoo Server.
# This file contains the translation of the following modules:
# \t* {module}
#
msgid ""
msgstr ""
"Project-Id-Version: Odoo Server 19.0\\n"
"Report-Msgid-Bugs-To: \\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: \\n"
"Language-Team: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: \\n"
"Plural-Forms: \\n"
"""


def messages(path):
    """{(context, text, plural): (references, flags)} of the live entries of a file."""
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            tuple(
                sorted(
                    f"{ref}:{line}" if line else ref for ref, line in entry.occurrences
                )
            ),
            tuple(sorted(flag for flag in entry.flags if flag != "fuzzy")),
        )
        for entry in polib.pofile(path, wrapwidth=0)
        if not entry.obsolete
    }


def _label(key):
    context, text, _plural = key
    text = text if len(text) <= 70 else text[:67] + "..."
    return f"{context}|{text!r}" if context else repr(text)


def differences(new, old):
    """What the committed messages ``old`` lack or hold too much against ``new``."""
    found = []
    for key in sorted(new.keys() - old.keys(), key=str):
        found.append(f"new message {_label(key)}")
    for key in sorted(old.keys() - new.keys(), key=str):
        found.append(f"message gone {_label(key)}")
    for key in sorted(new.keys() & old.keys(), key=str):
        if new[key] != old[key]:
            found.append(f"references changed {_label(key)}: {', '.join(new[key][0])}")
    return found


def untranslated(path):
    return [
        entry
        for entry in polib.pofile(path, wrapwidth=0)
        if not entry.obsolete and not entry.translated()
    ]


def fuzzy(path):
    return [
        entry
        for entry in polib.pofile(path, wrapwidth=0)
        if not entry.obsolete and "fuzzy" in entry.flags
    ]


def cmd_header(module, path):
    """Odoo writes an empty file for an addon without messages: give it a header."""
    with open(path, encoding="utf-8") as pot:
        if pot.read().strip():
            return 0
    with open(path, "w", encoding="utf-8") as pot:
        pot.write(HEADER.format(module=module))
    return 0


def cmd_compare(new_path, old_path):
    found = differences(messages(new_path), messages(old_path))
    for line in found[:40]:
        print(f"{old_path}: {line}")
    if len(found) > 40:
        print(f"{old_path}: ... and {len(found) - 40} more")
    return 1 if found else 0


def cmd_check(pot_path, po_path):
    found = differences(messages(pot_path), messages(po_path))
    found += [
        f"fuzzy translation {_label((e.msgctxt, e.msgid, None))}"
        for e in fuzzy(po_path)
    ]
    for line in found[:40]:
        print(f"{po_path}: {line}")
    return 1 if found else 0


def cmd_stats(*paths):
    for path in paths:
        total = len(messages(path))
        missing = len(untranslated(path))
        print(f"{path}: {total - missing} of {total} messages translated")
    return 0


COMMANDS = {
    "header": cmd_header,
    "compare": cmd_compare,
    "check": cmd_check,
    "stats": cmd_stats,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    sys.exit(COMMANDS[sys.argv[1]](*sys.argv[2:]))
