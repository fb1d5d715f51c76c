"""Read an Odoo test-run log and decide whether the run is clean.

Odoo's runner logs each test as it starts ("Starting Class.test ..."), each failure
or error as an ERROR record ("FAIL: ..." / "ERROR: ..."), and each skip as an INFO
record ("skipped ..."). A run is clean when every started test passed, none was
skipped (a skipped browser test hides a missing Chromium), and the log holds no
WARNING, ERROR or CRITICAL record other than the known noise of Odoo itself listed
in ALLOWED_WARNINGS.

Usage: python testlog.py LOGFILE  -> prints a report, exit 0 when clean.
"""

import json
import re
import sys
from dataclasses import dataclass, field

RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|RUNBOT|\?) "
    r"(?P<db>\S+) (?P<logger>\S+): (?P<message>.*)$"
)
STARTED = re.compile(r"^Starting (?P<test>\S+) \.\.\.$")
FAILED = re.compile(r"^(?:FAIL|ERROR): (?P<test>.+)$")
SKIPPED = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")

# Records of Odoo itself that say nothing about our addons. Each entry is
# (logger prefix, message regex); keep it short and say why in a comment.
ALLOWED_WARNINGS = [
    # wkhtmltopdf from Debian is not the "patched qt" build: reports still render.
    ("odoo.addons.base.models.ir_actions_report", r"wkhtmltopdf"),
]


@dataclass
class Report:
    started: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    bad_records: list = field(default_factory=list)

    @property
    def passed(self):
        bad = set(self.failed) | set(self.skipped)
        return [t for t in self.started if t not in bad]

    @property
    def unexplained(self):
        """Bad records that no failing test accounts for."""
        failing_loggers = {test.rsplit(".", 2)[0] for test in self.failed}
        return [
            record
            for record in self.bad_records
            if not FAILED.match(record["message"])
            and not any(record["logger"].startswith(lg) for lg in failing_loggers)
            and not (self.failed and _is_summary(record))
        ]

    @property
    def failed_count(self):
        # Failures, errors and skips are all failures of this suite; a bad log
        # record that no failing test explains counts as one more.
        return len(set(self.failed) | set(self.skipped)) + len(self.unexplained)


SUMMARIES = [
    ("odoo.modules.loading", r"^Module \S+: \d+ failures, \d+ errors of \d+ tests$"),
    ("odoo.modules.loading", r"^At least one test failed when loading the modules\.$"),
    ("odoo.tests.result", r"^\d+ failed, \d+ error\(s\) of \d+ tests"),
]


def _is_summary(record):
    """Odoo's own summary of failures already counted test by test."""
    return any(
        record["logger"] == logger and re.search(pattern, record["message"])
        for logger, pattern in SUMMARIES
    )


def _allowed(logger, message):
    return any(
        logger.startswith(prefix) and re.search(pattern, message, re.IGNORECASE)
        for prefix, pattern in ALLOWED_WARNINGS
    )


def parse(lines):
    report = Report()
    for line in lines:
        match = RECORD.match(line.rstrip("\n"))
        if not match:
            continue  # continuation line of a multi-line record (traceback)
        level, logger = match["level"], match["logger"]
        message = match["message"].rstrip()
        test_id = None
        if (started := STARTED.match(message)) and logger.startswith("odoo.addons."):
            test_id = f"{logger}.{started['test']}"
            report.started.append(test_id)
        elif (skipped := SKIPPED.match(message)) and level == "INFO":
            report.skipped[f"{logger}.{skipped['test']}"] = skipped["reason"]
        if level in ("WARNING", "ERROR", "CRITICAL") and not _allowed(logger, message):
            record = {"level": level, "logger": logger, "message": message}
            report.bad_records.append(record)
            if level == "ERROR" and (failed := FAILED.match(message)):
                name = failed["test"].removeprefix("Subtest ").split(" ")[0]
                report.failed[f"{logger}.{name}"] = message
    return report


def main(path):
    with open(path, encoding="utf-8", errors="replace") as log:
        report = parse(log)
    for test, reason in report.skipped.items():
        print(f"SKIPPED (counts as a failure): {test}: {reason}")
    for record in report.bad_records:
        print(f"{record['level']} {record['logger']}: {record['message'][:300]}")
    summary = {
        "started": len(report.started),
        "passed": len(report.passed),
        "failed": report.failed_count,
    }
    print(json.dumps(summary))
    return 0 if summary["failed"] == 0 and summary["started"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
