"""The translation check of the test command compares messages: test what it sees."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).parent.parent
SPEC = importlib.util.spec_from_file_location("i18n", REPO / "setup" / "i18n.py")
i18n = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(i18n)

HEADER = i18n.HEADER.format(module="fsm_x").replace(
    '"Report-Msgid-Bugs-To: \\n"\n',
    '"Report-Msgid-Bugs-To: \\n"\n"POT-Creation-Date: {date}\\n"\n',
)
ENTRY = """
#. module: fsm_x
#: {ref}
msgid "{msgid}"
msgstr "{msgstr}"
"""


def pofile(tmp_path, name, *entries, date="2026-01-01 10:00+0000"):
    path = tmp_path / name
    body = "".join(
        ENTRY.format(ref=ref, msgid=msgid, msgstr=msgstr)
        for ref, msgid, msgstr in entries
    )
    path.write_text(HEADER.format(date=date) + body, encoding="utf-8")
    return str(path)


JOB = ("model:ir.model.fields,field_description:fsm_x.field_fsm_job__name", "Job", "")
PAUSE = ("model:ir.ui.menu,name:fsm_x.menu_pause", "Pause", "")


def test_same_messages_with_other_dates_are_current(tmp_path):
    new = pofile(tmp_path, "new.pot", JOB, PAUSE, date="2026-11-27 09:00+0000")
    old = pofile(tmp_path, "old.pot", JOB, PAUSE, date="2025-01-01 08:00+0000")
    assert i18n.cmd_compare(new, old) == 0


def test_a_new_string_makes_the_template_stale(tmp_path):
    new = pofile(tmp_path, "new.pot", JOB, PAUSE)
    old = pofile(tmp_path, "old.pot", JOB)
    assert i18n.cmd_compare(new, old) == 1
    assert i18n.differences(i18n.messages(new), i18n.messages(old)) == [
        "new message 'Pause'"
    ]


def test_a_moved_string_makes_the_template_stale(tmp_path):
    # Odoo's import finds what to translate through the references.
    moved = (JOB[0].replace("fsm_job__name", "fsm_job__label"), "Job", "")
    new = pofile(tmp_path, "new.pot", moved)
    old = pofile(tmp_path, "old.pot", JOB)
    assert i18n.cmd_compare(new, old) == 1


def test_po_must_hold_exactly_the_template_messages(tmp_path):
    pot = pofile(tmp_path, "x.pot", JOB, PAUSE)
    merged = pofile(tmp_path, "es.po", (*JOB[:2], "Trabajo"), PAUSE)
    assert i18n.cmd_check(pot, merged) == 0
    behind = pofile(tmp_path, "behind.po", (*JOB[:2], "Trabajo"))
    assert i18n.cmd_check(pot, behind) == 1


def test_untranslated_messages_are_counted(tmp_path, capsys):
    po = pofile(tmp_path, "es.po", (*JOB[:2], "Trabajo"), PAUSE)
    i18n.cmd_stats(po)
    assert "1 of 2 messages translated" in capsys.readouterr().out


def test_empty_export_gets_a_header(tmp_path):
    pot = tmp_path / "fsm_x.pot"
    pot.write_text("")
    i18n.cmd_header("fsm_x", str(pot))
    assert i18n.messages(str(pot)) == {}
    assert "fsm_x" in pot.read_text()
