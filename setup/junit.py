"""Count a pytest JUnit XML report: prints "TOTAL BAD".

BAD counts failures, errors and skipped tests: a skipped test hides something that
did not run (a browser test without Chromium, an HttpCase without --odoo-http). A
missing or unreadable report is one bad test of none.
"""

import sys
import xml.etree.ElementTree as ET


def counts(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return 0, 1
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    bad = sum(
        int(s.get(k, 0)) for s in suites for k in ("failures", "errors", "skipped")
    )
    return total, bad if total else max(bad, 1)


if __name__ == "__main__":
    print(*counts(sys.argv[1]))
